"""``rate_check``: where does my cancel rate stand?

rate = seller_cancels / orders; the target is met when ``rate < T`` ("lt") or
``rate <= T`` ("le"); headroom and orders_to_recover come from :mod:`cancelrate.rates`.

A policy without a published target (Yahoo! Shopping) and no target from the seller still gets its
rate: the comparisons (``meets_target``, ``headroom``, ``orders_to_recover``, ``threshold``) are ``None``
and their sentences say that no public target is known (unverified) and that the seller may enter one.

A policy with a minimum order count (Premium Shipping: more than 10 orders in
the window) has a second, separate gate: ``min_orders_met`` and
``min_orders_needed`` (:func:`cancelrate.rates.orders_short`), ``None`` for
policies without one. ``meets_target`` is the rate gate only, and the
sentences say which gate is missed.

The model calculator (see :mod:`cancelrate.phrases`): no language here;
labels and sentences are keys of the catalogs' ``[fields]`` and ``[rate_check]``
sections, picked by the data, with typed parameters. The goal comes from
:func:`cancelrate.inputs.read_target` (a :class:`cancelrate.goals.Goal`), and
the display is written from one frozen dataclass of facts (:class:`Facts`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from .. import health, rates
from ..bars import rate_bar
from ..formatting import format_number
from ..goals import WORD, Goal, min_orders_display, orders_short
from ..inputs import TARGET_PERCENT, Field, fraction_json, policy_field, read_target
from ..phrases import (
    Comparison,
    Count,
    Deferred,
    Duration,
    Localized,
    Message,
    Percent,
    PolicyName,
    Problem,
    Sentences,
    Window,
)
from ..policies import Policy

TITLE = "rate_check.title"

FIELDS = [
    policy_field("rate_check.help.policy", glossary="pre-fulfillment-cancel-rate"),
    Field("orders", "count", "fields.label.orders", "rate_check.help.orders", example=1),
    Field("seller_cancels", "count", "fields.label.seller_cancels", "rate_check.help.seller_cancels", example=1),
    # the shared target field, with help that says what happens without one (the rate alone)
    replace(TARGET_PERCENT, help="rate_check.help.target_percent"),
]

OUTPUTS = {
    "rate": "rate_check.output.rate",
    "meets_target": "rate_check.output.meets_target",
    "bar": {"label": "rate_check.output.bar", "kind": "chart"},
    "ends_by_itself": "rate_check.output.ends_by_itself",
    "next": {"label": "ui.links", "kind": "links"},
    "orders_to_recover": "rate_check.output.orders_to_recover",
    "min_orders_met": "rate_check.output.min_orders_met",
    "headroom": "rate_check.output.headroom",
    "threshold": "rate_check.output.threshold",
    "window_days": "rate_check.output.window_days",
}

SUMMARY = ("rate", "meets_target")
"""The main result, for the form's summary bar."""

FIRST = {"orders": "rate_check.headroom.first_order", "units": "rate_check.headroom.first_unit"}
"""What "the first one" is, by the policy's unit."""

Display = dict[str, dict[str, Any]]


def run(values: dict[str, Any]) -> tuple[dict[str, Any], Display] | list[Problem]:
    """Compute the outputs and one sentence per output; or return problems."""
    policy: Policy = values["policy"]
    orders: int = values["orders"]
    cancels: int = values["seller_cancels"]
    if cancels > orders:
        return [Problem("cancels_exceed_orders", "seller_cancels")]
    goal = read_target(policy, values["target_percent"])
    if goal is None:  # no published target and none entered: the rate alone
        return _rate_only(policy, orders, cancels, values)

    threshold, comparison = goal.threshold, goal.comparison
    r = rates.rate(cancels, orders)
    ok = goal.meets(cancels, orders)
    room = rates.headroom(cancels, orders, threshold, comparison)
    recover = rates.orders_to_recover(cancels, orders, threshold, comparison)
    short = orders_short(policy, orders)

    outputs = {
        **goal.outputs(policy),
        "rate": fraction_json(r),
        "meets_target": ok,
        "min_orders_met": None if short is None else short == 0,
        "min_orders_needed": short,
        "headroom": room,
        "orders_to_recover": recover,
    }
    d = _display(Facts(policy, goal, orders, cancels, r, ok, room, recover))
    d["min_orders_met"] = _min_orders(policy, orders, short, ok, goal.word)
    d["ends_by_itself"] = _ends_by_itself(policy, ok if cancels else True)
    d["bar"] = _bar(r, goal, ok)
    outputs["ends_by_itself"] = policy.window_days + policy.lag_days if policy.window_days and not ok else None
    outputs["next"] = next_steps(values, policy, ok)
    d["next"] = {"value": "", "explanation": ""}
    if short:
        gate_missed = "rate_check.meets_target.gate_missed_however" if ok else "rate_check.meets_target.gate_missed_too"
        gate_label = Message(OUTPUTS["min_orders_met"])
        d["meets_target"]["explanation"] = Sentences(
            d["meets_target"]["explanation"], Message(gate_missed, gate=gate_label)
        )
    return outputs, d


def _rate_only(policy: Policy, orders: int, cancels: int, values: dict[str, Any]) -> tuple[dict[str, Any], Display]:
    """The rate without a target to compare it with: every comparison is ``None`` and says why."""
    r = rates.rate(cancels, orders)
    short = orders_short(policy, orders)
    outputs = {
        "policy": policy.id,
        "rate": fraction_json(r),
        "threshold": None,
        "comparison": None,
        "target_origin": None,
        "unit": policy.unit,
        "window_days": policy.window_days,
        "meets_target": None,
        "min_orders_met": None if short is None else short == 0,
        "min_orders_needed": short,
        "headroom": None,
        "orders_to_recover": None,
    }
    unit = policy.unit
    if r is None:
        rate = {"value": "—", "explanation": Message("rate_check.rate.no_orders")}
    else:
        pct = Percent(r)
        rate = {
            "value": pct,
            "explanation": Message(
                "rate_check.rate.computed", orders=Count(orders, unit), cancels=Count(cancels, unit), rate=pct
            ),
        }
    unknown = Message(
        "rate_check.no_target.unknown", platform=Localized(policy.platform), metric=Localized(policy.metric)
    )
    enter = Message("rate_check.no_target.enter", field=Message(TARGET_PERCENT.label))
    d: Display = {
        "rate": rate,
        "meets_target": {"value": Message("rate_check.no_target.value"), "explanation": Sentences(unknown, enter)},
        "headroom": {"value": "—", "explanation": Message("rate_check.no_target.nothing_to_compare")},
        "orders_to_recover": {"value": "—", "explanation": Message("rate_check.no_target.nothing_to_compare")},
        "threshold": {"value": "—", "explanation": unknown},
        "comparison": {"value": "—", "explanation": ""},
    }
    d["min_orders_met"] = _min_orders(policy, orders, short, True, Message(WORD["user"]))
    d["window_days"] = _window(policy)
    d["ends_by_itself"] = {"value": "—", "explanation": Message("rate_check.no_target.nothing_to_compare")}
    d["bar"] = {"value": "", "explanation": Message("rate_check.no_target.nothing_to_compare")}
    outputs["ends_by_itself"] = None
    outputs["next"] = next_steps(values, policy, True)
    d["next"] = {"value": "", "explanation": ""}
    return outputs, d


def _ends_by_itself(policy: Policy, ok: bool) -> dict[str, Any]:
    """When a missed target ends without doing anything: each cancellation leaves the window ``window_days``
    (plus ``lag_days``) after its order date, provided no new cancellation comes; on Amazon that includes the
    automatic cancellation of an order not confirmed 7 days after its ship-by date."""
    if ok:
        return {"value": "—", "explanation": Message("rate_check.ends.not_needed")}
    if not policy.window_days:
        return {"value": "—", "explanation": Message("rate_check.ends.by_volume", window=Window(policy))}
    days = Duration(policy.window_days + policy.lag_days)
    parts: list[Message] = [Message("rate_check.ends.within", days=days, window=Window(policy))]
    if policy.lag_days:
        parts.append(Message("rate_check.ends.lag", lag=policy.lag_days))
    late = health.late_shipment_of(policy.id)  # the auto-cancel rule is the marketplace's
    if late is not None and late.auto_cancel_days:
        parts.append(Message("rate_check.ends.auto_cancel", days=Count(late.auto_cancel_days, "days")))
    parts.append(Message("rate_check.ends.removed"))
    return {"value": Message("rate_check.ends.value", days=days), "explanation": Sentences(*parts)}


def _bar(r: Fraction | None, goal: Goal, ok: bool) -> dict[str, Any]:
    """The rate as a small bar against the target's line (none without orders)."""
    if r is None:
        return {"value": "", "explanation": Message("rate_check.rate.no_orders")}
    target = goal.target
    pct = Percent(r, beside=goal.threshold)
    return {
        "value": "",
        "explanation": "",
        "svg": Deferred(
            rate_bar,
            title=Message(OUTPUTS["bar"]["label"]),
            desc=Message("rate_check.bar.desc", rate=pct, target=target),
            rate=float(r),
            threshold=float(goal.threshold),
            met=ok,
            target_label=Message("rate_check.bar.target", target=target),
        ),
    }


def next_steps(values: dict[str, Any], policy: Policy, ok: bool) -> list[dict[str, Any]]:
    """Links to the next step with the seller's numbers (the ``#calc=`` link of the target calculator).

    Missed: when it is over (``recovery``, policies with a fixed window) and, for a seller whose privileges are
    already removed, the first-aid page; met: what to do when the next order cannot be filled
    (``stock_shortage``)."""
    carried = {"policy": policy.id, "orders": values["orders"], "seller_cancels": values["seller_cancels"]}
    if values.get("target_percent") is not None:
        carried["target_percent"] = format_number(values["target_percent"], 6)
    if ok:
        return [{"to": "stock_shortage", "values": carried, "label": Message("rate_check.next.stock_shortage")}]
    links = []
    if policy.window_days:
        links.append({"to": "recovery", "values": carried, "label": Message("rate_check.next.recovery")})
    links.append({"to": "first_aid", "label": Message("rate_check.next.first_aid")})
    return links


def _window(policy: Policy) -> dict[str, Any]:
    if policy.window_days:
        return {
            "value": Duration(policy.window_days),
            "explanation": Message("rate_check.window.counted_over", window=Window(policy)),
        }
    return {"value": Message("rate_check.window.by_volume"), "explanation": Window(policy)}


def _min_orders(policy: Policy, orders: int, short: int | None, rate_ok: bool, goal: Message) -> dict[str, Any]:
    """The minimum-orders gate, apart from the rate: met, or how many orders are missing."""
    missed = "rate_check.min_orders.missed_rate_met" if rate_ok else "rate_check.min_orders.missed_rate_missed"
    return min_orders_display(policy, orders, short, "rate_check.min_orders.met", missed, goal=goal)


@dataclass(frozen=True)
class Facts:
    """What the display says, computed by :func:`run`."""

    policy: Policy
    goal: Goal
    orders: int
    cancels: int
    rate: Fraction | None
    ok: bool
    room: int
    recover: int | None


def _display(f: Facts) -> Display:
    policy, orders, cancels, r, ok, room, recover = f.policy, f.orders, f.cancels, f.rate, f.ok, f.room, f.recover
    threshold, origin = f.goal.threshold, f.goal.origin
    unit = policy.unit
    target = f.goal.target
    pct = Percent(r, beside=threshold)
    goal = f.goal.word
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
    d["comparison"] = {"value": Comparison(f.goal.comparison), "explanation": ""}
    d["window_days"] = _window(policy)
    return d
