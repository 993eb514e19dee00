"""Exact threshold arithmetic, against a brute-force re-computation."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from cancelrate import rates

T = Fraction(1, 40)  # 2.5 %


def brute_meets(c, n, t, cmp):
    return n == 0 or (Fraction(c, n) < t if cmp == "lt" else Fraction(c, n) <= t)


def test_exactly_on_the_line():
    assert not rates.meets(1, 40, T, "lt")
    assert not rates.meets(3, 120, T, "lt")
    assert rates.meets(1, 40, T, "le")
    assert rates.meets(1, 41, T, "lt")


def test_case_study_numbers():
    assert rates.rate(1, 1) == 1
    assert rates.orders_to_recover(1, 1, T, "lt") == 40
    assert rates.min_orders_for_cancels(1, T, "lt") == 41
    assert rates.min_orders_for_cancels(1, T, "le") == 40


thresholds = st.fractions(min_value=Fraction(1, 1000), max_value=1, max_denominator=1000)
comparisons = st.sampled_from(["lt", "le"])


@given(st.integers(0, 5000), st.integers(0, 5000), thresholds, comparisons)
def test_headroom_is_the_largest_extra_cancel_count(n, c, t, cmp):
    c = min(c, n)
    h = rates.headroom(c, n, t, cmp)
    assert h >= 0
    if brute_meets(c, n, t, cmp) and n > 0:
        assert c + h <= n
        assert brute_meets(c + h, n, t, cmp)
        assert c + h == n or not brute_meets(c + h + 1, n, t, cmp)
    else:
        assert h == 0 or n == 0


@given(st.integers(0, 5000), st.integers(0, 5000), thresholds, comparisons)
def test_orders_to_recover_is_the_smallest_sufficient_count(n, c, t, cmp):
    c = min(c, n)
    m = rates.orders_to_recover(c, n, t, cmp)
    assert m is not None and m >= 0
    assert brute_meets(c, n + m, t, cmp)
    if m > 0:
        assert not brute_meets(c, n + m - 1, t, cmp)


@given(st.integers(0, 10**6), st.integers(1, 10**6), thresholds, comparisons)
def test_meets_agrees_with_fractions(c, n, t, cmp):
    assert rates.meets(c, n, t, cmp) == brute_meets(c, n, t, cmp)


def test_zero_target_cannot_be_recovered():
    assert rates.orders_to_recover(1, 10, Fraction(0), "lt") is None
    assert rates.orders_to_recover(0, 10, Fraction(0), "le") == 0
