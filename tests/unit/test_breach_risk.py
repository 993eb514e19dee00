"""The ``breach_risk`` calculator and its series, against independent re-computations."""

import itertools
import json
import math
from decimal import Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cancelrate import breach, calculate, describe, rates

T = Fraction(1, 40)  # amazon_jp: under 2.5 %
TOLERANCE = 1e-9  # what the module promises


def ok(inputs, lang="ja"):
    result = calculate("breach_risk", inputs, lang)
    assert result["ok"], result
    return result


def codes(inputs, lang="ja"):
    result = calculate("breach_risk", inputs, lang)
    assert result["ok"] is False
    return {(e["field"], e["code"]) for e in result["errors"]}


def brute_force(lam, p, threshold, comparison):
    """The double sum itself: Poisson weights as 40-digit decimals, binomial tails as exact fractions."""
    p = Fraction(p)
    with localcontext() as ctx:
        ctx.prec = 40
        lam = Decimal(lam)
        weight = (-lam).exp()
        total = Decimal(0)
        n = 0
        while n <= lam or weight > Decimal("1e-30"):
            n += 1
            weight = weight * lam / n
            k = rates.max_cancels(n, threshold, comparison)
            tail = sum(math.comb(n, c) * p**c * (1 - p) ** (n - c) for c in range(k + 1, n + 1))
            total += weight * Decimal(tail.numerator) / Decimal(tail.denominator)
        return float(total)


def log_space_sum(lam, p, threshold, comparison):
    """Independent float re-computation for larger ``lam``: every term from ``lgamma``, summed directly."""
    total = 0.0
    width = 12 * math.sqrt(lam) + 20
    log_p, log_q = math.log(p), math.log1p(-p)
    for n in range(max(1, int(lam - width)), int(lam + width) + 1):
        weight = math.exp(-lam + n * math.log(lam) - math.lgamma(n + 1))
        k = rates.max_cancels(n, threshold, comparison)
        spread = 40 * math.sqrt(n * p * (1 - p)) + 10
        log_comb = math.lgamma(n + 1)
        tail = 0.0
        for c in range(k + 1, min(n, int(n * p + spread)) + 1):
            tail += math.exp(log_comb - math.lgamma(c + 1) - math.lgamma(n - c + 1) + c * log_p + (n - c) * log_q)
        total += weight * tail
    return total


@pytest.mark.parametrize(
    ("lam", "p", "threshold", "comparison"),
    [
        (7, Fraction(1, 100), T, "lt"),
        (7, Fraction(1, 10), T, "lt"),
        (0.7, Fraction(3, 100), T, "lt"),
        (21, Fraction(1, 100), T, "lt"),
        (30, Fraction(1, 100), Fraction(1, 100), "lt"),
        (28, Fraction(5, 100), Fraction(1, 100), "le"),
        (20, Fraction(1, 2), Fraction(1, 2), "lt"),
        (20, Fraction(1, 2), Fraction(1, 2), "le"),
        (12.5, Fraction(9, 10), Fraction(3, 4), "le"),
    ],
)
def test_matches_the_brute_force_double_sum(lam, p, threshold, comparison):
    assert breach.breach_probability(lam, p, threshold, comparison) == pytest.approx(
        brute_force(lam, p, threshold, comparison), abs=TOLERANCE
    )


@pytest.mark.parametrize(
    ("lam", "p", "threshold", "comparison"),
    [
        (700, Fraction(25, 1000), T, "lt"),  # 100 a day for 7 days, cancelling right at the target
        (3000, Fraction(1, 100), Fraction(1, 100), "lt"),  # 100 a day for 30 days
        (3000, Fraction(8, 1000), Fraction(1, 100), "le"),
    ],
)
def test_matches_a_direct_log_space_sum_for_many_orders(lam, p, threshold, comparison):
    assert breach.breach_probability(lam, p, threshold, comparison) == pytest.approx(
        log_space_sum(lam, float(p), threshold, comparison), abs=TOLERANCE
    )


def test_case_study_numbers_in_closed_form():
    # Up to 40 orders a single cancel already misses "under 2.5%", and 40+ orders are
    # vanishingly rare at 21 a window: the chance is that of at least one cancellation,
    # 1 - e^(-lam p), up to the tiny mass above 40 orders.
    out = ok({"policy": "amazon_jp", "daily_orders": "3", "cancel_percent": "1"})["outputs"]
    assert out["expected_orders"] == 21
    assert out["window_days"] == 7
    assert out["min_orders_for_one_cancel"] == 41
    assert out["breach_probability"] == pytest.approx(brute_force(21, Fraction(1, 100), T, "lt"), abs=TOLERANCE)
    out = ok({"policy": "amazon_jp", "daily_orders": "0.5", "cancel_percent": "10"})["outputs"]
    assert out["breach_probability"] == pytest.approx(-math.expm1(-0.35), abs=1e-12)


def test_one_cancel_needs_these_many_orders():
    def one_cancel(policy):
        return ok({"policy": policy, "daily_orders": 1, "cancel_percent": 1})["outputs"]["min_orders_for_one_cancel"]

    assert one_cancel("amazon_jp") == 41  # 1/41 < 2.5 % but 1/40 is not
    assert one_cancel("amazon_jp_sfp") == 100  # 1/100 <= 1 %
    assert one_cancel("amazon_jp_premium_shipping") == 101  # 1/101 < 1 %


@pytest.mark.parametrize("policy", ["amazon_jp", "amazon_jp_premium_shipping", "amazon_jp_sfp", "amazon_us_sfp"])
def test_no_cancellations_never_miss(policy):
    out = ok({"policy": policy, "daily_orders": "１，０００", "cancel_percent": "0"})["outputs"]
    assert out["breach_probability"] == 0
    assert all(pt["breach_probability"] == 0 for pt in out["curve"])


def test_cancelling_everything_misses_every_window_with_orders():
    out = ok({"policy": "amazon_jp", "daily_orders": "0.1", "cancel_percent": "100"})["outputs"]
    assert out["breach_probability"] == pytest.approx(-math.expm1(-0.7), abs=1e-15)


def test_edge_targets():
    # 100 % "under": only a window where everything was cancelled misses
    out = ok({"policy": "yahoo_shopping", "daily_orders": 1, "cancel_percent": 50, "target_percent": 100})["outputs"]
    assert out["breach_probability"] == pytest.approx(brute_force(30, Fraction(1, 2), Fraction(1), "lt"), abs=1e-12)
    # 100 % "no more than": nothing can miss
    out = ok({"policy": "amazon_jp_sfp", "daily_orders": 5, "cancel_percent": 100, "target_percent": 100})["outputs"]
    assert out["breach_probability"] == 0
    assert out["min_orders_for_one_cancel"] == 1


def test_expected_orders_and_fractional_daily_volume():
    out = ok({"policy": "yahoo_shopping", "daily_orders": "0.5", "cancel_percent": "2", "target_percent": "3"})
    assert out["outputs"]["expected_orders"] == 15
    assert out["outputs"]["target_origin"] == "user"
    assert out["display"]["expected_orders"]["value"] == "15 件"


def test_ebay_is_not_offered_and_not_accepted():
    spec = describe("breach_risk", "en")
    offered = {o["value"] for o in spec["inputs"][0]["options"]}
    assert "ebay" not in offered
    assert {"amazon_jp", "amazon_jp_premium_shipping", "yahoo_shopping"} <= offered
    assert codes({"policy": "ebay", "daily_orders": 1, "cancel_percent": 1}) == {("policy", "unknown_policy")}


def test_errors():
    assert codes({"policy": "yahoo_shopping", "daily_orders": 1, "cancel_percent": 1}) == {
        ("target_percent", "target_required")
    }
    assert codes({"policy": "yahoo_shopping", "daily_orders": 1, "cancel_percent": 1, "target_percent": "0"}) == {
        ("target_percent", "too_small")
    }
    assert codes({"policy": "amazon_jp", "daily_orders": "0", "cancel_percent": "101"}) == {
        ("daily_orders", "too_small"),
        ("cancel_percent", "out_of_range"),
    }
    assert codes({"policy": "amazon_jp", "daily_orders": "10001", "cancel_percent": "abc"}) == {
        ("daily_orders", "too_large"),
        ("cancel_percent", "not_a_number"),
    }
    for lang in ("ja", "en"):
        result = calculate("breach_risk", {"policy": "amazon_jp"}, lang)
        assert all(e["message"] for e in result["errors"])


def test_minimum_order_gate_is_reported_not_mixed_in():
    result = ok({"policy": "amazon_jp_premium_shipping", "daily_orders": "0.2", "cancel_percent": "1"}, "en")
    out = result["outputs"]
    # P(N <= 10) for N ~ Poisson(6), summed directly
    expected = sum(math.exp(-6) * 6**n / math.factorial(n) for n in range(11))
    assert out["below_min_orders_probability"] == pytest.approx(expected, abs=1e-12)
    text = result["display"]["breach_probability"]["explanation"]
    assert "more than 10 orders" in text
    assert "10 days ago" in text  # the lag, and that it does not change the chance
    ja = ok({"policy": "amazon_jp_premium_shipping", "daily_orders": "0.2", "cancel_percent": "1"})
    assert "10 件を超える" in ja["display"]["breach_probability"]["explanation"]
    assert (
        ok({"policy": "amazon_jp", "daily_orders": 1, "cancel_percent": 1})["outputs"]["below_min_orders_probability"]
        is None
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_output_has_a_sentence(lang):
    result = ok({"policy": "amazon_jp_sfp", "daily_orders": "2.5", "cancel_percent": "0.5"}, lang)
    for name in ("breach_probability", "expected_orders", "min_orders_for_one_cancel", "curve"):
        shown = result["display"][name]
        assert shown["value"] and shown["explanation"], name


def test_curve_is_an_accessible_log_scale_chart():
    result = ok({"policy": "amazon_jp", "daily_orders": "250", "cancel_percent": "2"}, "en")
    curve = result["outputs"]["curve"]
    xs = [pt["daily_orders"] for pt in curve]
    assert xs[0] == pytest.approx(0.1)
    assert xs[-1] == pytest.approx(1000)  # widened to take in 250 a day
    ratios = {round(b / a, 9) for a, b in itertools.pairwise(xs)}
    assert len(ratios) == 1  # evenly spaced on a log scale
    for pt in curve:
        expected = breach.breach_probability(pt["daily_orders"] * 7, Fraction(2, 100), T, "lt")
        assert pt["breach_probability"] == expected
    svg = result["display"]["curve"]["svg"]
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg
    assert "Orders per day (log scale)" in svg and "Chance of a miss" in svg
    assert ">1,000<" in svg  # a decade tick label


def test_tiny_volumes_keep_the_curve_short():
    result = ok({"policy": "amazon_jp", "daily_orders": "0.00000000000000000001", "cancel_percent": "5"}, "en")
    curve = result["outputs"]["curve"]
    assert curve[0]["daily_orders"] == pytest.approx(0.001)
    assert len(curve) == 5 * 8 + 1
    assert result["outputs"]["breach_probability"] == pytest.approx(7e-20 * 0.05, rel=1e-9)
    assert "<circle" not in result["display"]["curve"]["svg"]  # the input is off the chart's scale


def test_poisson_weights_cover_the_mass():
    for lam in (1e-9, 0.3, 7, 210, 30_000):
        n_lo, weights = breach.poisson_weights(lam)
        assert n_lo >= 1
        assert math.fsum(weights) == pytest.approx(-math.expm1(-lam), rel=1e-12)
        assert n_lo <= lam + 1 <= n_lo + len(weights)


probabilities = st.fractions(min_value=0, max_value=1, max_denominator=1000)
targets = st.tuples(
    st.fractions(min_value=Fraction(1, 1000), max_value=1, max_denominator=1000), st.sampled_from(["lt", "le"])
)
volumes = st.floats(min_value=0.01, max_value=400)


@settings(deadline=None)
@given(volumes, probabilities, probabilities, targets)
def test_more_cancelling_never_lowers_the_risk(lam, p1, p2, target):
    low, high = sorted((p1, p2))
    a = breach.breach_probability(lam, low, *target)
    b = breach.breach_probability(lam, high, *target)
    assert 0 <= a <= 1 and 0 <= b <= 1
    assert a <= b + 1e-12


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["amazon_jp", "amazon_jp_premium_shipping", "amazon_jp_sfp", "yahoo_shopping"]),
    st.decimals(min_value="0.001", max_value="1000", places=3),
    st.decimals(min_value="0", max_value="100", places=2),
    st.decimals(min_value="0.01", max_value="100", places=2),
)
def test_results_are_probabilities(policy, daily, cancel, target):
    out = ok(
        {"policy": policy, "daily_orders": str(daily), "cancel_percent": str(cancel), "target_percent": str(target)}
    )["outputs"]
    assert 0 <= out["breach_probability"] <= 1
    assert all(0 <= pt["breach_probability"] <= 1 for pt in out["curve"])


# --- shares whose float rounds to 0 or 1, and outputs JavaScript reads as finite --------------


@pytest.mark.parametrize(
    "share",
    [
        "99.999999999999995",
        99.999999999999995,
        "99.99999999999999999999999999999999999",
        5e-324,
        "0.0000000000000000000000000000000000001",
    ],
)
@pytest.mark.parametrize("daily", ["3", "10000", "0.001", 5e-324])
def test_shares_at_the_float_edges_give_finite_probabilities(share, daily):
    for lang in ("ja", "en"):
        result = ok({"policy": "amazon_jp_premium_shipping", "daily_orders": daily, "cancel_percent": share}, lang)
        text = json.dumps(result, allow_nan=False)
        assert "Infinity" not in text and "NaN" not in text
        out = result["outputs"]
        assert 0 < out["breach_probability"] < 1 or out["breach_probability"] == 1.0
        assert result["display"]["breach_probability"]["value"] not in ("0%", "100%")


def test_the_edge_answers_are_safe_side_bounds_within_the_tolerance():
    tiny = Fraction(5e-324) / 100
    assert breach.breach_probability(21.0, tiny, T, "lt") == pytest.approx(0, abs=1e-300)
    assert breach.breach_probability(21.0, tiny, T, "lt") > 0
    near_one = Fraction("99.999999999999995") / 100
    assert breach.breach_probability(21.0, near_one, T, "lt") == pytest.approx(-math.expm1(-21.0), abs=TOLERANCE)


def test_zero_and_hundred_percent_are_only_said_when_exact():
    assert (
        ok({"policy": "amazon_jp", "daily_orders": 3, "cancel_percent": 0})["display"]["breach_probability"]["value"]
        == "0%"
    )
    huge = ok({"policy": "amazon_jp", "daily_orders": 10000, "cancel_percent": 50}, "en")
    assert huge["outputs"]["breach_probability"] > 0.9999  # 1.0 or next to it as a float
    assert huge["display"]["breach_probability"]["value"] == "over 99.99%"  # a window with no order cannot miss
    small = ok({"policy": "amazon_jp", "daily_orders": 10000, "cancel_percent": "0.01"}, "en")
    assert (
        small["outputs"]["breach_probability"] == 0.0
        and small["display"]["breach_probability"]["value"] == "under 0.01%"
    )


def test_tiny_volumes_are_described_without_rounding_to_zero():
    result = ok({"policy": "amazon_jp", "daily_orders": 5e-324, "cancel_percent": 5}, "ja")
    assert result["display"]["expected_orders"]["value"] == "0.01 件未満"
