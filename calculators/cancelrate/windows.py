"""Rolling windows over daily counts, with work bounded by the data.

For every end day ``D`` from the first to the last day with data, the window
holds the days ``D - (window_days - 1) … D``:

    orders(D)  = sum of daily orders over the window
    cancels(D) = sum of daily cancels over the window
    rate(D)    = cancels(D) / orders(D)   (None when orders(D) = 0)

A window with no orders has no rate and meets every target, so only the end
days within ``window_days - 1`` days after some order day need computing:
:func:`rolling` visits those (at most ``distinct order days × window_days``,
and never more than the span) with a two-pointer sweep over the sorted order
days, so two orders a thousand years apart cost two short runs, not a
million days. :func:`span_windows` counts them all. The target check is
the exact integer comparison of :func:`cancelrate.rates.meets`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from . import rates


@dataclass(frozen=True)
class Window:
    """One window: its last day (``date.toordinal()``), counts, exact rate and target check."""

    end: int
    orders: int
    cancels: int
    rate: Fraction | None
    meets_target: bool


def daily_counts(
    days: dict[str, int], weights: dict[str, int], cancel_weights: dict[str, int]
) -> list[tuple[int, int, int]]:
    """``[(day, orders, cancels)]`` sorted by day, for the days that have orders.

    ``weights[id]`` is what an order adds to the denominator (1 for order-based
    policies, its units for unit-based ones); ``cancel_weights[id]`` to the numerator.
    """
    per_day: dict[int, list[int]] = {}
    for oid, day in days.items():
        counts = per_day.get(day)
        if counts is None:
            counts = per_day[day] = [0, 0]
        counts[0] += weights[oid]
        counts[1] += cancel_weights.get(oid, 0)
    return [(day, o, c) for day, (o, c) in sorted(per_day.items())]


def active_runs(order_days: list[int], window_days: int) -> Iterator[tuple[int, int]]:
    """The runs ``(first_end, last_end)`` of end days whose window holds at least one order day.

    Each order day ``d`` makes the windows ending on ``d … d + window_days - 1``
    non-empty (up to the last order day); overlapping runs are merged.
    """
    if not order_days:
        return
    last_day = order_days[-1]
    start = order_days[0]
    stop = min(start + window_days - 1, last_day)
    for day in order_days[1:]:
        if day > stop + 1:
            yield start, stop
            start = day
        stop = min(max(stop, day + window_days - 1), last_day)
    yield start, stop


def rolling(
    daily: list[tuple[int, int, int]],
    window_days: int,
    threshold: Fraction,
    comparison: str,
) -> Iterator[tuple[int, int, int, bool]]:
    """``(end, orders, cancels, meets_target)`` for every end day that has orders in its window, in day order.

    ``daily`` is :func:`daily_counts`'s sorted list. End days not visited have
    empty windows (no rate; see :func:`span_windows`). Plain tuples, so that
    a long report costs no object per window; :func:`window` makes the record.
    """
    a, b = threshold.numerator, threshold.denominator
    if comparison not in ("lt", "le"):
        raise ValueError(f"unknown comparison {comparison!r}")
    strict = comparison == "lt"
    days = [d for d, _, _ in daily]
    hi = lo = 0
    o_sum = c_sum = 0
    for first_end, last_end in active_runs(days, window_days):
        for end in range(first_end, last_end + 1):
            while hi < len(daily) and daily[hi][0] <= end:
                o_sum += daily[hi][1]
                c_sum += daily[hi][2]
                hi += 1
            while lo < hi and daily[lo][0] <= end - window_days:
                o_sum -= daily[lo][1]
                c_sum -= daily[lo][2]
                lo += 1
            # rates.meets, inlined: c / o < a / b  <=>  c * b < a * o
            meets = o_sum == 0 or (c_sum * b < a * o_sum if strict else c_sum * b <= a * o_sum)
            yield end, o_sum, c_sum, meets


def window(end: int, orders: int, cancels: int, threshold: Fraction, comparison: str) -> Window:
    """The :class:`Window` record of one window (exact rate, :func:`cancelrate.rates.meets`)."""
    return Window(
        end, orders, cancels, rates.rate(cancels, orders), rates.meets(cancels, orders, threshold, comparison)
    )


def span_windows(daily: list[tuple[int, int, int]]) -> int:
    """How many windows there are from the first to the last order day (one per end day)."""
    return daily[-1][0] - daily[0][0] + 1 if daily else 0
