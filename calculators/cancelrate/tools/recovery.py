"""``recovery``: when is it over?

- ``orders_to_recover``: the fewest extra orders without a cancellation after
  which ``seller_cancels / (orders + m)`` meets the target
  (:func:`cancelrate.rates.orders_to_recover`).
- ``days_to_recover_by_volume = ceil(orders_to_recover / daily_orders)``:
  whole days, rounded up, at ``daily_orders`` new orders a day and no new
  cancellation. It counts new orders only, not cancellations leaving the window.
- With ``cancel_dates``: each cancellation dated ``d`` leaves the window on
  ``d + window_days + lag_days`` (:func:`cancelrate.dates.leaves_window`).
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
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from .. import messages, rates
from ..dates import format_date, leaves_window, parse_date, parse_dates
from ..inputs import TARGET_PERCENT, Field, read_target
from ..numbers import InvalidInput, format_number
from ..policies import Policy, has_fixed_window
from ..text import count_phrase, min_orders_phrase, percent_beside, target_phrase, window_phrase

TITLE = {"ja": "いつ回復するか", "en": "Recovery"}


FIELDS = [
    Field(
        "policy",
        "policy",
        {"ja": "基準(マーケットプレイスと指標)", "en": "Policy (marketplace and metric)"},
        {
            "ja": "集計期間が決まっている基準だけを選べます(eBay は取引数で期間が変わるため対象外)。",
            "en": "Only policies with a fixed window are listed (eBay's period depends on volume).",
        },
        example="amazon_jp",
        policy_filter=has_fixed_window,
    ),
    Field(
        "orders",
        "count",
        {"ja": "期間内の注文数", "en": "orders in the window"},
        {
            "ja": "今の集計期間内の注文数(キャンセルした注文も含む)。個数で数える基準では個数。",
            "en": "Orders in the window now, cancelled ones included (units, for unit-based policies).",
        },
        example=1,
    ),
    Field(
        "seller_cancels",
        "count",
        {"ja": "出品者都合のキャンセル数", "en": "seller cancellations"},
        {
            "ja": "今の集計期間内にある、出品者都合のキャンセル数。",
            "en": "Seller cancellations in the window now.",
        },
        example=1,
    ),
    Field(
        "daily_orders",
        "number",
        {"ja": "1 日あたりの注文数の見込み", "en": "expected orders per day"},
        {
            "ja": "これから 1 日に入りそうな注文数。0.5 のような小数も使えます。",
            "en": "New orders you expect per day. Decimals such as 0.5 are fine.",
        },
        example=2,
        minimum=Fraction(1, 1000),
    ),
    TARGET_PERCENT,
    Field(
        "cancel_dates",
        "text",
        {"ja": "キャンセル日(任意)", "en": "cancellation dates (optional)"},
        {
            "ja": "キャンセル 1 件ごとに日付を 1 つ。2026-11-25 や 2026/11/25 の形で、カンマ・空白・改行で区切ります。",
            "en": "One date per cancellation, like 2026-11-25 or 2026/11/25, separated by commas, spaces or new lines.",
        },
        required=False,
        example="2026-11-25",
        multiline=True,
    ),
    Field(
        "today",
        "text",
        {"ja": "基準日(任意)", "en": "reference date (optional)"},
        {
            "ja": "「今日」とする日付。空欄なら、いちばん新しいキャンセル日を今日とみなします。",
            "en": "The date to count from. Blank means the latest cancellation date.",
        },
        required=False,
        max_length=100,
        example="2026-11-28",
    ),
]

OUTPUTS = {
    "orders_to_recover": {"ja": "回復に必要な注文数", "en": "Orders to recover"},
    "days_to_recover_by_volume": {"ja": "注文だけで回復するまでの日数", "en": "Days of new orders to recover"},
    "back_under_target_date": {"ja": "目標内に戻る日", "en": "Back within the target on"},
    "cancel_leaves_window": {
        "ja": "キャンセルが集計期間から外れる日",
        "en": "When each cancellation leaves the window",
        "kind": "table",
    },
}


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


def _read_dates(values: dict[str, Any], lang: str) -> tuple[list[date], date | None, list[dict]]:
    errors: list[dict] = []
    cancel_dates: list[date] = []
    today: date | None = None
    if values.get("cancel_dates"):
        try:
            cancel_dates = sorted(parse_dates(values["cancel_dates"]))
        except InvalidInput as exc:
            errors.append(messages.error(exc.code, lang, "cancel_dates", **exc.params))
    if values.get("today"):
        try:
            today = parse_date(values["today"])
        except InvalidInput as exc:
            errors.append(messages.error(exc.code, lang, "today", **exc.params))
    return cancel_dates, today, errors


def run(values: dict[str, Any], lang: str) -> tuple[dict[str, Any], dict[str, Any]] | list[dict]:
    """Orders and days to recover, and with dates the day the rate is back within the target."""
    policy: Policy = values["policy"]
    orders: int = values["orders"]
    cancels: int = values["seller_cancels"]
    daily: Fraction = values["daily_orders"]
    errors: list[dict] = []
    if cancels > orders:
        errors.append(messages.error("cancels_exceed_orders", lang, "seller_cancels"))
    target = read_target(policy, values["target_percent"], lang)
    if isinstance(target, dict):
        errors.append(target)
    cancel_dates, today, date_errors = _read_dates(values, lang)
    errors += date_errors
    window, lag = policy.window_days, policy.lag_days
    if not date_errors and cancel_dates:
        if len(cancel_dates) != cancels:
            errors.append(
                messages.error("dates_count_mismatch", lang, "cancel_dates", dates=len(cancel_dates), cancels=cancels)
            )
        today = today or cancel_dates[-1]
        for d in cancel_dates:
            shown = {"value": d.isoformat(), "today": today.isoformat()}
            if d > today:
                errors.append(messages.error("cancel_date_after_today", lang, "cancel_dates", **shown))
                break
            if leaves_window(d, window, lag) <= today:
                errors.append(messages.error("cancel_date_out_of_window", lang, "cancel_dates", **shown))
                break
    if errors:
        return errors
    threshold, comparison, _origin = target

    recover = rates.orders_to_recover(cancels, orders, threshold, comparison)
    days = None if recover is None else days_for_orders(recover, daily)
    leaves_list = None
    back = None
    if cancel_dates:
        leaves = [leaves_window(d, window, lag) for d in cancel_dates]
        leaves_list = [
            {"cancel_date": d.isoformat(), "leaves_window": leave.isoformat()}
            for d, leave in zip(cancel_dates, leaves, strict=True)
        ]
        back = back_under_target(today, orders, cancels, leaves, daily, window, lag, threshold, comparison)
    outputs = {
        "policy": policy.id,
        "unit": policy.unit,
        "threshold": float(threshold),
        "comparison": comparison,
        "window_days": window,
        "lag_days": lag,
        "today": today.isoformat() if today else None,
        "orders_to_recover": recover,
        "days_to_recover_by_volume": days,
        "cancel_leaves_window": leaves_list,
        "back_under_target_date": back.isoformat() if back else None,
    }
    ctx = {
        "policy": policy,
        "orders": orders,
        "cancels": cancels,
        "daily": daily,
        "threshold": threshold,
        "comparison": comparison,
        "today": today,
    }
    return outputs, _display(ctx, recover, days, cancel_dates, leaves_list, back, lang)


def _display(ctx, recover, days, cancel_dates, leaves_list, back, lang) -> dict[str, Any]:
    """One sentence per output. The two estimates use different models and each sentence names its own:
    ``days_to_recover_by_volume`` keeps every order now in the window, ``back_under_target_date`` keeps
    none of them but the cancelled ones (safe side); where their days differ the date's sentence says why."""
    ja = lang == "ja"
    policy: Policy = ctx["policy"]
    unit = policy.unit
    orders, cancels, daily = ctx["orders"], ctx["cancels"], ctx["daily"]
    target = target_phrase(ctx["threshold"], ctx["comparison"], lang)
    window = window_phrase(policy, lang)
    d: dict[str, dict[str, Any]] = {}

    if recover is None:
        d["orders_to_recover"] = {
            "value": "—",
            "explanation": "目標が 0% なので、キャンセルが期間内にある間は注文がいくら増えても満たせません。"
            if ja
            else "With a 0% target, no number of orders is enough while a cancellation is in the window.",
        }
    elif orders == 0:
        d["orders_to_recover"] = {
            "value": count_phrase(0, unit, lang),
            "explanation": "期間内に注文がないので、率はなく、回復するものもありません。"
            if ja
            else "No orders in the window: there is no rate, so nothing to recover.",
        }
    elif recover == 0:
        d["orders_to_recover"] = {
            "value": count_phrase(0, unit, lang),
            "explanation": f"今のままで目標({target})を満たしています。"
            if ja
            else f"Nothing to recover: the rate is already {target}.",
        }
    else:
        after = percent_beside(rates.rate(cancels, orders + recover), ctx["threshold"])
        d["orders_to_recover"] = {
            "value": count_phrase(recover, unit, lang),
            "explanation": (
                f"キャンセルのない注文があと {count_phrase(recover, unit, lang)}入ると "
                f"{format_number(cancels)} ÷ {format_number(orders + recover)} = {after} で目標({target})を満たします。"
                if ja
                else f"{count_phrase(recover, unit, lang).capitalize()} more without a cancellation bring it to "
                f"{format_number(cancels)} ÷ {format_number(orders + recover)} = {after}, {target}."
            ),
        }
    d["orders_to_recover"]["explanation"] += _min_orders_note(policy, orders + (recover or 0), lang)

    per_day = format_number(daily)
    kept = count_phrase(orders, unit, lang)
    today = ctx["today"]
    if days is None:
        d["days_to_recover_by_volume"] = {
            "value": "—",
            "explanation": "注文数だけでは回復できません。キャンセルが期間から外れるのを待つことになります。"
            if ja
            else "New orders alone cannot do it; the cancellations have to leave the window.",
        }
    elif days == 0:
        d["days_to_recover_by_volume"] = {
            "value": "0 日" if ja else "0 days",
            "explanation": (
                (
                    "期間内に注文がないので、待つ日数はありません。"
                    if ja
                    else "No orders in the window: nothing to wait for."
                )
                if orders == 0
                else ("もう目標内です。" if ja else "Already within the target.")
            ),
        }
    else:
        plural = "s" if days != 1 else ""
        by = ""
        if today is not None:
            when = format_date(today + timedelta(days=days), lang)
            by = f"。基準日から数えると {when}" if ja else f"; from the reference date, {when}"
        text = (
            f"新しい注文の数だけで見た日数です: 1 日 {per_day} 件のペースでキャンセルがなければ {days} 日です"
            f"(端数は切り上げ{by})。今期間内にある {kept}(キャンセル分を含む)は、その間ずっと期間内に残るものとして数えています。"
            if ja
            else f"Counting new orders only: at {per_day} a day with no new cancellation, {days} day{plural} "
            f"(rounded up to whole days{by}). The {kept} now in the window, cancelled ones included, are taken to "
            "stay in it all that time."
        )
        if days > policy.window_days:
            text += (
                f"これは集計期間({window})より長いので、実際にはキャンセルが期間から外れる日のほうが先に来ます。"
                if ja
                else f" That is longer than the window ({window}), so cancellations leaving the window will matter first."
            )
        d["days_to_recover_by_volume"] = {
            "value": f"{days} 日" if ja else f"{days} day{plural}",
            "explanation": text,
        }

    if not cancel_dates:
        missing = (
            "キャンセル日を入力すると、ここに日付が出ます。" if ja else "Enter the cancellation dates to see this date."
        )
        d["back_under_target_date"] = {"value": "—", "explanation": missing}
        d["cancel_leaves_window"] = {"value": "—", "explanation": missing}
        return d

    lag_note = ""
    if policy.lag_days:
        lag_note = (
            f"この基準は {policy.lag_days} 日遅れで集計されるため、その分も足しています。"
            if ja
            else f" This policy counts with a {policy.lag_days}-day delay, which is added."
        )
    last = max(date.fromisoformat(row["leaves_window"]) for row in leaves_list)
    d["cancel_leaves_window"] = {
        "value": (f"最後は {format_date(last, lang)}" if ja else f"last on {format_date(last, lang)}"),
        "explanation": (
            f"キャンセルはその日から {policy.window_days} 日間({window})数えられ、表の日に期間から外れます。{lag_note}"
            "どの日で数えるか(注文日かキャンセル日か)は公表されていないため、入力した日付で数えています。"
            if ja
            else f"A cancellation counts for {policy.window_days} days from its date and is out of the window on the date "
            f"shown.{lag_note} Which date the platform counts from (order or cancellation) is not published: "
            "the dates you entered are used."
        ),
        "table": {
            "caption": "キャンセルが集計期間から外れる日" if ja else "When each cancellation leaves the window",
            "columns": ["キャンセル日", "期間から外れる日"] if ja else ["Cancelled on", "Out of the window on"],
            "rows": [
                [
                    format_date(date.fromisoformat(r["cancel_date"]), lang),
                    format_date(date.fromisoformat(r["leaves_window"]), lang),
                ]
                for r in leaves_list
            ],
        },
    }
    if back == today:
        sentence = (
            f"基準日({format_date(today, lang)})の時点で、率は目標({target})内です。"
            if ja
            else f"On the reference date ({format_date(today, lang)}) the rate is already {target}."
        )
    else:
        sentence = (
            f"安全側の見積もりで、遅くともこの日には目標({target})内に戻ります。前提: 基準日({format_date(today, lang)})の"
            f"翌日から 1 日 {per_day} 件の注文が入り、新しいキャンセルはなし。今期間内にある {kept}は、いつ期間から外れるか"
            "分からないため、キャンセルした分を除いて数えていません。"
            if ja
            else f"On the safe side, the rate is back {target} by this date at the latest. Assumed: from the day after "
            f"{format_date(today, lang)}, {per_day} new order{'' if daily == 1 else 's'} a day and no new cancellation. "
            f"The {kept} already in the "
            "window may leave it any day, so they are not counted, except the cancelled ones."
        )
        sentence += _compare_models(days, today, back, last, kept, lang)
    d["back_under_target_date"] = {"value": format_date(back, lang), "explanation": sentence}
    return d


def _compare_models(days: int | None, today: date, back: date, last_leaves: date, kept: str, lang: str) -> str:
    """Why the date differs from the day the volume-only figure gives, when it does."""
    ja = lang == "ja"
    if days is None:
        return ""
    by_volume = today + timedelta(days=days)
    if back > by_volume:
        return (
            f"上の「{days} 日」({format_date(by_volume, lang)})より遅いのは、あちらが今期間内にある {kept}を"
            "残るものとして数え、こちらは数えていないためです。"
            if ja
            else f" This is later than the {days} day{'s' if days != 1 else ''} above ({format_date(by_volume, lang)}) "
            f"because that figure counts the {kept} now in the window as staying, and this date does not."
        )
    if back < by_volume:
        return (
            f"上の「{days} 日」({format_date(by_volume, lang)})より早いのは、キャンセルが期間から外れる日"
            f"(最後は {format_date(last_leaves, lang)})を、こちらだけが数えているためです。"
            if ja
            else f" This is earlier than the {days} day{'s' if days != 1 else ''} above ({format_date(by_volume, lang)}) "
            f"because only this date counts the cancellations leaving the window (the last on {format_date(last_leaves, lang)})."
        )
    return ""


def _min_orders_note(policy: Policy, orders_after: int, lang: str) -> str:
    """For a policy with a minimum order count (Premium Shipping): what ``orders_after`` lacks, if anything."""
    rule = policy.min_orders
    if not rule or policy.unit != "orders":
        return ""
    need = rates.orders_short(orders_after, int(rule["count"]), rule.get("comparison", "gt"))
    if not need:
        return ""
    gate = min_orders_phrase(rule, lang)
    if lang == "ja":
        return (
            f"ただし、この基準には期間内に {gate}注文が必要という別の条件もあり、"
            f"{format_number(orders_after)} 件ではあと {format_number(need)} 件足りません。"
        )
    return (
        f" The policy also needs {gate} orders in the window, a separate condition: {format_number(orders_after)} "
        f"is {format_number(need)} short."
    )
