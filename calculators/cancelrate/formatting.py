"""One formatting function per kind of value, for the calculators and the site's pages alike.

- number: :func:`format_number` (``Fraction(5, 2)`` -> ``"2.5"``, ``100000`` -> ``"100,000"``);
- percent: :func:`format_percent` (a rate, fraction of 1) and :func:`percent_beside` (more decimals next to a target);
- money: :func:`format_yen`;
- date: :func:`format_date` (a :class:`~datetime.date`, or an ISO text ``2026-11-28`` / ``2024-03`` / ``2024``)
  and :func:`format_month_day` (a yearly date such as a reset day);
- a quantity with its unit: :func:`count_phrase` (``"3 件"`` / ``"3 orders"``), :func:`duration_phrase`
  (``"7 日間"`` / ``"7 days"``), and :func:`amount_phrase` for a number in any unit of the data;
- a comparison: :func:`comparison_phrase` (``"35 点以上"`` / ``"at least 35 points"``) and :func:`target_phrase`
  for a rate target (``"2.5%未満"`` / ``"under 2.5%"``);
- a policy's window for running text: :func:`window_phrase` (``"直近 7 日間"`` / ``"the last 7 days"``);
- a source's standing: :func:`source_kind_phrase`.

Standard library only; nothing here reads the policy data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from .policies import Policy

COMPARISON_WORDS = {
    "lt": {"ja": "未満", "en": "under"},
    "le": {"ja": "以下", "en": "no more than"},
    "ge": {"ja": "以上", "en": "at least"},
    "gt": {"ja": "超", "en": "more than"},
    "within": {"ja": "以内", "en": "within"},
    "from": {"ja": "から", "en": "from"},
}
"""Comparison words; ``"eq"`` (or ``None``) has none: the amount stands alone."""

UNIT_WORDS = {
    "orders": {"ja": "件", "en_one": "order", "en_many": "orders"},
    "units": {"ja": "個", "en_one": "unit", "en_many": "units"},
    "defects": {"ja": "件", "en_one": "defect", "en_many": "defects"},
    "points": {"ja": "点", "en_one": "point", "en_many": "points"},
    "minutes": {"ja": "分", "en_one": "minute", "en_many": "minutes"},
    "days": {"ja": "日", "en_one": "day", "en_many": "days"},
}

MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

SOURCE_KIND_WORDS = {
    "official": {"ja": "公式", "en": "official"},
    "secondary": {"ja": "二次情報", "en": "secondary"},
}

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


# --- numbers ------------------------------------------------------------------


def format_number(value: Fraction | int | str, places: int = 2) -> str:
    """``Fraction(5, 2)`` (or ``"2.5"``) -> ``"2.5"``: rounded half-up to ``places``, trailing zeros dropped, thousands grouped."""
    value = Fraction(value)
    scaled = abs(value) * 10**places
    rounded = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
    whole, frac = divmod(rounded, 10**places)
    text = f"{whole:,}"
    if frac:
        text += "." + f"{frac:0{places}d}".rstrip("0")
    return ("-" if value < 0 and rounded else "") + text


def format_percent(rate: Fraction | None, places: int = 2) -> str:
    """A rate (fraction of 1) as a percent string: ``Fraction(1, 40)`` -> ``"2.5%"``; ``None`` -> ``"—"``."""
    if rate is None:
        return "—"
    return format_number(rate * 100, places) + "%"


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


def format_yen(amount: int | str, lang: str) -> str:
    """``"100,000 円"`` / ``"¥100,000"``."""
    return f"{format_number(amount)} 円" if lang == "ja" else f"¥{format_number(amount)}"


# --- dates --------------------------------------------------------------------


def format_month_day(month: int, day: int, lang: str) -> str:
    """A day of every year: ``"1月1日"`` / ``"1 January"``."""
    return f"{month}月{day}日" if lang == "ja" else f"{day} {MONTHS_EN[month - 1]}"


def format_date(day: date | str, lang: str) -> str:
    """``2026年12月2日`` / ``2 December 2026``.

    ``day`` is a :class:`~datetime.date` or an ISO text, which may name only a
    month (``"2024-03"`` -> ``2024年3月`` / ``March 2024``) or a year.
    """
    if isinstance(day, date):
        year, month, mday = day.year, day.month, day.day
    else:
        match = _ISO_DATE.match(day)
        if match is None:
            raise ValueError(f"not an ISO date: {day!r}")
        year = int(match[1])
        month = int(match[2]) if match[2] else None
        mday = int(match[3]) if match[3] else None
    if month is None:
        return f"{year}年" if lang == "ja" else str(year)
    if mday is None:
        return f"{year}年{month}月" if lang == "ja" else f"{MONTHS_EN[month - 1]} {year}"
    return (
        f"{year}年{format_month_day(month, mday, lang)}"
        if lang == "ja"
        else f"{format_month_day(month, mday, lang)} {year}"
    )


# --- quantities and comparisons -------------------------------------------------


def count_phrase(n: int | str, unit: str, lang: str) -> str:
    """``"3 件"`` / ``"3 orders"`` (``"1 order"``); ``unit`` is a key of :data:`UNIT_WORDS`."""
    words = UNIT_WORDS[unit]
    if lang == "ja":
        return f"{format_number(n)} {words['ja']}"
    return f"{format_number(n)} {words['en_one'] if Fraction(n) == 1 else words['en_many']}"


def duration_phrase(days: int, lang: str) -> str:
    """A length of time in days: ``"7 日間"`` / ``"7 days"``."""
    return f"{format_number(days)} 日間" if lang == "ja" else f"{format_number(days)} days"


def amount_phrase(number: int | str, unit: str, lang: str) -> str:
    """A number in its unit, each unit by its own function: ``percent`` (``"2.5"`` -> ``"2.5%"``), ``yen``,
    ``date`` (an ISO text), or a count unit of :data:`UNIT_WORDS` (``"3 件"`` / ``"3 orders"``)."""
    if unit == "percent":
        return format_percent(Fraction(number) / 100)
    if unit == "yen":
        return format_yen(number, lang)
    if unit == "date":
        return format_date(str(number), lang)
    return count_phrase(number, unit, lang)


def comparison_phrase(amount: str, comparison: str | None, lang: str) -> str:
    """An amount (already formatted) with its comparison: ``"2.5%未満"`` / ``"under 2.5%"``.

    ``comparison`` is a key of :data:`COMPARISON_WORDS`, or ``"eq"`` / ``None`` for the amount alone.
    """
    words = COMPARISON_WORDS.get(comparison) if comparison else None
    if words is None:
        if comparison not in (None, "eq"):
            raise KeyError(f"unknown comparison {comparison!r}")
        return amount
    return f"{amount}{words['ja']}" if lang == "ja" else f"{words['en']} {amount}"


def target_phrase(threshold: Fraction, comparison: str, lang: str) -> str:
    """A rate target: ``"2.5%未満"`` / ``"under 2.5%"``."""
    return comparison_phrase(format_percent(threshold), comparison, lang)


# --- windows and sources --------------------------------------------------------


def window_phrase(policy: Policy, lang: str) -> str:
    """``"直近 7 日間"`` / ``"the last 7 days"`` (with the lag, if any); the policy's own note for a window of no fixed length."""
    if policy.window_days is None:
        return (policy.window_note or {}).get(lang, "")
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
    """``official`` / ``secondary`` in words, for running text."""
    return SOURCE_KIND_WORDS[kind][lang]


def min_orders_phrase(rule: Mapping[str, Any], lang: str) -> str:
    """A policy's ``min_orders`` rule for running text: ``"10 件を超える"`` / ``"more than 10"``
    (``"ge"``: ``"10 件以上の"`` / ``"at least 10"``), followed by the word for orders."""
    count = format_number(int(rule["count"]))
    more = rule.get("comparison", "gt") == "gt"
    if lang == "ja":
        return f"{count} 件を超える" if more else f"{count} 件以上の"
    return f"more than {count}" if more else f"at least {count}"
