"""``plan_of_action``: a draft improvement plan (Plan of Action) from the seller's facts.

Amazon asks for the root cause, the actions taken and how it is prevented,
concise and factual, every cause answered; consultants ask for the orders
concerned and for specifics. The draft follows that in four parts:

1. the root cause: the period, the metric's own counted orders (or units)
   and the rate, then one numbered cause per ticked cause (and the seller's
   own, ``cause_other``), each followed by the seller's reason (``why_<cause>``)
   or, when blank, a visible blank 「［…］」 / "[…]" that only prompts; then the
   orders concerned (``cancelled_orders``, one a line, as pasted) or a blank;
2. the actions taken, dated (``actions_date``, or a date blank);
3. the preventions, with their figures (``sync_minutes``, ``buffer_units``,
   ``check_time``, or blanks for them);
4. how the fix is checked (a daily look at the rate; for stock causes, the
   oversell calculator's figure for the new interval and buffer, as a blank).

Each listed cause has its own default action and prevention (:data:`ANSWERS`,
one-to-one with choices of the ``actions`` and ``preventions`` fields), used
whether or not the seller ticked them; other ticked actions and preventions,
and the free texts, follow as further items. The seller's own cause is
answered by ``action_other`` / ``prevention_other`` or by blanks.

rate = seller_cancels / orders, as ``rate_check`` computes it
(:mod:`cancelrate.rates`, exact), written by ``format_percent`` next to the
policy's published target from the data. Only Amazon's metrics with a
published target are offered (the plan is Amazon's procedure).

Outputs: ``rate``; ``blanks`` (how many blanks the draft still has: the
browser asks before a draft with blanks is copied or downloaded); ``plan`` and
``plan_other`` (the same plan in the site's other language), both text files
for the seller to copy or download: ``{"filename", "media_type", "text"}``
(:func:`cancelrate.outputs.text_file`, output kind ``"text"``). Every word is
a key of the catalogs' ``[plan_of_action]`` section; the seller's own texts
are put in as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from ..dates import parse_date
from ..goals import Goal
from ..inputs import Field, fraction_json, policy_field, today_field
from ..numbers import InvalidInput
from ..outputs import text_file
from ..phrases import (
    Count,
    Duration,
    Lines,
    Localized,
    Message,
    MinOrders,
    OtherLanguage,
    Percent,
    Problem,
    Sentences,
    Target,
)
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
    ("message_request", "plan_of_action.cause.message_request"),
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
    ("official_request", "plan_of_action.prevention.official_request"),
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
    "message_request": "plan_of_action.text.cause.message_request",
    "auto_cancel": "plan_of_action.text.cause.auto_cancel",
}
WHY_BLANK = {
    "other_channel": "plan_of_action.blank.why.other_channel",
    "multi_unit": "plan_of_action.blank.why.multi_unit",
    "listing_error": "plan_of_action.blank.why.listing_error",
    "unshippable": "plan_of_action.blank.why.unshippable",
    "message_request": "plan_of_action.blank.why.message_request",
    "auto_cancel": "plan_of_action.blank.why.auto_cancel",
}
"""Each cause's blank for the seller's reason: a prompt only (good answers are in the field's help)."""
WHY_FIELD = {value: f"why_{value}" for value, _ in CAUSES}
"""The free-text field that fills each cause's blank."""
WHY_LABEL = {
    "other_channel": "plan_of_action.label.why_other_channel",
    "multi_unit": "plan_of_action.label.why_multi_unit",
    "listing_error": "plan_of_action.label.why_listing_error",
    "unshippable": "plan_of_action.label.why_unshippable",
    "message_request": "plan_of_action.label.why_message_request",
    "auto_cancel": "plan_of_action.label.why_auto_cancel",
}
WHY_HELP = {
    "other_channel": "plan_of_action.help.why_other_channel",
    "multi_unit": "plan_of_action.help.why_multi_unit",
    "listing_error": "plan_of_action.help.why_listing_error",
    "unshippable": "plan_of_action.help.why_unshippable",
    "message_request": "plan_of_action.help.why_message_request",
    "auto_cancel": "plan_of_action.help.why_auto_cancel",
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
    "official_request": "plan_of_action.text.prevention.official_request",
    "confirm_same_day": "plan_of_action.text.prevention.confirm_same_day",
    "buffer_stock": "plan_of_action.text.prevention.buffer_stock",
    "weekly_health": "plan_of_action.text.prevention.weekly_health",
}
ANSWERS = {
    "other_channel": ("stock_corrected", "stock_sync"),
    "multi_unit": ("orders_checked", "ship_and_refund"),
    "listing_error": ("listings_fixed", "upload_checked"),
    "unshippable": ("unshippable_delisted", "stock_inspected"),
    "message_request": ("cancellations_reviewed", "official_request"),
    "auto_cancel": ("shipments_confirmed", "confirm_same_day"),
}
"""Each cause's own action and prevention (each used by one cause only, so nothing is said twice)."""

STOCK_CAUSES = frozenset({"other_channel"})
STOCK_PREVENTIONS = frozenset({"stock_sync", "buffer_stock"})
"""Causes and preventions about stock on several channels: the check of part 4 names the oversell figure."""

SUMMARY = {
    ("orders", True): "plan_of_action.plan.summary_orders_met",
    ("orders", False): "plan_of_action.plan.summary_orders_missed",
    ("units", True): "plan_of_action.plan.summary_units_met",
    ("units", False): "plan_of_action.plan.summary_units_missed",
}
"""The plan's opening sentence, by what the policy counts and whether the rate met the target."""

FREE_TEXT = 500
"""The longest free text (a cause, a reason, an action, a prevention), in characters."""
ORDER_LIST = 10_000
"""The longest list of cancelled orders, in characters (about 150 lines as Seller Central shows them)."""
LIST_LINES = 200
"""The most orders the plan lists; more lines are an error."""


def _free_field(name: str, label: str, help: str, **options: Any) -> Field:
    return Field(name, "text", label, help, required=False, multiline=True, max_length=FREE_TEXT, plain=True, **options)


FIELDS = [
    policy_field("plan_of_action.help.policy", policy_filter=offers_plan),
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
        "cancelled_orders",
        "text",
        "plan_of_action.label.cancelled_orders",
        "plan_of_action.help.cancelled_orders",
        required=False,
        multiline=True,
        max_length=ORDER_LIST,
        plain=True,
    ),
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
    # each cause's reason appears once that cause is ticked
    *(
        _free_field(WHY_FIELD[value], WHY_LABEL[value], WHY_HELP[value], shown_with=("causes", value))
        for value, _ in CAUSES
    ),
    _free_field("cause_other", "plan_of_action.label.cause_other", "plan_of_action.help.cause_other"),
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
        "actions_date",
        "text",
        "plan_of_action.label.actions_date",
        "plan_of_action.help.actions_date",
        required=False,
        max_length=100,
        picker="date",
    ),
    _free_field("action_other", "plan_of_action.label.action_other", "plan_of_action.help.action_other"),
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
        "sync_minutes",
        "count",
        "plan_of_action.label.sync_minutes",
        "plan_of_action.help.sync_minutes",
        required=False,
        maximum=10_080,
        advanced=True,
    ),
    Field(
        "buffer_units",
        "count",
        "plan_of_action.label.buffer_units",
        "plan_of_action.help.buffer_units",
        required=False,
        maximum=10_000,
        advanced=True,
    ),
    Field(
        "check_time",
        "text",
        "plan_of_action.label.check_time",
        "plan_of_action.help.check_time",
        required=False,
        max_length=40,
        plain=True,
        advanced=True,
    ),
    _free_field("prevention_other", "plan_of_action.label.prevention_other", "plan_of_action.help.prevention_other"),
    Field(
        "store",
        "text",
        "plan_of_action.label.store",
        "plan_of_action.help.store",
        required=False,
        max_length=100,
        plain=True,
        advanced=True,
    ),
    today_field("plan_of_action.label.today", "plan_of_action.help.today", advanced=True),
]

OUTPUTS = {
    "rate": "plan_of_action.output.rate",
    "blanks": "plan_of_action.output.blanks",
    "plan": {"label": "plan_of_action.output.plan", "kind": "text"},
    "plan_other": {"label": "plan_of_action.output.plan_other", "kind": "text"},
}

Display = dict[str, dict[str, Any]]


class _Blanks:
    """The blanks of one draft: each :meth:`blank` is a prompt the seller must replace, and is counted."""

    def __init__(self) -> None:
        self.count = 0

    def blank(self, key: str) -> Message:
        self.count += 1
        return Message(key)

    def or_blank(self, given: object, key: str) -> object:
        """The seller's value, or a blank asking for it."""
        return given if given is not None else self.blank(key)


def _free(values: dict[str, Any], name: str) -> str | None:
    """A free text, trimmed; ``None`` when blank."""
    text = (values.get(name) or "").strip()
    return text or None


def _order_lines(values: dict[str, Any]) -> list[str]:
    """The cancelled orders, one a line as pasted (spaces trimmed, blank lines dropped)."""
    return [line.strip() for line in (values.get("cancelled_orders") or "").split("\n") if line.strip()]


def _dates(values: dict[str, Any]) -> tuple[dict[str, date], list[Problem]]:
    """The dates given (``today`` first: a date without its year is read up to it)."""
    found: dict[str, date] = {}
    problems: list[Problem] = []
    for name in ("today", "period_start", "period_end", "actions_date"):
        raw = values.get(name)
        if raw is None or not raw.strip():
            if name in ("period_start", "period_end"):
                problems.append(Problem("required", name))
            continue
        try:
            found[name] = parse_date(raw, found.get("today"))
        except InvalidInput as exc:
            problems.append(Problem(exc.code, name, **exc.params))
    start, end, today = found.get("period_start"), found.get("period_end"), found.get("today")
    if start and end and start > end:
        problems.append(Problem("period_reversed", "period_end", start=start, end=end))
    elif end and today and end > today:
        problems.append(Problem("period_after_today", "period_end", end=end, today=today))
    return found, problems


def run(values: dict[str, Any]) -> tuple[dict[str, Any], Display] | list[Problem]:
    """The rate, the number of blanks and the plan in both languages; or the problems with the inputs."""
    policy: Policy = values["policy"]
    orders: int = values["orders"]
    cancels: int = values["seller_cancels"]
    found, problems = _dates(values)
    if cancels > orders:
        problems.append(Problem("cancels_exceed_orders", "seller_cancels"))
    elif cancels == 0:
        problems.append(Problem("no_cancellations", "seller_cancels"))
    causes: list[str] = values["causes"]
    cause_other = _free(values, "cause_other")
    if not causes and cause_other is None:
        problems.append(Problem("no_cause", "causes", other=Message("plan_of_action.label.cause_other")))
    order_lines = _order_lines(values)
    if len(order_lines) > LIST_LINES:
        problems.append(Problem("too_many_lines", "cancelled_orders", maximum=LIST_LINES))
    if problems:
        return problems
    start, end = found["period_start"], found["period_end"]

    goal = Goal(policy.threshold, policy.comparison, "policy")  # a plan answers Amazon's own target
    r = Fraction(cancels, orders)
    met = goal.meets(cancels, orders)
    rate = Percent(r, beside=goal.threshold)
    target = goal.target
    n = Count(orders, policy.unit)  # picks the noun's number where a language has one
    if policy.counted_orders:
        counted_all: object = Localized(policy.counted_orders)
        counted: object = Message("plan_of_action.plan.counted", counted=counted_all, n=n)
    else:
        counted_all = Message("plan_of_action.plan.merchant_all")
        counted = Message("plan_of_action.plan.merchant", n=n)
    note = "plan_of_action.rate.counted_units" if policy.unit == "units" else "plan_of_action.rate.counted"
    counted_note = Message(note, counted=counted_all)
    facts = Facts(
        policy,
        start,
        end,
        orders,
        cancels,
        rate,
        target,
        met,
        counted,
        counted_all,
        _free(values, "store"),
        order_lines,
        found.get("actions_date"),
    )
    blanks = _Blanks()
    plan = _plan(facts, causes, cause_other, values, blanks)
    names = {"start": start.isoformat(), "end": end.isoformat()}
    filename = Message("plan_of_action.file.name", **names)
    outputs = {
        **goal.outputs(policy),
        "rate": fraction_json(r),
        "meets_target": met,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "blanks": blanks.count,
        "plan": text_file(filename, plan),
        "plan_other": OtherLanguage(text_file(filename, plan)),
    }
    answered = len(causes) + (cause_other is not None)
    explain: list[object] = [Message("plan_of_action.explain.answered", n=answered)]
    listed = len(order_lines)
    if listed and policy.unit == "orders" and listed != cancels:
        explain.append(
            Message("plan_of_action.explain.orders_mismatch", listed=Count(listed, "orders"), cancels=cancels)
        )
    unit = policy.unit
    verdict = "plan_of_action.rate.met" if met else "plan_of_action.rate.missed"
    rate_explain: list[object] = [
        Message(verdict, orders=Count(orders, unit), cancels=Count(cancels, unit), rate=rate, target=target),
        counted_note,
    ]
    if met:
        rate_explain.append(Message("plan_of_action.rate.no_plan_needed"))
    days = (end - start).days + 1
    if policy.window_days is not None and days > policy.window_days:
        rate_explain.append(
            Message("plan_of_action.rate.period_long", days=Duration(days), window=Duration(policy.window_days))
        )
    if policy.min_orders is not None:
        rate_explain.append(
            Message("plan_of_action.rate.min_orders", need=MinOrders(policy.min_orders), counted=counted)
        )
    blanks_explain = (
        Message("plan_of_action.explain.blanks", n=blanks.count)
        if blanks.count
        else Message("plan_of_action.explain.no_blanks")
    )
    display: Display = {
        "rate": {"value": rate, "explanation": Sentences(*rate_explain)},
        "blanks": {"value": Message("plan_of_action.blanks.count", n=blanks.count), "explanation": blanks_explain},
        "plan": {"value": filename, "explanation": Sentences(*explain)},
        "plan_other": {"value": OtherLanguage(filename), "explanation": Message("plan_of_action.explain.other")},
    }
    return outputs, display


@dataclass(frozen=True)
class Facts:
    """The seller's facts the plan states, computed by :func:`run`: the period, the counts, the rate (next to the
    target) and whether it meets it, what is counted (a sentence, and the words alone), the store's name, the
    cancelled orders' lines and the day the actions were taken (optional ones ``None``)."""

    policy: Policy
    start: date
    end: date
    orders: int
    cancels: int
    rate: Percent
    target: Target
    met: bool
    counted: object
    counted_all: object
    store: str | None
    orders_list: list[str]
    actions_date: date | None


def _plan(facts: Facts, causes: list[str], cause_other: str | None, values: dict[str, Any], blanks: _Blanks) -> Lines:
    """The plan's lines: heading, the facts, then the four parts (each numbered cause answered in parts 2 and 3)."""
    policy: Policy = facts.policy
    start, end = facts.start, facts.end
    head: list[object] = [Message("plan_of_action.plan.heading")]
    if facts.store:
        head.append(Message("plan_of_action.plan.store", store=facts.store))
    metric = Localized(policy.metric)
    head.append(Message("plan_of_action.plan.metric", platform=Localized(policy.platform), metric=metric))
    if start == end:
        head.append(Message("plan_of_action.plan.period_one_day", day=start))
        period = Message("plan_of_action.plan.on_day", day=start)
    else:
        head.append(Message("plan_of_action.plan.period", start=start, end=end))
        period = Message("plan_of_action.plan.between", start=start, end=end)
    unit = policy.unit
    summary = Message(
        SUMMARY[(unit, facts.met)],
        n=Count(facts.orders, unit),
        period=period,
        cancels=Count(facts.cancels, unit),
        rate=facts.rate,
        target=facts.target,
        counted=facts.counted,
        counted_all=facts.counted_all,
    )

    # part 1: the numbered causes (the ticked ones in the list's order, then the seller's own), each with its reason
    cause_lines: list[object] = []
    number = 0
    for value, _ in CAUSES:
        if value in causes:
            number += 1
            cause_lines.append(Message("plan_of_action.plan.item", n=number, text=Message(CAUSE_TEXT[value])))
            why = blanks.or_blank(_free(values, WHY_FIELD[value]), WHY_BLANK[value])
            cause_lines.append(Message("plan_of_action.plan.why", text=why))
    own = number + 1 if cause_other is not None else None
    if own is not None:
        cause_lines.append(Message("plan_of_action.plan.item", n=own, text=cause_other))
    orders_list = facts.orders_list
    order_lines: list[object] = [Message("plan_of_action.plan.orders")]
    if orders_list:
        order_lines += [Message("plan_of_action.plan.extra", text=line) for line in orders_list]
    else:
        order_lines.append(Message("plan_of_action.plan.extra", text=blanks.blank("plan_of_action.blank.orders")))

    # part 2, dated; part 3, with figures
    day = facts.actions_date
    action_other = _free(values, "action_other")
    prevention_other = _free(values, "prevention_other")
    minutes = values.get("sync_minutes")
    buffer = values.get("buffer_units")
    check = _free(values, "check_time")
    figures = {
        "minutes": lambda: blanks.or_blank(
            None if minutes is None else Count(minutes, "minutes"), "plan_of_action.blank.minutes"
        ),
        "buffer": lambda: blanks.or_blank(
            None if buffer is None else Count(buffer, "units"), "plan_of_action.blank.buffer"
        ),
        "time": lambda: blanks.or_blank(check, "plan_of_action.blank.time"),
    }

    def prevention(value: str) -> Message:
        needs = PREVENTION_FIGURES.get(value, ())
        return Message(PREVENTION_TEXT[value], **{name: figures[name]() for name in needs})

    def action(value: str) -> Message:
        return Message(ACTION_TEXT[value])

    def dated(text: object) -> Message:
        on = day if day is not None else blanks.blank("plan_of_action.blank.date")
        return Message("plan_of_action.plan.dated", day=on, text=text)

    defaults = {ANSWERS[value] for value in causes}
    default_actions = {a for a, _ in defaults}
    default_preventions = {p for _, p in defaults}

    action_lines: list[object] = []
    prevention_lines: list[object] = []
    number = 0
    for value, _ in CAUSES:
        if value in causes:
            number += 1
            own_action, own_prevention = ANSWERS[value]
            action_lines.append(Message("plan_of_action.plan.answer", n=number, text=dated(action(own_action))))
            prevention_lines.append(Message("plan_of_action.plan.answer", n=number, text=prevention(own_prevention)))
    if own is not None:
        action_lines.append(
            Message(
                "plan_of_action.plan.answer",
                n=own,
                text=dated(action_other) if action_other else blanks.blank("plan_of_action.blank.action"),
            )
        )
        prevention_lines.append(
            Message(
                "plan_of_action.plan.answer",
                n=own,
                text=prevention_other or blanks.blank("plan_of_action.blank.prevention"),
            )
        )
    for value, _ in ACTIONS:
        if value in values["actions"] and value not in default_actions:
            action_lines.append(Message("plan_of_action.plan.extra", text=dated(action(value))))
    if action_other is not None and own is None:
        action_lines.append(Message("plan_of_action.plan.extra", text=dated(action_other)))
    for value, _ in PREVENTIONS:
        if value in values["preventions"] and value not in default_preventions:
            prevention_lines.append(Message("plan_of_action.plan.extra", text=prevention(value)))
    if prevention_other is not None and own is None:
        prevention_lines.append(Message("plan_of_action.plan.extra", text=prevention_other))

    # part 4: how the fix is checked
    check_lines: list[object] = [
        Message(
            "plan_of_action.plan.extra",
            text=Message("plan_of_action.text.check.daily", time=figures["time"](), metric=metric),
        )
    ]
    if STOCK_CAUSES & set(causes) or STOCK_PREVENTIONS & set(values["preventions"]):
        check_lines.append(
            Message(
                "plan_of_action.plan.extra",
                text=Message(
                    "plan_of_action.text.check.oversell",
                    minutes=figures["minutes"](),
                    buffer=figures["buffer"](),
                    figure=blanks.blank("plan_of_action.blank.oversell"),
                ),
            )
        )

    return Lines(
        *head,
        "",
        Message("plan_of_action.plan.part_cause"),
        Sentences(summary, Message("plan_of_action.plan.causes_follow")),
        *cause_lines,
        *order_lines,
        "",
        Message("plan_of_action.plan.part_action"),
        *action_lines,
        "",
        Message("plan_of_action.plan.part_prevention"),
        *prevention_lines,
        "",
        Message("plan_of_action.plan.part_check"),
        *check_lines,
    )


PREVENTION_FIGURES = {
    "stock_sync": ("minutes",),
    "buffer_stock": ("buffer",),
    "stock_inspected": ("time",),
    "confirm_same_day": ("time",),
}
"""The figures each prevention's sentence states (a field's value, or a blank for it)."""
