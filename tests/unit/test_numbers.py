from fractions import Fraction

import pytest

from cancelrate.formatting import format_percent
from cancelrate.numbers import InvalidInput, parse_count, parse_number


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12", 12),
        ("１２", 12),
        (" 1,234 ", 1234),
        ("１，２３４", 1234),
        ("\u3000７\u3000", 7),  # ideographic spaces
        ("1,234,567", 1234567),
        (0, 0),
        (40, 40),
        (3.0, 3),
        ("3.0", 3),
    ],
)
def test_counts_are_read_as_people_type_them(typed, value):
    assert parse_count(typed) == value


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        (None, "required"),
        ("", "required"),
        ("   ", "required"),
        ("abc", "not_a_number"),
        ("12a", "not_a_number"),
        ("12,34", "not_a_number"),
        ("1,2345", "not_a_number"),
        (True, "not_a_number"),
        (float("nan"), "not_a_number"),
        (float("inf"), "not_a_number"),
        ([], "not_a_number"),
        ("1.5", "not_whole_number"),
        (2.5, "not_whole_number"),
        ("-1", "negative"),
        ("－３", "negative"),
        ("\u22123", "negative"),
        (10**12, "too_large"),
        ("9" * 30, "too_large"),
        ("9" * 50, "not_a_number"),
    ],
)
def test_bad_counts_have_a_code(typed, code):
    with pytest.raises(InvalidInput) as caught:
        parse_count(typed)
    assert caught.value.code == code


def test_numbers_are_exact():
    assert parse_number("2.5") == Fraction(5, 2)
    assert parse_number(0.1) == Fraction(1, 10)


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (Fraction(1, 40), "2.5%"),
        (Fraction(1, 3), "33.33%"),
        (Fraction(2, 3), "66.67%"),
        (Fraction(1), "100%"),
        (None, "—"),
    ],
)
def test_percent_format(rate, text):
    assert format_percent(rate) == text
