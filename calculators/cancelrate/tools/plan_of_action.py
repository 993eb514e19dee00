"""``plan_of_action``: a draft improvement plan (Plan of Action) from the seller's facts.

Amazon asks for three parts (root cause; the actions taken; how it is
prevented), concise and factual, every cause answered. The draft follows
that: the period, the counts and the rate first, then one numbered cause per
ticked cause (and the seller's own, ``cause_other``), and for each of them an
action and a prevention. Each listed cause has its own default action and
prevention (:data:`ANSWERS`, one-to-one with choices of the ``actions`` and
``preventions`` fields), used whether or not the seller ticked them; other
ticked actions and preventions, and the free texts, follow as further items.
The seller's own cause is answered by ``action_other`` / ``prevention_other``
or, when those are blank, by a bracketed line asking for them.

rate = seller_cancels / orders, as ``rate_check`` computes it
(:mod:`cancelrate.rates`, exact), written by ``format_percent`` next to the
policy's published target from the data. Only Amazon's metrics with a
published target are offered (the plan is Amazon's procedure).

Outputs: ``rate``; ``plan`` and ``plan_other`` (the same plan in the site's
other language), both text files for the seller to copy or download:
``{"filename", "media_type", "text"}`` (:func:`cancelrate.outputs.text_file`,
output kind ``"text"``). Every word is a key of the catalogs'
``[plan_of_action]`` section; the seller's own texts are put in as written.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from .. import rates
from ..dates import parse_date
from ..inputs import Field, fraction_json
from ..numbers import InvalidInput
from ..outputs import text_file
from ..phrases import Count, Lines, Localized, Message, OtherLanguage, Percent, Problem, Sentences, Target
from ..policies import Policy

TITLE = "plan_of_action.title"


def offers_plan(policy: Policy) -> bool:
    """Amazon's metrics with a published target: where Amazon asks for a plan of action."""
    return policy.id.split("_")[0] == "amazon" and policy.threshold is not None


CAUSES = (
    ("other_channel", "plan_of_action.cause.other_channel"),
    ("multi_unit", "plan_of_action.cause.multi_unit"),
    ("listing_error", "plan_of_action.cause.listing_error"),
    ("unshippable", "plan_of_action.cause.unshippable"),
    ("wrong_reason", "plan_of_action.cause.wrong_reason"),
    ("auto_cancel", "plan_of_action.cause.auto_cancel"),
)
ACTIONS = (
    ("stock_corrected", "plan_of_action.action.stock_corrected"),
    ("orders_checked", "plan_of_action.action.orders_checked"),
    ("listings_fixed", "plan_of_action.action.listings_fixed"),
    ("unshippable_delisted", "plan_of_action.action.unshippable_delisted"),
    ("cancellations_reviewed", "plan_of_action.action.cancellations_reviewed"),
    ("shipments_confirmed", "plan_of_action.action.shipments_confirmed"),
    ("buyers_contacted", "plan_of_action.action.buyers_contacted"),
    ("staff_informed", "plan_of_action.action.staff_informed"),
)
PREVENTIONS = (
    ("stock_sync", "plan_of_action.prevention.stock_sync"),
    ("ship_and_refund", "plan_of_action.prevention.ship_and_refund"),
    ("upload_checked", "plan_of_action.prevention.upload_checked"),
    ("stock_inspected", "plan_of_action.prevention.stock_inspected"),
    ("reasons_by_facts", "plan_of_action.prevention.reasons_by_facts"),
    ("confirm_same_day", "plan_of_action.prevention.confirm_same_day"),
    ("buffer_stock", "plan_of_action.prevention.buffer_stock"),
    ("weekly_health", "plan_of_action.prevention.weekly_health"),
)
"""The choices (value, label key); the plan's sentence for each is in the ``*_TEXT`` tables."""

CAUSE_TEXT = {
    "other_channel": "plan_of_action.text.cause.other_channel",
    "multi_unit": "plan_of_action.text.cause.multi_unit",
    "listing_error": "plan_of_action.text.cause.listing_error",
    "unshippable": "plan_of_action.text.cause.unshippable",
    "wrong_reason": "plan_of_action.text.cause.wrong_reason",
    "auto_cancel": "plan_of_action.text.cause.auto_cancel",
}
ACTION_TEXT = {
    "stock_corrected": "plan_of_action.text.action.stock_corrected",
    "orders_checked": "plan_of_action.text.action.orders_checked",
    "listings_fixed": "plan_of_action.text.action.listings_fixed",
    "unshippable_delisted": "plan_of_action.text.action.unshippable_delisted",
    "cancellations_reviewed": "plan_of_action.text.action.cancellations_reviewed",
    "shipments_confirmed": "plan_of_action.text.action.shipments_confirmed",
    "buyers_contacted": "plan_of_action.text.action.buyers_contacted",
    "staff_informed": "plan_of_action.text.action.staff_informed",
}
PREVENTION_TEXT = {
    "stock_sync": "plan_of_action.text.prevention.stock_sync",
    "ship_and_refund": "plan_of_action.text.prevention.ship_and_refund",
    "upload_checked": "plan_of_action.text.prevention.upload_checked",
    "stock_inspected": "plan_of_action.text.prevention.stock_inspected",
    "reasons_by_facts": "plan_of_action.text.prevention.reasons_by_facts",
    "confirm_same_day": "plan_of_action.text.prevention.confirm_same_day",
    "buffer_stock": "plan_of_action.text.prevention.buffer_stock",
    "weekly_health": "plan_of_action.text.prevention.weekly_health",
}
ANSWERS = {
    "other_channel": ("stock_corrected", "stock_sync"),
    "multi_unit": ("orders_checked", "ship_and_refund"),
    "listing_error": ("listings_fixed", "upload_checked"),
    "unshippable": ("unshippable_delisted", "stock_inspected"),
    "wrong_reason": ("cancellations_reviewed", "reasons_by_facts"),
    "auto_cancel": ("shipments_confirmed", "confirm_same_day"),
}
"""Each cause's own action and prevention (each used by one cause only, so nothing is said twice)."""

SUMMARY = {
    ("orders", True): "plan_of_action.plan.summary_orders_met",
    ("orders", False): "plan_of_action.plan.summary_orders_missed",
    ("units", True): "plan_of_action.plan.summary_units_met",
    ("units", False): "plan_of_action.plan.summary_units_missed",
}
"""The plan's opening sentence, by what the policy counts and whether the rate met the target."""

FREE_TEXT = 500
"""The longest free text (a cause, an action, a prevention), in characters."""

FIELDS = [
    Field(
        "policy",
        "policy",
        "fields.label.policy",
        "plan_of_action.help.policy",
        example="amazon_jp",
        policy_filter=offers_plan,
    ),
    Field(
        "period_start",
        "text",
        "plan_of_action.label.period_start",
        "plan_of_action.help.period_start",
        max_length=100,
        example="2026-11-22",
        example_days_ago=6,
        picker="date",
    ),
    Field(
        "period_end",
        "text",
        "plan_of_action.label.period_end",
        "plan_of_action.help.period_end",
        max_length=100,
        example="2026-11-28",
        example_days_ago=0,
        picker="date",
    ),
    Field("orders", "count", "fields.label.orders", "plan_of_action.help.orders", example=1),
    Field("seller_cancels", "count", "fields.label.seller_cancels", "plan_of_action.help.seller_cancels", example=1),
    Field(
        "causes",
        "choices",
        "plan_of_action.label.causes",
        "plan_of_action.help.causes",
        required=False,
        example=["multi_unit"],
        choices=CAUSES,
        max_length=40,
    ),
    Field(
        "cause_other",
        "text",
        "plan_of_action.label.cause_other",
        "plan_of_action.help.cause_other",
        required=False,
        multiline=True,
        max_length=FREE_TEXT,
        plain=True,
    ),
    Field(
        "actions",
        "choices",
        "plan_of_action.label.actions",
        "plan_of_action.help.actions",
        required=False,
        example=[],
        choices=ACTIONS,
        max_length=40,
    ),
    Field(
        "action_other",
        "text",
        "plan_of_action.label.action_other",
        "plan_of_action.help.action_other",
        required=False,
        multiline=True,
        max_length=FREE_TEXT,
        plain=True,
    ),
    Field(
        "preventions",
        "choices",
        "plan_of_action.label.preventions",
        "plan_of_action.help.preventions",
        required=False,
        example=[],
        choices=PREVENTIONS,
        max_length=40,
    ),
    Field(
        "prevention_other",
        "text",
        "plan_of_action.label.prevention_other",
        "plan_of_action.help.prevention_other",
        required=False,
        multiline=True,
        max_length=FREE_TEXT,
        plain=True,
    ),
    Field(
        "store",
        "text",
        "plan_of_action.label.store",
        "plan_of_action.help.store",
        required=False,
        max_length=100,
        plain=True,
    ),
]

OUTPUTS = {
    "rate": "plan_of_action.output.rate",
    "plan": {"label": "plan_of_action.output.plan", "kind": "text"},
    "plan_other": {"label": "plan_of_action.output.plan_other", "kind": "text"},
}

Display = dict[str, dict[str, Any]]


def _free(values: dict[str, Any], name: str) -> str | None:
    """A free text, trimmed; ``None`` when blank."""
    text = (values.get(name) or "").strip()
    return text or None


def _period(values: dict[str, Any]) -> tuple[date | None, date | None, list[Problem]]:
    found: dict[str, date] = {}
    problems: list[Problem] = []
    for name in ("period_start", "period_end"):
        if not values[name].strip():
            problems.append(Problem("required", name))
            continue
        try:
            found[name] = parse_date(values[name])
        except InvalidInput as exc:
            problems.append(Problem(exc.code, name, **exc.params))
    start, end = found.get("period_start"), found.get("period_end")
    if start and end and start > end:
        problems.append(Problem("period_reversed", "period_end", start=start, end=end))
    return start, end, problems


def run(values: dict[str, Any]) -> tuple[dict[str, Any], Display] | list[Problem]:
    """The rate and the plan in both languages; or the problems with the inputs."""
    policy: Policy = values["policy"]
    orders: int = values["orders"]
    cancels: int = values["seller_cancels"]
    start, end, problems = _period(values)
    if cancels > orders:
        problems.append(Problem("cancels_exceed_orders", "seller_cancels"))
    elif cancels == 0:
        problems.append(Problem("no_cancellations", "seller_cancels"))
    causes: list[str] = values["causes"]
    cause_other = _free(values, "cause_other")
    if not causes and cause_other is None:
        problems.append(Problem("no_cause", "causes", other=Message("plan_of_action.label.cause_other")))
    if problems:
        return problems
    assert start is not None and end is not None  # no problems: both dates were read

    threshold, comparison = policy.threshold, policy.comparison
    r = Fraction(cancels, orders)
    met = rates.meets(cancels, orders, threshold, comparison)
    rate = Percent(r, beside=threshold)
    target = Target(threshold, comparison)
    facts = {
        "policy": policy,
        "start": start,
        "end": end,
        "orders": orders,
        "cancels": cancels,
        "rate": rate,
        "target": target,
        "met": met,
        "store": _free(values, "store"),
    }
    plan = _plan(facts, causes, cause_other, values)
    names = {"start": start.isoformat(), "end": end.isoformat()}
    filename = Message("plan_of_action.file.name", **names)
    outputs = {
        "policy": policy.id,
        "rate": fraction_json(r),
        "threshold": fraction_json(threshold),
        "comparison": comparison,
        "meets_target": met,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "plan": text_file(filename, plan),
        "plan_other": OtherLanguage(text_file(filename, plan)),
    }
    answered = len(causes) + (cause_other is not None)
    explain = Message("plan_of_action.explain.answered", n=answered)
    if cause_other is not None and (_free(values, "action_other") is None or _free(values, "prevention_other") is None):
        explain = Sentences(explain, Message("plan_of_action.explain.fill_in"))
    unit = policy.unit
    verdict = "plan_of_action.rate.met" if met else "plan_of_action.rate.missed"
    display: Display = {
        "rate": {
            "value": rate,
            "explanation": Message(
                verdict, orders=Count(orders, unit), cancels=Count(cancels, unit), rate=rate, target=target
            ),
        },
        "plan": {"value": filename, "explanation": explain},
        "plan_other": {"value": OtherLanguage(filename), "explanation": Message("plan_of_action.explain.other")},
    }
    return outputs, display


def _plan(facts: dict[str, Any], causes: list[str], cause_other: str | None, values: dict[str, Any]) -> Lines:
    """The plan's lines: heading, the facts, then the three parts (each numbered cause answered in parts 2 and 3)."""
    policy: Policy = facts["policy"]
    start, end = facts["start"], facts["end"]
    head: list[object] = [Message("plan_of_action.plan.heading")]
    if facts["store"]:
        head.append(Message("plan_of_action.plan.store", store=facts["store"]))
    head.append(
        Message("plan_of_action.plan.metric", platform=Localized(policy.platform), metric=Localized(policy.metric))
    )
    if start == end:
        head.append(Message("plan_of_action.plan.period_one_day", day=start))
        period = Message("plan_of_action.plan.on_day", day=start)
    else:
        head.append(Message("plan_of_action.plan.period", start=start, end=end))
        period = Message("plan_of_action.plan.between", start=start, end=end)
    unit = policy.unit
    summary = Message(
        SUMMARY[(unit, facts["met"])],
        n=Count(facts["orders"], unit),
        period=period,
        cancels=Count(facts["cancels"], unit),
        rate=facts["rate"],
        target=facts["target"],
    )

    # the numbered causes: the ticked ones in the list's order, then the seller's own
    numbered: list[tuple[int, object]] = []
    for value, _ in CAUSES:
        if value in causes:
            numbered.append((len(numbered) + 1, Message(CAUSE_TEXT[value])))
    own = len(numbered) + 1 if cause_other is not None else None
    if own is not None:
        numbered.append((own, cause_other))

    action_other = _free(values, "action_other")
    prevention_other = _free(values, "prevention_other")
    defaults = {ANSWERS[value] for value in causes}
    default_actions = {a for a, _ in defaults}
    default_preventions = {p for _, p in defaults}

    def answers(which: int, table: dict[str, str], own_text: str | None, placeholder: str) -> list[object]:
        lines: list[object] = []
        number = 0
        for value, _ in CAUSES:
            if value in causes:
                number += 1
                lines.append(
                    Message("plan_of_action.plan.answer", n=number, text=Message(table[ANSWERS[value][which]]))
                )
        if own is not None:
            lines.append(Message("plan_of_action.plan.answer", n=own, text=own_text or Message(placeholder)))
        return lines

    def extras(
        chosen: list[str],
        options: tuple[tuple[str, str], ...],
        table: dict[str, str],
        taken: set[str],
        own_text: str | None,
    ) -> list[object]:
        lines: list[object] = [
            Message("plan_of_action.plan.extra", text=Message(table[value]))
            for value, _ in options
            if value in chosen and value not in taken
        ]
        if own_text is not None and own is None:  # not the answer to the seller's own cause: one more item
            lines.append(Message("plan_of_action.plan.extra", text=own_text))
        return lines

    parts: list[object] = [
        *head,
        "",
        Message("plan_of_action.plan.part_cause"),
        Sentences(summary, Message("plan_of_action.plan.causes_follow")),
        *(Message("plan_of_action.plan.item", n=n, text=text) for n, text in numbered),
        "",
        Message("plan_of_action.plan.part_action"),
        *answers(0, ACTION_TEXT, action_other, "plan_of_action.plan.fill_action"),
        *extras(values["actions"], ACTIONS, ACTION_TEXT, default_actions, action_other),
        "",
        Message("plan_of_action.plan.part_prevention"),
        *answers(1, PREVENTION_TEXT, prevention_other, "plan_of_action.plan.fill_prevention"),
        *extras(values["preventions"], PREVENTIONS, PREVENTION_TEXT, default_preventions, prevention_other),
    ]
    return Lines(*parts)
