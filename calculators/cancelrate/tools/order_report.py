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

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from itertools import pairwise
from typing import Any

from .. import messages, reports
from ..charts import line_chart
from ..inputs import TARGET_PERCENT, Field, fraction_json, read_target
from ..numbers import format_number, format_percent
from ..policies import Policy, has_fixed_window
from ..text import count_phrase, min_orders_phrase, target_phrase
from ..timezones import get_zone
from ..windows import daily_counts, rolling, span_windows

TITLE = {"ja": "注文レポートの分析", "en": "Order report analysis"}

MAX_TABLE_ROWS = 400
MAX_IDS_PER_ROW = 20
MAX_LISTED = 4000
"""The most windows (and breach dates) listed in the outputs: every day of about ten years."""
MAX_CHART_POINTS = 600
MAX_SERVICE_OPTIONS = 50
LONG_GAP_DAYS = 366
"""A stretch without orders longer than this is pointed out (a mistyped year?)."""
NICE_Y_MAX = (0.02, 0.04, 0.08, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0)
"""Chart tops whose quarter ticks are round percentages."""

ZONE_NAMES = {
    "Asia/Tokyo": {"ja": "日本時間", "en": "Japan time"},
    "America/Los_Angeles": {
        "ja": "米国太平洋時間(夏時間の規則つき)",
        "en": "US Pacific time (with US daylight saving)",
    },
    "UTC": {"ja": "協定世界時(UTC)", "en": "UTC"},
}

FIELDS = [
    Field(
        "policy",
        "policy",
        {"ja": "基準(マーケットプレイスと指標)", "en": "Policy (marketplace and metric)"},
        {
            "ja": "目標値・集計期間・日付の区切り(時差)はこの基準のものを使います。",
            "en": "The target, the window and the local time for dates come from this policy.",
        },
        example="amazon_jp",
        policy_filter=has_fixed_window,
    ),
    Field(
        "report",
        "file",
        {"ja": "注文レポート(TXT / CSV)", "en": "order report (TXT / CSV)"},
        {
            "ja": "ファイルはこのブラウザの中だけで読み取り、どこにも送信しません。ここにドラッグ&ドロップもできます。",
            "en": "The file is read inside this browser only and is never uploaded. You can also drop it here.",
        },
        accept=".txt,.tsv,.csv,text/plain,text/csv,text/tab-separated-values",
        maximum=reports.MAX_BYTES,
    ),
    Field(
        "service_levels",
        "choices",
        {"ja": "数える配送サービス(任意)", "en": "shipping services to count (optional)"},
        {
            "ja": "お急ぎ便関連プログラムやマケプレプライムの基準は、その注文だけで数えます。ファイルを選ぶと、"
            "ship-service-level 列の値が注文数つきでここに並びます。該当する値を選んでください。"
            "何も選ばなければ、出品者出荷のすべての注文を数えます(概算)。",
            "en": "Premium Shipping and Seller Fulfilled Prime count only their own orders. Once you choose a file, "
            "the values of its ship-service-level column appear here with their order counts: tick the ones "
            "that apply. With none ticked, every merchant-fulfilled order counts (an approximation).",
        },
        required=False,
        choices_from="service_level_options",
        max_items=MAX_SERVICE_OPTIONS,
        max_length=200,
    ),
    TARGET_PERCENT,
]

OUTPUTS = {
    "orders": {"ja": "対象の注文数", "en": "Orders counted"},
    "seller_cancels": {"ja": "キャンセルされた注文", "en": "Cancelled orders"},
    "item_level_cancels": {
        "ja": "一部の商品だけのキャンセルで数えた注文",
        "en": "Counted only because some items were cancelled",
    },
    "services_counted": {"ja": "数えた配送サービス", "en": "Shipping services counted"},
    "first_date": {"ja": "最初の注文日", "en": "First order date"},
    "last_date": {"ja": "最後の注文日", "en": "Last order date"},
    "worst": {"ja": "最も高かった期間", "en": "Worst window"},
    "breach_dates": {"ja": "目標を外れた日", "en": "Days the target was missed"},
    "windows": {"ja": "計算した期間", "en": "Windows computed"},
    "skipped_rows": {"ja": "数えなかった行", "en": "Rows not counted"},
    "chart": {"ja": "期間ごとのキャンセル率", "en": "Cancel rate per window", "kind": "chart"},
    "breaches": {"ja": "目標を外れた期間と原因の注文", "en": "Windows that missed the target", "kind": "table"},
}

SKIP_REASONS = {
    "other_fulfillment": {"ja": "出品者出荷以外(FBA など)", "en": "not merchant-fulfilled (FBA etc.)"},
    "unknown_channel": {
        "ja": "fulfillment-channel の値が不明(Merchant・MFN・Amazon・AFN 以外)",
        "en": "unknown fulfillment-channel value (not Merchant, MFN, Amazon or AFN)",
    },
    "bad_date": {"ja": "日付が読めない・空欄", "en": "missing or unreadable date"},
    "missing_order_id": {"ja": "注文番号が空欄", "en": "no order id"},
    "short_row": {"ja": "列が足りない", "en": "too few columns"},
    "shifted_row": {
        "ja": "列が多すぎて、どの値がどの列か分からない",
        "en": "more columns than the header, so values cannot be matched to columns",
    },
}


def _iso(day: int) -> str:
    return date.fromordinal(day).isoformat()


@dataclass
class Summary:
    """What the sweep over the windows found (everything bounded in size)."""

    first: int
    last: int
    total: int
    with_orders: int = 0
    listed: list[dict[str, Any]] = field(default_factory=list)
    omitted: int = 0
    worst: tuple[int, int, int] | None = None
    breach_count: int = 0
    breach_first: int | None = None
    breach_last: int | None = None
    breach_dates: list[str] = field(default_factory=list)
    table: list[tuple[int, int, int]] = field(default_factory=list)
    few_orders: int | None = None
    chart: list[tuple[int, int, int, bool] | None] = field(default_factory=list)


def _window_json(end: int, orders: int, cancels: int, meets: bool) -> dict[str, Any]:
    return {
        "end_date": _iso(end),
        "orders": orders,
        "cancels": cancels,
        "rate": None if orders == 0 else float(Fraction(cancels, orders)),
        "meets_target": meets,
    }


def _sweep(daily, policy: Policy, threshold: Fraction, comparison: str) -> Summary:
    """One pass over the windows with orders (see :func:`cancelrate.windows.rolling`)."""
    first, last = daily[0][0], daily[-1][0]
    total = span_windows(daily)
    every_day = total <= MAX_LISTED
    s = Summary(first, last, total)
    gate = policy.min_orders if policy.unit == "orders" else None
    if gate:
        count = int(gate["count"])
        short = count + 1 if gate.get("comparison", "gt") == "gt" else count  # fewest orders that pass
        s.few_orders = 0
    buckets: dict[int, tuple[int, int, int, bool]] = {}
    previous = first - 1
    for end, orders, cancels, meets in rolling(daily, policy.window_days, threshold, comparison):
        s.with_orders += 1
        if every_day:
            for empty in range(previous + 1, end):
                s.listed.append(_window_json(empty, 0, 0, True))
        previous = end
        if len(s.listed) < MAX_LISTED:
            s.listed.append(_window_json(end, orders, cancels, meets))
        if s.worst is None or cancels * s.worst[1] > s.worst[2] * orders:  # higher rate; the earliest on ties
            s.worst = (end, orders, cancels)
        if not meets:
            s.breach_count += 1
            s.breach_last = end
            if s.breach_first is None:
                s.breach_first = end
            if len(s.breach_dates) < MAX_LISTED:
                s.breach_dates.append(_iso(end))
            if len(s.table) < MAX_TABLE_ROWS:
                s.table.append((end, orders, cancels))
        if gate and orders < short:
            s.few_orders += 1
        key = (end - first) * MAX_CHART_POINTS // total
        held = buckets.get(key)
        if held is None or cancels * held[1] > held[2] * orders:
            buckets[key] = (end, orders, cancels, meets)
    if gate:
        s.few_orders += total - s.with_orders  # windows without any order
    s.omitted = total - len(s.listed)
    # the chart: the highest rate of each stretch, with a break where stretches are not adjacent
    prev_key = None
    for key in sorted(buckets):
        if prev_key is not None and key > prev_key + 1 and buckets[key][0] - buckets[prev_key][0] > 1:
            s.chart.append(None)
        s.chart.append(buckets[key])
        prev_key = key
    return s


def service_options(report: reports.Report, lang: str) -> list[dict[str, Any]]:
    """The ``ship-service-level`` values of the merchant orders read, most orders first (at most
    :data:`MAX_SERVICE_OPTIONS`): ``[{value, label, count}]``, the label in ``lang`` with the count."""
    counts: dict[str, int] = {}
    for value in report.services.values():
        if len(value) <= FIELDS[2].max_length:
            counts[value] = counts.get(value, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_SERVICE_OPTIONS]
    blank = "(空欄)" if lang == "ja" else "(blank)"
    return [
        {
            "value": value,
            "label": (
                f"{reports.shown(value) or blank}({format_number(n)} 件)"
                if lang == "ja"
                else f"{reports.shown(value) or blank} ({format_number(n)} order{'' if n == 1 else 's'})"
            ),
            "count": n,
        }
        for value, n in ranked
    ]


def run(values: dict[str, Any], lang: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]] | list[dict]:
    """Parse the report, compute every window and describe it; or return error records."""
    policy: Policy = values["policy"]
    target = read_target(policy, values["target_percent"], lang)
    if isinstance(target, dict):
        return [target]
    threshold, comparison, origin = target
    label = FIELDS[1].label[lang]
    try:
        report = reports.parse(values["report"], get_zone(policy.time_zone), policy.date_order)
    except reports.ReportError as exc:
        return [messages.error(exc.code, lang, "report", label, **exc.params)]
    if not report.days:
        if report.skipped.get("other_fulfillment"):
            return [messages.error("report_no_merchant_orders", lang, "report", label)]
        if report.first_bad_date is not None:
            row, value = report.first_bad_date
            return [messages.error("report_no_orders_dates", lang, "report", label, row=row, value=value)]
        return [messages.error("report_no_orders", lang, "report", label)]

    options = service_options(report, lang)
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
    s = _sweep(daily, policy, threshold, comparison)
    worst_end, worst_orders, worst_cancels = s.worst

    outputs = {
        "policy": policy.id,
        "format": report.kind,
        "unit": policy.unit,
        "window_days": policy.window_days,
        "threshold": fraction_json(threshold),
        "comparison": comparison,
        "target_origin": origin,
        "orders": len(counted.days),
        "seller_cancels": len(counted.cancelled),
        "item_level_cancels": len(counted.item_only),
        "units": sum(counted.units.values()),
        "cancelled_units": sum(counted.cancelled_units.values()),
        "merchant_orders": len(report.days),
        "services_counted": chosen if applied else None,
        "service_level_options": options,
        "services_ignored": ignored,
        "first_date": _iso(s.first),
        "last_date": _iso(s.last),
        "window_count": s.total,
        "windows": s.listed,
        "windows_omitted": s.omitted,
        "worst": {"end_date": _iso(worst_end), "rate": float(Fraction(worst_cancels, worst_orders))},
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
    }
    context = {
        "policy": policy,
        "report": report,
        "counted": counted,
        "summary": s,
        "threshold": threshold,
        "comparison": comparison,
        "origin": origin,
        "scope": scope,
        "chosen": chosen,
        "ignored": ignored,
        "applied": applied,
        "gap": _longest_gap(daily),
    }
    return outputs, _display(context, lang)


def _longest_gap(daily) -> tuple[int, int] | None:
    """The two consecutive order days furthest apart, when more than :data:`LONG_GAP_DAYS` apart."""
    best = None
    for (a, _, _), (b, _, _) in pairwise(daily):
        if b - a > LONG_GAP_DAYS and (best is None or b - a > best[1] - best[0]):
            best = (a, b)
    return best


def _window_label(end: int, window_days: int, first: int) -> str:
    return f"{_iso(max(first, end - window_days + 1))} – {_iso(end)}"


def _rate_text(cancels: int, orders: int) -> str:
    return format_percent(Fraction(cancels, orders))


def _display(c: dict[str, Any], lang: str) -> dict[str, dict[str, Any]]:
    ja = lang == "ja"
    policy: Policy = c["policy"]
    report: reports.Report = c["report"]
    counted: reports.Report = c["counted"]
    s: Summary = c["summary"]
    unit = policy.unit
    n_days = policy.window_days
    target = target_phrase(c["threshold"], c["comparison"], lang)
    d: dict[str, dict[str, Any]] = {}

    orders = len(counted.days)
    cancels = len(counted.cancelled)
    unit_note = ""
    if unit == "units":
        total_units = sum(counted.units.values())
        cancelled_units = sum(counted.cancelled_units.values())
        unit_note = (
            f" この基準は個数で数えます: {count_phrase(total_units, 'units', lang)}のうち "
            f"{count_phrase(cancelled_units, 'units', lang)}がキャンセル。"
            if ja
            else f" This policy counts units: {count_phrase(cancelled_units, 'units', lang)} cancelled "
            f"out of {count_phrase(total_units, 'units', lang)}."
        )
    fmt = "Amazon 全注文レポート" if report.kind == "amazon" else "汎用 CSV"
    fmt_en = "an Amazon All Orders report" if report.kind == "amazon" else "a generic CSV"
    rows = format_number(report.rows)
    filtered = ""
    if c["applied"]:
        filtered = (
            f"選んだ配送サービスの注文だけを数えています(出品者出荷の {format_number(len(report.days))} 件のうち)。"
            if ja
            else f" Only the orders of the chosen shipping services are counted (of {format_number(len(report.days))} merchant-fulfilled orders)."
        )
    d["orders"] = {
        "value": count_phrase(orders, "orders", lang),
        "explanation": (
            f"{fmt}として読みました。{rows} 行から、出品者出荷の注文を 1 注文 1 件で数えています。{filtered}{unit_note}"
            if ja
            else f"Read as {fmt_en}: {rows} rows, merchant-fulfilled orders counted once each.{filtered}{unit_note}"
        ),
    }

    item_only = len(counted.item_only)
    included = ""
    if item_only:
        included = (
            f"このうち {count_phrase(item_only, 'orders', lang)}は、一部の商品だけがキャンセルされた注文です(下を参照)。"
            if ja
            else f" Of these, {count_phrase(item_only, 'orders', lang)} had only some items cancelled (see below)."
        )
    d["seller_cancels"] = {
        "value": count_phrase(cancels, "orders", lang),
        "explanation": (
            "キャンセル状態の注文の数です。購入者が公式の手続きでキャンセルした注文も区別できずに含まれるため、"
            f"実際より多め(上限)の数です。{included}"
            if ja
            else "Orders with a cancelled status. The report cannot tell the buyer's official cancellation requests "
            f"apart, so this is an upper bound.{included}"
        ),
    }
    d["item_level_cancels"] = _item_level(report, item_only, unit, lang)
    d["services_counted"] = _services(c, lang)
    d["first_date"] = {"value": _iso(s.first), "explanation": _dates_sentence(c, lang)}
    d["last_date"] = {
        "value": _iso(s.last),
        "explanation": (
            f"{format_number(s.total)} 日分の期間(各 {n_days} 日間)を計算しました。"
            if ja
            else f"{format_number(s.total)} windows of {n_days} days, one per day."
        ),
    }
    listed = ""
    if s.omitted:
        listed = (
            f"期間がとても長いため、一覧(データ)には注文を含む期間のうち最初の {format_number(len(s.listed))} 期間だけを載せています"
            f"(注文のない {format_number(s.total - s.with_orders)} 期間は率がないため省略)。"
            if ja
            else f" The span is very long, so the list (data) holds only the first {format_number(len(s.listed))} windows "
            f"with orders ({format_number(s.total - s.with_orders)} windows without orders have no rate and are left out)."
        )
    d["windows"] = {
        "value": f"{format_number(s.total)} 期間" if ja else f"{format_number(s.total)} windows",
        "explanation": (
            f"各日を最終日とする {n_days} 日間ごとに計算しました(最初の {n_days - 1} 日は、ファイルに含まれる日だけで計算)。{listed}"
            if ja
            else f"One {n_days}-day window ending on each day (the first {n_days - 1} hold only the days in the file).{listed}"
        ),
    }
    worst_end, worst_orders, worst_cancels = s.worst
    pct = _rate_text(worst_cancels, worst_orders)
    label = _window_label(worst_end, n_days, s.first)
    d["worst"] = {
        "value": f"{pct}({_iso(worst_end)})" if ja else f"{pct} ({_iso(worst_end)})",
        "explanation": (
            f"{label} の {count_phrase(worst_orders, unit, lang)}のうち "
            f"{count_phrase(worst_cancels, unit, lang)}がキャンセル: {format_number(worst_cancels)} ÷ {format_number(worst_orders)} = {pct}"
            if ja
            else f"{label}: {format_number(worst_cancels)} cancelled out of "
            f"{count_phrase(worst_orders, unit, lang)}, {format_number(worst_cancels)} ÷ {format_number(worst_orders)} = {pct}"
        ),
    }
    d["breach_dates"] = _breaches_sentence(c, target, lang)
    d["skipped_rows"] = _skipped(report, lang)
    d["chart"] = {
        "value": "",
        "explanation": _chart_desc(s, target, lang, with_worst=True),
        "svg": _chart(s, c["threshold"], target, n_days, lang),
    }
    d["breaches"] = {
        "value": f"{format_number(s.breach_count)} 期間" if ja else f"{format_number(s.breach_count)} windows",
        "explanation": "",
        "table": _breach_table(counted, s, n_days, unit, lang),
    }
    if not s.breach_count:
        d["breaches"]["explanation"] = "目標を外れた期間はありません。" if ja else "No window missed the target."
    elif s.breach_count > MAX_TABLE_ROWS:
        d["breaches"]["explanation"] = (
            f"表には最初の {MAX_TABLE_ROWS} 期間だけを載せています。"
            if ja
            else f"The table lists the first {MAX_TABLE_ROWS} windows only."
        )
    return d


def _item_level(report: reports.Report, item_only: int, unit: str, lang: str) -> dict[str, str]:
    ja = lang == "ja"
    if report.kind == "amazon":
        rule = (
            "注文の状態(order-status)はキャンセルではないのに、一部の商品の状態(item-status)がキャンセルになっている注文です。"
            if ja
            else "Orders whose order-status is not cancelled but where some items' item-status is."
        )
    else:
        rule = (
            "同じ注文番号の行のうち、一部だけがキャンセルになっている注文です。"
            if ja
            else "Orders where only some of the rows with the same order id are cancelled."
        )
    why = (
        "安全側に、出品者都合のキャンセルとして数えています。Amazon の英国・カナダなどのヘルプは、出品者による注文と"
        "商品のキャンセルをすべて数えると書いていますが、日本で商品単位のキャンセルが数えられるかは未確認です。"
        if ja
        else " On the safe side they are counted as seller cancellations: Amazon's help for the UK, Canada and other "
        "marketplaces says all order and item cancellations by the seller count; whether Japan counts item "
        "cancellations is unverified."
    )
    if unit == "units":
        why += (
            "個数で数える基準では、キャンセルされた商品の個数だけをキャンセルに数えます。"
            if ja
            else " This policy counts units: only the cancelled items' units count as cancelled."
        )
    effect = (
        (
            "この数が 0 なので、この前提は結果に影響していません。"
            if ja
            else " None here, so the assumption does not change the result."
        )
        if not item_only
        else (
            "この前提がなければ、これらは注文数にだけ入ります。"
            if ja
            else " Without this assumption they would count as orders only."
        )
    )
    if report.kind == "amazon" and not report.has_item_status:
        effect = (
            "このファイルには item-status の列がないため、商品単位のキャンセルは見分けられません。"
            if ja
            else " This file has no item-status column, so item cancellations cannot be seen."
        )
    return {"value": count_phrase(item_only, "orders", lang), "explanation": f"{rule}{why}{effect}"}


def _services(c: dict[str, Any], lang: str) -> dict[str, str]:
    ja = lang == "ja"
    report: reports.Report = c["report"]
    scope = c["scope"]
    ignored = ""
    if c["ignored"]:
        names = (
            "、".join(f"「{reports.shown(v)}」" for v in c["ignored"][:5])
            if ja
            else ", ".join(f'"{reports.shown(v)}"' for v in c["ignored"][:5])
        )
        ignored = (
            f"選んだ値のうち {names} はこのファイルにないため使っていません。"
            if ja
            else f" {names}: not in this file, so not used."
        )
    if scope is None:
        unused = ""
        if c["chosen"]:
            unused = (
                "選んだ配送サービスはこの基準では使いません。" if ja else " The services you chose are not used for it."
            )
        return {
            "value": "すべて" if ja else "All",
            "explanation": (
                f"この基準は出品者出荷のすべての注文を数えるため、配送サービスでは絞り込みません。{unused}{ignored}"
                if ja
                else f"This policy counts every merchant-fulfilled order, so shipping services are not filtered.{unused}{ignored}"
            ),
        }
    what = scope[lang]
    if not report.has_services:
        return {
            "value": "すべて(概算)" if ja else "All (approximate)",
            "explanation": (
                f"この基準は{what}だけで数えますが、このファイルには ship-service-level の列がないため、"
                "出品者出荷のすべての注文を数えました。実際の率とは違うことがある概算です。"
                if ja
                else f"This policy counts {what} only, but this file has no ship-service-level column, so every "
                "merchant-fulfilled order was counted: an approximation that can differ from the real rate."
            ),
        }
    if not c["applied"]:
        return {
            "value": "すべて(概算)" if ja else "All (approximate)",
            "explanation": (
                f"この基準は{what}だけで数えます。今は出品者出荷のすべての注文を数えた概算です。"
                "上の「数える配送サービス」で該当する ship-service-level の値を選ぶと、その注文だけで計算します"
                f"(どの値が該当するかは Amazon の資料で確認できていません: 未確認)。{ignored}"
                if ja
                else f"This policy counts {what} only. For now every merchant-fulfilled order is counted: an "
                "approximation. Tick the ship-service-level values that apply under \u201cshipping services to count\u201d "
                "above to count those orders only (which values apply is not confirmed by Amazon's documents: "
                f"unverified).{ignored}"
            ),
        }
    chosen = c["chosen"]
    shown = ("、" if ja else ", ").join(reports.shown(v) or ("(空欄)" if ja else "(blank)") for v in chosen[:5])
    if len(chosen) > 5:
        shown += f" ほか {len(chosen) - 5} 件" if ja else f" and {len(chosen) - 5} more"
    n = len(c["counted"].days)
    return {
        "value": shown,
        "explanation": (
            f"{what}として、ship-service-level が選んだ値の注文 {format_number(n)} 件だけを数えています"
            f"(出品者出荷の {format_number(len(report.days))} 件のうち)。{ignored}"
            if ja
            else f"As {what}, only the {format_number(n)} orders with the chosen ship-service-level values are counted "
            f"(of {format_number(len(report.days))} merchant-fulfilled orders).{ignored}"
        ),
    }


def _dates_sentence(c: dict[str, Any], lang: str) -> str:
    ja = lang == "ja"
    policy: Policy = c["policy"]
    report: reports.Report = c["report"]
    zone = policy.time_zone
    kinds = report.date_kinds
    parts: list[str] = []
    if zone is None:
        parts.append("日付はファイルに書かれたとおりに使いました。" if ja else "Dates are used as written in the file.")
    else:
        name = ZONE_NAMES.get(zone, {"ja": zone, "en": zone})[lang]
        parts.append(
            f"時差つきの日時は{name}の日付に直しました。"
            if ja
            else f"Timestamps with a UTC offset were turned into {name} dates."
        )
        if kinds.get(reports.NAIVE_UTC):
            n = format_number(kinds[reports.NAIVE_UTC])
            parts.append(
                f"時差の書かれていない日時(ファイル全体で {n} 件)は、Amazon のレポートの時刻が GMT(UTC)で書かれることから UTC とみなして直しました"
                "(表計算ソフトで保存し直したときに時刻が書き換えられていると、日付の境目近くの注文は 1 日ずれることがあります。未確認の前提)。"
                if ja
                else f" Times without an offset ({n} orders in the file) were taken as UTC, since Amazon writes report times in GMT "
                "(UTC), and converted; if a spreadsheet changed the times when re-saving, orders near midnight may "
                "land a day off (an unverified assumption)."
            )
        if kinds.get(reports.NAIVE_LOCAL):
            n = format_number(kinds[reports.NAIVE_LOCAL])
            parts.append(
                f"時差の書かれていない日時(ファイル全体で {n} 件)は、現地の時刻としてそのまま使いました。"
                if ja
                else f" Times without an offset ({n} orders in the file) were taken as local time, as written."
            )
    if kinds.get(reports.DATE_ONLY) and zone is not None:
        n = format_number(kinds[reports.DATE_ONLY])
        parts.append(
            f"時刻のない日付({n} 件)は、書かれたとおりの日付です。"
            if ja
            else f" Dates without a time ({n} orders) are used as written."
        )
    order = report.year_last_order
    if order is not None:
        words = {"mdy": ("月/日/年", "month/day/year"), "dmy": ("日/月/年", "day/month/year")}[order]
        if report.year_last_evidence is None:
            parts.append(
                f"年が最後に来る日付(5/31/2025 など)は、この基準のマーケットプレイスの書き方どおり{words[0]}として読みました。"
                if ja
                else f" Dates with the year last (like 5/31/2025) were read as {words[1]}, as this marketplace writes them."
            )
        else:
            row, value = report.year_last_evidence
            parts.append(
                f"年が最後に来る日付は、{row} 行目の「{value}」が{words[0]}でしか読めないため、ファイル全体を{words[0]}として読みました。"
                if ja
                else f' Dates with the year last were all read as {words[1]}, because "{value}" on row {row} '
                f"can only be read that way."
            )
    gap = c["gap"]
    if gap is not None:
        a, b = gap
        parts.append(
            f"{_iso(a)} から {_iso(b)} まで、注文のない日が {format_number(b - a - 1)} 日続いています。年の入力ミスがないか確かめてください。"
            if ja
            else f" There are {format_number(b - a - 1)} days without orders between {_iso(a)} and {_iso(b)}: "
            "please check the file for a mistyped year."
        )
    return "".join(parts)


def _breaches_sentence(c: dict[str, Any], target: str, lang: str) -> dict[str, str]:
    ja = lang == "ja"
    s: Summary = c["summary"]
    policy: Policy = c["policy"]
    origin_text = ("(あなたが入力した目標)" if ja else " (the target you entered)") if c["origin"] == "user" else ""
    if s.breach_count:
        value = f"{format_number(s.breach_count)} 日" if ja else f"{format_number(s.breach_count)} days"
        text = (
            f"目標「{target}」{origin_text}を外れた期間の最終日です。最初は {_iso(s.breach_first)}、最後は {_iso(s.breach_last)}。"
            if ja
            else f"Windows ending on these days missed the target, {target}{origin_text}. "
            f"First {_iso(s.breach_first)}, last {_iso(s.breach_last)}."
        )
        if s.breach_count > len(s.breach_dates):
            text += (
                f"一覧(データ)には最初の {format_number(len(s.breach_dates))} 日だけを載せています。"
                if ja
                else f" The list (data) holds the first {format_number(len(s.breach_dates))} only."
            )
    else:
        value = "なし" if ja else "None"
        text = (
            f"どの期間も目標「{target}」{origin_text}を満たしていました。"
            if ja
            else f"Every window met the target, {target}{origin_text}."
        )
    if s.few_orders is not None:
        need = min_orders_phrase(policy.min_orders, lang)
        text += (
            f"また、この基準には期間内に {need}注文が必要という別の条件があります。注文数がそれに届かなかった期間は "
            f"{format_number(s.few_orders)} 期間でした(この数は上の日数に含めていません)。"
            if ja
            else f" The policy also needs {need} orders in the window, a separate condition: "
            f"{format_number(s.few_orders)} windows had fewer (not included in the days above)."
        )
    return {"value": value, "explanation": text}


def _skipped(report: reports.Report, lang: str) -> dict[str, str]:
    ja = lang == "ja"
    skipped = sum(report.skipped.values())
    reasons = ("、" if ja else "; ").join(
        f"{SKIP_REASONS.get(code, {'ja': code, 'en': code})[lang]}: {format_number(n)}"
        for code, n in sorted(report.skipped.items())
    )
    if skipped:
        text = f"内訳 — {reasons}。" if ja else f"Reasons — {reasons}."
    else:
        text = "すべての行を数えました。" if ja else "Every row was counted."
    if report.first_bad_date is not None:
        row, value = report.first_bad_date
        text += (
            f"最初の読めない日付は {row} 行目の「{value}」です。"
            if ja
            else f' The first unreadable date is "{value}" on row {row}.'
        )
    if report.joined_lines or report.realigned_rows:
        text += (
            f"値の中の改行で分かれていた {format_number(report.joined_lines)} 行は前の行につなげ、値の中のタブで列が"
            f"ずれていた {format_number(report.realigned_rows)} 行は商品名の列に戻して読みました。"
            if ja
            else f" {format_number(report.joined_lines)} lines broken by a line break inside a value were joined to the row "
            f"before, and {format_number(report.realigned_rows)} rows shifted by a tab inside the product name were "
            "put back in line."
        )
    value = f"{format_number(skipped)} 行" if ja else f"{format_number(skipped)} row{'' if skipped == 1 else 's'}"
    return {"value": value, "explanation": text}


def _chart(s: Summary, threshold: Fraction, target: str, n_days: int, lang: str) -> str:
    ja = lang == "ja"
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
    return line_chart(
        chart_id="order-report-chart",
        title="期間ごとのキャンセル率" if ja else "Cancel rate per window",
        desc=_chart_desc(s, target, lang, with_worst=False),
        x_label=f"期間の最終日({n_days} 日間)" if ja else f"Last day of the {n_days}-day window",
        y_label="キャンセル率" if ja else "Cancel rate",
        points=points,
        x_ticks=[(float(t), _iso(s.first + t)) for t in ticks],
        x_range=(0.0, float(max(span, 1))),
        y_max=y_max,
        y_tick_format=lambda v: f"{round(v * 100, 2):g}%",
        target=(float(threshold), f"目標 {target}" if ja else f"target {target}"),
        marked=marked,
    )


def _chart_desc(s: Summary, target: str, lang: str, *, with_worst: bool) -> str:
    ja = lang == "ja"
    a, b = _iso(s.first), _iso(s.last)
    if ja:
        text = f"{a} から {b} までの {format_number(s.total)} 期間。目標 {target} を外れた期間は {format_number(s.breach_count)}。"
    else:
        text = f"{format_number(s.total)} windows from {a} to {b}; {format_number(s.breach_count)} missed the target ({target})."
    if s.with_orders < s.total:
        text += "注文のない期間は線が途切れます。" if ja else " The line breaks where windows have no orders."
    if with_worst:
        end, orders, cancels = s.worst
        pct = _rate_text(cancels, orders)
        text += f"最高は {_iso(end)} の {pct}。" if ja else f" Highest: {pct} on {_iso(end)}."
    return text


def _breach_table(report: reports.Report, s: Summary, n_days: int, unit: str, lang: str) -> dict[str, Any]:
    ja = lang == "ja"
    by_day: dict[int, list[str]] = {}
    for oid in report.cancelled:
        by_day.setdefault(report.days[oid], []).append(oid)
    for ids in by_day.values():
        ids.sort()
    partly = "(一部の商品)" if ja else " (some items)"
    rows = []
    for end, orders, cancels in s.table:
        ids: list[str] = []
        for day in range(max(s.first, end - n_days + 1), end + 1):
            ids.extend(by_day.get(day, ()))
        shown = ", ".join(
            reports.shown(oid) + (partly if oid in report.item_only else "") for oid in ids[:MAX_IDS_PER_ROW]
        )
        if len(ids) > MAX_IDS_PER_ROW:
            more = len(ids) - MAX_IDS_PER_ROW
            shown += f" ほか {more} 件" if ja else f" and {more} more"
        rows.append(
            [
                _window_label(end, n_days, s.first),
                format_number(orders),
                format_number(cancels),
                _rate_text(cancels, orders),
                shown,
            ]
        )
    unit_word = "個" if unit == "units" else "件"
    return {
        "caption": "目標を外れた期間(キャンセルした注文の番号つき)"
        if ja
        else "Windows that missed the target, with the cancelled orders",
        "columns": (
            ["期間", f"注文({unit_word})", f"キャンセル({unit_word})", "率", "キャンセルした注文"]
            if ja
            else ["Window", "Orders" if unit == "orders" else "Units", "Cancelled", "Rate", "Cancelled orders"]
        ),
        "rows": rows,
    }
