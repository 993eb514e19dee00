"""One formatting function per kind of value (``cancelrate.formatting``), checked against literals."""

from datetime import date
from fractions import Fraction

import pytest

from cancelrate import formatting
from cancelrate.formatting import (
    amount_phrase,
    comparison_phrase,
    count_phrase,
    duration_phrase,
    format_date,
    format_month_day,
    format_number,
    format_percent,
    format_yen,
    target_phrase,
    window_phrase,
)
from cancelrate.policies import all_policies


def test_numbers_percentages_and_money():
    assert format_number(Fraction(5, 2)) == "2.5"
    assert format_number("2.5") == "2.5"  # the data's decimal texts go through the same function
    assert format_number(100000) == "100,000"
    assert format_number(Fraction(-1, 3)) == "-0.33"
    assert format_percent(Fraction(1, 40)) == "2.5%"
    assert format_percent(Fraction(1, 41)) == "2.44%"
    assert format_percent(None) == "—"
    assert format_yen(1000000, "ja") == "1,000,000 円"
    assert format_yen("400000", "en") == "¥400,000"


def test_dates_full_and_partial():
    assert format_date(date(2026, 12, 2), "ja") == "2026年12月2日"
    assert format_date(date(2026, 12, 2), "en") == "2 December 2026"
    assert format_date("2026-11-28", "ja") == "2026年11月28日"
    assert format_date("2024-03", "en") == "March 2024"
    assert format_date("2024-03", "ja") == "2024年3月"
    assert format_date("2022", "ja") == "2022年"
    assert format_month_day(1, 1, "ja") == "1月1日"
    assert format_month_day(1, 1, "en") == "1 January"
    with pytest.raises(ValueError):
        format_date("28/11/2026", "en")


def test_quantities_and_comparisons():
    assert count_phrase(1, "orders", "en") == "1 order"
    assert count_phrase(3, "orders", "ja") == "3 件"
    assert count_phrase("35", "points", "en") == "35 points"
    assert duration_phrase(7, "ja") == "7 日間"
    assert duration_phrase(30, "en") == "30 days"
    assert amount_phrase("5", "minutes", "ja") == "5 分"
    assert amount_phrase("0.3", "percent", "en") == "0.3%"
    assert amount_phrase("2017-01-18", "date", "en") == "18 January 2017"
    assert comparison_phrase("35 点", "ge", "ja") == "35 点以上"
    assert comparison_phrase("2.5%", "lt", "ja") == "2.5%未満"
    assert comparison_phrase("5 minutes", "within", "en") == "within 5 minutes"
    assert comparison_phrase("5", "eq", "en") == comparison_phrase("5", None, "en") == "5"
    assert target_phrase(Fraction(1, 40), "lt", "ja") == "2.5%未満"
    assert target_phrase(Fraction(1, 100), "le", "en") == "no more than 1%"
    with pytest.raises(KeyError):
        comparison_phrase("5", "about", "en")


def test_windows():
    policies = all_policies()
    assert window_phrase(policies["amazon_jp"], "ja") == "直近 7 日間"
    assert window_phrase(policies["amazon_jp"], "en") == "the last 7 days"
    assert window_phrase(policies["amazon_jp_premium_shipping"], "ja") == "10 日前までの 30 日間"
    assert window_phrase(policies["amazon_jp_premium_shipping"], "en") == "30 days ending 10 days ago"
    assert window_phrase(policies["ebay"], "en").startswith("Evaluated monthly")


def test_english_counts_have_a_singular_and_japanese_one_form():
    assert count_phrase(1, "units", "en") == "1 unit"
    assert count_phrase(2, "units", "en") == "2 units"
    assert count_phrase(1, "units", "ja") == "1 個"
    assert duration_phrase(1, "en") == "1 day"
    assert duration_phrase(1, "ja") == "1 日間"
    assert formatting.comparison_word("le", "ja") == "以下"
    assert formatting.comparison_word("gt", "en") == "more than"
    assert formatting.in_parentheses("35 点以上", "レベル I", "ja") == "35 点以上(レベル I)"
    assert formatting.in_parentheses("at least 35 points", "Level I", "en") == "at least 35 points (Level I)"
