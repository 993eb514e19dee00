"""``recovery``: when is it over?

- ``orders_to_recover``: the fewest extra orders without a cancellation after
  which ``seller_cancels / (orders + m)`` meets the target
  (:func:`cancelrate.rates.orders_to_recover`).
- ``days_to_recover_by_volume = ceil(orders_to_recover / daily_orders)``:
  whole days, rounded up, at ``daily_orders`` new orders a day and no new
  cancellation. It counts new orders only, not cancellations leaving the window.
- With ``cancel_dates``: each cancellation dated ``d`` leaves the window on
  ``d + window_days + lag_days + EDGE_DAYS`` (:func:`cancelrate.dates.leaves_window`;
  :data:`cancelrate.windows.EDGE_DAYS`: whether the window counts today is
  unverified, so every date is on the later side, as the order report's
  calendar is; a date only further back than that is refused as outside it).
- ``back_under_target_date``: the first day ``t`` from ``today`` on when the rate
  meets the target if nothing else happens, which here means: from the day
  after ``today``, ``daily_orders`` new orders arrive each day and none is
  cancelled, and no other cancellation happens. On ``today`` itself the rate is
  ``seller_cancels / orders``. After it, to stay on the safe side, the orders
  already in the window are assumed gone except the cancelled ones, which stay
  until they leave the window (even before a lagged window reaches them):
  ``rate(t) = C(t) / (C(t) + floor(daily_orders * k(t)))`` with ``C(t)`` the
  listed cancellations not yet out and ``k(t)`` the days from ``today + 1``
  inside the window on ``t``. This rate never rises, so the date is the latest
  it can be under these assumptions; it is at most the day the last
  cancellation leaves.
- ``today`` (optional) is the reference date; blank means the latest
  cancellation date. Policies without a fixed window (eBay) are not offered.

Its words are keys of the catalogs' ``[recovery]`` section (see :mod:`cancelrate.phrases`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from .. import health, rates
from ..charts import line_chart
from ..dates import leaves_window, parse_date, parse_dates
from ..goals import Goal, orders_short
from ..ics import back_uid, stable_uid
from ..inputs import TARGET_PERCENT, TARGET_REQUIRED, Field, policy_field, read_target, today_field
from ..numbers import InvalidInput
from ..phrases import (
    Count,
    Deferred,
    Duration,
    Message,
    MinOrders,
    Percent,
    Problem,
    Sentences,
    Target,
    Window,
)
from ..policies import Policy, has_fixed_window
from ..reminders import calendar_output
from ..windows import EDGE_DAYS

TITLE = "recovery.title"


FIELDS = [
    policy_field("recovery.help.policy", policy_filter=has_fixed_window),
    Field("orders", "count", "fields.label.orders", "recovery.help.orders", example=1),
    Field("seller_cancels", "count", "fields.label.seller_cancels", "recovery.help.seller_cancels", example=1),
    Field(
        "daily_orders",
        "number",
        "recovery.label.daily_orders",
        "recovery.help.daily_orders",
        example=2,
        minimum=Fraction(1, 1000),
    ),
    TARGET_PERCENT,
    Field(
        "cancel_dates",
        "text",
        "recovery.label.cancel_dates",
        "recovery.help.cancel_dates",
        required=False,
        example="2026-11-25",
        example_days_ago=3,
        multiline=True,
        picker="dates",
    ),
    today_field("recovery.label.today", "recovery.help.today", example="2026-11-28", example_days_ago=0),
]

OUTPUTS = {
    "back_under_target_date": "recovery.output.back_under_target_date",
    "orders_to_recover": "recovery.output.orders_to_recover",
    "days_to_recover_by_volume": "recovery.output.days_to_recover_by_volume",
    "cancel_leaves_window": {"label": "recovery.output.cancel_leaves_window", "kind": "table"},
    "timeline": {"label": "recovery.output.timeline", "kind": "chart"},
    "calendar": {"label": "recovery.output.calendar", "kind": "file"},
    "next": {"label": "ui.links", "kind": "links"},
}
"""The one date to plan around first (on the later side); the faster path (more orders) second."""


Display = dict[str, dict[str, Any]]


def days_for_orders(orders_needed: int, daily_orders: Fraction) -> int:
    """``ceil(orders_needed / daily_orders)``: the fewest whole days whose orders reach ``orders_needed``."""
    return -((-orders_needed * daily_orders.denominator) // daily_orders.numerator)


def model_counts(
    day: date, today: date, leaves: list[date], daily_orders: Fraction, window_days: int, lag_days: int
) -> tuple[int, int]:
    """``(C(t), C(t) + floor(daily_orders * k(t)))`` for day ``t > today`` (see the module docstring)."""
    cancels = sum(1 for leave in leaves if leave > day)
    first = max(today + timedelta(days=1), day - timedelta(days=lag_days + window_days - 1))
    last = day - timedelta(days=lag_days)
    k = max(0, (last - first).days + 1)
    new = (daily_orders * k).numerator // (daily_orders * k).denominator
    return cancels, cancels + new


def back_under_target(
    today: date,
    orders: int,
    cancels: int,
    leaves: list[date],
    daily_orders: Fraction,
    window_days: int,
    lag_days: int,
    threshold: Fraction,
    comparison: str,
) -> date:
    """The first day from ``today`` on when the (modelled) rate meets the target."""
    if rates.meets(cancels, orders, threshold, comparison):
        return today
    day = today + timedelta(days=1)
    last = max(leaves, default=day)
    while day < last:
        c, n = model_counts(day, today, leaves, daily_orders, window_days, lag_days)
        if rates.meets(c, n, threshold, comparison):
            return day
        day += timedelta(days=1)
    return max(day, last)


def _read_dates(values: dict[str, Any]) -> tuple[list[date], date | None, list[Problem]]:
    problems: list[Problem] = []
    cancel_dates: list[date] = []
    today: date | None = None
    if values.get("today"):
        try:
            today = parse_date(values["today"])
        except InvalidInput as exc:
            problems.append(Problem(exc.code, "today", **exc.params))
    if values.get("cancel_dates"):
        try:  # a date without its year ("12/6") is the last such day up to today
            cancel_dates = sorted(parse_dates(values["cancel_dates"], today))
        except InvalidInput as exc:
            problems.append(Problem(exc.code, "cancel_dates", **exc.params))
    return cancel_dates, today, problems


def run(values: dict[str, Any]) -> tuple[dict[str, Any], Display] | list[Problem]:
    """Orders and days to recover, and with dates the day the rate is back within the target."""
    policy: Policy = values["policy"]
    orders: int = values["orders"]
    cancels: int = values["seller_cancels"]
    daily: Fraction = values["daily_orders"]
    problems: list[Problem] = []
    if cancels > orders:
        problems.append(Problem("cancels_exceed_orders", "seller_cancels"))
    goal = read_target(policy, values["target_percent"])
    if goal is None:
        problems.append(TARGET_REQUIRED)
    cancel_dates, today, date_problems = _read_dates(values)
    problems += date_problems
    window, lag = policy.window_days, policy.lag_days
    edge = lag + EDGE_DAYS  # the later side of the unverified edge: the window taken as ending the day before
    if not date_problems and cancel_dates:
        if len(cancel_dates) != cancels:
            problems.append(Problem("dates_count_mismatch", "cancel_dates", dates=len(cancel_dates), cancels=cancels))
        today = today or cancel_dates[-1]
        for d in cancel_dates:
            shown = {"value": d, "today": today}
            if d > today:
                problems.append(Problem("cancel_date_after_today", "cancel_dates", **shown))
                break
            if leaves_window(d, window, edge) <= today:
                problems.append(Problem("cancel_date_out_of_window", "cancel_dates", **shown))
                break
    if problems:
        return problems
    threshold, comparison = goal.threshold, goal.comparison

    recover = rates.orders_to_recover(cancels, orders, threshold, comparison)
    days = None if recover is None else days_for_orders(recover, daily)
    leaves_list = None
    back = None
    if cancel_dates:
        leaves = [leaves_window(d, window, edge) for d in cancel_dates]
        leaves_list = [
            {"cancel_date": d.isoformat(), "leaves_window": leave.isoformat()}
            for d, leave in zip(cancel_dates, leaves, strict=True)
        ]
        back = back_under_target(today, orders, cancels, leaves, daily, window, edge, threshold, comparison)
    outputs = {
        **goal.outputs(policy),
        "lag_days": lag,
        "today": today.isoformat() if today else None,
        "orders_to_recover": recover,
        "days_to_recover_by_volume": days,
        "cancel_leaves_window": leaves_list,
        "back_under_target_date": back.isoformat() if back else None,
        "calendar_events": None if back is None else calendar_events(policy, today, cancel_dates, leaves_list, back),
    }
    display = _display(
        Facts(policy, goal, orders, cancels, daily, today, recover, days, cancel_dates, leaves_list, back)
    )
    outputs["next"] = next_steps(values, policy, cancels)
    display["next"] = {"value": "", "explanation": ""}
    # the calendar file is an output of kind "file" ({"filename", "media_type", "text"}; None without dates)
    outputs["calendar"] = display["calendar"].pop("file", None)
    return outputs, display


@dataclass(frozen=True)
class Facts:
    """What the display says, computed by :func:`run` (``leaves_list``, ``back``: as in the outputs; ``None``
    without dates)."""

    policy: Policy
    goal: Goal
    orders: int
    cancels: int
    daily: Fraction
    today: date | None
    recover: int | None
    days: int | None
    cancel_dates: list[date]
    leaves_list: list[dict[str, str]] | None
    back: date | None


def _display(f: Facts) -> Display:
    """One sentence per output. The two estimates use different models and each sentence names its own:
    ``days_to_recover_by_volume`` keeps every order now in the window, ``back_under_target_date`` keeps
    none of them but the cancelled ones (safe side); where their days differ the date's sentence says why."""
    policy = f.policy
    unit = policy.unit
    orders, cancels, daily = f.orders, f.cancels, f.daily
    recover, days, cancel_dates, leaves_list, back = f.recover, f.days, f.cancel_dates, f.leaves_list, f.back
    target = f.goal.target
    goal = f.goal.word
    d: Display = {}

    if recover is None:
        d["orders_to_recover"] = {
            "value": "—",
            "explanation": Message("recovery.orders_to_recover.zero_target", goal=goal),
        }
    elif orders == 0:
        d["orders_to_recover"] = {
            "value": Count(0, unit),
            "explanation": Message("recovery.orders_to_recover.no_orders"),
        }
    elif recover == 0:
        d["orders_to_recover"] = {
            "value": Count(0, unit),
            "explanation": Message("recovery.orders_to_recover.met", goal=goal, target=target),
        }
    else:
        after = Percent(rates.rate(cancels, orders + recover), beside=f.goal.threshold)
        d["orders_to_recover"] = {
            "value": Count(recover, unit),
            "explanation": Message(
                "recovery.orders_to_recover.needed",
                recover=Count(recover, unit),
                cancels=cancels,
                total=orders + recover,
                rate=after,
                goal=goal,
                target=target,
            ),
        }
    note = _min_orders_note(policy, orders + (recover or 0))
    if note is not None:
        d["orders_to_recover"]["explanation"] = Sentences(d["orders_to_recover"]["explanation"], note)

    kept = Count(orders, unit)
    today = f.today
    if days is None:
        d["days_to_recover_by_volume"] = {"value": "—", "explanation": Message("recovery.by_volume.impossible")}
    elif days == 0:
        why = "recovery.by_volume.no_orders" if orders == 0 else "recovery.by_volume.already_met"
        d["days_to_recover_by_volume"] = {"value": Count(0, "days"), "explanation": Message(why, goal=goal)}
    else:
        if today is None:
            text = Message("recovery.by_volume.days", n=daily, kept=kept)
        else:
            text = Message(
                "recovery.by_volume.days_from_today", n=daily, kept=kept, today=today, when=today + timedelta(days=days)
            )
        if days > policy.window_days:
            text = Sentences(text, Message("recovery.by_volume.longer_than_window", window=Window(policy)))
        d["days_to_recover_by_volume"] = {"value": Count(days, "days"), "explanation": text}

    if not cancel_dates:
        missing = Message("recovery.no_dates")
        d["back_under_target_date"] = {"value": "—", "explanation": missing}
        d["cancel_leaves_window"] = {"value": "—", "explanation": missing}
        d["calendar"] = {"value": "—", "explanation": Message("recovery.calendar.no_dates")}
        d["timeline"] = {"value": "", "explanation": missing}
        return d

    last = max(date.fromisoformat(row["leaves_window"]) for row in leaves_list)
    counted = Duration(policy.window_days)
    if policy.lag_days:
        leaves_why = Message("recovery.leaves.explanation_lagged", days=counted, lag=policy.lag_days)
    else:
        leaves_why = Message("recovery.leaves.explanation", days=counted)
    d["cancel_leaves_window"] = {
        "value": Message("recovery.leaves.last", date=last),
        "explanation": leaves_why,
        "table": {
            "caption": Message(OUTPUTS["cancel_leaves_window"]["label"]),
            "columns": [Message("recovery.leaves.column_date"), Message("recovery.leaves.column_out")],
            "rows": [
                [date.fromisoformat(r["cancel_date"]), date.fromisoformat(r["leaves_window"])] for r in leaves_list
            ],
        },
    }
    sentence: Message | Sentences
    if back == today:
        sentence = Message("recovery.back.on_today", today=today, goal=goal, target=target)
        value: Message | date = back
    else:
        parts = [
            Message("recovery.back.expected", date=back, goal=goal, target=target),
            Message("recovery.back.by", n=daily, today=today, goal=goal, target=target, kept=kept),
            Message("recovery.back.window_edge"),
        ]
        late = health.late_shipment_of(policy.id)  # the auto-cancel rule is the marketplace's
        if late is not None and late.auto_cancel_days:
            parts.append(Message("recovery.back.auto_cancel", days=Count(late.auto_cancel_days, "days")))
        why = _compare_models(days, today, back, last, kept)
        if why is not None:
            parts.append(why)
        sentence = Sentences(*parts)
        value = Message("recovery.back.value", date=back)
    d["back_under_target_date"] = {"value": value, "explanation": sentence}
    leaves = [date.fromisoformat(row["leaves_window"]) for row in leaves_list]
    d["timeline"] = {
        "value": "",
        "explanation": Message("recovery.timeline.explanation", today=today, back=back, last=last),
        "svg": _timeline(f, leaves, back, target),
    }
    back_why = Sentences(
        Message("recovery.back.expected", date=back, goal=goal, target=target),
        Message("recovery.back.by", n=daily, today=today, goal=goal, target=target, kept=kept),
    )
    events = calendar_events(policy, today, cancel_dates, leaves_list, back)
    d["calendar"] = _calendar(policy, events, today, goal, back_why)
    return d


def next_steps(values: dict[str, Any], policy: Policy, cancels: int) -> list[dict[str, Any]]:
    """The plan of action with the seller's numbers (policy, orders, cancellations), once there is a cancellation."""
    if not cancels:
        return []
    carried = {"policy": policy.id, "orders": values["orders"], "seller_cancels": cancels}
    return [{"to": "plan_of_action", "values": carried, "label": Message("recovery.next.plan_of_action")}]


def calendar_events(
    policy: Policy, today: date, cancel_dates: list[date], leaves_list: list[dict[str, str]], back: date
) -> list[dict[str, Any]]:
    """The dates worth a calendar event, ``[{"uid", "date", "kind", "order_date"?, "count"?}]`` in date order:
    each day on which cancellations leave the window (``kind`` ``leaves``; those of one order date together,
    ``count`` of them), and ``back`` (``kind`` ``back``) when it is after ``today``. UIDs are stable
    (:func:`cancelrate.ics.stable_uid`): a leave day's from the policy and the order date; the back date's
    from the policy alone (:func:`cancelrate.ics.back_uid`, as ``order_report`` makes them), so a new download,
    even with one more cancellation, moves that event instead of adding one."""
    by_day: dict[str, list[str]] = {}
    for row in leaves_list:
        by_day.setdefault(row["leaves_window"], []).append(row["cancel_date"])
    events: list[dict[str, Any]] = [
        {
            "uid": stable_uid("leaves", policy.id, ordered[0]),
            "date": leaves,
            "kind": "leaves",
            "order_date": ordered[0],
            "count": len(ordered),
        }
        for leaves, ordered in sorted(by_day.items())
    ]
    if back > today:
        uid = back_uid(policy.id)  # one per policy: a newer file moves it
        events.append({"uid": uid, "date": back.isoformat(), "kind": "back"})
    return sorted(events, key=lambda e: e["date"])


def _calendar(policy: Policy, events: list[dict[str, Any]], today: date, goal: Message, back_why: Sentences) -> dict:
    """:func:`calendar_events` as an ``.ics`` file (:mod:`cancelrate.reminders`), in the page's language."""
    return {
        "value": Message("common.calendar.value", n=len(events)),
        "explanation": Message("recovery.calendar.explanation"),
        "file": calendar_output(
            policy, events, today, goal, back_why, leaves_note=Message("common.calendar.edge", days=policy.window_days)
        ),
    }


def _compare_models(days: int | None, today: date, back: date, last_leaves: date, kept: Count) -> Message | None:
    """Why the date differs from the day the volume-only figure gives, when it does."""
    if days is None:
        return None
    by_volume = today + timedelta(days=days)
    if back > by_volume:
        return Message("recovery.back.later", days=Count(days, "days"), by_volume=by_volume, kept=kept)
    if back < by_volume:
        return Message("recovery.back.earlier", days=Count(days, "days"), by_volume=by_volume, last=last_leaves)
    return None


NICE_Y_MAX = (0.02, 0.04, 0.08, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0)
"""The top of the timeline's rate axis: the first of these at or above the highest rate shown."""


def timeline_points(
    today: date, orders: int, cancels: int, leaves: list[date], daily: Fraction, window: int, lag: int
) -> list[tuple[int, Fraction]]:
    """``(k, rate)`` for each day ``today + k`` up to the day the last cancellation leaves: ``cancels / orders``
    on ``today``, then the modelled rate ``C(t) / N(t)`` of :func:`model_counts` (0 once nothing is left)."""
    points = [(0, Fraction(cancels, orders) if orders else Fraction(0))]
    for k in range(1, (max(leaves) - today).days + 1):
        c, n = model_counts(today + timedelta(days=k), today, leaves, daily, window, lag)
        points.append((k, Fraction(c, n) if n else Fraction(0)))
    return points


def _line_chart(*, target_y: float, target_label: str, **chart: Any) -> str:
    return line_chart(target=(target_y, target_label), **chart)


def _timeline(f: Facts, leaves: list[date], back: date, target: Target) -> Deferred:
    """The window sliding past each cancelled order's date: the modelled rate from today, a dot on each day a
    cancellation leaves, the target line; the day it is met again named in the picture's description."""
    policy = f.policy
    today = f.today
    points = timeline_points(today, f.orders, f.cancels, leaves, f.daily, policy.window_days, policy.lag_days)
    rate_on = dict(points)
    out_days = sorted({(leave - today).days for leave in leaves})
    top = max([float(y) for _, y in points] + [float(f.goal.threshold) * 2])
    y_max = next((m for m in NICE_Y_MAX if top <= m), 1.0)
    span = max(points[-1][0], 1)
    ticks = sorted({0, (back - today).days, *out_days[-1:]})
    return Deferred(
        _line_chart,
        chart_id="recovery-timeline",
        title=Message(OUTPUTS["timeline"]["label"]),
        desc=Message("recovery.timeline.explanation", today=today, back=back, last=max(leaves)),
        x_label=Message("recovery.timeline.x_label"),
        y_label=Message("recovery.timeline.y_label"),
        points=[(float(k), float(y)) for k, y in points],
        x_ticks=[(float(k), f"{(today + timedelta(days=k)).month}/{(today + timedelta(days=k)).day}") for k in ticks],
        x_range=(0.0, float(span)),
        y_max=y_max,
        y_tick_format=lambda v: f"{round(v * 100, 2):g}%",
        target_y=float(f.goal.threshold),
        target_label=Message("recovery.timeline.target", target=target),
        marked=[(float(k), float(rate_on.get(k, 0))) for k in out_days],
    )


def _min_orders_note(policy: Policy, orders_after: int) -> Message | None:
    """For a policy with a minimum order count (Premium Shipping): what ``orders_after`` lacks, if anything."""
    need = orders_short(policy, orders_after)
    if not need:
        return None
    return Message(
        "recovery.orders_to_recover.min_orders", gate=MinOrders(policy.min_orders), orders=orders_after, need=need
    )
