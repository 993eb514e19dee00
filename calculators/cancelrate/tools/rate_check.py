"""``rate_check``: where does my cancel rate stand?

rate = seller_cancels / orders; the target is met when ``rate < T`` ("lt") or
``rate <= T`` ("le"); headroom and orders_to_recover come from :mod:`cancelrate.rates`.

A policy with a minimum order count (Premium Shipping: more than 10 orders in
the window) has a second, separate gate: ``min_orders_met`` and
``min_orders_needed`` (:func:`cancelrate.rates.orders_short`), ``None`` for
policies without one. ``meets_target`` is the rate gate only, and the
sentences say which gate is missed.
"""

from __future__ import annotations

from typing import Any

from .. import messages, rates
from ..inputs import TARGET_PERCENT, Field, fraction_json, read_target
from ..numbers import format_number
from ..policies import Policy
from ..text import COMPARISON_WORDS, count_phrase, min_orders_phrase, percent_beside, target_phrase, window_phrase

TITLE = {"ja": "出荷前キャンセル率チェック", "en": "Cancel-rate check"}


FIELDS = [
    Field(
        "policy",
        "policy",
        {"ja": "基準(マーケットプレイスと指標)", "en": "Policy (marketplace and metric)"},
        {
            "ja": "目標値と集計期間はここで選んだ基準のものを使います。",
            "en": "The target and the window come from this policy.",
        },
        example="amazon_jp",
    ),
    Field(
        "orders",
        "count",
        {"ja": "期間内の注文数", "en": "orders in the window"},
        {
            "ja": "集計期間内の注文の数(キャンセルした注文も含む)。個数で数える基準では商品の個数。",
            "en": "All orders in the window, cancelled ones included (units, for unit-based policies).",
        },
        example=1,
    ),
    Field(
        "seller_cancels",
        "count",
        {"ja": "出品者都合のキャンセル数", "en": "seller cancellations"},
        {
            "ja": "出荷通知の前にあなたがキャンセルした数。購入者が公式の手続きでキャンセルしたものは除きます。",
            "en": "Cancelled by you before ship-confirmation. Leave out the buyer's own official cancellation requests.",
        },
        example=1,
    ),
    TARGET_PERCENT,
]

OUTPUTS = {
    "rate": {"ja": "キャンセル率", "en": "Cancel rate"},
    "meets_target": {"ja": "目標の達成", "en": "Target"},
    "min_orders_met": {"ja": "最低注文数の条件", "en": "Minimum orders"},
    "headroom": {"ja": "あと何件キャンセルできるか", "en": "Headroom"},
    "orders_to_recover": {"ja": "回復に必要な注文数", "en": "Orders to recover"},
    "threshold": {"ja": "目標値", "en": "Target value"},
    "window_days": {"ja": "集計期間", "en": "Window"},
}


def run(values: dict[str, Any], lang: str) -> tuple[dict[str, Any], dict[str, dict[str, str]]] | list[dict]:
    """Compute the outputs and one sentence per output; or return error records."""
    policy: Policy = values["policy"]
    orders: int = values["orders"]
    cancels: int = values["seller_cancels"]
    if cancels > orders:
        return [messages.error("cancels_exceed_orders", lang, "seller_cancels")]
    target = read_target(policy, values["target_percent"], lang)
    if isinstance(target, dict):
        return [target]
    threshold, comparison, origin = target

    r = rates.rate(cancels, orders)
    ok = rates.meets(cancels, orders, threshold, comparison)
    room = rates.headroom(cancels, orders, threshold, comparison)
    recover = rates.orders_to_recover(cancels, orders, threshold, comparison)
    gate = policy.min_orders if policy.unit == "orders" else None
    short = None if not gate else rates.orders_short(orders, int(gate["count"]), gate.get("comparison", "gt"))

    outputs = {
        "policy": policy.id,
        "rate": fraction_json(r),
        "threshold": fraction_json(threshold),
        "comparison": comparison,
        "target_origin": origin,
        "unit": policy.unit,
        "window_days": policy.window_days,
        "meets_target": ok,
        "min_orders_met": None if short is None else short == 0,
        "min_orders_needed": short,
        "headroom": room,
        "orders_to_recover": recover,
    }
    d = _display(policy, orders, cancels, r, threshold, comparison, origin, ok, room, recover, lang)
    d["min_orders_met"] = _min_orders(policy, orders, short, ok, lang)
    if short:
        d["meets_target"]["explanation"] += (
            (
                "これとは別の最低注文数の条件も満たしていません"
                if not ok
                else "ただし、これとは別の最低注文数の条件は満たしていません"
            )
            + "(「最低注文数の条件」を参照)。"
            if lang == "ja"
            else " The separate minimum-orders condition is missed too (see Minimum orders)."
            if not ok
            else " The separate minimum-orders condition, however, is missed (see Minimum orders)."
        )
    return outputs, d


def _min_orders(policy: Policy, orders: int, short: int | None, rate_ok: bool, lang: str) -> dict[str, str]:
    """The minimum-orders gate, apart from the rate: met, or how many orders are missing."""
    ja = lang == "ja"
    if short is None:
        return {
            "value": "—",
            "explanation": "この基準について、最低注文数の条件は公表されていません(未確認)。"
            if ja
            else "No minimum number of orders has been published for this policy (unverified).",
        }
    gate = min_orders_phrase(policy.min_orders, lang)
    have = count_phrase(orders, "orders", lang)
    if short == 0:
        return {
            "value": "達成" if ja else "Met",
            "explanation": (
                f"この基準には、率とは別に期間内に {gate}注文が必要という条件があります。{have}で満たしています。"
                if ja
                else f"Apart from the rate, this policy needs {gate} orders in the window: {have}, so this is met."
            ),
        }
    rate_part = (
        (
            "率の目標は満たしていますが、この条件は満たしていません"
            if rate_ok
            else "率の目標に加えて、この条件も満たしていません"
        )
        if ja
        else (
            " The rate target is met, but this one is not." if rate_ok else " Both this and the rate target are missed."
        )
    )
    return {
        "value": "未達" if ja else "Missed",
        "explanation": (
            f"この基準には、率とは別に期間内に {gate}注文が必要という条件があります。{rate_part}"
            f": {have}で、あと {count_phrase(short, 'orders', lang)}必要です。"
            if ja
            else f"Apart from the rate, this policy needs {gate} orders in the window: {have}, "
            f"{count_phrase(short, 'orders', lang)} short.{rate_part}"
        ),
    }


def _display(policy, orders, cancels, r, threshold, comparison, origin, ok, room, recover, lang):
    unit = policy.unit
    target = target_phrase(threshold, comparison, lang)
    window = window_phrase(policy, lang)
    pct = percent_beside(r, threshold)
    ja = lang == "ja"
    d: dict[str, dict[str, str]] = {}

    if r is None:
        d["rate"] = {
            "value": "—",
            "explanation": "期間内の注文がないので、率はまだありません。"
            if ja
            else "No orders in the window, so there is no rate yet.",
        }
    else:
        d["rate"] = {
            "value": pct,
            "explanation": (
                f"{count_phrase(orders, unit, lang)}のうち {count_phrase(cancels, unit, lang)}をキャンセル: "
                f"{format_number(cancels)} ÷ {format_number(orders)} = {pct}"
                if ja
                else f"{format_number(cancels)} cancelled out of {count_phrase(orders, unit, lang)}: "
                f"{format_number(cancels)} ÷ {format_number(orders)} = {pct}"
            ),
        }

    if r is None:
        d["meets_target"] = {
            "value": "注文なし" if ja else "No orders",
            "explanation": "期間内の注文がないので、率はなく、目標を外れてもいません。"
            if ja
            else "No orders in the window: there is no rate, so the target is not missed.",
        }
    elif ok:
        d["meets_target"] = {
            "value": "達成" if ja else "Met",
            "explanation": (
                f"率の目標「{target}」を満たしています。" if ja else f"The rate is {target}, as the target requires."
            ),
        }
    else:
        d["meets_target"] = {
            "value": "未達" if ja else "Missed",
            "explanation": (
                f"率の目標「{target}」を満たしていません(今は {pct})。"
                if ja
                else f"The rate target is {target}; the rate is {pct}, so it is missed."
            ),
        }

    if r is None:
        one = percent_beside(rates.rate(1, 1), threshold)
        first = {"orders": ("最初の注文", "the first order"), "units": ("最初の 1 個", "the first unit")}[unit]
        head_text = (
            f"期間内に注文がないので、キャンセルできる注文もありません。注文が少ないうちは 1 件のキャンセルが大きく響きます"
            f"({first[0]}をキャンセルすると {one})。"
            if ja
            else "No orders in the window, so there is nothing to cancel yet. While orders are few, one cancellation "
            f"weighs a lot (cancelling {first[1]} makes the rate {one})."
        )
    elif not ok:
        head_text = (
            "すでに目標を外れているので、余裕はありません。" if ja else "The target is already missed: no room left."
        )
    elif room == 0:
        head_text = (
            "これ以上 1 件でもキャンセルすると目標を外れます。"
            if ja
            else "One more cancellation among these would miss the target."
        )
    else:
        head_text = (
            f"この期間の注文のうち、あと {count_phrase(room, unit, lang)}までならキャンセルしても目標内です。"
            if ja
            else f"Up to {count_phrase(room, unit, lang)} more of these could be cancelled within the target."
        )
    d["headroom"] = {"value": count_phrase(room, unit, lang), "explanation": head_text}

    if recover is None:
        d["orders_to_recover"] = {
            "value": "—",
            "explanation": "目標が 0% なので、キャンセルが 1 件でもあると満たせません。"
            if ja
            else "With a 0% target, any cancellation misses it however many orders follow.",
        }
    elif recover == 0:
        d["orders_to_recover"] = {
            "value": count_phrase(0, unit, lang),
            "explanation": (
                (
                    "期間内に注文がないので、回復するものはありません。"
                    if ja
                    else "No orders in the window: nothing to recover."
                )
                if r is None
                else ("今のままで目標を満たしています。" if ja else "Nothing to recover: the target is met.")
            ),
        }
    else:
        after = percent_beside(rates.rate(cancels, orders + recover), threshold)
        d["orders_to_recover"] = {
            "value": count_phrase(recover, unit, lang),
            "explanation": (
                f"同じ期間にキャンセルのない注文があと {count_phrase(recover, unit, lang)}入ると "
                f"{format_number(cancels)} ÷ {format_number(orders + recover)} = {after} で目標を満たします。"
                if ja
                else f"{count_phrase(recover, unit, lang).capitalize()} more without a cancellation in the same window "
                f"bring it to {format_number(cancels)} ÷ {format_number(orders + recover)} = {after}, within the target."
            ),
        }

    origin_text = (
        ("あなたが入力した目標です。" if ja else "The target you entered.")
        if origin == "user"
        else (f"{policy.label(lang)}の目標です。" if ja else f"The published target for {policy.label(lang)}.")
    )
    d["threshold"] = {"value": target, "explanation": origin_text}
    d["comparison"] = {"value": COMPARISON_WORDS[comparison][lang], "explanation": ""}
    d["window_days"] = {
        "value": (f"{policy.window_days} 日間" if ja else f"{policy.window_days} days")
        if policy.window_days
        else ("取引数による" if ja else "depends on volume"),
        "explanation": (f"{window}の数で計算します。" if ja else f"Counted over {window}.")
        if policy.window_days
        else window,
    }
    return d
