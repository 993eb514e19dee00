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

On top of them, what the order report needs of its windows: :func:`sweep`
(the statistics, bounded in size), :func:`calendar_events` (the days worth
a calendar event after the report's last day) and :func:`longest_gap`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from itertools import pairwise
from typing import Any

from . import rates
from .ics import MAX_EVENTS, back_uid, leaves_uid
from .policies import Policy

MAX_LISTED = 4000
"""The most windows (and breach dates) listed in the outputs: every day of about ten years."""
MAX_TABLE_ROWS = 400
MAX_CHART_POINTS = 600
EDGE_DAYS = 1
"""Days added to every date a cancellation leaves the window (the order report's calendar, recovery's dates), the
later side: without it the dates assume the window ends today
(a cancellation of day d leaves on d + 7); no source settles whether it does, and if it ends yesterday the
cancellation leaves a day later. The page calls the dates estimates and says the dashboard may lag."""
LONG_GAP_DAYS = 366
"""A stretch without orders longer than this is pointed out (a mistyped year?)."""


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


def iso_day(day: int) -> str:
    """A day (``date.toordinal()``) as ``YYYY-MM-DD``."""
    return date.fromordinal(day).isoformat()


@dataclass
class Summary:
    """What the sweep over the windows found (everything bounded in size)."""

    first: int
    last: int
    total: int
    with_orders: int = 0
    listed: list[dict[str, Any]] = field(default_factory=list)
    omitted: int = 0
    worst: tuple[int, int, int] | None = None
    breach_count: int = 0
    breach_first: int | None = None
    breach_last: int | None = None
    breach_dates: list[str] = field(default_factory=list)
    table: list[tuple[int, int, int]] = field(default_factory=list)
    few_orders: int | None = None
    chart: list[tuple[int, int, int, bool] | None] = field(default_factory=list)


def window_json(end: int, orders: int, cancels: int, meets: bool) -> dict[str, Any]:
    """One window as the outputs list it: ``{"end_date", "orders", "cancels", "rate", "meets_target"}``."""
    return {
        "end_date": iso_day(end),
        "orders": orders,
        "cancels": cancels,
        "rate": None if orders == 0 else float(Fraction(cancels, orders)),
        "meets_target": meets,
    }


def sweep(daily, policy: Policy, threshold: Fraction, comparison: str) -> Summary:
    """One pass over the windows with orders (:func:`rolling`): the few numbers and bounded lists the order report
    shows (at most :data:`MAX_LISTED` windows and breach dates, :data:`MAX_TABLE_ROWS` breaches for the table,
    :data:`MAX_CHART_POINTS` chart points: the highest rate of each stretch)."""
    first, last = daily[0][0], daily[-1][0]
    total = span_windows(daily)
    every_day = total <= MAX_LISTED
    s = Summary(first, last, total)
    gate = policy.min_orders if policy.unit == "orders" else None
    if gate:
        count = int(gate["count"])
        short = count + 1 if gate.get("comparison", "gt") == "gt" else count  # fewest orders that pass
        s.few_orders = 0
    buckets: dict[int, tuple[int, int, int, bool]] = {}
    previous = first - 1
    for end, orders, cancels, meets in rolling(daily, policy.window_days, threshold, comparison):
        s.with_orders += 1
        if every_day:
            for empty in range(previous + 1, end):
                s.listed.append(window_json(empty, 0, 0, True))
        previous = end
        if len(s.listed) < MAX_LISTED:
            s.listed.append(window_json(end, orders, cancels, meets))
        if s.worst is None or cancels * s.worst[1] > s.worst[2] * orders:  # higher rate; the earliest on ties
            s.worst = (end, orders, cancels)
        if not meets:
            s.breach_count += 1
            s.breach_last = end
            if s.breach_first is None:
                s.breach_first = end
            if len(s.breach_dates) < MAX_LISTED:
                s.breach_dates.append(iso_day(end))
            if len(s.table) < MAX_TABLE_ROWS:
                s.table.append((end, orders, cancels))
        if gate and orders < short:
            s.few_orders += 1
        key = (end - first) * MAX_CHART_POINTS // total
        held = buckets.get(key)
        if held is None or cancels * held[1] > held[2] * orders:
            buckets[key] = (end, orders, cancels, meets)
    if gate:
        s.few_orders += total - s.with_orders  # windows without any order
    s.omitted = total - len(s.listed)
    # the chart: the highest rate of each stretch, with a break where stretches are not adjacent
    prev_key = None
    for key in sorted(buckets):
        if prev_key is not None and key > prev_key + 1 and buckets[key][0] - buckets[prev_key][0] > 1:
            s.chart.append(None)
        s.chart.append(buckets[key])
        prev_key = key
    return s


def calendar_events(daily, policy: Policy, threshold: Fraction, comparison: str) -> list[dict[str, Any]]:
    """The dates after the report's last day worth a calendar event, in date order (``[{"uid", "date",
    "kind", …}]``), taking the report's last day as today and assuming no new order and no new cancellation:

    - ``leaves``: the day ``d + window_days + lag_days + EDGE_DAYS`` on which the counted cancellations of
      order day ``d`` leave the window (:func:`cancelrate.dates.leaves_window` plus :data:`EDGE_DAYS`, the
      later side of the unverified window edge), when it is after the last day; ``order_date`` and ``count``
      (orders, or units for unit-based policies);
    - ``back``: when the window the metric shows today (ending ``lag_days`` before the last day) misses the
      target, the first day ``t`` after the last day from which every window, ending ``t - lag_days`` and
      later, meets it, plus :data:`EDGE_DAYS`. Without new orders no later rate is lower, so with new orders
      and no new cancellation it comes no later (the safe side).

    UIDs as ``recovery`` makes them (:func:`cancelrate.ics.leaves_uid`: the policy and the order date;
    :func:`cancelrate.ics.back_uid`: the policy alone), so the same cancellations give the same events in
    both files, and a newer file moves the "back" event instead of adding one. At most
    :data:`cancelrate.ics.MAX_EVENTS` events; none on days past the calendar's end."""
    last = daily[-1][0]
    window, lag = policy.window_days, policy.lag_days
    end_of_calendar = date.max.toordinal()
    edge = window + lag + EDGE_DAYS
    pending = [(day, cancels) for day, _, cancels in daily if cancels and last < day + edge <= end_of_calendar]
    events: list[dict[str, Any]] = [
        {
            "uid": leaves_uid(policy.id, iso_day(day)),
            "date": iso_day(day + edge),
            "kind": "leaves",
            "order_date": iso_day(day),
            "count": cancels,
        }
        for day, cancels in pending
    ]
    # windows ending last - lag … last + window - 1 (the last that still holds a report day), no new orders
    starts = [day for day, _, _ in daily]
    sums_o, sums_c = [0], [0]
    for _, orders, cancels in daily:
        sums_o.append(sums_o[-1] + orders)
        sums_c.append(sums_c[-1] + cancels)

    def misses(end: int) -> bool:
        lo, hi = bisect_left(starts, end - window + 1), bisect_right(starts, end)
        return not rates.meets(sums_c[hi] - sums_c[lo], sums_o[hi] - sums_o[lo], threshold, comparison)

    shown_today = last - lag
    if misses(shown_today):
        back = max(end for end in range(shown_today, last + window) if misses(end)) + 1 + lag + EDGE_DAYS
        if back <= end_of_calendar:
            events.append({"uid": back_uid(policy.id), "date": iso_day(back), "kind": "back"})
    return sorted(events, key=lambda e: e["date"])[:MAX_EVENTS]


def longest_gap(daily) -> tuple[int, int] | None:
    """The two consecutive order days furthest apart, when more than :data:`LONG_GAP_DAYS` apart."""
    best = None
    for (a, _, _), (b, _, _) in pairwise(daily):
        if b - a > LONG_GAP_DAYS and (best is None or b - a > best[1] - best[0]):
            best = (a, b)
    return best
