"""``order_report``: the cancel rate of every window in the seller's own order report.

The report (Amazon All Orders, or the generic CSV) is read by
:mod:`cancelrate.reports`; for every end day ``D`` from the first to the last
order day the window ``D - (window_days - 1) … D`` gives
``rate(D) = cancels(D) / orders(D)`` (:mod:`cancelrate.windows`), compared
exactly with the target. Unit-based policies weigh each order by its units.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import messages, reports
from ..charts import line_chart
from ..inputs import TARGET_PERCENT, Field, fraction_json, read_target
from ..numbers import format_number, format_percent
from ..policies import Policy, has_fixed_window
from ..text import count_phrase, target_phrase
from ..windows import Window, daily_counts, rolling

TITLE = {"ja": "注文レポートの分析", "en": "Order report analysis"}

MAX_TABLE_ROWS = 400
MAX_IDS_PER_ROW = 20
NICE_Y_MAX = (0.02, 0.04, 0.08, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0)
"""Chart tops whose quarter ticks are round percentages."""


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
    TARGET_PERCENT,
]

OUTPUTS = {
    "orders": {"ja": "対象の注文数", "en": "Orders counted"},
    "seller_cancels": {"ja": "キャンセルされた注文", "en": "Cancelled orders"},
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
    "bad_date": {"ja": "日付が読めない・空欄", "en": "missing or unreadable date"},
    "missing_order_id": {"ja": "注文番号が空欄", "en": "no order id"},
    "short_row": {"ja": "列が足りない", "en": "too few columns"},
}


def _iso(day: int) -> str:
    return date.fromordinal(day).isoformat()


def run(values: dict[str, Any], lang: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]] | list[dict]:
    """Parse the report, compute every window and describe it; or return error records."""
    policy: Policy = values["policy"]
    target = read_target(policy, values["target_percent"], lang)
    if isinstance(target, dict):
        return [target]
    threshold, comparison, origin = target
    try:
        report = reports.parse(values["report"], reports.local_time_of(policy))
    except reports.ReportError as exc:
        return [messages.error(exc.code, lang, "report", FIELDS[1].label[lang], **exc.params)]
    if not report.days:
        code = "report_no_merchant_orders" if report.skipped.get("other_fulfillment") else "report_no_orders"
        return [messages.error(code, lang, "report", FIELDS[1].label[lang])]

    units = policy.unit == "units"
    if units:
        weights, cancel_weights = report.units, report.cancelled_units
    else:
        weights = dict.fromkeys(report.days, 1)
        cancel_weights = dict.fromkeys(report.cancelled, 1)
    first, per_day, cancels_per_day = daily_counts(report.days, weights, cancel_weights)
    wins = rolling(first, per_day, cancels_per_day, policy.window_days, threshold, comparison)

    rated = [w for w in wins if w.rate is not None]
    worst = max(rated, key=lambda w: (w.rate, -w.end))  # highest rate; the earliest on ties
    breaches = [w for w in wins if not w.meets_target]
    skipped = sum(report.skipped.values())

    outputs = {
        "policy": policy.id,
        "format": report.kind,
        "unit": policy.unit,
        "window_days": policy.window_days,
        "threshold": fraction_json(threshold),
        "comparison": comparison,
        "target_origin": origin,
        "orders": len(report.days),
        "seller_cancels": len(report.cancelled),
        "units": sum(report.units.values()),
        "cancelled_units": sum(report.cancelled_units.values()),
        "first_date": _iso(wins[0].end),
        "last_date": _iso(wins[-1].end),
        "windows": [
            {
                "end_date": _iso(w.end),
                "orders": w.orders,
                "cancels": w.cancels,
                "rate": fraction_json(w.rate),
                "meets_target": w.meets_target,
            }
            for w in wins
        ],
        "worst": {"end_date": _iso(worst.end), "rate": fraction_json(worst.rate)},
        "breach_dates": [_iso(w.end) for w in breaches],
        "skipped_rows": skipped,
        "skipped_reasons": dict(sorted(report.skipped.items())),
        "rows": report.rows,
    }
    display = _display(policy, report, wins, worst, breaches, threshold, comparison, origin, lang)
    return outputs, display


def _window_label(w: Window, window_days: int, first: int) -> str:
    return f"{_iso(max(first, w.end - window_days + 1))} – {_iso(w.end)}"


def _cancelled_ids_by_day(report: reports.Report) -> dict[int, list[str]]:
    by_day: dict[int, list[str]] = {}
    for oid in report.cancelled:
        by_day.setdefault(report.days[oid], []).append(oid)
    for ids in by_day.values():
        ids.sort()
    return by_day


def _display(policy, report, wins, worst, breaches, threshold, comparison, origin, lang):
    ja = lang == "ja"
    unit = policy.unit
    n_days = policy.window_days
    target = target_phrase(threshold, comparison, lang)
    first = wins[0].end
    d: dict[str, dict[str, Any]] = {}

    orders = len(report.days)
    cancels = len(report.cancelled)
    unit_note = ""
    if unit == "units":
        total_units = sum(report.units.values())
        cancelled_units = sum(report.cancelled_units.values())
        unit_note = (
            f" この基準は個数で数えます: {count_phrase(total_units, 'units', lang)}のうち "
            f"{count_phrase(cancelled_units, 'units', lang)}がキャンセル。"
            if ja
            else f" This policy counts units: {count_phrase(cancelled_units, 'units', lang)} cancelled "
            f"out of {count_phrase(total_units, 'units', lang)}."
        )
    fmt = "Amazon 全注文レポート" if report.kind == "amazon" else "汎用 CSV"
    fmt_en = "an Amazon All Orders report" if report.kind == "amazon" else "a generic CSV"
    d["orders"] = {
        "value": count_phrase(orders, "orders", lang),
        "explanation": (
            f"{fmt}として読みました。{format_number(report.rows)} 行から、出品者出荷の注文を 1 注文 1 件で数えています。{unit_note}"
            if ja
            else f"Read as {fmt_en}: {format_number(report.rows)} rows, merchant-fulfilled orders counted once each.{unit_note}"
        ),
    }
    d["seller_cancels"] = {
        "value": count_phrase(cancels, "orders", lang),
        "explanation": (
            "キャンセル状態の注文の数です。購入者が公式の手続きでキャンセルした注文も区別できずに含まれるため、実際より多め(上限)の数です。"
            if ja
            else "Orders with a cancelled status. The report cannot tell the buyer's official cancellation requests "
            "apart, so this is an upper bound."
        ),
    }
    d["first_date"] = {
        "value": _iso(first),
        "explanation": _tz_sentence(policy, lang),
    }
    d["last_date"] = {
        "value": _iso(wins[-1].end),
        "explanation": (
            f"{format_number(len(wins))} 日分の期間(各 {n_days} 日間)を計算しました。"
            if ja
            else f"{format_number(len(wins))} windows of {n_days} days computed, one per day."
        ),
    }
    d["windows"] = {
        "value": f"{format_number(len(wins))} 期間" if ja else f"{format_number(len(wins))} windows",
        "explanation": (
            f"各日を最終日とする {n_days} 日間ごとに計算しました(最初の {n_days - 1} 日は、ファイルに含まれる日だけで計算)。"
            if ja
            else f"One {n_days}-day window ending on each day (the first {n_days - 1} hold only the days in the file)."
        ),
    }
    pct = format_percent(worst.rate)
    d["worst"] = {
        "value": f"{pct}({_iso(worst.end)})" if ja else f"{pct} ({_iso(worst.end)})",
        "explanation": (
            f"{_window_label(worst, n_days, first)} の {count_phrase(worst.orders, unit, lang)}のうち "
            f"{count_phrase(worst.cancels, unit, lang)}がキャンセル: {format_number(worst.cancels)} ÷ {format_number(worst.orders)} = {pct}"
            if ja
            else f"{_window_label(worst, n_days, first)}: {format_number(worst.cancels)} cancelled out of "
            f"{count_phrase(worst.orders, unit, lang)}, {format_number(worst.cancels)} ÷ {format_number(worst.orders)} = {pct}"
        ),
    }
    origin_text = ("(あなたが入力した目標)" if ja else " (the target you entered)") if origin == "user" else ""
    if breaches:
        d["breach_dates"] = {
            "value": f"{format_number(len(breaches))} 日" if ja else f"{format_number(len(breaches))} days",
            "explanation": (
                f"目標「{target}」{origin_text}を外れた期間の最終日です。最初は {_iso(breaches[0].end)}、最後は {_iso(breaches[-1].end)}。"
                if ja
                else f"Windows ending on these days missed the target, {target}{origin_text}. "
                f"First {_iso(breaches[0].end)}, last {_iso(breaches[-1].end)}."
            ),
        }
    else:
        d["breach_dates"] = {
            "value": "なし" if ja else "None",
            "explanation": (
                f"どの期間も目標「{target}」{origin_text}を満たしていました。"
                if ja
                else f"Every window met the target, {target}{origin_text}."
            ),
        }
    skipped = sum(report.skipped.values())
    reasons = ("、" if ja else "; ").join(
        f"{SKIP_REASONS.get(code, {'ja': code, 'en': code})[lang]}: {format_number(n)}"
        for code, n in sorted(report.skipped.items())
    )
    d["skipped_rows"] = {
        "value": f"{format_number(skipped)} 行" if ja else f"{format_number(skipped)} row{'' if skipped == 1 else 's'}",
        "explanation": (f"内訳 — {reasons}" if ja else f"Reasons — {reasons}")
        if skipped
        else ("すべての行を数えました。" if ja else "Every row was counted."),
    }
    d["chart"] = {"value": "", "explanation": "", "svg": _chart(wins, breaches, threshold, target, n_days, unit, lang)}
    d["chart"]["explanation"] = _chart_desc(wins, breaches, worst, target, lang)
    d["breaches"] = {
        "value": f"{format_number(len(breaches))} 期間" if ja else f"{format_number(len(breaches))} windows",
        "explanation": "",
        "table": _breach_table(report, breaches, n_days, first, unit, lang),
    }
    if not breaches:
        d["breaches"]["explanation"] = "目標を外れた期間はありません。" if ja else "No window missed the target."
    elif len(breaches) > MAX_TABLE_ROWS:
        d["breaches"]["explanation"] = (
            f"表には最初の {MAX_TABLE_ROWS} 期間だけを載せています。"
            if ja
            else f"The table lists the first {MAX_TABLE_ROWS} windows only."
        )
    return d


def _tz_sentence(policy: Policy, lang: str) -> str:
    hours = policy.utc_offset_hours
    ja = lang == "ja"
    if hours is None:
        return "日付はファイルに書かれたとおりに使いました。" if ja else "Dates are used as written in the file."
    sign = "+" if hours >= 0 else "−"
    zone = f"UTC{sign}{abs(hours)}"
    if policy.dst == "us":
        return (
            f"時差つきの日時は {zone}(夏時間は UTC{sign}{abs(hours) - 1}、米国の規則)の日付に直しました。"
            if ja
            else f"Timestamps with a UTC offset were turned into local dates at {zone} "
            f"(UTC{sign}{abs(hours) - 1} in US daylight saving time)."
        )
    return (
        f"時差つきの日時は {zone} の日付に直しました。"
        if ja
        else f"Timestamps with a UTC offset were turned into local dates at {zone}."
    )


def _chart(wins, breaches, threshold, target, n_days, unit, lang) -> str:
    ja = lang == "ja"
    first = wins[0].end
    points = [(float(w.end - first), float(w.rate)) for w in wins if w.rate is not None]
    top = max([y for _, y in points] + [float(threshold) * 2])
    y_max = next((m for m in NICE_Y_MAX if top <= m), 1.0)
    span = wins[-1].end - first
    ticks = sorted({round(span * i / 4) for i in range(4)})  # no label at the right edge, where it would be cut
    return line_chart(
        chart_id="order-report-chart",
        title="期間ごとのキャンセル率" if ja else "Cancel rate per window",
        desc=_chart_desc(wins, breaches, None, target, lang),
        x_label=f"期間の最終日({n_days} 日間)" if ja else f"Last day of the {n_days}-day window",
        y_label="キャンセル率" if ja else "Cancel rate",
        points=points,
        x_ticks=[(float(t), _iso(first + t)) for t in ticks],
        y_max=y_max,
        y_tick_format=lambda v: f"{round(v * 100, 2):g}%",
        target=(float(threshold), f"目標 {target}" if ja else f"target {target}"),
        marked=[(float(w.end - first), float(w.rate)) for w in breaches if w.rate is not None],
    )


def _chart_desc(wins, breaches, worst, target, lang) -> str:
    ja = lang == "ja"
    a, b = _iso(wins[0].end), _iso(wins[-1].end)
    if ja:
        text = f"{a} から {b} までの {format_number(len(wins))} 期間。目標 {target} を外れた期間は {format_number(len(breaches))}。"
    else:
        text = f"{format_number(len(wins))} windows from {a} to {b}; {format_number(len(breaches))} missed the target ({target})."
    if worst is not None:
        pct = format_percent(worst.rate)
        text += f"最高は {_iso(worst.end)} の {pct}。" if ja else f" Highest: {pct} on {_iso(worst.end)}."
    return text


def _breach_table(report, breaches, n_days, first, unit, lang) -> dict[str, Any]:
    ja = lang == "ja"
    by_day = _cancelled_ids_by_day(report)
    rows = []
    for w in breaches[:MAX_TABLE_ROWS]:
        ids: list[str] = []
        for day in range(max(first, w.end - n_days + 1), w.end + 1):
            ids.extend(by_day.get(day, ()))
        shown = ", ".join(ids[:MAX_IDS_PER_ROW])
        if len(ids) > MAX_IDS_PER_ROW:
            more = len(ids) - MAX_IDS_PER_ROW
            shown += f" ほか {more} 件" if ja else f" and {more} more"
        rows.append(
            [
                _window_label(w, n_days, first),
                format_number(w.orders),
                format_number(w.cancels),
                format_percent(w.rate),
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
