"""``breach_risk``: how likely is one bad window?

A window of ``window_days`` holds ``N ~ Poisson(lam)`` orders with
``lam = daily_orders * window_days``; each is seller-cancelled independently
with probability ``p = cancel_percent / 100``. The window misses the target
when it has orders and ``C / N`` fails the comparison; the probability is
:func:`cancelrate.breach.breach_probability` (within 1e-9 of the exact
series). ``min_orders_for_one_cancel`` is
:func:`cancelrate.rates.min_orders_for_cancels` for one cancel.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from .. import rates
from ..breach import breach_probability, is_zero, poisson_cdf
from ..charts import line_chart
from ..inputs import TARGET_PERCENT, Field, fraction_json, read_target
from ..numbers import format_number, format_percent
from ..policies import Policy, has_fixed_window
from ..text import count_phrase, target_phrase, window_phrase

TITLE = {"ja": "目標を外れる確率", "en": "Breach risk"}

MAX_DAILY_ORDERS = 10_000
CURVE_DECADES = (-1, 2)  # the curve spans at least 0.1 to 100 orders a day, widened to take in the input
CURVE_LOWEST_DECADE = -3  # the curve never starts below 0.001 orders a day
CURVE_POINTS_PER_DECADE = 8
Y_SCALES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)


FIELDS = [
    Field(
        "policy",
        "policy",
        {"ja": "基準(マーケットプレイスと指標)", "en": "Policy (marketplace and metric)"},
        {
            "ja": "目標値と集計期間はここで選んだ基準のものを使います。期間が取引数で変わる基準(eBay)は選べません。",
            "en": "The target and the window come from this policy. Policies without a fixed window (eBay) are not offered.",
        },
        example="amazon_jp",
        policy_filter=has_fixed_window,
    ),
    Field(
        "daily_orders",
        "number",
        {"ja": "1 日あたりの注文数", "en": "orders per day"},
        {
            "ja": "ふだんの 1 日の注文数の平均。小数でもかまいません(週に 2 件なら 0.3)。個数で数える基準では商品の個数。",
            "en": "Your usual orders per day, on average. Decimals are fine (0.3 for about 2 a week). Units, for unit-based policies.",
        },
        example=3,
        maximum=MAX_DAILY_ORDERS,
    ),
    Field(
        "cancel_percent",
        "percent",
        {"ja": "出品者都合でキャンセルする割合(%)", "en": "share of orders you cancel (%)"},
        {
            "ja": "欠品などであなたがキャンセルすることになる注文の割合。100 件に 1 件なら 1。",
            "en": "The share of orders you end up cancelling (out of stock and so on). 1 for one order in 100.",
        },
        example=1,
    ),
    TARGET_PERCENT,
]

OUTPUTS = {
    "breach_probability": {"ja": "1 回の期間で目標を外れる確率", "en": "Chance that one window misses"},
    "expected_orders": {"ja": "期間内の注文数(平均)", "en": "Orders per window (average)"},
    "min_orders_for_one_cancel": {
        "ja": "1 件のキャンセルでも目標内に収まる注文数",
        "en": "Orders that absorb one cancellation",
    },
    "curve": {"ja": "1 日の注文数と外れる確率", "en": "Chance of a miss by orders per day", "kind": "chart"},
}


def run(values: dict[str, Any], lang: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]] | list[dict]:
    """Compute the outputs and one sentence per output; or return error records."""
    policy: Policy = values["policy"]
    daily: Fraction = values["daily_orders"]
    cancel_percent: Fraction = values["cancel_percent"]
    target = read_target(policy, values["target_percent"], lang)
    if isinstance(target, dict):
        return [target]
    threshold, comparison, origin = target
    p = cancel_percent / 100
    window = policy.window_days
    lam = daily * window

    probability = breach_probability(float(lam), p, threshold, comparison)
    zero = is_zero(float(lam), p, threshold, comparison)
    one_cancel = rates.min_orders_for_cancels(1, threshold, comparison)
    below_min = _below_min_orders(policy, float(lam))
    curve = _curve(daily, window, p, threshold, comparison)

    outputs = {
        "policy": policy.id,
        "window_days": window,
        "threshold": fraction_json(threshold),
        "comparison": comparison,
        "target_origin": origin,
        "unit": policy.unit,
        "breach_probability": probability,
        "expected_orders": float(lam),
        "min_orders_for_one_cancel": one_cancel,
        "below_min_orders_probability": below_min,
        "curve": curve,
    }
    context = {
        "policy": policy,
        "daily": daily,
        "cancel_percent": cancel_percent,
        "lam": lam,
        "threshold": threshold,
        "comparison": comparison,
        "origin": origin,
        "probability": probability,
        "zero": zero,
        "p": p,
        "one_cancel": one_cancel,
        "below_min": below_min,
        "curve": curve,
    }
    return outputs, _display(context, lang)


def _below_min_orders(policy: Policy, lam: float) -> float | None:
    """``P(N <= count)`` (``"gt"``) or ``P(N < count)`` (``"ge"``): the window fails the policy's order minimum."""
    rule = policy.min_orders
    if not rule:
        return None
    count = int(rule["count"])
    return poisson_cdf(count if rule.get("comparison", "gt") == "gt" else count - 1, lam)


def _decade_floor(x: Fraction) -> int:
    """The ``k`` with ``10**k <= x < 10**(k + 1)`` (exact, for ``x > 0``)."""
    k = 0
    while Fraction(10) ** k > x:
        k -= 1
    while Fraction(10) ** (k + 1) <= x:
        k += 1
    return k


def _curve_decades(daily: Fraction) -> tuple[int, int]:
    """The decades the curve spans: at least ``CURVE_DECADES``, widened to take in ``daily``.

    Widened no lower than ``CURVE_LOWEST_DECADE`` and no higher than the field's maximum.
    """
    low = max(CURVE_LOWEST_DECADE - 1, _decade_floor(daily))
    high = low if Fraction(10) ** low == daily else low + 1
    top = _decade_floor(Fraction(MAX_DAILY_ORDERS))
    return max(CURVE_LOWEST_DECADE, min(CURVE_DECADES[0], low)), min(top, max(CURVE_DECADES[1], high))


def _curve(daily: Fraction, window: int, p: Fraction, threshold: Fraction, comparison: str) -> list[dict[str, float]]:
    """Breach probability at log-spaced daily order counts (same ``p`` and target)."""
    low, high = _curve_decades(daily)
    per = CURVE_POINTS_PER_DECADE
    points = []
    for i in range((high - low) * per + 1):
        orders = 10 ** (low + i / per)
        points.append(
            {
                "daily_orders": orders,
                "breach_probability": breach_probability(orders * window, p, threshold, comparison),
            }
        )
    return points


def _probability_text(x: float, lang: str, zero: bool = False) -> str:
    """A probability as a percentage, with "under 0.01%" / "over 99.99%" instead of a misleading 0% or 100%.

    "0%" only when the chance is exactly zero (``zero``); "100%" never: a window
    with no order at all (``e^-lam > 0``) cannot miss, so no chance is exactly 1.
    """
    if zero:
        return "0%"
    if x < 0.0001:
        return "0.01% 未満" if lang == "ja" else "under 0.01%"
    if x > 0.9999:
        return "99.99% 超" if lang == "ja" else "over 99.99%"
    return format_percent(Fraction(x))


def _one_in(x: float, lang: str) -> str:
    """``"(およそ 8 回に 1 回)"`` / ``" (about 1 window in 8)"`` for 0.01% to 50%, else empty."""
    if not 0.0001 <= x < 0.5:
        return ""
    n = format_number(round(1 / x))
    return f"(およそ {n} 回に 1 回)" if lang == "ja" else f" (about 1 window in {n})"


def _orders_phrase(value: Fraction | float, unit: str, lang: str) -> str:
    """``"2.5 件"`` / ``"2.5 orders"`` for a possibly fractional count (``"0.01 件未満"`` / ``"under 0.01 orders"``
    for a positive count that would round to 0)."""
    value = Fraction(value)
    if 0 < value < Fraction(1, 200):
        if lang == "ja":
            return f"0.01 {'個' if unit == 'units' else '件'}未満"
        return f"under 0.01 {'units' if unit == 'units' else 'orders'}"
    text = format_number(value)
    if lang == "ja":
        return f"{text} {'個' if unit == 'units' else '件'}"
    word = "unit" if unit == "units" else "order"
    return f"{text} {word}{'' if text == '1' else 's'}"


def _display(c: dict[str, Any], lang: str) -> dict[str, dict[str, Any]]:
    policy: Policy = c["policy"]
    unit = policy.unit
    ja = lang == "ja"
    target = target_phrase(c["threshold"], c["comparison"], lang)
    window = window_phrase(policy, lang)
    share = format_percent(c["cancel_percent"] / 100)
    daily = _orders_phrase(c["daily"], unit, lang)
    lam = _orders_phrase(c["lam"], unit, lang)
    prob = _probability_text(c["probability"], lang, c["zero"])
    d: dict[str, dict[str, Any]] = {}

    if ja:
        text = (
            f"1 日 {daily}のうち {share} をキャンセルするとき、{window}の集計(平均 {lam})が"
            f"目標「{target}」を外れる確率は {prob} です{_one_in(c['probability'], lang)}。"
            "注文数は期間ごとにポアソン分布でばらつき、キャンセルは 1 件ずつ独立に起きると仮定しています。"
            "期間は毎日ずらしながら重ねて測られるため、何週間も続けるうちに 1 回でも外れる確率はこれより高くなります。"
        )
    else:
        text = (
            f"With {daily} a day and {share} of them cancelled, a window of {window} (on average {lam}) "
            f"misses the target of {target} with a chance of {prob}{_one_in(c['probability'], lang)}. "
            "The model lets the order count vary from window to window (Poisson) and each order be cancelled "
            "independently. Windows are measured every day and overlap, so over weeks the chance of at least "
            "one miss is higher than this."
        )
    if policy.lag_days:
        text += (
            f"この基準は {policy.lag_days} 日前までの期間で測られます。遅れは測る時期をずらすだけで、この確率は変わりません。"
            if ja
            else f" This policy measures the window ending {policy.lag_days} days ago; the delay shifts when a "
            "window is judged, not this chance."
        )
    if policy.min_orders:
        count = int(policy.min_orders["count"])
        more = policy.min_orders.get("comparison", "gt") == "gt"
        few = _probability_text(c["below_min"], lang, c["below_min"] == 0)
        if ja:
            need = f"{count} 件を超える" if more else f"{count} 件以上の"
            text += (
                f"また、この基準には期間内に {need}注文が必要という別の条件があり、この確率には含まれていません"
                f"(平均 {lam}のとき、注文数がその条件に届かない確率は {few})。"
            )
        else:
            need = f"more than {count}" if more else f"at least {count}"
            text += (
                f" The policy also needs {need} orders in the window; that separate condition is not part of "
                f"this chance (with {lam} on average, the chance of falling short of it is {few})."
            )
    if unit == "units":
        text += (
            "個数で数える基準なので、1 日の数を商品の個数として扱い、1 個ずつ独立にキャンセルされると仮定しています"
            "(同じ注文の複数個をまとめてキャンセルすることが多いなら、実際のばらつきはもっと大きくなります)。"
            if ja
            else " This policy counts units, so the daily figure is read as units, each cancelled independently "
            "(if several units of one order are usually cancelled together, the real spread is wider)."
        )
    d["breach_probability"] = {"value": prob, "explanation": text}

    window_days = policy.window_days
    d["expected_orders"] = {
        "value": lam,
        "explanation": (
            f"1 日 {daily} × {window_days} 日 = {lam}。実際の数は期間ごとにばらつくので、平均 {lam}のポアソン分布として計算しています。"
            if ja
            else f"{daily.capitalize()} a day × {window_days} days = {lam}. The real count varies from window to "
            f"window; the calculation treats it as Poisson with an average of {lam}."
        ),
    }

    k = c["one_cancel"]
    if k is None:  # pragma: no cover - a 0% target is refused before this
        d["min_orders_for_one_cancel"] = {"value": "—", "explanation": ""}
    else:
        d["min_orders_for_one_cancel"] = {
            "value": count_phrase(k, unit, lang),
            "explanation": (
                f"目標「{target}」では、期間内の注文が {count_phrase(k, unit, lang)}以上あれば、{count_phrase(1, unit, lang)}キャンセルしても目標内です。"
                f"それより少ない期間では、{count_phrase(1, unit, lang)}のキャンセルだけで外れます。"
                if ja
                else f"With a target of {target}, one cancellation stays within it when the window has at least "
                f"{count_phrase(k, unit, lang)}; in a window with fewer, a single cancellation misses it."
            ),
        }

    d["curve"] = _curve_display(c, lang, share, target)
    return d


def _curve_display(c: dict[str, Any], lang: str, share: str, target: str) -> dict[str, Any]:
    policy: Policy = c["policy"]
    ja = lang == "ja"
    curve = c["curve"]
    low, high = _curve_decades(c["daily"])
    ticks = [(float(k), format_number(Fraction(10) ** k)) for k in range(low, high + 1)]
    range_text = f"1 日 {ticks[0][1]}〜{ticks[-1][1]} 件" if ja else f"{ticks[0][1]} to {ticks[-1][1]} a day"
    top = max([c["probability"], *(pt["breach_probability"] for pt in curve)])
    y_max = next(s for s in Y_SCALES if top <= s)
    at_ticks = []
    for pt in curve:
        decade = math.log10(pt["daily_orders"])
        if abs(decade - round(decade)) < 1e-9:
            label = format_number(Fraction(10) ** round(decade))
            zero = is_zero(pt["daily_orders"], c["p"], c["threshold"], c["comparison"])
            prob = _probability_text(pt["breach_probability"], lang, zero)
            at_ticks.append(f"{label} 件/日で {prob}" if ja else f"{label} a day: {prob}")
    you = _probability_text(c["probability"], lang, c["zero"])
    daily = format_number(c["daily"])
    if ja:
        title = f"1 日の注文数と、{policy.window_days} 日間の集計が目標「{target}」を外れる確率"
        desc = (
            f"横軸は 1 日の注文数(対数目盛、{range_text})、縦軸は外れる確率。キャンセルの割合 {share} のとき、"
            + "、".join(at_ticks)
            + f"。入力した 1 日 {daily} 件では {you}。"
        )
        explanation = (
            f"キャンセルの割合を {share} のままにして、1 日の注文数だけを変えた同じ計算です(横軸は対数目盛)。"
            "注文が少ないと 1 件のキャンセルで外れやすく、注文が多いと率がキャンセルの割合に近づくので、"
            "割合が目標より低ければ確率は 0 に、高ければ 100% に近づきます。赤い点が入力した値です。"
        )
    else:
        title = f"Orders per day against the chance that a {policy.window_days}-day window misses the target ({target})"
        desc = (
            f"Horizontal axis: orders per day (log scale, {range_text}); vertical axis: chance of a miss. "
            f"With {share} of orders cancelled: " + "; ".join(at_ticks) + f". At your {daily} a day: {you}."
        )
        explanation = (
            f"The same calculation with {share} of orders cancelled and only the orders per day changed "
            "(log scale). With few orders a single cancellation is enough to miss; with many, the rate settles "
            "near the cancelled share, so the chance heads to 0 when that share is below the target and to 100% "
            "when it is above. The red dot is your input."
        )
    svg = line_chart(
        chart_id="breach-risk-curve",
        title=title,
        desc=desc,
        x_label="1 日の注文数(対数目盛)" if ja else "Orders per day (log scale)",
        y_label="外れる確率" if ja else "Chance of a miss",
        points=[(math.log10(pt["daily_orders"]), pt["breach_probability"]) for pt in curve],
        x_ticks=ticks,
        y_max=y_max,
        y_tick_format=lambda y: format_percent(Fraction(y).limit_denominator(10**6)),
        marked=[(math.log10(float(c["daily"])), c["probability"])] if c["daily"] >= Fraction(10) ** low else [],
    )
    return {"value": range_text, "explanation": explanation, "svg": svg}
