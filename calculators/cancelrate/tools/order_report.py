"""``order_report``: the cancel rate of every window in the seller's own order report.

The report (Amazon All Orders, or the generic CSV) is read by
:mod:`cancelrate.reports`; for every end day ``D`` from the first to the last
order day the window ``D - (window_days - 1) … D`` gives
``rate(D) = cancels(D) / orders(D)`` (:mod:`cancelrate.windows`), compared
exactly with the target. Unit-based policies weigh each order by its units.

Counting is on the safe side: an order counts as cancelled when the order
was, and also when only some of its items were (:attr:`reports.Report.item_only`,
shown separately). For policies that count only some orders (``counted_orders``
in the data: Premium Shipping, Seller Fulfilled Prime) the seller may choose
which ``ship-service-level`` values count (the ``service_levels`` input, whose
options are the ``service_level_options`` output of the previous result);
with none chosen every merchant order counts and the page says it is an
approximation.

Work and output are bounded by the data: only windows with orders are
computed; at most :data:`MAX_LISTED` windows and breach dates are listed
(every day while the span allows, otherwise the windows with orders), the
chart has at most :data:`MAX_CHART_POINTS` points (the highest rate of each
stretch), the table :data:`MAX_TABLE_ROWS` rows of :data:`MAX_IDS_PER_ROW` ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from .. import report_dates, report_errors, report_findings, reports
from ..charts import line_chart
from ..goals import Goal
from ..inputs import TARGET_PERCENT, TARGET_REQUIRED, ExampleFile, Field, policy_field, read_target
from ..phrases import (
    Count,
    Deferred,
    Localized,
    Message,
    MinOrders,
    Number,
    Percent,
    Problem,
    Sentences,
    Target,
    listed,
)
from ..policies import Policy, has_fixed_window
from ..reminders import calendar_output
from ..timezones import get_zone
from ..windows import (
    MAX_TABLE_ROWS,
    Summary,
    calendar_events,
    daily_counts,
    iso_day,
    longest_gap,
    sweep,
)

TITLE = "order_report.title"

MAX_IDS_PER_ROW = 20
MAX_SERVICE_OPTIONS = 50
MAX_SERVICE_CHARS = 200
"""The longest shipping-service value offered and accepted as a choice (the ``service_levels`` field's ``max_length``)."""
NICE_Y_MAX = (0.02, 0.04, 0.08, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0)
"""Chart tops whose quarter ticks are round percentages."""

ZONE_NAMES = {
    "Asia/Tokyo": "order_report.zone.asia_tokyo",
    "America/Los_Angeles": "order_report.zone.america_los_angeles",
    "UTC": "order_report.zone.utc",
}
"""The name of a policy's time zone in running text (another zone is named by its id)."""

FIELDS = [
    policy_field("order_report.help.policy", policy_filter=has_fixed_window),
    Field(
        "report",
        "file",
        "order_report.label.report",
        "order_report.help.report",
        accept=".txt,.tsv,.csv,text/plain,text/csv,text/tab-separated-values",
        maximum=reports.MAX_BYTES,
        example_file=ExampleFile(
            "assets/examples/order-report-example.csv", "order_report.example.button", "order_report.example.failed"
        ),
    ),
    Field(
        "service_levels",
        "choices",
        "order_report.label.service_levels",
        "order_report.help.service_levels",
        required=False,
        choices_from="service_level_options",
        max_items=MAX_SERVICE_OPTIONS,
        max_length=MAX_SERVICE_CHARS,
    ),
    TARGET_PERCENT,
]

OUTPUTS = {
    "orders": "order_report.output.orders",
    "seller_cancels": "order_report.output.seller_cancels",
    "buyer_requested": "order_report.output.buyer_requested",
    "item_level_cancels": "order_report.output.item_level_cancels",
    "services_counted": "order_report.output.services_counted",
    "first_date": "order_report.output.first_date",
    "last_date": "order_report.output.last_date",
    "worst": "order_report.output.worst",
    "breach_dates": "order_report.output.breach_dates",
    "windows": "order_report.output.windows",
    "skipped_rows": "order_report.output.skipped_rows",
    "chart": {"label": "order_report.output.chart", "kind": "chart"},
    "breaches": {"label": "order_report.output.breaches", "kind": "table"},
    "values_found": {"label": "order_report.output.values_found", "kind": "table"},
    "calendar": {"label": "order_report.output.calendar", "kind": "file"},
    "next": {"label": "ui.links", "kind": "links"},
}

COLUMN_WORDS = {
    "id": "order_report.column.id",
    "date": "order_report.column.date",
    "status": "order_report.column.status",
    "channel": "order_report.column.channel",
}
"""A required column, in the seller's words (an error never names the file's internal column names)."""

FORMATS = {"amazon": "order_report.format.amazon", "generic": "order_report.format.generic"}
DATE_ORDERS = {"mdy": "order_report.date_order.mdy", "dmy": "order_report.date_order.dmy"}
CHART_TARGET = {"policy": "order_report.chart.target", "user": "order_report.chart.target_user"}
"""The label of the chart's target line, by the target's origin."""
COLUMNS = {
    "orders": ("order_report.table.orders_orders", "order_report.table.cancelled_orders"),
    "units": ("order_report.table.orders_units", "order_report.table.cancelled_units"),
}
"""The table's count columns, by the policy's unit."""

Display = dict[str, dict[str, Any]]


def next_steps(policy: Policy, counted: reports.Report, last: int) -> list[dict[str, Any]]:
    """From the window the metric shows on the report's last day (ending ``lag_days`` before it): the plan of
    action and the recovery date, with that window's totals in the link and, in the tab's storage only, its
    cancelled orders (numbers and order dates: rows of the file never go into a URL). None without a cancellation
    in that window."""
    end = last - policy.lag_days
    start = end - policy.window_days + 1
    inside = {oid: day for oid, day in counted.days.items() if start <= day <= end}
    cancelled = sorted((day, oid) for oid, day in inside.items() if oid in counted.cancelled)
    if not cancelled:
        return []
    totals = {"policy": policy.id, "orders": len(inside), "seller_cancels": len(cancelled)}
    plan = {**totals, "period_start": iso_day(start), "period_end": iso_day(end)}
    recovery = {**totals, "today": iso_day(last)}
    return [
        {
            "to": "plan_of_action",
            "values": plan,
            "label": Message("order_report.next.plan_of_action"),
            "handover": {"cancelled_orders": "\n".join(f"{oid} {iso_day(day)}" for day, oid in cancelled)},
        },
        {
            "to": "recovery",
            "values": recovery,
            "label": Message("order_report.next.recovery"),
            "handover": {"cancel_dates": "\n".join(iso_day(day) for day, _ in cancelled)},
        },
    ]


def _service_name(value: str) -> str | Message:
    """A ``ship-service-level`` value as it is shown (a blank one in words)."""
    return report_errors.shown(value) or Message("order_report.blank")


def service_options(report: reports.Report) -> list[dict[str, Any]]:
    """The ``ship-service-level`` values of the merchant orders read, most orders first (at most
    :data:`MAX_SERVICE_OPTIONS`): ``[{value, label, count}]``, the label a message with the count."""
    counts: dict[str, int] = {}
    for value in report.services.values():
        if len(value) <= MAX_SERVICE_CHARS:
            counts[value] = counts.get(value, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_SERVICE_OPTIONS]
    return [
        {
            "value": value,
            "label": Message("order_report.service_option", service=_service_name(value), orders=Count(n, "orders")),
            "count": n,
        }
        for value, n in ranked
    ]


def run(values: dict[str, Any]) -> tuple[dict[str, Any], Display] | list[Problem]:
    """Parse the report, compute every window and describe it; or return problems."""
    policy: Policy = values["policy"]
    goal = read_target(policy, values["target_percent"])
    if goal is None:
        return [TARGET_REQUIRED]
    threshold, comparison = goal.threshold, goal.comparison
    try:
        report = reports.parse(values["report"], get_zone(policy.time_zone), policy.date_order)
    except report_errors.ReportError as exc:
        return [Problem(exc.code, "report", **_error_params(exc))]
    if not report.days:
        if report.skipped.get("other_fulfillment"):
            return [Problem("report_no_merchant_orders", "report")]
        if report.first_bad_date is not None:
            row, value = report.first_bad_date
            return [Problem("report_no_orders_dates", "report", row=report_errors.row_number(row), value=value)]
        return [Problem("report_no_orders", "report")]

    options = service_options(report)
    in_file = set(report.services.values())
    selected = values.get("service_levels") or []
    chosen = [v for v in selected if v in in_file]
    ignored = [v for v in selected if v not in in_file]
    scope = policy.counted_orders
    applied = bool(chosen) and scope is not None
    wanted = set(chosen)
    counted = report.only(oid for oid, service in report.services.items() if service in wanted) if applied else report

    if policy.unit == "units":
        weights, cancel_weights = counted.units, counted.cancelled_units
    else:
        weights = dict.fromkeys(counted.days, 1)
        cancel_weights = dict.fromkeys(counted.cancelled, 1)
    daily = daily_counts(counted.days, weights, cancel_weights)
    s = sweep(daily, policy, threshold, comparison)
    worst_end, worst_orders, worst_cancels = s.worst

    outputs = {
        **goal.outputs(policy),
        "format": report.kind,
        "orders": len(counted.days),
        "seller_cancels": len(counted.cancelled),
        "buyer_requested": len(counted.buyer_requested) if report.has_buyer_column else None,
        "item_level_cancels": len(counted.item_only),
        "unknown_channel_cancels": len(counted.unknown_channel_orders),
        "values": {column: report_findings.values_json(report, column) for column in report.values},
        "units": sum(counted.units.values()),
        "cancelled_units": sum(counted.cancelled_units.values()),
        "merchant_orders": len(report.days),
        "services_counted": chosen if applied else None,
        "service_level_options": options,
        "services_ignored": ignored,
        "first_date": iso_day(s.first),
        "last_date": iso_day(s.last),
        "window_count": s.total,
        "windows": s.listed,
        "windows_omitted": s.omitted,
        "worst": {"end_date": iso_day(worst_end), "rate": float(Fraction(worst_cancels, worst_orders))},
        "breach_count": s.breach_count,
        "breach_dates": s.breach_dates,
        "few_orders_windows": s.few_orders,
        "skipped_rows": sum(report.skipped.values()),
        "skipped_reasons": dict(sorted(report.skipped.items())),
        "first_unreadable_date": None
        if report.first_bad_date is None
        else {"row": report.first_bad_date[0], "value": report.first_bad_date[1]},
        "dates_read": {
            "time_zone": policy.time_zone,
            "kinds": dict(sorted(report.date_kinds.items())),
            "year_last_order": report.year_last_order,
        },
        "rows": report.rows,
        "replaced_bytes": report.replaced_bytes,
        "calendar_events": calendar_events(daily, policy, threshold, comparison),
    }
    facts = Facts(
        policy,
        goal,
        report,
        counted,
        s,
        scope,
        chosen,
        ignored,
        applied,
        longest_gap(daily),
        outputs["calendar_events"],
    )
    display = _display(facts)
    outputs["next"] = next_steps(policy, counted, s.last)
    display["next"] = {"value": "", "explanation": ""}
    # the calendar file is an output of kind "file" ({"filename", "media_type", "text"}; None without dates)
    outputs["calendar"] = display["calendar"].pop("file", None)
    return outputs, display


def _error_params(exc: report_errors.ReportError) -> dict[str, Any]:
    """A reading error's parameters as the message takes them: missing columns in words, counts as counts."""
    params = dict(exc.params)
    if "missing" in params:
        names = [Message(COLUMN_WORDS[name]) for name in params["missing"]]
        params["missing"] = listed(names, "order_report.column.list")
    if "n" in params:
        params["n"] = Count(params["n"], "orders")
    return params


def _window_label(end: int, window_days: int, first: int) -> str:
    return f"{iso_day(max(first, end - window_days + 1))} – {iso_day(end)}"


def _rate(cancels: int, orders: int) -> Percent:
    return Percent(Fraction(cancels, orders))


@dataclass(frozen=True)
class Facts:
    """What the display says, computed by :func:`run`: the report as read and the part of it counted (only the
    chosen shipping services when ``applied``), the windows' summary, the policy's ``counted_orders`` scope,
    the services chosen and ignored, the longest gap between order days and the calendar's events."""

    policy: Policy
    goal: Goal
    report: reports.Report
    counted: reports.Report
    summary: Summary
    scope: dict[str, str] | None
    chosen: list[str]
    ignored: list[str]
    applied: bool
    gap: tuple[int, int] | None
    calendar: list[dict[str, Any]]


def _display(c: Facts) -> Display:
    policy = c.policy
    report = c.report
    counted = c.counted
    s = c.summary
    unit = policy.unit
    n_days = policy.window_days
    target = c.goal.target
    goal = c.goal.word
    d: Display = {}

    orders = len(counted.days)
    cancels = len(counted.cancelled)
    read: list[Message] = [Message("order_report.orders.read", format=Message(FORMATS[report.kind]), n=report.rows)]
    if report.replaced_bytes:
        read.append(Message("order_report.orders.replaced", n=report.replaced_bytes))
    if c.applied:
        read.append(Message("order_report.orders.filtered", merchant=len(report.days)))
    if unit == "units":
        read.append(
            Message(
                "order_report.orders.units",
                total=Count(sum(counted.units.values()), "units"),
                cancelled=Count(sum(counted.cancelled_units.values()), "units"),
            )
        )
    d["orders"] = {"value": Count(orders, "orders"), "explanation": Sentences(*read)}

    item_only = len(counted.item_only)
    status: list[Message] = []
    if report.has_buyer_column:
        status.append(Message("order_report.seller_cancels.buyer_column", column=report_findings.BUYER_COLUMN))
    else:
        status.append(Message("order_report.seller_cancels.upper_bound", column=report_findings.BUYER_COLUMN))
    if item_only:
        status.append(Message("order_report.seller_cancels.item_level", n=Count(item_only, "orders")))
    status.extend(report_findings.value_warnings(report, counted))
    d["seller_cancels"] = {"value": Count(cancels, "orders"), "explanation": Sentences(*status)}
    d["buyer_requested"] = report_findings.buyer_requested(report, counted)
    d["values_found"] = report_findings.values_table(report)
    d["item_level_cancels"] = report_findings.item_level(report, item_only, unit)
    d["services_counted"] = _services(c)
    d["first_date"] = {"value": iso_day(s.first), "explanation": _dates_sentence(c)}
    d["last_date"] = {
        "value": iso_day(s.last),
        "explanation": Message("order_report.last_date.windows", n=s.total, days=n_days),
    }
    every = Message("order_report.windows.every_day", days=n_days, first_days=n_days - 1)
    if s.omitted:
        every = Sentences(
            every,
            Message("order_report.windows.omitted", listed=len(s.listed), empty=s.total - s.with_orders),
        )
    d["windows"] = {"value": Message("order_report.window_count", n=s.total), "explanation": every}
    worst_end, worst_orders, worst_cancels = s.worst
    pct = _rate(worst_cancels, worst_orders)
    d["worst"] = {
        "value": Message("order_report.worst.value", rate=pct, date=iso_day(worst_end)),
        "explanation": Message(
            "order_report.worst.explanation",
            window=_window_label(worst_end, n_days, s.first),
            orders=Count(worst_orders, unit),
            cancels=Count(worst_cancels, unit),
            rate=pct,
        ),
    }
    d["breach_dates"] = _breaches_sentence(c, target, goal)
    d["skipped_rows"] = report_findings.skipped(report)
    d["chart"] = {
        "value": "",
        "explanation": _chart_desc(s, target, goal, with_worst=True),
        "svg": _chart(s, c.goal.threshold, target, goal, n_days, c.goal.origin),
    }
    if not s.breach_count:
        note: Message | str = Message("order_report.breaches.none", goal=goal)
    elif s.breach_count > MAX_TABLE_ROWS:
        note = Message("order_report.breaches.first_only", n=MAX_TABLE_ROWS)
    else:
        note = ""
    d["breaches"] = {
        "value": Message("order_report.window_count", n=s.breach_count),
        "explanation": note,
        "table": _breach_table(counted, s, n_days, unit, goal),
    }
    d["calendar"] = _calendar(policy, c.calendar, s.last, target, goal)
    return d


def _calendar(policy: Policy, events: list[dict[str, Any]], last: int, target: Target, goal: Message) -> dict:
    """:func:`calendar_events` as an ``.ics`` file (:mod:`cancelrate.reminders`), in the page's language."""
    today = date.fromordinal(last)
    if not events:
        return {"value": "—", "explanation": Message("order_report.calendar.none", today=today, goal=goal)}
    edge = Message("common.calendar.edge", days=policy.window_days)
    back = Sentences(Message("order_report.calendar.back_description", today=today, goal=goal, target=target), edge)
    return {
        "value": Message("common.calendar.value", n=len(events)),
        "explanation": Sentences(Message("order_report.calendar.explanation", today=today, goal=goal), edge),
        "file": calendar_output(policy, events, today, goal, back, leaves_note=edge),
    }


def _services(c: Facts) -> dict[str, Any]:
    report: reports.Report = c.report
    scope = c.scope
    ignored: list[Message] = []
    if c.ignored:
        names = [
            Message("order_report.services.quoted", value=report_errors.shown(v))
            for v in c.ignored[: report_findings.MAX_NAMED]
        ]
        ignored.append(Message("order_report.services.ignored", names=listed(names, "order_report.services.list")))
    if scope is None:
        unused = [Message("order_report.services.unused")] if c.chosen else []
        return {
            "value": Message("order_report.services.all"),
            "explanation": Sentences(Message("order_report.services.every_order"), *unused, *ignored),
        }
    what = Localized(scope)
    if not report.has_services:
        return {
            "value": Message("order_report.services.all_approximate"),
            "explanation": Message("order_report.services.no_column", what=what),
        }
    if not c.applied:
        return {
            "value": Message("order_report.services.all_approximate"),
            "explanation": Sentences(Message("order_report.services.none_chosen", what=what), *ignored),
        }
    chosen = c.chosen
    shown: Any = listed([_service_name(v) for v in chosen[: report_findings.MAX_NAMED]], "order_report.services.list")
    if len(chosen) > report_findings.MAX_NAMED:
        shown = Message("order_report.more", shown=shown, more=len(chosen) - report_findings.MAX_NAMED)
    counted = Message("order_report.services.chosen", what=what, n=len(c.counted.days), merchant=len(report.days))
    return {"value": shown, "explanation": Sentences(counted, *ignored)}


def _dates_sentence(c: Facts) -> Sentences:
    policy: Policy = c.policy
    report: reports.Report = c.report
    zone = policy.time_zone
    kinds = report.date_kinds
    parts: list[Message] = []
    if zone is None:
        parts.append(Message("order_report.dates.as_written"))
    else:
        name = Message(ZONE_NAMES[zone]) if zone in ZONE_NAMES else zone
        parts.append(Message("order_report.dates.offset", zone=name))
        if kinds.get(report_dates.NAIVE_UTC):
            parts.append(Message("order_report.dates.naive_utc", n=kinds[report_dates.NAIVE_UTC]))
        if kinds.get(report_dates.NAIVE_LOCAL):
            parts.append(Message("order_report.dates.naive_local", n=kinds[report_dates.NAIVE_LOCAL]))
    if kinds.get(report_dates.DATE_ONLY) and zone is not None:
        parts.append(Message("order_report.dates.date_only", n=kinds[report_dates.DATE_ONLY]))
    order = report.year_last_order
    if order is not None:
        words = Message(DATE_ORDERS[order])
        if report.year_last_evidence is None:
            parts.append(Message("order_report.dates.year_last", order=words))
        else:
            row, value = report.year_last_evidence
            parts.append(
                Message(
                    "order_report.dates.year_last_settled", order=words, row=report_errors.row_number(row), value=value
                )
            )
    gap = c.gap
    if gap is not None:
        a, b = gap
        parts.append(Message("order_report.dates.gap", start=iso_day(a), end=iso_day(b), days=b - a - 1))
    return Sentences(*parts)


def _breaches_sentence(c: Facts, target: Target, goal: Message) -> dict[str, Any]:
    s: Summary = c.summary
    policy: Policy = c.policy
    parts: list[Message] = []
    if s.breach_count:
        value: Count | Message = Count(s.breach_count, "days")
        parts.append(
            Message(
                "order_report.breach_dates.missed",
                goal=goal,
                target=target,
                first=iso_day(s.breach_first),
                last=iso_day(s.breach_last),
            )
        )
        if s.breach_count > len(s.breach_dates):
            parts.append(Message("order_report.breach_dates.first_only", n=len(s.breach_dates)))
    else:
        value = Message("order_report.breach_dates.none")
        parts.append(Message("order_report.breach_dates.met", goal=goal, target=target))
    if s.few_orders is not None:
        parts.append(
            Message("order_report.breach_dates.few_orders", need=MinOrders(policy.min_orders), few=s.few_orders)
        )
    return {"value": value, "explanation": Sentences(*parts)}


def _line_chart(*, target_y: float, target_label: str, **chart: Any) -> str:
    """:func:`cancelrate.charts.line_chart` with the target line's label as its own (rendered) parameter."""
    return line_chart(target=(target_y, target_label), **chart)


def _chart(s: Summary, threshold: Fraction, target: Target, goal: Message, n_days: int, origin: str) -> Deferred:
    points: list[tuple[float, float | None]] = []
    marked: list[tuple[float, float]] = []
    for item in s.chart:
        if item is None:
            points.append((points[-1][0], None))
            continue
        end, orders, cancels, meets = item
        x, y = float(end - s.first), float(Fraction(cancels, orders))
        points.append((x, y))
        if not meets:
            marked.append((x, y))
    top = max([y for _, y in points if y is not None] + [float(threshold) * 2])
    y_max = next((m for m in NICE_Y_MAX if top <= m), 1.0)
    span = s.last - s.first
    ticks = sorted({round(span * i / 4) for i in range(4)})  # no label at the right edge, where it would be cut
    return Deferred(
        _line_chart,
        chart_id="order-report-chart",
        title=Message(OUTPUTS["chart"]["label"]),
        desc=_chart_desc(s, target, goal, with_worst=False),
        x_label=Message("order_report.chart.x_label", days=n_days),
        y_label=Message("order_report.chart.y_label"),
        points=points,
        x_ticks=[(float(t), iso_day(s.first + t)) for t in ticks],
        x_range=(0.0, float(max(span, 1))),
        y_max=y_max,
        y_tick_format=lambda v: f"{round(v * 100, 2):g}%",
        target_y=float(threshold),
        target_label=Message(CHART_TARGET[origin], target=target),
        marked=marked,
    )


def _chart_desc(s: Summary, target: Target, goal: Message, *, with_worst: bool) -> Sentences:
    parts: list[Message] = [
        Message(
            "order_report.chart.windows",
            start=iso_day(s.first),
            end=iso_day(s.last),
            n=s.total,
            missed=s.breach_count,
            goal=goal,
            target=target,
        )
    ]
    if s.with_orders < s.total:
        parts.append(Message("order_report.chart.gaps"))
    if with_worst:
        end, orders, cancels = s.worst
        parts.append(Message("order_report.chart.highest", rate=_rate(cancels, orders), date=iso_day(end)))
    return Sentences(*parts)


def _breach_table(report: reports.Report, s: Summary, n_days: int, unit: str, goal: Message) -> dict[str, Any]:
    by_day: dict[int, list[str]] = {}
    for oid in report.cancelled:
        by_day.setdefault(report.days[oid], []).append(oid)
    for ids in by_day.values():
        ids.sort()
    rows = []
    for end, orders, cancels in s.table:
        ids: list[str] = []
        for day in range(max(s.first, end - n_days + 1), end + 1):
            ids.extend(by_day.get(day, ()))
        cells = [
            Message("order_report.table.partly", id=report_errors.shown(oid))
            if oid in report.item_only
            else report_errors.shown(oid)
            for oid in ids[:MAX_IDS_PER_ROW]
        ]
        shown: Any = listed(cells, "order_report.table.ids") if cells else ""
        if len(ids) > MAX_IDS_PER_ROW:
            shown = Message("order_report.more", shown=shown, more=len(ids) - MAX_IDS_PER_ROW)
        rows.append(
            [
                _window_label(end, n_days, s.first),
                Number(orders),
                Number(cancels),
                _rate(cancels, orders),
                shown,
            ]
        )
    orders_column, cancelled_column = COLUMNS[unit]
    return {
        "caption": Message("order_report.table.caption", goal=goal),
        "columns": [
            Message("order_report.table.window"),
            Message(orders_column),
            Message(cancelled_column),
            Message("order_report.table.rate"),
            Message("order_report.table.ids_column"),
        ],
        "rows": rows,
    }
