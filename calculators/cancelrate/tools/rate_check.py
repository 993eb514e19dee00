"""``rate_check``: where does my cancel rate stand?

rate = seller_cancels / orders; the target is met when ``rate < T`` ("lt") or
``rate <= T`` ("le"); headroom and orders_to_recover come from :mod:`cancelrate.rates`.

A policy with a minimum order count (Premium Shipping: more than 10 orders in
the window) has a second, separate gate: ``min_orders_met`` and
``min_orders_needed`` (:func:`cancelrate.rates.orders_short`), ``None`` for
policies without one. ``meets_target`` is the rate gate only, and the
sentences say which gate is missed.

The model of a converted calculator (see :mod:`cancelrate.phrases`): no
language here; labels and sentences are keys of the catalogs' ``[fields]``
and ``[rate_check]`` sections, picked by the data, with typed parameters.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .. import rates
from ..inputs import TARGET_PERCENT, Field, fraction_json, read_target
from ..phrases import (
    Comparison,
    Count,
    Duration,
    Message,
    MinOrders,
    Percent,
    PolicyName,
    Problem,
    Sentences,
    Target,
    Window,
)
from ..policies import Policy

TITLE = "rate_check.title"

FIELDS = [
    Field("policy", "policy", "fields.label.policy", "rate_check.help.policy", example="amazon_jp"),
    Field("orders", "count", "fields.label.orders", "rate_check.help.orders", example=1),
    Field("seller_cancels", "count", "fields.label.seller_cancels", "rate_check.help.seller_cancels", example=1),
    TARGET_PERCENT,
]

OUTPUTS = {
    "rate": "rate_check.output.rate",
    "meets_target": "rate_check.output.meets_target",
    "min_orders_met": "rate_check.output.min_orders_met",
    "headroom": "rate_check.output.headroom",
    "orders_to_recover": "rate_check.output.orders_to_recover",
    "threshold": "rate_check.output.threshold",
    "window_days": "rate_check.output.window_days",
}

FIRST = {"orders": "rate_check.headroom.first_order", "units": "rate_check.headroom.first_unit"}
"""What "the first one" is, by the policy's unit."""
GOAL = {"policy": "rate_check.goal.policy", "user": "rate_check.goal.user"}
"""What the rate is compared with, by the target's origin: the marketplace's published value, or the seller's own."""

Display = dict[str, dict[str, Any]]


def run(values: dict[str, Any]) -> tuple[dict[str, Any], Display] | list[Problem]:
    """Compute the outputs and one sentence per output; or return problems."""
    policy: Policy = values["policy"]
    orders: int = values["orders"]
    cancels: int = values["seller_cancels"]
    if cancels > orders:
        return [Problem("cancels_exceed_orders", "seller_cancels")]
    target = read_target(policy, values["target_percent"])
    if isinstance(target, Problem):
        return [target]
    threshold, comparison, origin = target

    r = rates.rate(cancels, orders)
    ok = rates.meets(cancels, orders, threshold, comparison)
    room = rates.headroom(cancels, orders, threshold, comparison)
    recover = rates.orders_to_recover(cancels, orders, threshold, comparison)
    gate = policy.min_orders if policy.unit == "orders" else None
    short = None if not gate else rates.orders_short(orders, int(gate["count"]), gate.get("comparison", "gt"))

    outputs = {
        "policy": policy.id,
        "rate": fraction_json(r),
        "threshold": fraction_json(threshold),
        "comparison": comparison,
        "target_origin": origin,
        "unit": policy.unit,
        "window_days": policy.window_days,
        "meets_target": ok,
        "min_orders_met": None if short is None else short == 0,
        "min_orders_needed": short,
        "headroom": room,
        "orders_to_recover": recover,
    }
    d = _display(policy, orders, cancels, r, threshold, comparison, origin, ok, room, recover)
    d["min_orders_met"] = _min_orders(policy, orders, short, ok, Message(GOAL[origin]))
    if short:
        gate_missed = "rate_check.meets_target.gate_missed_however" if ok else "rate_check.meets_target.gate_missed_too"
        gate_label = Message(OUTPUTS["min_orders_met"])
        d["meets_target"]["explanation"] = Sentences(
            d["meets_target"]["explanation"], Message(gate_missed, gate=gate_label)
        )
    return outputs, d


def _min_orders(policy: Policy, orders: int, short: int | None, rate_ok: bool, goal: Message) -> dict[str, Any]:
    """The minimum-orders gate, apart from the rate: met, or how many orders are missing."""
    if short is None:
        return {"value": "—", "explanation": Message("common.min_orders_unpublished")}
    gate = MinOrders(policy.min_orders)
    have = Count(orders, "orders")
    if short == 0:
        return {
            "value": Message("common.met"),
            "explanation": Message("rate_check.min_orders.met", gate=gate, have=have),
        }
    missed = "rate_check.min_orders.missed_rate_met" if rate_ok else "rate_check.min_orders.missed_rate_missed"
    return {
        "value": Message("common.missed"),
        "explanation": Message(missed, gate=gate, have=have, short=Count(short, "orders"), goal=goal),
    }


def _display(
    policy: Policy,
    orders: int,
    cancels: int,
    r: Fraction | None,
    threshold: Fraction,
    comparison: str,
    origin: str,
    ok: bool,
    room: int,
    recover: int | None,
) -> Display:
    unit = policy.unit
    target = Target(threshold, comparison)
    pct = Percent(r, beside=threshold)
    goal = Message(GOAL[origin])
    d: Display = {}

    if r is None:
        d["rate"] = {"value": "—", "explanation": Message("rate_check.rate.no_orders")}
        d["meets_target"] = {
            "value": Message("rate_check.meets_target.no_orders"),
            "explanation": Message("rate_check.meets_target.no_orders_why", goal=goal),
        }
    else:
        d["rate"] = {
            "value": pct,
            "explanation": Message(
                "rate_check.rate.computed", orders=Count(orders, unit), cancels=Count(cancels, unit), rate=pct
            ),
        }
        if ok:
            d["meets_target"] = {
                "value": Message("common.met"),
                "explanation": Message("rate_check.meets_target.met", target=target, goal=goal),
            }
        else:
            d["meets_target"] = {
                "value": Message("common.missed"),
                "explanation": Message("rate_check.meets_target.missed", target=target, rate=pct, goal=goal),
            }

    if r is None:
        one = Percent(rates.rate(1, 1), beside=threshold)
        head = Message("rate_check.headroom.no_orders", first=Message(FIRST[unit]), rate=one)
    elif not ok:
        head = Message("rate_check.headroom.none_left", goal=goal)
    elif room == 0:
        head = Message("rate_check.headroom.at_the_limit", goal=goal)
    else:
        head = Message("rate_check.headroom.room", room=Count(room, unit), goal=goal)
    d["headroom"] = {"value": Count(room, unit), "explanation": head}

    if recover is None:
        d["orders_to_recover"] = {
            "value": "—",
            "explanation": Message("rate_check.orders_to_recover.zero_target", goal=goal),
        }
    elif recover == 0:
        why = "rate_check.orders_to_recover.no_orders" if r is None else "rate_check.orders_to_recover.met"
        d["orders_to_recover"] = {"value": Count(0, unit), "explanation": Message(why, goal=goal)}
    else:
        d["orders_to_recover"] = {
            "value": Count(recover, unit),
            "explanation": Message(
                "rate_check.orders_to_recover.needed",
                recover=Count(recover, unit),
                cancels=cancels,
                total=orders + recover,
                rate=Percent(rates.rate(cancels, orders + recover), beside=threshold),
                goal=goal,
            ),
        }

    origin_text = (
        Message("rate_check.threshold.user")
        if origin == "user"
        else Message("rate_check.threshold.published", policy=PolicyName(policy))
    )
    d["threshold"] = {"value": target, "explanation": origin_text}
    d["comparison"] = {"value": Comparison(comparison), "explanation": ""}
    if policy.window_days:
        d["window_days"] = {
            "value": Duration(policy.window_days),
            "explanation": Message("rate_check.window.counted_over", window=Window(policy)),
        }
    else:
        d["window_days"] = {"value": Message("rate_check.window.by_volume"), "explanation": Window(policy)}
    return d
