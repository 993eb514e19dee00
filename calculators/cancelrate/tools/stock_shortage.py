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
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .. import messages, rates
from ..inputs import TARGET_PERCENT, Field, fraction_json, read_target
from ..numbers import format_number
from ..policies import Policy, cancel_routes
from ..text import min_orders_phrase, percent_beside, source_kind_phrase, target_phrase

TITLE = {"ja": "在庫不足のときの選択肢", "en": "Stock shortage options"}

ROUTES = ("cancel_order", "partial_ship_refund", "buyer_requested_cancel")
PREFERENCE = ("partial_ship_refund", "buyer_requested_cancel", "cancel_order")
ROUTE_NAMES = {
    "cancel_order": {"ja": "注文ごとキャンセルする", "en": "Cancel the whole order"},
    "partial_ship_refund": {
        "ja": "在庫分を出荷して出荷通知、残りを返金",
        "en": "Ship what you have, confirm shipment, refund the rest",
    },
    "buyer_requested_cancel": {
        "ja": "購入者に公式のキャンセル手続きをしてもらう",
        "en": "Buyer files the platform's own cancellation request",
    },
}
# Used only for a policy the data has no rule for: the safe side.
_DEFAULT_ROUTE = {"counts": True, "kind": "unverified", "note": {"ja": "", "en": ""}}
_DEFAULT_ROUTES = {
    "partial_ship_refund": {**_DEFAULT_ROUTE, "counts": False},
}


FIELDS = [
    Field(
        "policy",
        "policy",
        {"ja": "基準(マーケットプレイスと指標)", "en": "Policy (marketplace and metric)"},
        {
            "ja": "目標値と、どの対応がキャンセルに数えられるかは、ここで選んだ基準によります。",
            "en": "The target, and which options count as cancellations, depend on this policy.",
        },
        example="amazon_jp",
    ),
    Field(
        "ordered_qty",
        "count",
        {"ja": "この注文の個数", "en": "units in this order"},
        {"ja": "購入者が注文した個数。", "en": "How many units the buyer ordered."},
        example=2,
    ),
    Field(
        "in_stock",
        "count",
        {"ja": "手元の在庫数", "en": "units in stock"},
        {
            "ja": "今すぐ出荷できる個数(注文の個数より少ない数)。",
            "en": "Units you can ship now (fewer than the order asks for).",
        },
        example=1,
    ),
    Field(
        "orders",
        "count",
        {"ja": "期間内のほかの注文数", "en": "other orders in the window"},
        {
            "ja": "この注文を除く、集計期間内の注文数。個数で数える基準では商品の個数。",
            "en": "Orders in the window, not counting this one (units, for unit-based policies).",
        },
        example=0,
    ),
    Field(
        "seller_cancels",
        "count",
        {"ja": "期間内のキャンセル数", "en": "seller cancellations so far"},
        {
            "ja": "この期間にすでに出品者都合でキャンセルした数。",
            "en": "Seller cancellations already in the window.",
        },
        example=0,
    ),
    TARGET_PERCENT,
]

OUTPUTS = {
    "recommended": {"ja": "おすすめの対応", "en": "Recommended"},
    "options": {"ja": "選択肢ごとのキャンセル率", "en": "Each option and its rate", "kind": "table"},
    "min_orders_met": {"ja": "最低注文数の条件", "en": "Minimum orders"},
}


def rate_after(counts: bool, added: int, orders: int, cancels: int) -> Fraction:
    """``(cancels + added) / (orders + added)`` if the option counts, else ``cancels / (orders + added)``."""
    return Fraction(cancels + (added if counts else 0), orders + added)


def _route(policy: Policy, route_id: str) -> dict[str, Any]:
    return cancel_routes(policy.id).get(route_id) or _DEFAULT_ROUTES.get(route_id, _DEFAULT_ROUTE)


def run(values: dict[str, Any], lang: str) -> tuple[dict[str, Any], dict[str, Any]] | list[dict]:
    """Every option with its rate after and whether it meets the target; or error records."""
    policy: Policy = values["policy"]
    qty: int = values["ordered_qty"]
    in_stock: int = values["in_stock"]
    orders: int = values["orders"]
    cancels: int = values["seller_cancels"]
    errors = []
    if in_stock >= qty:
        errors.append(messages.error("no_shortage", lang, "in_stock"))
    if cancels > orders:
        errors.append(messages.error("cancels_exceed_orders", lang, "seller_cancels"))
    target = read_target(policy, values["target_percent"], lang)
    if isinstance(target, dict):
        errors.append(target)
    if errors:
        return errors
    threshold, comparison, _origin = target
    added = qty if policy.unit == "units" else 1

    options: list[dict[str, Any]] = []
    exact: dict[str, Fraction] = {}
    notes: dict[str, str] = {}
    for route_id in ROUTES:
        if route_id == "partial_ship_refund" and in_stock < 1:
            continue
        route = _route(policy, route_id)
        counts = bool(route["counts"])
        r = rate_after(counts, added, orders, cancels)
        exact[route_id] = r
        notes[route_id] = route["note"][lang]
        options.append(
            {
                "id": route_id,
                "rate_after": fraction_json(r),
                "meets_target": rates.meets(r.numerator, r.denominator, threshold, comparison),
                "counts_as_cancel": counts,
                "source_kind": route["kind"],
                "explanation": _option_sentence(route, counts, added, orders, cancels, r, threshold, lang),
            }
        )
    best = min(
        options,
        key=lambda o: (exact[o["id"]], o["source_kind"] == "unverified", PREFERENCE.index(o["id"])),
    )
    if best["counts_as_cancel"]:  # every option counts the same: nothing to gain by asking the buyer
        best = options[0]
    gate = policy.min_orders if policy.unit == "orders" else None
    short = None if not gate else rates.orders_short(orders + 1, int(gate["count"]), gate.get("comparison", "gt"))
    outputs = {
        "policy": policy.id,
        "unit": policy.unit,
        "threshold": fraction_json(threshold),
        "comparison": comparison,
        "options": options,
        "recommended": best["id"],
        "min_orders_met": None if short is None else short == 0,
        "min_orders_needed": short,
    }
    display = _display(options, exact, notes, best, threshold, comparison, in_stock, qty, lang)
    display["min_orders_met"] = _min_orders(policy, orders + 1, short, lang)
    if short:
        display["recommended"]["explanation"] += (
            "なお、最低注文数の条件はどの対応でも満たせません(「最低注文数の条件」を参照)。"
            if lang == "ja"
            else " Whatever you choose, the minimum-orders condition is not met (see Minimum orders)."
        )
    return outputs, display


def _min_orders(policy: Policy, orders_after: int, short: int | None, lang: str) -> dict[str, str]:
    """The minimum-orders gate with this order in the window: the same for every option."""
    ja = lang == "ja"
    if short is None:
        return {
            "value": "—",
            "explanation": "この基準について、最低注文数の条件は公表されていません(未確認)。"
            if ja
            else "No minimum number of orders has been published for this policy (unverified).",
        }
    gate = min_orders_phrase(policy.min_orders, lang)
    have = (
        f"{format_number(orders_after)} 件"
        if ja
        else f"{format_number(orders_after)} order{'' if orders_after == 1 else 's'}"
    )
    if short == 0:
        return {
            "value": "達成" if ja else "Met",
            "explanation": (
                f"この基準には、率とは別に期間内に {gate}注文が必要という条件があります。この注文を入れて {have}なので、満たしています。"
                if ja
                else f"Apart from the rate, this policy needs {gate} orders in the window: with this order there are {have}, so this is met."
            ),
        }
    need = f"{format_number(short)} 件" if ja else f"{format_number(short)} more order{'' if short == 1 else 's'}"
    return {
        "value": "未達" if ja else "Missed",
        "explanation": (
            f"この基準には、率とは別に期間内に {gate}注文が必要という条件があります。この注文を入れても {have}で、"
            f"どの対応を選んでも満たしていません(あと {need}必要)。表の「目標達成・未達」は率の目標だけの判定です。"
            if ja
            else f"Apart from the rate, this policy needs {gate} orders in the window: with this order there are {have}, "
            f"so it is missed whichever option you choose ({need} needed). The table's met/missed is the rate target only."
        ),
    }


def _option_sentence(route, counts, added, orders, cancels, r, threshold, lang) -> str:
    ja = lang == "ja"
    num = cancels + (added if counts else 0)
    calc = f"{format_number(num)} ÷ {format_number(orders + added)} = {percent_beside(r, threshold)}"
    if ja:
        head = "キャンセルに数えられます" if counts else "キャンセルに数えられません"
    else:
        head = "Counts as a cancellation" if counts else "Not counted as a cancellation"
    note = route["note"][lang]
    kind = route["kind"]
    sure = (
        ("(未確認)" if ja else " (unverified)")
        if kind == "unverified"
        else (f"({source_kind_phrase(kind, lang)})" if ja else f" ({source_kind_phrase(kind, lang)} source)")
    )
    text = f"{head}{sure}: {calc}。" if ja else f"{head}{sure}: {calc}."
    if note:
        text += note if ja else " " + note
    return text


def _standing(kind: str, lang: str) -> str:
    """How sure a rule is, for a table cell: nothing for official, else ``(二次情報)`` / `` (unverified)``."""
    if kind == "official":
        return ""
    if kind == "unverified":
        return "(未確認)" if lang == "ja" else " (unverified)"
    word = source_kind_phrase(kind, lang)
    return f"({word})" if lang == "ja" else f" ({word})"


def _display(options, exact, notes, best, threshold, comparison, in_stock, qty, lang):
    ja = lang == "ja"
    target = target_phrase(threshold, comparison, lang)
    yes, no = ("はい", "いいえ") if ja else ("yes", "no")
    rows = []
    for o in options:
        pct = percent_beside(exact[o["id"]], threshold)
        rows.append(
            [
                ROUTE_NAMES[o["id"]][lang],
                (yes if o["counts_as_cancel"] else no) + _standing(o["source_kind"], lang),
                pct
                + (
                    (" (met)" if not ja else "(目標達成)")
                    if o["meets_target"]
                    else (" (missed)" if not ja else "(目標未達)")
                ),
            ]
        )
    columns = ["対応", "キャンセル扱い", "対応後の率"] if ja else ["Option", "Counts?", "Rate after"]
    # The table stays narrow enough for a phone; the reasons, with their sources' standing, follow it.
    reasons = [(ROUTE_NAMES[o["id"]][lang], notes[o["id"]]) for o in options if notes[o["id"]]]
    why = "\n".join(f"【{name}】{note}" if ja else f"{name}: {note}" for name, note in reasons)
    if any(o["source_kind"] == "unverified" for o in options):
        why += (
            "\n「未確認」は出典で確かめられていない扱いで、安全側で計算しています。"
            if ja
            else '\n"Unverified" means no source confirms it; it is computed on the safe side.'
        )
    best_pct = percent_beside(exact[best["id"]], threshold)
    name = ROUTE_NAMES[best["id"]][lang]
    note = notes[best["id"]]
    if best["id"] == "partial_ship_refund":
        missing = qty - in_stock
        sentence = (
            f"在庫の {format_number(in_stock)} 個を出荷して出荷通知を送り、そのあと足りない "
            f"{format_number(missing)} 個分を返金してください。対応後の率は {best_pct} です。"
            "出荷の前に、足りない分だけを取り消すことはしないでください。"
            if ja
            else f"Ship the {format_number(in_stock)} in stock and confirm shipment, then refund the missing "
            f"{format_number(missing)}. Afterwards the rate is {best_pct}. Do not cancel the missing items before shipping."
        )
    elif best["id"] == "buyer_requested_cancel":
        sentence = (
            f"購入者が同意するなら、マーケットプレイスの公式のキャンセル手続きをしてもらいましょう。対応後の率は {best_pct} です。{note}"
            if ja
            else f"If the buyer agrees, have them use the marketplace's own cancellation request. "
            f"Afterwards the rate is {best_pct}. {note}"
        )
    else:
        sentence = (
            f"どの対応もキャンセルに数えられます。率は {best_pct} になります。"
            "できるだけ早く購入者に連絡し、在庫の表示を見直してください。"
            if ja
            else f"Every option counts as a cancellation: the rate becomes {best_pct}. "
            "Tell the buyer quickly and fix your stock count."
        )
    if not best["meets_target"]:
        sentence += (
            f"それでも率の目標({target})には届きません。" if ja else f" Even so, the rate target ({target}) is missed."
        )
    offered = "" if in_stock >= 1 else ("(在庫が 0 なので、出荷して返金する方法はありません)" if ja else "")
    summary = (
        f"{len(options)} 通りの対応を比べました{offered}。"
        if ja
        else f"{len(options)} options compared"
        + (" (nothing in stock, so ship-and-refund is not possible)." if in_stock < 1 else ".")
    )
    return {
        "recommended": {"value": name, "explanation": sentence},
        "options": {
            "value": summary,
            "explanation": why.strip(),
            "table": {
                "caption": f"対応ごとのキャンセル率(目標: {target})"
                if ja
                else f"The rate after each option (target: {target})",
                "columns": columns,
                "rows": rows,
            },
        },
    }
