"""Reading dates the way people type them, and the window arithmetic on them.

Accepted: ``2026-11-28``, ``2026/11/28``, ``2026.11.28``, ``2026年11月28日``,
and without a year ``12/6`` or ``12月6日`` (month first, as in Japan and the US:
this year by the reference date, or last year when this year's date would be
after it), full-width digits, separated by commas (``,``, ``、``, ``，``),
semicolons, spaces or new lines. Impossible dates (``2026-02-30``) and years
outside :data:`YEARS` are rejected (no date arithmetic can overflow).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from .messages import quoted
from .numbers import InvalidInput

__all__ = [
    "MAX_DATES",
    "MAX_TEXT",
    "YEARS",
    "leaves_window",
    "parse_date",
    "parse_dates",
]

MAX_DATES = 1000
MAX_TEXT = 20_000
YEARS = range(1900, 3000)
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONTH_DAY = re.compile(r"^(\d{1,2})(?:/|月)(\d{1,2})日?$")
_SEPARATORS = re.compile(r"[\s,、;]+")


def _shown(token: str) -> str:
    return quoted(token, 20)


def parse_date(text: str, today: date | None = None) -> date:
    """One date; raises :class:`InvalidInput` (``bad_date``, with ``value``) if it is not a real date.

    A date without a year (``12/6``, ``12月6日``) is in the year of ``today`` (the reference date;
    ``None``: this device's local date, which in the browser is the seller's), or in the year before
    when that day comes after ``today``.
    """
    if len(text) > 100:  # no date is this long: refuse before normalising
        raise InvalidInput("bad_date", value=_shown(text))
    token = unicodedata.normalize("NFKC", text).strip()
    match = _DATE.match(token)
    try:
        if match is not None and int(match[1]) in YEARS:
            return date(int(match[1]), int(match[2]), int(match[3]))
        short = _MONTH_DAY.match(token)
        if short is not None:
            return _without_year(int(short[1]), int(short[2]), today or date.today())
    except ValueError:
        pass
    raise InvalidInput("bad_date", value=_shown(token))


def _without_year(month: int, day: int, today: date) -> date:
    """``month``/``day`` in ``today``'s year, or the year before when that is after ``today``."""
    this_year = date(today.year, month, day)  # ValueError: no such day (13/1, 2/30)
    return this_year if this_year <= today else date(today.year - 1, month, day)


def parse_dates(text: str, today: date | None = None) -> list[date]:
    """Every date in ``text``, in the order written (repeats kept); ``[]`` for blank text; ``today`` as
    for :func:`parse_date`.

    Raises :class:`InvalidInput`: ``bad_date`` for the first unreadable one,
    ``too_many_dates`` beyond :data:`MAX_DATES`.
    """
    if len(text) > MAX_TEXT:
        raise InvalidInput("too_many_dates", maximum=MAX_DATES)
    normal = unicodedata.normalize("NFKC", text)
    tokens = [t for t in _SEPARATORS.split(normal) if t]
    if len(tokens) > MAX_DATES:
        raise InvalidInput("too_many_dates", maximum=MAX_DATES)
    return [parse_date(t, today) for t in tokens]


def leaves_window(day: date, window_days: int, lag_days: int = 0) -> date:
    """The first day on which something dated ``day`` is no longer in the window.

    The window on day ``t`` is taken to cover the ``window_days`` days
    ``t - lag_days - window_days + 1`` to ``t - lag_days`` (day ``t`` itself
    counts when there is no lag), so ``day`` leaves it on
    ``day + window_days + lag_days``.
    """
    return day + timedelta(days=window_days + lag_days)
