"""Small shared phrases for output sentences, in Japanese and English."""

from __future__ import annotations

from fractions import Fraction

from .numbers import format_number, format_percent
from .policies import Policy

COMPARISON_WORDS = {
    "lt": {"ja": "未満", "en": "under"},
    "le": {"ja": "以下", "en": "no more than"},
}

UNIT_WORDS = {
    "orders": {"ja": "件", "en_one": "order", "en_many": "orders"},
    "units": {"ja": "個", "en_one": "unit", "en_many": "units"},
}


def target_phrase(threshold: Fraction, comparison: str, lang: str) -> str:
    """``"2.5%未満"`` / ``"under 2.5%"``."""
    pct = format_percent(threshold)
    word = COMPARISON_WORDS[comparison][lang]
    return f"{pct}{word}" if lang == "ja" else f"{word} {pct}"


def count_phrase(n: int, unit: str, lang: str) -> str:
    """``"3 件"`` / ``"3 orders"`` (``unit`` is ``orders`` or ``units``)."""
    words = UNIT_WORDS[unit]
    if lang == "ja":
        return f"{format_number(n)} {words['ja']}"
    return f"{format_number(n)} {words['en_one'] if n == 1 else words['en_many']}"


def window_phrase(policy: Policy, lang: str) -> str:
    """``"直近 7 日間"`` / ``"the last 7 days"`` (with the lag, if any)."""
    if policy.window_days is None:
        note = policy.raw.get("window_note", {})
        return note.get(lang, "")
    days = policy.window_days
    if lang == "ja":
        text = f"直近 {days} 日間"
        if policy.lag_days:
            text = f"{policy.lag_days} 日前までの {days} 日間"
        return text
    text = f"the last {days} days"
    if policy.lag_days:
        text = f"{days} days ending {policy.lag_days} days ago"
    return text


def source_kind_phrase(kind: str, lang: str) -> str:
    """``official`` / ``secondary`` in words."""
    words = {
        "official": {"ja": "公式", "en": "official"},
        "secondary": {"ja": "二次情報", "en": "secondary"},
    }
    return words[kind][lang]


def percent_beside(rate: Fraction | None, threshold: Fraction) -> str:
    """``rate`` as a percent, with more decimals when 2 would make it look equal to ``threshold``.

    ``2 / 201`` next to a 1% target shows as ``"0.995%"``, not ``"1%"``.
    """
    places = 2
    while (
        rate is not None
        and rate != threshold
        and places < 8
        and format_percent(rate, places) == format_percent(threshold, places)
    ):
        places += 1
    return format_percent(rate, places)


def min_orders_phrase(rule: dict, lang: str) -> str:
    """A policy's ``min_orders`` rule: ``"10 件を超える"`` / ``"more than 10"`` (``"10 件以上の"`` / ``"at least 10"``)."""
    count = format_number(int(rule["count"]))
    more = rule.get("comparison", "gt") == "gt"
    if lang == "ja":
        return f"{count} 件を超える" if more else f"{count} 件以上の"
    return f"more than {count}" if more else f"at least {count}"
