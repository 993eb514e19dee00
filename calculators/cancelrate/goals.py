"""A rate's goal: the line a rate is compared with, where the line came from, and how it is said.

A goal is ``rate <comparison> threshold`` with ``threshold`` a Fraction and
``comparison`` one of

- ``"lt"`` (under the line) or ``"le"`` (no more than it): a rate of bad
  events, such as the seller-initiated cancel rate;
- ``"ge"`` (at least the line) or ``"gt"`` (more than it): a rate of good
  events, such as the valid-tracking rate.

With ``threshold = a / b``, ``count / total < threshold`` is
``count * b < a * total`` (and so on for the other three): integers only,
never floats. ``origin`` is ``"policy"`` (the marketplace's published value,
「基準」 / "the target") or ``"user"`` (the seller's own, 「目標」 / "your target").
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from . import rates
from .phrases import Count, Message, MinOrders, Sentences, Target
from .policies import Policy

WORD = {"policy": "common.goal_policy", "user": "common.goal_user"}
"""What the rate is compared with, by the goal's origin: the marketplace's published value, or the seller's own."""


@dataclass(frozen=True)
class Goal:
    """The line a rate is compared with (see the module docstring)."""

    threshold: Fraction
    comparison: str
    origin: str

    @property
    def at_least(self) -> bool:
        """Whether the rate must reach the line (``"ge"``, ``"gt"``) rather than stay under it."""
        return self.comparison in rates.AT_LEAST

    @property
    def word(self) -> Message:
        """「基準」 / "the target" for a published goal, 「目標」 / "your target" for the seller's own."""
        return Message(WORD[self.origin])

    @property
    def target(self) -> Target:
        """The goal as a value for a sentence: ``2.5%未満`` / ``under 2.5%``."""
        return Target(self.threshold, self.comparison)

    def meets(self, count: int, total: int) -> bool:
        """Whether ``count / total <comparison> threshold`` (exact); with ``total == 0`` there is no rate to miss."""
        return rates.meets(count, total, self.threshold, self.comparison)

    def outputs(self, policy: Policy) -> dict[str, Any]:
        """The outputs every rate calculator shares: the policy, its unit and window, and the goal.

        ``{"policy", "unit", "window_days", "threshold", "comparison", "target_origin"}``.
        """
        return {
            "policy": policy.id,
            "unit": policy.unit,
            "window_days": policy.window_days,
            "threshold": float(self.threshold),
            "comparison": self.comparison,
            "target_origin": self.origin,
        }


def orders_short(policy: Policy, orders: int) -> int | None:
    """How many more orders the window needs for the policy's minimum-orders gate (0 when it passes,
    :func:`cancelrate.rates.orders_short`); ``None`` when the policy publishes none or counts units."""
    rule = policy.min_orders if policy.unit == "orders" else None
    return None if not rule else rates.orders_short(orders, int(rule["count"]), rule.get("comparison", "gt"))


def min_orders_display(policy: Policy, orders: int, short: int | None, met: str, missed: str, **params: object) -> dict:
    """The minimum-orders gate, apart from the rate, as an output: "—" when the policy publishes none, else
    met or missed, said as the rule (``common.min_orders_rule``) followed by the calculator's sentence ``met``
    or ``missed`` (catalog keys, given ``have``: the ``orders`` counted; ``short`` and ``n``: the orders missing,
    ``n`` picking a plural form; and ``params``)."""
    if short is None:
        return {"value": "—", "explanation": Message("common.min_orders_unpublished")}
    gate = MinOrders(policy.min_orders)
    rule = Message("common.min_orders_rule", gate=gate)
    have = Count(orders, "orders")
    if short == 0:
        return {"value": Message("common.met"), "explanation": Sentences(rule, Message(met, have=have, **params))}
    said = Message(missed, have=have, short=Count(short, "orders"), n=Count(short, "orders"), **params)
    return {"value": Message("common.missed"), "explanation": Sentences(rule, said)}
