"""Rolling windows over daily counts.

For every end day ``D`` from the first to the last day with data, the window
holds the days ``D - (window_days - 1) … D``:

    orders(D)  = sum of daily orders over the window
    cancels(D) = sum of daily cancels over the window
    rate(D)    = cancels(D) / orders(D)   (None when orders(D) = 0)

computed with prefix sums (one pass, ``O(days)``); the target check is the
exact integer comparison of :func:`cancelrate.rates.meets`.
"""

from __future__ import annotations

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
) -> tuple[int, list[int], list[int]]:
    """``(first_day, orders_per_day, cancels_per_day)`` from per-order days and weights.

    ``weights[id]`` is what an order adds to the denominator (1 for order-based
    policies, its units for unit-based ones); ``cancel_weights[id]`` to the numerator.
    """
    first, last = min(days.values()), max(days.values())
    orders = [0] * (last - first + 1)
    cancels = [0] * (last - first + 1)
    for oid, day in days.items():
        i = day - first
        orders[i] += weights[oid]
        c = cancel_weights.get(oid, 0)
        if c:
            cancels[i] += c
    return first, orders, cancels


def rolling(
    first: int,
    orders: list[int],
    cancels: list[int],
    window_days: int,
    threshold: Fraction,
    comparison: str,
) -> list[Window]:
    """One :class:`Window` per day from ``first`` to ``first + len(orders) - 1``."""
    result: list[Window] = []
    o_sum = c_sum = 0
    for i in range(len(orders)):
        o_sum += orders[i]
        c_sum += cancels[i]
        if i >= window_days:
            o_sum -= orders[i - window_days]
            c_sum -= cancels[i - window_days]
        result.append(
            Window(
                first + i,
                o_sum,
                c_sum,
                rates.rate(c_sum, o_sum),
                rates.meets(c_sum, o_sum, threshold, comparison),
            )
        )
    return result
