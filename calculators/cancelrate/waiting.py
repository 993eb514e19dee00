"""Waiting for stock and shipping late, next to the ways out of a stock shortage: both rates after each option.

With ``L`` late shipments among ``N`` orders of the late-shipment window, the order being decided:

- waiting and shipping late adds one late order: ``(L + 1) / (N + 1)``;
- shipping what is in stock now adds one order on time: ``L / (N + 1)``;
- cancelling leaves the late-shipment counts as they are: ``L / N`` (whether a cancelled order sits in that
  rate's denominator is not published; it changes nothing at the line's side of small counts that matter here).

Waiting keeps the order out of the cancel rate only while it is ship-confirmed in time: an order not
ship-confirmed ``auto_cancel_days`` after its ship-by date is cancelled automatically and counted as a
cancellation (the cancel rate of cancelling it). Each comparison is exact (:func:`cancelrate.health.standing`).
"""

from __future__ import annotations

from fractions import Fraction

from . import health

WAIT = "wait_ship_late"
SHIPS_NOW = "partial_ship_refund"


def late_after(route_id: str, late: int, orders: int) -> tuple[int, int]:
    """``(late shipments, orders)`` of the late-shipment window after the option ``route_id``."""
    if route_id == WAIT:
        return late + 1, orders + 1
    if route_id == SHIPS_NOW:
        return late, orders + 1
    return late, orders


def late_standing(route_id: str, late: int, orders: int, metric: health.HealthMetric) -> health.Standing:
    """The late-shipment rate after the option, against the marketplace's line."""
    counted, total = late_after(route_id, late, orders)
    return health.standing(counted, total, metric.threshold, metric.comparison)


def may_recommend_waiting(wait_ok: bool, others_ok: list[bool], ships_now_offered: bool) -> bool:
    """Waiting is recommended only when it keeps both rates within their lines and no other option does; never
    above shipping what is in stock and refunding the rest."""
    return wait_ok and not any(others_ok) and not ships_now_offered


def auto_cancel_rate(cancels: int, orders: int, added: int) -> Fraction:
    """The cancel rate once the waiting order is cancelled automatically: ``(c + q) / (n + q)``."""
    return Fraction(cancels + added, orders + added)
