"""Reading typed dates and the window arithmetic."""

from datetime import date

import pytest

from cancelrate.dates import leaves_window, parse_date, parse_dates
from cancelrate.formatting import format_date
from cancelrate.numbers import InvalidInput


def test_forms_people_type():
    text = "2026-11-25, 2026/11/26\n２０２６／１１／２７、2026年11月28日  2026.11.29;2026-1-5"
    assert parse_dates(text) == [date(2026, 11, d) for d in (25, 26, 27, 28, 29)] + [date(2026, 1, 5)]
    assert parse_dates("  \n ") == []
    assert parse_dates("2026-11-25 2026-11-25") == [date(2026, 11, 25)] * 2


@pytest.mark.parametrize(
    "bad", ["2026-02-30", "2026-13-01", "25/11/2026", "yesterday", "2026-11", "20261125", "0001-01-01", "9999-12-31"]
)
def test_bad_dates_are_named(bad):
    with pytest.raises(InvalidInput) as exc:
        parse_dates(f"2026-11-01, {bad}")
    assert exc.value.code == "bad_date"
    assert exc.value.params["value"] == bad


def test_month_and_day_without_a_year():
    today = date(2026, 12, 7)
    assert parse_date("12/6", today) == date(2026, 12, 6)
    assert parse_date("１２月６日", today) == date(2026, 12, 6)
    assert parse_date("12/7", today) == today
    assert parse_date("12/8", today) == date(2025, 12, 8)  # this year's would be in the future
    assert parse_dates("11/30、12月1日 12/2", today) == [date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)]
    assert parse_date("2/29", date(2028, 3, 1)) == date(2028, 2, 29)
    for bad in ("13/1", "2/30", "0/5", "12/", "12月"):
        with pytest.raises(InvalidInput) as exc:
            parse_date(bad, today)
        assert exc.value.code == "bad_date"


def test_too_many_dates():
    with pytest.raises(InvalidInput) as exc:
        parse_dates("2026-01-01 " * 1001)
    assert exc.value.code == "too_many_dates"
    with pytest.raises(InvalidInput):
        parse_dates("x" * 30_000)


def test_leaves_window_counts_the_day_itself():
    # 7-day window: a cancellation on the 25th is in the windows of the 25th..1st, out on the 2nd.
    assert leaves_window(date(2026, 11, 25), 7) == date(2026, 12, 2)
    assert leaves_window(date(2026, 11, 1), 30, 10) == date(2026, 12, 11)


def test_format_date():
    assert format_date(date(2026, 12, 2), "ja") == "2026年12月2日"
    assert format_date(date(2026, 12, 2), "en") == "2 December 2026"
    assert parse_date(" ２０２６-１２-０２ ") == date(2026, 12, 2)
