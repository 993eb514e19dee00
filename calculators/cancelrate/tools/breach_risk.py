"""``breach_risk``: how likely is one bad window?

A window of ``window_days`` holds ``N ~ Poisson(lam)`` orders with
``lam = daily_orders * window_days``; each is seller-cancelled independently
with probability ``p = cancel_percent / 100``. The window misses the target
when it has orders and ``C / N`` fails the comparison; the probability is
:func:`cancelrate.breach.breach_probability` (within 1e-9 of the exact
series). ``min_orders_for_one_cancel`` is
:func:`cancelrate.rates.min_orders_for_cancels` for one cancel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .. import rates
from ..breach import breach_probability, is_zero, poisson_cdf
from ..charts import line_chart
from ..formatting import format_number, format_percent
from ..goals import Goal
from ..inputs import TARGET_PERCENT, TARGET_REQUIRED, Field, policy_field, read_target
from ..phrases import Count, Deferred, Message, MinOrders, Percent, Problem, Sentences, Target, Window, listed
from ..policies import Policy, has_fixed_window

TITLE = "breach_risk.title"

MAX_DAILY_ORDERS = 10_000
CURVE_DECADES = (-1, 2)  # the curve spans at least 0.1 to 100 orders a day, widened to take in the input
CURVE_LOWEST_DECADE = -3  # the curve never starts below 0.001 orders a day
CURVE_POINTS_PER_DECADE = 8
Y_SCALES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)


FIELDS = [
    policy_field("breach_risk.help.policy", policy_filter=has_fixed_window),
    Field(
        "daily_orders",
        "number",
        "breach_risk.label.daily_orders",
        "breach_risk.help.daily_orders",
        example=3,
        maximum=MAX_DAILY_ORDERS,
    ),
    Field(
        "cancel_percent",
        "percent",
        "breach_risk.label.cancel_percent",
        "breach_risk.help.cancel_percent",
        example=1,
    ),
    TARGET_PERCENT,
]

OUTPUTS = {
    "breach_probability": "breach_risk.output.breach_probability",
    "expected_orders": "breach_risk.output.expected_orders",
    "min_orders_for_one_cancel": "breach_risk.output.min_orders_for_one_cancel",
    "curve": {"label": "breach_risk.output.curve", "kind": "chart"},
}

ONE_CANCEL = {"orders": "breach_risk.one_cancel.orders", "units": "breach_risk.one_cancel.units"}
"""The sentence about the orders that absorb one cancellation, by the policy's unit."""
Y_LABEL = {"policy": "breach_risk.curve.y_label", "user": "breach_risk.curve.y_label_user"}
"""The chart's vertical axis, by the target's origin."""

Display = dict[str, dict[str, Any]]


def run(values: dict[str, Any]) -> tuple[dict[str, Any], Display] | list[Problem]:
    """Compute the outputs and one sentence per output; or return problems."""
    policy: Policy = values["policy"]
    daily: Fraction = values["daily_orders"]
    cancel_percent: Fraction = values["cancel_percent"]
    goal = read_target(policy, values["target_percent"])
    if goal is None:
        return [TARGET_REQUIRED]
    threshold, comparison = goal.threshold, goal.comparison
    p = cancel_percent / 100
    window = policy.window_days
    lam = daily * window

    probability = breach_probability(float(lam), p, threshold, comparison)
    zero = is_zero(float(lam), p, threshold, comparison)
    one_cancel = rates.min_orders_for_cancels(1, threshold, comparison)
    below_min = _below_min_orders(policy, float(lam))
    curve = _curve(daily, window, p, threshold, comparison)

    outputs = {
        **goal.outputs(policy),
        "breach_probability": probability,
        "expected_orders": float(lam),
        "min_orders_for_one_cancel": one_cancel,
        "below_min_orders_probability": below_min,
        "curve": curve,
    }
    facts = Facts(policy, goal, daily, cancel_percent, lam, probability, zero, p, one_cancel, below_min, curve)
    return outputs, _display(facts)


@dataclass(frozen=True)
class Facts:
    """What the display says, computed by :func:`run`."""

    policy: Policy
    goal: Goal
    daily: Fraction
    cancel_percent: Fraction
    lam: Fraction
    probability: float
    zero: bool
    p: Fraction
    one_cancel: int | None
    below_min: float | None
    curve: list[dict[str, float]]


def _below_min_orders(policy: Policy, lam: float) -> float | None:
    """``P(N <= count)`` (``"gt"``) or ``P(N < count)`` (``"ge"``): the window fails the policy's order minimum."""
    rule = policy.min_orders
    if not rule:
        return None
    count = int(rule["count"])
    return poisson_cdf(count if rule.get("comparison", "gt") == "gt" else count - 1, lam)


def _decade_floor(x: Fraction) -> int:
    """The ``k`` with ``10**k <= x < 10**(k + 1)`` (exact, for ``x > 0``)."""
    k = 0
    while Fraction(10) ** k > x:
        k -= 1
    while Fraction(10) ** (k + 1) <= x:
        k += 1
    return k


def _curve_decades(daily: Fraction) -> tuple[int, int]:
    """The decades the curve spans: at least ``CURVE_DECADES``, widened to take in ``daily``.

    Widened no lower than ``CURVE_LOWEST_DECADE`` and no higher than the field's maximum.
    """
    low = max(CURVE_LOWEST_DECADE - 1, _decade_floor(daily))
    high = low if Fraction(10) ** low == daily else low + 1
    top = _decade_floor(Fraction(MAX_DAILY_ORDERS))
    return max(CURVE_LOWEST_DECADE, min(CURVE_DECADES[0], low)), min(top, max(CURVE_DECADES[1], high))


def _curve(daily: Fraction, window: int, p: Fraction, threshold: Fraction, comparison: str) -> list[dict[str, float]]:
    """Breach probability at log-spaced daily order counts (same ``p`` and target)."""
    low, high = _curve_decades(daily)
    per = CURVE_POINTS_PER_DECADE
    points = []
    for i in range((high - low) * per + 1):
        orders = 10 ** (low + i / per)
        points.append(
            {
                "daily_orders": orders,
                "breach_probability": breach_probability(orders * window, p, threshold, comparison),
            }
        )
    return points


def _probability(x: float, zero: bool = False) -> Percent | Message:
    """A probability as a percentage, with "under 0.01%" / "over 99.99%" instead of a misleading 0% or 100%.

    "0%" only when the chance is exactly zero (``zero``); "100%" never: a window
    with no order at all (``e^-lam > 0``) cannot miss, so no chance is exactly 1.
    """
    if zero:
        return Percent(Fraction(0))
    if x < 0.0001:
        return Message("breach_risk.probability.below", limit=Percent(Fraction(1, 10_000)))
    if x > 0.9999:
        return Message("breach_risk.probability.above", limit=Percent(Fraction(9999, 10_000)))
    return Percent(Fraction(x))


def _as_shown(value: Fraction) -> Fraction:
    """A count as it is written (two decimals), so that its plural follows the digits shown (``0.999`` -> ``1 order``)."""
    return Fraction(format_number(value).replace(",", ""))


def _orders(value: Fraction | float, unit: str) -> Count | Message:
    """A possibly fractional count with its unit (``2.5 orders``); ``under 0.01 orders`` for a positive
    count that would round to 0."""
    value = Fraction(value)
    if 0 < value < Fraction(1, 200):
        return Message("breach_risk.count_below", amount=Count(Fraction(1, 100), unit))
    return Count(_as_shown(value), unit)


def _display(c: Facts) -> Display:
    policy = c.policy
    unit = policy.unit
    target = c.goal.target
    goal = c.goal.word
    share = Percent(c.cancel_percent / 100)
    daily = _orders(c.daily, unit)
    lam = _orders(c.lam, unit)
    prob = _probability(c.probability, c.zero)
    d: Display = {}

    x = c.probability
    words = {
        "daily": daily,
        "share": share,
        "window": Window(policy),
        "lam": lam,
        "goal": goal,
        "target": target,
        "prob": prob,
    }
    if 0.0001 <= x < 0.5:
        chance = Message("breach_risk.probability.chance_one_in", n=round(1 / x), **words)
    else:
        chance = Message("breach_risk.probability.chance", **words)
    parts: list[Message] = [chance, Message("breach_risk.probability.model")]
    if policy.lag_days:
        parts.append(Message("breach_risk.probability.lag", lag=policy.lag_days))
    if policy.min_orders:
        few = _probability(c.below_min, c.below_min == 0)
        parts.append(Message("breach_risk.probability.min_orders", need=MinOrders(policy.min_orders), lam=lam, few=few))
    if unit == "units":
        parts.append(Message("breach_risk.probability.units"))
    d["breach_probability"] = {"value": prob, "explanation": Sentences(*parts)}

    d["expected_orders"] = {
        "value": lam,
        "explanation": Message(
            "breach_risk.expected_orders.explanation", daily=daily, days=Count(policy.window_days, "days"), lam=lam
        ),
    }

    k = c.one_cancel
    if k is None:  # pragma: no cover - a 0% target is refused before this
        d["min_orders_for_one_cancel"] = {"value": "—", "explanation": ""}
    else:
        d["min_orders_for_one_cancel"] = {
            "value": Count(k, unit),
            "explanation": Message(ONE_CANCEL[unit], goal=goal, target=target, k=Count(k, unit)),
        }

    d["curve"] = _curve_display(c, share, target, goal)
    return d


def _curve_display(c: Facts, share: Percent, target: Target, goal: Message) -> dict[str, Any]:
    policy = c.policy
    curve = c.curve
    low, high = _curve_decades(c.daily)
    ticks = [(float(k), format_number(Fraction(10) ** k)) for k in range(low, high + 1)]
    range_text = Message("breach_risk.curve.range", low=Fraction(10) ** low, high=Fraction(10) ** high)
    top = max([c.probability, *(pt["breach_probability"] for pt in curve)])
    y_max = next(s for s in Y_SCALES if top <= s)
    at_ticks = []
    for pt in curve:
        decade = math.log10(pt["daily_orders"])
        if abs(decade - round(decade)) < 1e-9:
            zero = is_zero(pt["daily_orders"], c.p, c.goal.threshold, c.goal.comparison)
            chance = _probability(pt["breach_probability"], zero)
            at_ticks.append(Message("breach_risk.curve.at_tick", orders=Fraction(10) ** round(decade), chance=chance))
    you = _probability(c.probability, c.zero)
    svg = Deferred(
        line_chart,
        chart_id="breach-risk-curve",
        title=Message("breach_risk.curve.title", days=policy.window_days, goal=goal, target=target),
        desc=Message(
            "breach_risk.curve.desc",
            range=range_text,
            goal=goal,
            share=share,
            ticks=listed(at_ticks),
            daily=c.daily,
            chance=you,
        ),
        x_label=Message("breach_risk.curve.x_label"),
        y_label=Message(Y_LABEL[c.goal.origin]),
        points=[(math.log10(pt["daily_orders"]), pt["breach_probability"]) for pt in curve],
        x_ticks=ticks,
        y_max=y_max,
        y_tick_format=lambda y: format_percent(Fraction(y).limit_denominator(10**6)),
        marked=[(math.log10(float(c.daily)), c.probability)] if c.daily >= Fraction(10) ** low else [],
    )
    explanation = Message("breach_risk.curve.explanation", share=share, goal=goal)
    return {"value": range_text, "explanation": explanation, "svg": svg}
