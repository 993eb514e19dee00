"""``stock_shortage``: an order for more than you have. What does each way out do to the rate?

With ``n`` other orders and ``c`` seller cancellations already in the window,
the order adds ``q = 1`` to the denominator (``q = ordered_qty`` for
unit-based policies such as ``amazon_jp_sfp``). For each option:

- counted as a cancellation: ``rate_after = (c + q) / (n + q)``;
- not counted: ``rate_after = c / (n + q)``.

``meets_target`` compares ``rate_after`` with the target exactly
(:func:`cancelrate.rates.meets`). Whether an option counts, and how sure
that is, comes from the data (``cancel_routes`` in ``policies.json``; the data
counts an unverified route as a cancellation where that is the safe side). ``partial_ship_refund`` is offered only when ``in_stock >= 1``.
A policy with a minimum order count (Premium Shipping) has a separate gate,
whatever the option: ``min_orders_met`` for the ``orders + 1`` orders in the
window with this one (``None`` for policies without one); the table's
"met"/"missed" is the rate target only.
``recommended`` is the option with the lowest ``rate_after``; ties go to a
sourced (official or secondary) rule over an unverified one, then to the
order partial_ship_refund, buyer_requested_cancel, cancel_order; and when that
option counts as a cancellation anyway (then every option does, at the same
rate), ``cancel_order``.

On a marketplace with a late-shipment line (Amazon), ``wait_ship_late`` is offered too: not counted while the
order ships in time, ``rate_after = c / (n + q)``; with the seller's late-shipment counts (``lsr_orders``,
``late_shipments``, optional), every option also gets ``late_rate_after`` (:mod:`cancelrate.waiting`). Waiting
is never the lowest-rate pick: it is recommended only when it keeps both rates within their lines and no other
option does, and never when shipping what is in stock is possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .. import health, rates, waiting
from ..goals import Goal, min_orders_display, orders_short
from ..inputs import TARGET_PERCENT, TARGET_REQUIRED, Field, fraction_json, policy_field, read_target
from ..phrases import Count, Lines, Localized, Message, Percent, Problem, Sentences, Target
from ..policies import Policy, cancel_routes

TITLE = "stock_shortage.title"

ROUTES = ("cancel_order", "partial_ship_refund", "buyer_requested_cancel")
PREFERENCE = ("partial_ship_refund", "buyer_requested_cancel", "cancel_order")
ROUTE_NAMES = {
    "cancel_order": "stock_shortage.route.cancel_order",
    "partial_ship_refund": "stock_shortage.route.partial_ship_refund",
    "buyer_requested_cancel": "stock_shortage.route.buyer_requested_cancel",
    "wait_ship_late": "stock_shortage.route.wait_ship_late",
}
RECOMMENDATION = {
    "cancel_order": "stock_shortage.recommended.cancel_order",
    "partial_ship_refund": "stock_shortage.recommended.partial_ship_refund",
    "buyer_requested_cancel": "stock_shortage.recommended.buyer_requested_cancel",
    "wait_ship_late": "stock_shortage.recommended.wait_ship_late",
}
"""What to do, by the recommended option."""
STANDING = {
    "official": "stock_shortage.option.standing.official",
    "secondary": "stock_shortage.option.standing.secondary",
    "unverified": "stock_shortage.option.standing.unverified",
}
"""How sure a rule is, in an option's sentence (by the route's source kind)."""
CELL_STANDING = {
    "secondary": "stock_shortage.cell.secondary",
    "unverified": "stock_shortage.cell.unverified",
}
"""How sure a rule is, in the table (nothing for an official one)."""
COUNTS = {True: "stock_shortage.option.counted", False: "stock_shortage.option.not_counted"}
ANSWER = {True: "stock_shortage.cell.yes", False: "stock_shortage.cell.no"}
RATE_CELL = {True: "stock_shortage.cell.rate_met", False: "stock_shortage.cell.rate_missed"}
CAPTION = {"policy": "stock_shortage.options.caption_policy", "user": "stock_shortage.options.caption_user"}

# Used only for a policy the data has no rule for: the safe side (no note).
_DEFAULT_ROUTE = {"counts": True, "kind": "unverified", "note": None}
_DEFAULT_ROUTES = {
    "partial_ship_refund": {**_DEFAULT_ROUTE, "counts": False},
}


FIELDS = [
    policy_field("stock_shortage.help.policy"),
    Field("ordered_qty", "count", "stock_shortage.label.ordered_qty", "stock_shortage.help.ordered_qty", example=2),
    Field("in_stock", "count", "stock_shortage.label.in_stock", "stock_shortage.help.in_stock", example=1),
    Field("orders", "count", "stock_shortage.label.orders", "stock_shortage.help.orders", example=0),
    Field(
        "seller_cancels",
        "count",
        "stock_shortage.label.seller_cancels",
        "stock_shortage.help.seller_cancels",
        example=0,
    ),
    TARGET_PERCENT,
    Field(
        "lsr_orders",
        "count",
        "stock_shortage.label.lsr_orders",
        "stock_shortage.help.lsr_orders",
        required=False,
        example=100,
        advanced=True,
    ),
    Field(
        "late_shipments",
        "count",
        "stock_shortage.label.late_shipments",
        "stock_shortage.help.late_shipments",
        required=False,
        example=2,
        advanced=True,
    ),
]

OUTPUTS = {
    "recommended": "stock_shortage.output.recommended",
    "options": {"label": "stock_shortage.output.options", "kind": "table"},
    "min_orders_met": "stock_shortage.output.min_orders_met",
    "next": {"label": "ui.links", "kind": "links"},
}

NEXT = [{"to": "playbook", "anchor": "templates", "label": Message("stock_shortage.next.templates")}]
"""The next step: the playbook's messages to the buyer (nothing of the seller's to carry)."""

Display = dict[str, dict[str, Any]]


def rate_after(counts: bool, added: int, orders: int, cancels: int) -> Fraction:
    """``(cancels + added) / (orders + added)`` if the option counts, else ``cancels / (orders + added)``."""
    return Fraction(cancels + (added if counts else 0), orders + added)


def _route(policy: Policy, route_id: str) -> dict[str, Any]:
    return cancel_routes(policy.id).get(route_id) or _DEFAULT_ROUTES.get(route_id, _DEFAULT_ROUTE)


def _note(route: dict[str, Any]) -> Localized | None:
    """The data's note on a route (its own text in each language), if it has one."""
    return Localized(route["note"]) if route["note"] else None


def run(values: dict[str, Any]) -> tuple[dict[str, Any], Display] | list[Problem]:
    """Every option with its rate after and whether it meets the target; or problems."""
    policy: Policy = values["policy"]
    qty: int = values["ordered_qty"]
    in_stock: int = values["in_stock"]
    orders: int = values["orders"]
    cancels: int = values["seller_cancels"]
    problems: list[Problem] = []
    if in_stock >= qty:
        problems.append(Problem("no_shortage", "in_stock"))
    if cancels > orders:
        problems.append(Problem("cancels_exceed_orders", "seller_cancels"))
    goal = read_target(policy, values["target_percent"])
    if goal is None:
        problems.append(TARGET_REQUIRED)
    problems += _late_pair(values.get("lsr_orders"), values.get("late_shipments"))
    if problems:
        return problems
    threshold = goal.threshold
    added = qty if policy.unit == "units" else 1

    options: list[dict[str, Any]] = []
    exact: dict[str, Fraction] = {}
    notes: dict[str, Localized | None] = {}
    for route_id in ROUTES:
        if route_id == "partial_ship_refund" and in_stock < 1:
            continue
        route = _route(policy, route_id)
        counts = bool(route["counts"])
        r = rate_after(counts, added, orders, cancels)
        exact[route_id] = r
        notes[route_id] = _note(route)
        options.append(
            {
                "id": route_id,
                "rate_after": fraction_json(r),
                "meets_target": goal.meets(r.numerator, r.denominator),
                "counts_as_cancel": counts,
                "source_kind": route["kind"],
                "explanation": _option_sentence(route, counts, added, orders, cancels, r, threshold),
            }
        )
    best = min(
        options,
        key=lambda o: (exact[o["id"]], o["source_kind"] == "unverified", PREFERENCE.index(o["id"])),
    )
    if best["counts_as_cancel"]:  # every option counts the same: nothing to gain by asking the buyer
        best = options[0]
    short = orders_short(policy, orders + 1)
    late_metric = health.late_shipment_of(policy.id)
    late: dict[str, health.Standing] = {}
    if late_metric is not None:
        options.append(_wait_option(values, late_metric, added, orders, cancels, threshold, goal.comparison))
        exact[waiting.WAIT] = rate_after(False, added, orders, cancels)
        notes[waiting.WAIT] = options[-1]["explanation"]  # its reasons go under the table with the others
        for o in options:
            if values.get("lsr_orders") is not None:
                late[o["id"]] = waiting.late_standing(
                    o["id"], values["late_shipments"], values["lsr_orders"], late_metric
                )
            o["late_rate_after"] = fraction_json(late[o["id"]].rate) if late else None
            o["late_meets_target"] = late[o["id"]].meets if late else None
        if _waiting_is_the_one(options):
            best = options[-1]
    outputs = {
        **goal.outputs(policy),
        "options": options,
        "recommended": best["id"],
        "min_orders_met": None if short is None else short == 0,
        "min_orders_needed": short,
    }
    display = _display(Facts(goal, options, exact, notes, best, in_stock, qty, late))
    # the gate with this order in the window: the same for every option
    display["min_orders_met"] = min_orders_display(
        policy, orders + 1, short, "stock_shortage.min_orders.met", "stock_shortage.min_orders.missed"
    )
    if short:
        display["recommended"]["explanation"] = Sentences(
            display["recommended"]["explanation"],
            Message("stock_shortage.recommended.min_orders_missed", gate=Message(OUTPUTS["min_orders_met"])),
        )
    outputs["next"] = NEXT
    display["next"] = {"value": "", "explanation": ""}
    return outputs, display


def _late_pair(lsr_orders: int | None, late: int | None) -> list[Problem]:
    """The optional late-shipment counts: both or neither, and no more late shipments than orders."""
    if lsr_orders is None and late is None:
        return []
    if lsr_orders is None:
        return [Problem("pair_incomplete", "lsr_orders", other=Message("stock_shortage.label.late_shipments"))]
    if late is None:
        return [Problem("pair_incomplete", "late_shipments", other=Message("stock_shortage.label.lsr_orders"))]
    if late > lsr_orders:
        return [Problem("part_exceeds_whole", "late_shipments", other=Message("stock_shortage.label.lsr_orders"))]
    return []


def _wait_option(
    values: dict[str, Any],
    metric: health.HealthMetric,
    added: int,
    orders: int,
    cancels: int,
    threshold: Fraction,
    comparison: str,
) -> dict[str, Any]:
    """Waiting for stock and shipping late: not a cancellation while it ships in time; one more late shipment;
    cancelled automatically (and counted) once ``auto_cancel_days`` pass after the ship-by date. Every other
    option's ``late_rate_after`` is set here too, so that the table compares both rates."""
    r = rate_after(False, added, orders, cancels)
    auto = waiting.auto_cancel_rate(cancels, orders, added)
    parts: list[Any] = [Message("stock_shortage.wait.cancel_rate", rate=Percent(r, beside=threshold))]
    late_ok: bool | None = None
    lsr_orders, late = values.get("lsr_orders"), values.get("late_shipments")
    if lsr_orders is not None:
        s = waiting.late_standing(waiting.WAIT, late, lsr_orders, metric)
        late_ok = s.meets
        parts.append(
            Message(
                "stock_shortage.wait.late_met" if s.meets else "stock_shortage.wait.late_missed",
                late=s.counted,
                total=s.total,
                rate=Percent(s.rate, beside=s.threshold),
                target=Target(s.threshold, s.comparison),
            )
        )
    else:
        parts.append(Message("stock_shortage.wait.late_unknown"))
    if metric.kind != "official":
        parts.append(Message("stock_shortage.wait.late_unverified"))
    if metric.auto_cancel_days:
        parts.append(
            Message(
                "stock_shortage.wait.auto_cancel",
                days=Count(metric.auto_cancel_days, "days"),
                rate=Percent(auto, beside=threshold),
            )
        )
    parts.append(Message("stock_shortage.wait.feedback"))
    return {
        "id": waiting.WAIT,
        "rate_after": fraction_json(r),
        "meets_target": rates.meets(r.numerator, r.denominator, threshold, comparison),
        "counts_as_cancel": False,
        "source_kind": "official" if metric.auto_cancel_days else metric.kind,
        "explanation": Sentences(*parts),
        "late_meets_target": late_ok,
        "auto_cancel_rate": fraction_json(auto),
    }


def _waiting_is_the_one(options: list[dict[str, Any]]) -> bool:
    """Whether waiting is the only option that keeps both rates within their lines (and shipping now is not
    offered); fills in each option's late-shipment rate on the way."""
    return waiting.may_recommend_waiting(
        options[-1]["meets_target"] and options[-1]["late_meets_target"] is True,
        [o["meets_target"] and o.get("late_meets_target") is not False for o in options[:-1]],
        any(o["id"] == waiting.SHIPS_NOW for o in options),
    )


def _option_sentence(
    route: dict[str, Any], counts: bool, added: int, orders: int, cancels: int, r: Fraction, threshold: Fraction
) -> Message | Sentences:
    """Whether the option counts, how sure that is, the rate after it; then the data's note."""
    num = cancels + (added if counts else 0)
    sentence = Message(
        COUNTS[counts],
        standing=Message(STANDING[route["kind"]]),
        cancels=num,
        total=orders + added,
        rate=Percent(r, beside=threshold),
    )
    note = _note(route)
    return sentence if note is None else Sentences(sentence, note)


def _standing_cell(counts: bool, kind: str) -> Message:
    """The table's "counts?" cell: yes or no, with how sure that is unless the rule is official."""
    answer = Message(ANSWER[counts])
    if kind == "official":
        return answer
    return Message("stock_shortage.cell.with_standing", answer=answer, standing=Message(CELL_STANDING[kind]))


@dataclass(frozen=True)
class Facts:
    """What the display says, computed by :func:`run`: the options (as in the outputs), each option's exact rate
    after it and the data's note on it, by option id, and the recommended option."""

    goal: Goal
    options: list[dict[str, Any]]
    exact: dict[str, Fraction]
    notes: dict[str, Localized | None]
    best: dict[str, Any]
    in_stock: int
    qty: int
    late: dict[str, health.Standing]
    """The late-shipment rate after each option, by option id (empty without the seller's late-shipment counts)."""


def _display(f: Facts) -> Display:
    options, exact, notes, best, in_stock, qty = f.options, f.exact, f.notes, f.best, f.in_stock, f.qty
    threshold = f.goal.threshold
    target = f.goal.target
    goal = f.goal.word
    rows = []
    for o in options:
        pct = Percent(exact[o["id"]], beside=threshold)
        waits = o["id"] == waiting.WAIT  # waiting counts only once it has gone on too long
        row = [
            Message(ROUTE_NAMES[o["id"]]),
            Message("stock_shortage.cell.wait_counts")
            if waits
            else _standing_cell(o["counts_as_cancel"], o["source_kind"]),
            Message(RATE_CELL[o["meets_target"]], rate=pct),
        ]
        if f.late:
            s = f.late[o["id"]]
            row.append("—" if s.rate is None else Message(RATE_CELL[s.meets], rate=Percent(s.rate, beside=s.threshold)))
        rows.append(row)
    columns = [
        Message("stock_shortage.column.option"),
        Message("stock_shortage.column.counts"),
        Message("stock_shortage.column.rate_after"),
    ]
    if f.late:
        columns.append(Message("stock_shortage.column.late_after"))
    # The table stays narrow enough for a phone; the reasons, with their sources' standing, follow it.
    why = [
        Message("stock_shortage.options.reason", route=Message(ROUTE_NAMES[o["id"]]), note=notes[o["id"]])
        for o in options
        if notes[o["id"]]
    ]
    if any(o["source_kind"] == "unverified" for o in options):
        why.append(Message("stock_shortage.options.unverified"))
    best_pct = Percent(exact[best["id"]], beside=threshold)
    sentence: Message | Sentences
    if best["id"] == "partial_ship_refund":
        sentence = Message(RECOMMENDATION[best["id"]], in_stock=in_stock, missing=qty - in_stock, rate=best_pct)
    else:
        sentence = Message(RECOMMENDATION[best["id"]], rate=best_pct)
        note = notes[best["id"]]
        if best["id"] == "buyer_requested_cancel" and note is not None:
            sentence = Sentences(sentence, note)
    if not best["meets_target"]:
        sentence = Sentences(sentence, Message("stock_shortage.recommended.target_missed", goal=goal, target=target))
    compared = "stock_shortage.options.compared" if in_stock >= 1 else "stock_shortage.options.compared_no_stock"
    return {
        "recommended": {"value": Message(ROUTE_NAMES[best["id"]]), "explanation": sentence},
        "options": {
            "value": Message(compared, n=len(options)),
            "explanation": Lines(*why),
            "table": {
                "caption": Message(CAPTION[f.goal.origin], target=target),
                "columns": columns,
                "rows": rows,
            },
        },
    }
