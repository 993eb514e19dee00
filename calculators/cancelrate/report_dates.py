"""The dates of an order report: each written date read into a local day number (``date.toordinal()``).

- year first (``2026-05-01``, ``2026/5/1``, ``2026年5月1日``) with an optional
  time (``15:30``, ``15:30:59``, ``3:30 PM``) and UTC offset (``Z``, ``+09:00``,
  ``UTC``): :func:`read_stamp`;
- year last (``5/31/2025 23:22``, as a spreadsheet re-saves it): month first
  where the policy's ``date_order`` is ``"mdy"`` (US); otherwise only when the
  file itself settles the order (a date such as ``5/31/2025`` can only be
  month first), and never silently: :class:`DateReader` records it and refuses
  ambiguous or contradictory files (:class:`~cancelrate.report_errors.ReportError`);
- a time with an offset is moved to the policy's zone (:mod:`cancelrate.timezones`);
  a time without one is taken as UTC in an Amazon report (Amazon writes its
  report times in GMT/UTC) and as local time in a generic file; a date
  without a time is taken as written (:func:`local_day`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .report_errors import ReportError, row_number, shown
from .timezones import Zone

MIN_DAY, MAX_DAY = date.min.toordinal(), date.max.toordinal()

_TIME = r"(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:\s*([AaPp][Mm]))?)?"
_OFFSET = r"(?:\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?"
_YEAR_FIRST = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?" + _TIME + _OFFSET + r"\s*")
_YEAR_LAST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})" + _TIME + _OFFSET + r"\s*")


NAIVE_UTC, NAIVE_LOCAL, DATE_ONLY, WITH_OFFSET = "naive_utc", "naive_local", "date_only", "offset"
"""How a date was read: a time without offset taken as UTC / as local time, a date without a time, a time with an offset."""


@dataclass(frozen=True)
class Stamp:
    """A date or timestamp as written: calendar fields, minute of the day (``None`` without a time),
    written offset in minutes (``None`` without one)."""

    year: int
    month: int
    day: int
    minute: int | None
    offset: int | None


def _time_and_offset(hh, mi, ss, ampm, off) -> tuple[int | None, int | None] | None:
    """``(minute_of_day, offset_minutes)`` or ``None`` when the time or offset is impossible (``15:60``, ``:61``)."""
    minute = None
    if hh is not None:
        hour, mins, secs = int(hh), int(mi), int(ss or 0)
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
        if hour > 23 or mins > 59 or secs > 60:  # 60: a leap second
            return None
        minute = hour * 60 + mins
    offset = None
    if off is not None:
        if off in ("Z", "UTC", "GMT"):
            offset = 0
        else:
            digits = off[1:].replace(":", "")
            hours, mins = int(digits[:2]), int(digits[2:] or 0)
            if hours > 23 or mins > 59:
                return None
            offset = (hours * 60 + mins) * (1 if off[0] == "+" else -1)
    return minute, offset


def read_stamp(text: str) -> tuple[Stamp | None, Stamp | None, bool] | None:
    """What a date text can mean: ``(month_first, day_first, year_last)``.

    A year-first date gives ``(stamp, stamp, False)``. A year-last one gives the
    month-first and the day-first reading (either ``None`` where impossible,
    equal when month and day are) and ``True``. ``None`` when the text is not a
    readable date at all (impossible day, ``15:60``, ``:61``, an offset beyond
    23:59). Full-width digits are accepted.
    """
    match = _YEAR_FIRST.fullmatch(text) or _YEAR_LAST.fullmatch(text)
    if match is None:
        if len(text) > 100:  # no date is this long; don't normalise megabytes
            return None
        text = unicodedata.normalize("NFKC", text).strip().strip('"').strip()
        match = _YEAR_FIRST.fullmatch(text) or _YEAR_LAST.fullmatch(text)
        if match is None:
            return None
    if match.re is _YEAR_FIRST:
        y, mo, d, *rest = match.groups()
        tail = _time_and_offset(*rest)
        stamp = None if tail is None else _valid(int(y), int(mo), int(d), *tail)
        return None if stamp is None else (stamp, stamp, False)
    a, _sep, b, y, *rest = match.groups()
    tail = _time_and_offset(*rest)
    if tail is None:
        return None
    month_first = _valid(int(y), int(a), int(b), *tail)
    day_first = _valid(int(y), int(b), int(a), *tail)
    if month_first is None and day_first is None:
        return None
    return month_first, day_first, True


def _valid(year: int, month: int, day: int, minute: int | None, offset: int | None) -> Stamp | None:
    try:
        date(year, month, day)
    except ValueError:
        return None
    return Stamp(year, month, day, minute, offset)


def local_day(stamp: Stamp, zone: Zone | None, naive_utc: bool) -> tuple[int | None, str]:
    """``(day, how)``: the local day (``date.toordinal()``) of a stamp and how it was read.

    With a time and a zone: ``local = written time - offset`` in UTC (the
    offset is 0 for a time without one when ``naive_utc``), then the zone's
    offset at that instant is added. Without a time, or without a zone, or a
    local time without offset: the date as written. ``None`` when the local
    day falls outside the calendar (``0001-01-01T00:00:00+09:00`` in Los Angeles).
    """
    day = date(stamp.year, stamp.month, stamp.day).toordinal()
    if stamp.minute is None:
        return day, DATE_ONLY
    offset, how = stamp.offset, WITH_OFFSET
    if offset is None:
        if not naive_utc:
            return day, NAIVE_LOCAL
        offset, how = 0, NAIVE_UTC
    if zone is None:
        return day, how if how == NAIVE_UTC else DATE_ONLY
    utc = day * 1440 + stamp.minute - offset
    local = zone.local_minute(utc) // 1440
    return (local if MIN_DAY <= local <= MAX_DAY else None), how


_ISO_FAST = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:[0-5]\d:(?:[0-5]\d|60)(?:\.\d{1,9})?(Z|[+-]\d\d:?00)?")


class DateReader:
    """Reads the date column with a cache; collects what the year-last dates say about their order.

    ``read(value, line)`` returns ``None`` (unreadable), a local day (``int``)
    or, for a year-last date whose order the policy does not fix, a
    ``(month_first_day, day_first_day)`` pair resolved later by :meth:`resolve`.
    ``YYYY-MM-DDTHH:MM:SS±HH:00`` timestamps are cached per hour (minutes do
    not move a day when both offsets are whole hours).
    """

    def __init__(self, zone: Zone | None, naive_utc: bool, date_order: str | None) -> None:
        self.zone, self.naive_utc, self.month_first = zone, naive_utc, date_order == "mdy"
        self.cache: dict[str, tuple[object, str]] = {}
        self.first: dict[str, tuple[int, str]] = {}  # evidence kind -> (line, value)

    def read(self, value: str, line: int) -> tuple[object, str]:
        """``(day_or_pair_or_None, how)`` for one cell."""
        hit = self.cache.get(value)
        if hit is None:
            fast = _ISO_FAST.fullmatch(value) if len(value) >= 19 else None
            if fast is not None:
                key = value[:13] + "|" + (fast.group(1) or "")
                hit = self.cache.get(key)
                if hit is None:
                    hit = self.cache[key] = self._parse(value[:13] + ":00:00" + (fast.group(1) or ""))
            else:
                hit = self._parse(value)
            self.cache[value] = hit
        if hit[0].__class__ is tuple:
            self._evidence(hit[0], value, line)
        return hit

    def _parse(self, value: str) -> tuple[object, str]:
        stamps = read_stamp(value)
        if stamps is None:
            return None, ""
        first, second, year_last = stamps
        if not year_last:
            return local_day(first, self.zone, self.naive_utc)
        days = [None if s is None else local_day(s, self.zone, self.naive_utc) for s in (first, second)]
        how = next(d[1] for d in days if d is not None)
        a, b = (None if d is None else d[0] for d in days)
        if a is None and b is None:
            return None, ""
        if a == b:
            return a, how
        return (a, b), how

    def _evidence(self, pair: tuple[int | None, int | None], value: str, line: int) -> None:
        a, b = pair
        kind = "ambiguous" if a is not None and b is not None else ("month_first" if b is None else "day_first")
        self.first.setdefault(kind, (line, value))

    def resolve(self) -> str | None:
        """The order year-last dates are read in (``"mdy"``, ``"dmy"``, ``None`` when there were none).

        Raises :class:`ReportError`: ``report_date_day_first`` (a date only
        day-first can read, under a month-first policy), ``report_date_mixed``
        (some dates only month-first can read, others only day-first),
        ``report_date_ambiguous`` (nothing in the file settles the order and
        the policy does not fix it).
        """
        if not self.first:
            return None
        mdy, dmy, ambiguous = (self.first.get(k) for k in ("month_first", "day_first", "ambiguous"))
        if self.month_first:
            if dmy is not None:
                raise ReportError("report_date_day_first", value=shown(dmy[1]), row=row_number(dmy[0]))
            return "mdy"
        if mdy is not None and dmy is not None:
            first, second = sorted((mdy, dmy))
            raise ReportError(
                "report_date_mixed",
                value=shown(first[1]),
                row=row_number(first[0]),
                other=shown(second[1]),
                other_row=row_number(second[0]),
            )
        if mdy is not None:
            return "mdy"
        if dmy is not None:
            return "dmy"
        assert ambiguous is not None
        raise ReportError("report_date_ambiguous", value=shown(ambiguous[1]), row=row_number(ambiguous[0]))

    def evidence(self, order: str | None) -> tuple[int, str] | None:
        """The first line whose date settled ``order`` (``None`` when the policy fixed it)."""
        if order is None or self.month_first:
            return None
        hit = self.first.get("month_first" if order == "mdy" else "day_first")
        return None if hit is None else (hit[0], shown(hit[1]))
