"""Marketplace time zones: the small rules of cancelrate.timezones against the tz database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cancelrate import all_policies
from cancelrate.timezones import ZONES, get_zone, us_dst_span

EPOCH_MINUTE = date(1970, 1, 1).toordinal() * 1440


def _zoneinfo(name):
    """The tz database's zone, or a skip where there is none (Pyodide ships no tzdata)."""
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    except ImportError:  # pragma: no cover
        pytest.skip("no zoneinfo module")
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        pytest.skip(f"no tz database for {name} here (Pyodide without tzdata)")


@pytest.mark.parametrize("name", sorted({p.time_zone for p in all_policies().values() if p.time_zone}))
def test_every_zone_the_data_uses_matches_the_tz_database_hour_by_hour_1970_to_2040(name):
    tz = _zoneinfo(name)
    zone = ZONES[name]
    start = int(datetime(1970, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(2041, 1, 1, tzinfo=UTC).timestamp())
    mismatches = [
        ts
        for ts in range(start, end, 3600)
        if zone.offset_at(EPOCH_MINUTE + ts // 60) * 60 != datetime.fromtimestamp(ts, tz).utcoffset().total_seconds()
    ]
    assert mismatches == []


@pytest.mark.parametrize(
    ("year", "start", "end"),
    [
        (1974, date(1974, 1, 6), date(1974, 10, 27)),
        (1975, date(1975, 2, 23), date(1975, 10, 26)),
        (1986, date(1986, 4, 27), date(1986, 10, 26)),
        (1987, date(1987, 4, 5), date(1987, 10, 25)),
        (2006, date(2006, 4, 2), date(2006, 10, 29)),
        (2007, date(2007, 3, 11), date(2007, 11, 4)),
        (2026, date(2026, 3, 8), date(2026, 11, 1)),
    ],
)
def test_us_daylight_saving_days_follow_the_rules_of_each_era(year, start, end):
    assert us_dst_span(year) == (start.toordinal(), end.toordinal())


def test_no_daylight_saving_is_assumed_outside_the_known_rules():
    assert us_dst_span(1960) is None and us_dst_span(9999) is None
    la = ZONES["America/Los_Angeles"]
    assert la.offset_at(1) == -480 and la.offset_at(date(9999, 7, 1).toordinal() * 1440) == -480


def test_every_policy_zone_is_known_and_unknown_names_fail_loudly():
    for policy in all_policies().values():
        name = policy.time_zone
        assert name is None or get_zone(name) is ZONES[name]
        assert policy.date_order in (None, "ymd", "mdy")
        assert not hasattr(policy, "utc_offset_hours") and not hasattr(policy, "dst")
    assert get_zone(None) is None
    with pytest.raises(KeyError):
        get_zone("Mars/Olympus_Mons")
