"""Exact cancel-rate arithmetic.

A target is ``rate < T`` (``"lt"``) or ``rate <= T`` (``"le"``) with ``T`` a
Fraction; :func:`meets` also takes the goals of a rate of good events, ``rate >= T``
(``"ge"``) and ``rate > T`` (``"gt"``). Every comparison here is integer
cross-multiplication: with ``T = a / b``, ``c / n < T`` is ``c * b < a * n``.
No floats are compared. The other functions are for the "under" targets.
"""

from __future__ import annotations

from fractions import Fraction


def rate(cancels: int, orders: int) -> Fraction | None:
    """``cancels / orders``, or ``None`` when there are no orders."""
    return None if orders == 0 else Fraction(cancels, orders)


AT_LEAST = ("ge", "gt")
"""The comparisons of a goal a rate must reach (a rate of good events), not stay under."""


def meets(cancels: int, orders: int, threshold: Fraction, comparison: str) -> bool:
    """Whether ``cancels / orders`` meets the target ``<comparison> threshold``.

    ``"lt"``: ``c * b < a * n``; ``"le"``: ``c * b <= a * n``; ``"ge"``:
    ``c * b >= a * n``; ``"gt"``: ``c * b > a * n`` (``threshold = a / b``).
    With no orders there is no rate to miss, so the target is met.
    """
    if orders == 0:
        return True
    a, b = threshold.numerator, threshold.denominator
    if comparison == "lt":
        return cancels * b < a * orders
    if comparison == "le":
        return cancels * b <= a * orders
    if comparison == "ge":
        return cancels * b >= a * orders
    if comparison == "gt":
        return cancels * b > a * orders
    raise ValueError(f"unknown comparison {comparison!r}")


def max_cancels(orders: int, threshold: Fraction, comparison: str) -> int:
    """The largest ``k <= orders`` with ``k / orders`` meeting the target (``-1`` if none).

    ``"le"``: ``k = floor(T * n)``; ``"lt"``: ``k = ceil(T * n) - 1``.
    """
    if orders == 0:
        return 0
    a, b = threshold.numerator, threshold.denominator
    k = (a * orders) // b if comparison == "le" else (a * orders - 1) // b
    return max(-1, min(orders, k))


def headroom(cancels: int, orders: int, threshold: Fraction, comparison: str) -> int:
    """How many more of the ``orders`` could be seller-cancelled while still meeting the target.

    ``max(0, max_cancels(orders) - cancels)``: 0 when the target is already missed.
    """
    return max(0, max_cancels(orders, threshold, comparison) - cancels)


def orders_to_recover(cancels: int, orders: int, threshold: Fraction, comparison: str) -> int | None:
    """The fewest extra non-cancelled orders ``m`` after which ``cancels / (orders + m)`` meets the target.

    ``"lt"``: ``orders + m > cancels / T``, so ``m = floor(cancels * b / a) + 1 - orders``;
    ``"le"``: ``orders + m >= cancels / T``, so ``m = ceil(cancels * b / a) - orders``;
    never below 0. ``None`` when no number of orders is enough (a 0% target with a cancel).
    """
    if meets(cancels, orders, threshold, comparison):
        return 0
    needed = min_orders_for_cancels(cancels, threshold, comparison)
    return None if needed is None else max(0, needed - orders)


def min_orders_for_cancels(cancels: int, threshold: Fraction, comparison: str) -> int | None:
    """The smallest order count ``n`` at which ``cancels / n`` meets the target.

    ``"lt"``: ``floor(cancels / T) + 1``; ``"le"``: ``ceil(cancels / T)``; at least ``cancels``.
    One cancel under an "under 2.5%" target needs 41 orders. ``None`` if no ``n`` works.
    """
    if cancels == 0:
        return 0
    a, b = threshold.numerator, threshold.denominator
    if a <= 0:
        return None
    needed = (cancels * b) // a + 1 if comparison == "lt" else -((-cancels * b) // a)
    return max(cancels, needed)


def fewest_orders_passing(count: int, comparison: str) -> int:
    """The fewest orders that pass a minimum-orders gate: ``count + 1`` for "more than" (``"gt"``), ``count`` for ``"ge"``."""
    if comparison == "gt":
        return count + 1
    if comparison == "ge":
        return count
    raise ValueError(f"unknown comparison {comparison!r}")


def orders_short(orders: int, count: int, comparison: str) -> int:
    """How many more orders the window needs to pass the gate (0 when it passes)."""
    return max(0, fewest_orders_passing(count, comparison) - orders)
