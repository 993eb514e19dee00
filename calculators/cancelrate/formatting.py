"""One formatting function per kind of value, for the calculators and the site's pages alike.

- number: :func:`format_number` (``Fraction(5, 2)`` -> ``"2.5"``, ``100000`` -> ``"100,000"``);
- percent: :func:`format_percent` (a rate, fraction of 1) and :func:`percent_beside` (more decimals next to a target);
- money: :func:`format_yen`;
- date: :func:`format_date` (a :class:`~datetime.date`, or an ISO text ``2026-11-28`` / ``2024-03`` / ``2024``)
  and :func:`format_month_day` (a yearly date such as a reset day);
- a quantity with its unit: :func:`count_phrase` (``"3 件"`` / ``"3 orders"``), :func:`duration_phrase`
  (``"7 日間"`` / ``"7 days"``), and :func:`amount_phrase` for a number in any unit of the data;
- a comparison: :func:`comparison_word` (the word alone), :func:`comparison_phrase` (``"35 点以上"`` / ``"at least 35 points"``) and :func:`target_phrase`
  for a rate target (``"2.5%未満"`` / ``"under 2.5%"``);
- a note in parentheses: :func:`in_parentheses`;
- a policy's window for running text: :func:`window_phrase` (``"直近 7 日間"`` / ``"the last 7 days"``);
- a source's standing: :func:`source_kind_phrase`.

The words and patterns of each language (units, comparisons, month names, the
order of a date's parts, ...) are in the catalogs' ``[format]`` section
(:mod:`cancelrate.catalog`); the functions here hold no language. Standard
library only; nothing here reads the policy data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .catalog import entry, pattern

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from .policies import Policy

COMPARISON_KEYS = {
    "lt": "format.comparison.lt",
    "le": "format.comparison.le",
    "ge": "format.comparison.ge",
    "gt": "format.comparison.gt",
    "within": "format.comparison.within",
    "from": "format.comparison.from",
}
"""Comparison words by comparison; ``"eq"`` (or ``None``) has none: the amount stands alone."""

UNIT_KEYS = {
    "orders": "format.unit.orders",
    "units": "format.unit.units",
    "defects": "format.unit.defects",
    "shipments": "format.unit.shipments",
    "points": "format.unit.points",
    "minutes": "format.unit.minutes",
    "days": "format.unit.days",
}
"""A number with its unit, by unit (English has a form for one and for other numbers)."""

MONTH_KEYS = (
    "format.month.jan",
    "format.month.feb",
    "format.month.mar",
    "format.month.apr",
    "format.month.may",
    "format.month.jun",
    "format.month.jul",
    "format.month.aug",
    "format.month.sep",
    "format.month.oct",
    "format.month.nov",
    "format.month.dec",
)

SOURCE_KIND_KEYS = {
    "official": "format.source_kind.official",
    "secondary": "format.source_kind.secondary",
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
    return pattern(lang, "format.yen", amount=format_number(amount))


# --- dates --------------------------------------------------------------------


def month_name(month: int, lang: str) -> str:
    """``"3月"`` / ``"March"`` (``month`` from 1)."""
    return entry(lang, MONTH_KEYS[month - 1])


def format_month_day(month: int, day: int, lang: str) -> str:
    """A day of every year: ``"1月1日"`` / ``"1 January"``."""
    return pattern(lang, "format.month_day", day=str(day), month_name=month_name(month, lang))


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
        return pattern(lang, "format.date.year", year=str(year))
    if mday is None:
        return pattern(lang, "format.date.month", year=str(year), month_name=month_name(month, lang))
    return pattern(lang, "format.date.day", year=str(year), month_day=format_month_day(month, mday, lang))


# --- quantities and comparisons -------------------------------------------------


def count_phrase(n: int | str | Fraction, unit: str, lang: str) -> str:
    """``"3 件"`` / ``"3 orders"`` (``"1 order"``); ``unit`` is a key of :data:`UNIT_KEYS`."""
    return pattern(lang, UNIT_KEYS[unit], plural=n, n=format_number(n))


def duration_phrase(days: int, lang: str) -> str:
    """A length of time in days: ``"7 日間"`` / ``"7 days"``."""
    return pattern(lang, "format.duration", plural=days, n=format_number(days))


def amount_phrase(number: int | str, unit: str, lang: str) -> str:
    """A number in its unit, each unit by its own function: ``percent`` (``"2.5"`` -> ``"2.5%"``), ``yen``,
    ``date`` (an ISO text), or a count unit of :data:`UNIT_KEYS` (``"3 件"`` / ``"3 orders"``)."""
    if unit == "percent":
        return format_percent(Fraction(number) / 100)
    if unit == "yen":
        return format_yen(number, lang)
    if unit == "date":
        return format_date(str(number), lang)
    return count_phrase(number, unit, lang)


def comparison_word(comparison: str, lang: str) -> str:
    """The word of a comparison alone: ``"未満"`` / ``"under"`` (``comparison`` a key of :data:`COMPARISON_KEYS`)."""
    return entry(lang, COMPARISON_KEYS[comparison])


def comparison_phrase(amount: str, comparison: str | None, lang: str) -> str:
    """An amount (already formatted) with its comparison: ``"2.5%未満"`` / ``"under 2.5%"``.

    ``comparison`` is a key of :data:`COMPARISON_KEYS`, or ``"eq"`` / ``None`` for the amount alone.
    """
    if comparison in (None, "eq"):
        return amount
    if comparison not in COMPARISON_KEYS:
        raise KeyError(f"unknown comparison {comparison!r}")
    return pattern(lang, "format.compared", amount=amount, comparison=comparison_word(comparison, lang))


def target_phrase(threshold: Fraction, comparison: str, lang: str) -> str:
    """A rate target: ``"2.5%未満"`` / ``"under 2.5%"``."""
    return comparison_phrase(format_percent(threshold), comparison, lang)


def in_parentheses(text: str, note: str, lang: str) -> str:
    """A text with a note after it: ``"35 点以上(レベル I)"`` / ``"at least 35 points (Level I)"``."""
    return pattern(lang, "format.in_parentheses", text=text, note=note)


# --- windows and sources --------------------------------------------------------


def window_phrase(policy: Policy, lang: str) -> str:
    """``"直近 7 日間"`` / ``"the last 7 days"`` (with the lag, if any); the policy's own note for a window of no fixed length."""
    if policy.window_days is None:
        return (policy.window_note or {}).get(lang, "")
    days = format_number(policy.window_days)
    if policy.lag_days:
        return pattern(lang, "format.window.lagged", days=days, lag=format_number(policy.lag_days))
    return pattern(lang, "format.window.recent", days=days)


def source_kind_phrase(kind: str, lang: str) -> str:
    """``official`` / ``secondary`` in words, for running text."""
    return entry(lang, SOURCE_KIND_KEYS[kind])


def min_orders_phrase(rule: Mapping[str, Any], lang: str) -> str:
    """A policy's ``min_orders`` rule for running text: ``"10 件を超える"`` / ``"more than 10"``
    (``"ge"``: ``"10 件以上の"`` / ``"at least 10"``), followed by the word for orders."""
    more = rule.get("comparison", "gt") == "gt"
    key = "format.min_orders.more_than" if more else "format.min_orders.at_least"
    return pattern(lang, key, count=format_number(int(rule["count"])))
