"""What the order report's page says about the file itself: the values of its status and channel columns
and how each was counted, the buyers' requests, item-level cancellations and the rows it skipped.

Used by :mod:`cancelrate.tools.order_report`; no language here (catalog keys, typed values).
"""

from __future__ import annotations

from typing import Any

from . import report_errors, report_values, reports
from .phrases import Count, Message, Number, Sentences, listed

MAX_NAMED = 5
"""The most chosen shipping services named in a sentence (then "and 3 more")."""
SKIP_REASONS = {
    "other_fulfillment": "order_report.skip.other_fulfillment",
    "unknown_channel": "order_report.skip.unknown_channel",
    "bad_date": "order_report.skip.bad_date",
    "missing_order_id": "order_report.skip.missing_order_id",
    "short_row": "order_report.skip.short_row",
    "shifted_row": "order_report.skip.shifted_row",
}
"""Why a row was not counted, by the reason code of :mod:`cancelrate.reports` (another code is shown as it is)."""

VALUE_KINDS = {
    report_values.CANCELLED: "order_report.values.cancelled",
    report_values.NOT_CANCELLED: "order_report.values.not_cancelled",
    report_values.UNKNOWN: "order_report.values.unknown",
    report_values.BUYER_CANCELLED: "order_report.values.buyer_cancelled",
    report_values.MERCHANT: "order_report.values.merchant",
    report_values.OTHER_FULFILLMENT: "order_report.values.other_fulfillment",
    report_values.UNKNOWN_CHANNEL: "order_report.values.unknown_channel",
    "others": "order_report.values.others",
}
"""How a value of a status or channel column was counted (:func:`cancelrate.reports.value_kinds`), in words."""
COLUMN_NAMES = {
    "amazon": {
        "order_status": reports.AMAZON_COLUMNS["status"],
        "item_status": reports.AMAZON_OPTIONAL["item_status"],
        "channel": reports.AMAZON_COLUMNS["channel"],
    },
    "generic": {"order_status": reports.GENERIC_HEADERS["status"][0], "channel": reports.GENERIC_HEADERS["channel"][0]},
}
"""The header name of a tallied column, as the file's format writes it."""
MAX_VALUES_LISTED = 30
"""The most values of one column listed in the table and the data (the rest are summed up)."""
BUYER_COLUMN = report_values.AMAZON_BUYER_REQUESTED
ITEM_RULE = {"amazon": "order_report.item_level.rule_amazon", "generic": "order_report.item_level.rule_generic"}


def values_json(report: reports.Report, column: str) -> list[dict[str, Any]]:
    """The data of :func:`cancelrate.reports.value_kinds`: ``[{value, rows, counted_as}]``, at most
    :data:`MAX_VALUES_LISTED` (the rest as one ``others`` entry)."""
    listed = reports.value_kinds(report, column)
    head, rest = listed[:MAX_VALUES_LISTED], listed[MAX_VALUES_LISTED:]
    out = [{"value": report_errors.shown(v), "rows": n, "counted_as": kind} for v, n, kind in head]
    if rest:
        out.append({"value": "", "rows": sum(n for _, n, _ in rest), "counted_as": "others"})
    return out


def value_name(value: str) -> Message:
    return (
        Message("order_report.services.quoted", value=report_errors.shown(value))
        if value
        else Message("order_report.blank")
    )


def named(values: list[str]) -> Any:
    """Up to :data:`MAX_NAMED` values from the file in running text (then "and 3 more")."""
    names: Any = listed([value_name(v) for v in values[:MAX_NAMED]], "order_report.services.list")
    if len(values) > MAX_NAMED:
        names = Message("order_report.more", shown=names, more=len(values) - MAX_NAMED)
    return names


def value_warnings(report: reports.Report, counted: reports.Report) -> list[Message]:
    """The sentences next to the count about the values that were not recognised: unknown statuses (the
    count may be low), unknown channels (their cancelled orders counted), unreadable buyer-request values."""
    parts: list[Message] = []
    names = COLUMN_NAMES[report.kind]
    for column in ("order_status", "item_status"):
        if column not in report.values:
            continue
        kinds = reports.value_kinds(report, column)
        unknown = [v for v, _, kind in kinds if kind == report_values.UNKNOWN]
        if unknown:  # values beyond those tallied ("others") may hide more: their rows are in the count
            parts.append(
                Message(
                    "order_report.seller_cancels.unknown_status",
                    column=names[column],
                    values=named(unknown),
                    n=sum(n for _, n, kind in kinds if kind in (report_values.UNKNOWN, "others")),
                )
            )
    if "channel" in report.values:
        unknown = [v for v, _, kind in reports.value_kinds(report, "channel") if kind == report_values.UNKNOWN_CHANNEL]
        if unknown:
            parts.append(
                Message(
                    "order_report.seller_cancels.unknown_channel",
                    column=names["channel"],
                    values=named(unknown),
                    n=Count(len(counted.unknown_channel_orders), "orders"),
                )
            )
    if report.buyer_values:
        values = sorted((v for v in report.buyer_values if v is not None), key=lambda v: -report.buyer_values[v])
        parts.append(
            Message(
                "order_report.seller_cancels.buyer_unknown",
                column=BUYER_COLUMN,
                values=named(values) if values else Message("order_report.values.others"),
                n=sum(report.buyer_values.values()),
            )
        )
    return parts


def buyer_requested(report: reports.Report, counted: reports.Report) -> dict[str, Any]:
    """The cancellations a buyer requested through Amazon's own request, when the file can tell them."""
    if not report.has_buyer_column:
        return {
            "value": Message("order_report.buyer_requested.no_column_value"),
            "explanation": Message("order_report.buyer_requested.no_column", column=BUYER_COLUMN),
        }
    n = len(counted.buyer_requested)
    return {
        "value": Message("order_report.buyer_requested.value", n=Count(n, "orders")),
        "explanation": Message("order_report.buyer_requested.explanation", column=BUYER_COLUMN),
    }


def values_table(report: reports.Report) -> dict[str, Any]:
    """Every value of the status and channel columns, with its rows and how it was counted."""
    names = COLUMN_NAMES[report.kind]
    rows: list[list[Any]] = []
    for column in reports.VALUE_COLUMNS:
        if column not in report.values:
            continue
        for item in values_json(report, column):
            value = item["value"]
            rows.append(
                [
                    names[column],
                    (Message("order_report.services.quoted", value=value) if value else Message("order_report.blank"))
                    if item["counted_as"] != "others"
                    else "",
                    Number(item["rows"]),
                    Message(VALUE_KINDS[item["counted_as"]]),
                ]
            )
    return {
        "value": Message("order_report.values.value", n=len(rows)),
        "explanation": Message("order_report.values.explanation"),
        "table": {
            "caption": Message("order_report.values.caption"),
            "columns": [
                Message("order_report.values.column"),
                Message("order_report.values.value_column"),
                Message("order_report.values.rows"),
                Message("order_report.values.counted_as"),
            ],
            "rows": rows,
        },
    }


def item_level(report: reports.Report, item_only: int, unit: str) -> dict[str, Any]:
    parts: list[Message] = [Message(ITEM_RULE[report.kind]), Message("order_report.item_level.safe_side")]
    if unit == "units":
        parts.append(Message("order_report.item_level.units"))
    if report.kind == "amazon" and not report.has_item_status:
        parts.append(Message("order_report.item_level.no_item_status"))
    elif not item_only:
        parts.append(Message("order_report.item_level.none"))
    else:
        parts.append(Message("order_report.item_level.without_assumption"))
    return {"value": Count(item_only, "orders"), "explanation": Sentences(*parts)}


def skipped(report: reports.Report) -> dict[str, Any]:
    skipped = sum(report.skipped.values())
    parts: list[Message] = []
    if skipped:
        reasons = [
            Message(
                "order_report.skipped.reason", reason=Message(SKIP_REASONS[code]) if code in SKIP_REASONS else code, n=n
            )
            for code, n in sorted(report.skipped.items())
        ]
        parts.append(Message("order_report.skipped.reasons", reasons=listed(reasons)))
    else:
        parts.append(Message("order_report.skipped.none"))
    if report.first_bad_date is not None:
        row, value = report.first_bad_date
        parts.append(Message("order_report.skipped.first_bad_date", row=report_errors.row_number(row), value=value))
    if report.joined_lines or report.realigned_rows:
        parts.append(
            Message("order_report.skipped.repaired", joined=report.joined_lines, realigned=report.realigned_rows)
        )
    return {"value": Message("order_report.skipped.value", n=skipped), "explanation": Sentences(*parts)}
