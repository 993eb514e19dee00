"""Local time of a marketplace, from the time-zone name in the policy data.

The standard library's :mod:`zoneinfo` needs the tz database, which Pyodide
does not ship (and this package ships no data besides ``policies.json``), so
the few zones the data uses are small rules here, keyed by their IANA name.
A unit test compares every rule with :mod:`zoneinfo` hour by hour over
1970–2040 wherever the tz database is available.

- ``Asia/Tokyo``: UTC+9 all year (Japan has had no daylight saving since 1951;
  the 1948–1951 summers are not modelled).
- ``America/Los_Angeles``: UTC−8, and UTC−7 in US daylight saving time, which
  starts at 02:00 local standard time and ends at 02:00 local daylight time:
  from 2007 on, second Sunday of March to first Sunday of November;
  1987–2006 first Sunday of April to last Sunday of October; 1976–1986 and
  1967–1973 last Sunday of April to last Sunday of October; 1974 and 1975
  the energy-crisis dates (6 January, 23 February to the last Sunday of
  October). Years before 1967 are taken as standard time all year, and years
  after the last rule keep the 2007 rule (as the tz database does).
- ``UTC``: no offset.

Times are whole minutes counted from 0001-01-01 00:00 (``date.toordinal() * 1440``
for midnight of a day), so no datetime arithmetic can overflow at the ends of
the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MIN_YEAR, MAX_YEAR = date.min.year, date.max.year


@dataclass(frozen=True)
class Zone:
    """A named zone: its standard offset (minutes east of UTC) and its daylight-saving rule (or ``None``)."""

    name: str
    standard_minutes: int
    dst: str | None = None

    def offset_at(self, utc_minute: int) -> int:
        """The offset (minutes) in force at ``utc_minute`` (minutes since 0001-01-01 00:00 UTC)."""
        if self.dst != "us":
            return self.standard_minutes
        ordinal = min(max(utc_minute // 1440, 1), date.max.toordinal())
        span = us_dst_span(date.fromordinal(ordinal).year)
        if span is None:
            return self.standard_minutes
        start_day, end_day = span
        # 02:00 local standard time, and 02:00 local daylight time, in UTC minutes
        start = start_day * 1440 + 120 - self.standard_minutes
        end = end_day * 1440 + 120 - (self.standard_minutes + 60)
        return self.standard_minutes + 60 if start <= utc_minute < end else self.standard_minutes

    def local_minute(self, utc_minute: int) -> int:
        """Local wall-clock minutes for a UTC minute count."""
        return utc_minute + self.offset_at(utc_minute)


ZONES: dict[str, Zone] = {
    "Asia/Tokyo": Zone("Asia/Tokyo", 9 * 60),
    "America/Los_Angeles": Zone("America/Los_Angeles", -8 * 60, "us"),
    "UTC": Zone("UTC", 0),
}


def get_zone(name: str | None) -> Zone | None:
    """The zone with this IANA name, ``None`` for ``None``; an unknown name is a data error (``KeyError``)."""
    if name is None:
        return None
    return ZONES[name]


def _sunday(year: int, month: int, n: int) -> int:
    """The ordinal of the ``n``-th Sunday of the month (``n = -1``: the last one)."""
    if n > 0:
        first = date(year, month, 1)
        return first.toordinal() + (6 - first.weekday()) % 7 + 7 * (n - 1)
    last = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    last_day = last.toordinal() - 1
    return last_day - (date.fromordinal(last_day).weekday() + 1) % 7


def us_dst_span(year: int) -> tuple[int, int] | None:
    """``(first_day, last_day)`` ordinals of the days US daylight saving starts and ends in ``year``."""
    if year < 1967 or year >= MAX_YEAR:
        return None
    if year >= 2007:
        return _sunday(year, 3, 2), _sunday(year, 11, 1)
    if year >= 1987:
        return _sunday(year, 4, 1), _sunday(year, 10, -1)
    if year == 1974:
        return date(1974, 1, 6).toordinal(), _sunday(year, 10, -1)
    if year == 1975:
        return date(1975, 2, 23).toordinal(), _sunday(year, 10, -1)
    return _sunday(year, 4, -1), _sunday(year, 10, -1)
