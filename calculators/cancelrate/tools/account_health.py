"""``account_health``: every metric that can cost the account, each pair of counts against its line.

Per metric given (a pair of counts, each pair optional, at least one):

- ``cancel``: ``cancels / cancel_orders`` against the marketplace's cancel-rate policy (``amazon_jp``: under
  2.5 %, 7 days);
- ``late_shipment``: ``late_shipments / lsr_orders``, under the line (10 or 30 days, ``lsr_window``);
- ``valid_tracking``: ``valid_tracking / vtr_shipments``, at least the line (30 days, per product category);
- ``order_defect``: ``order_defects / odr_orders``, under the line (60 days; an order with two defects once).

The lines come from the data (:mod:`cancelrate.health`, ``policies.json``); each comparison is exact
(:func:`cancelrate.health.standing`): 4 late of 100 is 4 %, which misses "under 4 %"; 190 valid of 200 is
95 %, which meets "at least 95 %". ``first`` names the metric in most danger
(:func:`cancelrate.health.danger_key`: a missed line first, then the larger share of the allowance used).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import health
from ..inputs import Field, fraction_json
from ..phrases import Count, Duration, Message, Percent, Problem, Sentences, Target
from ..policies import Policy

TITLE = "account_health.title"

PAIRS = {
    "cancel": ("cancel_orders", "cancels"),
    "late_shipment": ("lsr_orders", "late_shipments"),
    "valid_tracking": ("vtr_shipments", "valid_tracking"),
    "order_defect": ("odr_orders", "order_defects"),
}
"""Each metric's pair of fields: (the whole, the part counted)."""
UNITS = {"cancel": "orders", "late_shipment": "orders", "valid_tracking": "shipments", "order_defect": "orders"}
WINDOWS = (("10", "account_health.window.d10"), ("30", "account_health.window.d30"))


LABELS = {
    "cancel_orders": "account_health.label.cancel_orders",
    "cancels": "account_health.label.cancels",
    "lsr_orders": "account_health.label.lsr_orders",
    "late_shipments": "account_health.label.late_shipments",
    "vtr_shipments": "account_health.label.vtr_shipments",
    "valid_tracking": "account_health.label.valid_tracking",
    "odr_orders": "account_health.label.odr_orders",
    "order_defects": "account_health.label.order_defects",
}
HELP = {
    "cancel_orders": "account_health.help.cancel_orders",
    "cancels": "account_health.help.cancels",
    "lsr_orders": "account_health.help.lsr_orders",
    "late_shipments": "account_health.help.late_shipments",
    "vtr_shipments": "account_health.help.vtr_shipments",
    "valid_tracking": "account_health.help.valid_tracking",
    "odr_orders": "account_health.help.odr_orders",
    "order_defects": "account_health.help.order_defects",
}
NAMES = {
    "cancel": "account_health.metric.cancel",
    "late_shipment": "account_health.metric.late_shipment",
    "valid_tracking": "account_health.metric.valid_tracking",
    "order_defect": "account_health.metric.order_defect",
}
"""A metric's name inside a sentence."""
COMPUTED = {
    "cancel": "account_health.rate.cancel",
    "late_shipment": "account_health.rate.late_shipment",
    "valid_tracking": "account_health.rate.valid",
    "order_defect": "account_health.rate.order_defect",
}
UNVERIFIED = {
    "amazon_jp": "account_health.note.unverified_amazon_jp",
    "amazon_us": "account_health.note.unverified_amazon_us",
}
"""What a line the marketplace's own pages do not confirm says, by marketplace."""


def _count(name: str, example: int) -> Field:
    return Field(name, "count", LABELS[name], HELP[name], required=False, example=example)


FIELDS = [
    Field(
        "marketplace",
        "policy",
        "account_health.label.marketplace",
        "account_health.help.marketplace",
        example="amazon_jp",
        policy_filter=lambda p: p.id in health.marketplaces(),
    ),
    _count("cancel_orders", 120),
    _count("cancels", 1),
    _count("lsr_orders", 300),
    _count("late_shipments", 9),
    _count("vtr_shipments", 200),
    _count("valid_tracking", 190),
    _count("odr_orders", 400),
    _count("order_defects", 2),
    Field(
        "lsr_window",
        "choices",
        "account_health.label.lsr_window",
        "account_health.help.lsr_window",
        required=False,
        choices=WINDOWS,
        max_items=1,
        advanced=True,
    ),
]

OUTPUTS = {
    "first": "account_health.output.first",
    "cancel": "account_health.output.cancel",
    "late_shipment": "account_health.output.late_shipment",
    "valid_tracking": "account_health.output.valid_tracking",
    "order_defect": "account_health.output.order_defect",
    "next": {"label": "ui.links", "kind": "links"},
}

SUMMARY = ("first",)
"""The main result, for the form's summary bar."""

Display = dict[str, dict[str, Any]]


def check_pairs(values: dict[str, Any]) -> list[Problem]:
    """A pair with one half missing, a part larger than its whole, or no pair at all: one problem per field."""
    problems: list[Problem] = []
    given = 0
    for whole, part in PAIRS.values():
        w, p = values[whole], values[part]
        if w is None and p is None:
            continue
        given += 1
        if w is None:
            problems.append(Problem("pair_incomplete", whole, other=Message(LABELS[part])))
        elif p is None:
            problems.append(Problem("pair_incomplete", part, other=Message(LABELS[whole])))
        elif p > w:
            problems.append(Problem("part_exceeds_whole", part, other=Message(LABELS[whole])))
    if not given:
        problems.append(Problem("pair_required", PAIRS["cancel"][0]))
    return problems


def lines(policy: Policy) -> dict[str, tuple[Any, str, int | None]]:
    """Each metric's ``(threshold, comparison, window days)`` for the marketplace of ``policy``; a metric shown
    over several windows (the late-shipment rate: 10 and 30 days) has ``None``: the seller's counts say which."""
    metrics = health.health_metrics()[policy.id]
    result = {"cancel": (policy.threshold, policy.comparison, policy.window_days)}
    for metric_id, m in metrics.items():
        result[metric_id] = (m.threshold, m.comparison, m.windows[0] if len(m.windows) == 1 else None)
    return result


def run(values: dict[str, Any]) -> tuple[dict[str, Any], Display] | list[Problem]:
    """Each given metric's standing against its line, and the one in most danger first."""
    problems = check_pairs(values)
    if problems:
        return problems
    policy: Policy = values["marketplace"]
    window = int(values["lsr_window"][0]) if values["lsr_window"] else None
    metrics = health.health_metrics()[policy.id]
    outputs: dict[str, Any] = {"marketplace": policy.id}
    display: Display = {}
    standings: dict[str, health.Standing] = {}
    for metric_id, (threshold, comparison, days) in lines(policy).items():
        whole, part = PAIRS[metric_id]
        if values[whole] is None:
            outputs[metric_id] = None
            display[metric_id] = {"value": "—", "explanation": Message("account_health.not_given")}
            continue
        if metric_id == "late_shipment" and window:
            days = window
        s = health.standing(values[part], values[whole], threshold, comparison)
        standings[metric_id] = s
        verified = metric_id == "cancel" or metrics[metric_id].kind == "official"
        facts = Facts(metric_id, s, days, verified, policy.id)
        outputs[metric_id] = _output(facts)
        display[metric_id] = _display(facts)
    outputs["first"] = _first_id(standings)
    display["first"] = _first(standings)
    missed = any(not s.meets for s in standings.values())
    outputs["next"] = next_steps(policy, missed)
    display["next"] = {"value": "", "explanation": ""}
    return outputs, display


@dataclass(frozen=True)
class Facts:
    """What one metric's output and display say, computed by :func:`run`."""

    metric: str
    standing: health.Standing
    days: int | None
    """The metric's window in days; ``None``: the late shipment rate's window, which the seller did not choose."""
    verified: bool
    """The metric's line is from an official source (the cancel rate's always is)."""
    market: str
    """The marketplace's policy id (the note on an unverified line names its source)."""


def _output(f: Facts) -> dict[str, Any]:
    """A metric's machine values: the exact rate as ``"a/b"`` (``"0"``, ``"1"``) beside its float."""
    s, days, verified = f.standing, f.days, f.verified
    return {
        "rate": fraction_json(s.rate),
        "rate_exact": None if s.rate is None else str(s.rate),
        "meets_target": s.meets,
        "headroom": s.headroom,
        "to_recover": s.recover,
        "spare": s.spare,
        "threshold": fraction_json(s.threshold),
        "comparison": s.comparison,
        "window_days": days,
        "counted": s.counted,
        "total": s.total,
        "verified": verified,
    }


def _display(f: Facts) -> dict:
    """The value (rate and met/missed) and the sentences: the sum, the verdict, the room, the notes."""
    metric_id, s, days = f.metric, f.standing, f.days
    unit = UNITS[metric_id]
    target = Target(s.threshold, s.comparison)
    if s.rate is None:
        return {"value": "—", "explanation": Message("account_health.rate.no_orders", target=target)}
    pct = Percent(s.rate, beside=s.threshold)
    state = Message("account_health.state.met" if s.meets else "account_health.state.missed")
    parts: list[Any] = [
        Message(COMPUTED[metric_id], counted=s.counted, total=Count(s.total, unit), rate=pct),
        Message("account_health.verdict.met" if s.meets else "account_health.verdict.missed", target=target),
        _room(s, unit),
    ]
    if metric_id == "late_shipment":
        if days is None:
            parts.append(Message("account_health.note.window_either"))
        else:
            parts.append(Message("account_health.note.window_chosen", days=Duration(days)))
    else:
        parts.append(Message("account_health.note.window", days=Duration(days)))
    if metric_id == "valid_tracking":
        parts.append(Message("account_health.note.per_category"))
    if metric_id == "order_defect":
        parts.append(Message("account_health.note.defect_once"))
    if not f.verified:
        parts.append(Message(UNVERIFIED[f.market]))
    return {"value": Message("account_health.value", rate=pct, state=state), "explanation": Sentences(*parts)}


def _room(s: health.Standing, unit: str) -> Message:
    """How far the pair is from its line, in whole orders or shipments."""
    if s.comparison == "ge":
        if not s.meets:
            return Message("account_health.room.valid_needed", needed=Count(s.headroom, unit))
        if s.spare == 0:
            return Message("account_health.room.valid_at_line")
        return Message("account_health.room.valid_spare", spare=Count(s.spare, unit))
    if not s.meets:
        if s.recover is None:
            return Message("account_health.room.no_way_back")
        return Message("account_health.room.recover", recover=Count(s.recover, unit))
    if s.headroom == 0:
        return Message("account_health.room.at_line")
    return Message("account_health.room.left", room=Count(s.headroom, unit))


def _ranked(standings: dict[str, health.Standing]) -> list[tuple[str, health.Standing]]:
    """The metrics with a rate, most danger first (ties in the page's order)."""
    rated = [(m, s) for m, s in standings.items() if s.rate is not None]
    return sorted(rated, key=lambda item: health.danger_key(item[1]))


def _first_id(standings: dict[str, health.Standing]) -> str | None:
    ranked = _ranked(standings)
    return ranked[0][0] if ranked else None


def _first(standings: dict[str, health.Standing]) -> dict[str, Any]:
    """The first line: the metric in most danger, and how many others miss their line too."""
    ranked = _ranked(standings)
    if not ranked:
        return {"value": "—", "explanation": Message("account_health.first.no_orders")}
    metric_id, s = ranked[0]
    name = Message(NAMES[metric_id])
    target = Target(s.threshold, s.comparison)
    pct = Percent(s.rate, beside=s.threshold)
    if s.meets:
        return {
            "value": Message("account_health.first.value_closest", metric=name),
            "explanation": Message("account_health.first.closest", metric=name, rate=pct, target=target),
        }
    parts: list[Any] = [Message("account_health.first.missed", metric=name, rate=pct, target=target)]
    others = sum(1 for _, other in ranked[1:] if not other.meets)
    if others:
        parts.append(Message("account_health.first.also_missed", n=others))
    return {"value": Message("account_health.first.value_missed", metric=name), "explanation": Sentences(*parts)}


def next_steps(policy: Policy, missed: bool) -> list[dict[str, Any]]:
    """A missed line: the first-aid page and the plan writer (with the marketplace's cancel policy)."""
    if not missed:
        return []
    return [
        {"to": "first_aid", "label": Message("account_health.next.first_aid")},
        {"to": "plan_of_action", "values": {"policy": policy.id}, "label": Message("account_health.next.plan")},
    ]
