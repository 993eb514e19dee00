"""The ``oversell_risk`` calculator: its fields, its errors in both languages, its outputs against the model
(:mod:`cancelrate.oversell`, itself checked against a simulation in ``test_oversell.py``) and against literals."""

import json
import math
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oversell_grid import sane_results

from cancelrate import CALCULATORS, breach, calculate, describe
from cancelrate.oversell import Item, OrderSizes, OversellModel

TOOL = CALCULATORS["oversell_risk"]
BASE = {
    "stock": 3,
    "daily_amazon": 2,
    "daily_yahoo": 1,
    "daily_rakuten": 1,
    "sync_minutes": 30,
    "units_per_order": "1.1",
    "buffer": 0,
    "policy": "amazon_jp",
    "total_daily_orders": 5,
}


def ok(inputs, lang="ja"):
    result = calculate("oversell_risk", inputs, lang)
    assert result["ok"], result
    json.dumps(result, allow_nan=False)
    return result


def errors(inputs, lang="ja"):
    result = calculate("oversell_risk", inputs, lang)
    assert result["ok"] is False, result
    return {e["field"]: (e["code"], e["message"]) for e in result["errors"]}


def with_(**changes):
    out = {**BASE, **changes}
    return {k: v for k, v in out.items() if v is not None}


def test_the_form_offers_five_named_channels_and_the_policy_choices():
    for lang, names in (
        ("ja", ["Amazon", "Yahoo!ショッピング", "楽天", "自社サイト", "その他"]),
        ("en", ["Amazon", "Yahoo! Shopping", "Rakuten", "Own shop", "Other"]),
    ):
        spec = describe("oversell_risk", lang)
        labels = {f["name"]: f["label"] for f in spec["inputs"]}
        channel_labels = [
            labels[name] for name in ("daily_amazon", "daily_yahoo", "daily_rakuten", "daily_own_shop", "daily_other")
        ]
        for label, name in zip(channel_labels, names, strict=True):
            assert name in label
        policies = {o["value"] for f in spec["inputs"] if f["name"] == "policy" for o in f["options"]}
        assert "amazon_jp" in policies and "ebay" not in policies
        assert [o["name"] for o in spec["outputs"]] == list(TOOL.OUTPUTS)


def test_the_example_matches_the_model():
    out = ok(BASE)["outputs"]
    item = Item(3, (2.0, 1.0, 1.0, 0.0, 0.0), 30.0, OrderSizes(1, 0.1))
    m = OversellModel(item)
    f = m.figures(0)
    assert out["oversold_orders"] == f.oversold_orders_per_30_days
    assert out["any_oversell_probability"] == m.any_oversell_probability(0, 7)
    assert out["held_back"] == f.held_back_per_lot == 0
    assert out["listed"] == 3 and out["window_days"] == 7
    # Amazon's policy counts only the oversold orders Amazon accepted, over Amazon's orders
    share = Fraction(f.oversold_orders_by_channel_per_30_days[0] / 30) / 5
    assert out["oversell_rate"] == float(share)
    assert 0 < f.oversold_orders_by_channel_per_30_days[0] < f.oversold_orders_per_30_days
    assert out["breach_probability"] == breach.breach_probability(35.0, share, Fraction(1, 40), "lt")
    assert out["meets_target"] is (share < Fraction(1, 40))
    search = m.smallest_buffer(7, Fraction(1, 20))
    assert (out["smallest_buffer_status"], out["smallest_buffer"]) == ("found", search.buffer)
    assert out["smallest_buffer"] == 1  # 21.9% at 0, 0.74% at 1
    assert 0.20 < out["any_oversell_probability"] < 0.23
    assert out["curve"][0]["any_oversell_probability"] == out["any_oversell_probability"]


def test_sentences_in_both_languages():
    ja = ok(BASE, "ja")["display"]
    en = ok(BASE, "en")["display"]
    assert ja["smallest_buffer"]["value"] == "1 個"
    assert en["smallest_buffer"]["value"] == "1 unit"
    assert ja["any_oversell_probability"]["value"] == en["any_oversell_probability"]["value"] == "21.86%"
    assert "上限 5% 以上" in ja["any_oversell_probability"]["explanation"]
    assert "not below your limit of 5%" in en["any_oversell_probability"]["explanation"]
    assert "基準「2.5%未満」" in ja["oversell_rate"]["explanation"]
    assert "<svg" in ja["curve"]["svg"] and "安全在庫" in ja["curve"]["svg"]
    assert "buffer" in en["curve"]["svg"]
    assert en["held_back"]["explanation"].startswith("Without a buffer")
    assert ja["curve"]["value"] == "安全在庫 0〜2 個" and en["curve"]["value"] == "buffers of 0 to 2 units"


def test_the_seller_limit_decides_the_buffer_needed():
    loose = ok(with_(oversell_limit_percent=50))["outputs"]
    assert loose["smallest_buffer"] == 0 and loose["oversell_limit"] == 0.5
    strict = ok(with_(oversell_limit_percent="0.5"))["outputs"]
    assert strict["smallest_buffer"] >= 1
    blank = ok(with_(oversell_limit_percent=""))["outputs"]
    assert blank["oversell_limit"] == 0.05


def test_a_buffer_lowers_the_risk_and_holds_units_back():
    none = ok(with_(stock=10, buffer=0, units_per_order=2))["outputs"]
    two = ok(with_(stock=10, buffer=2, units_per_order=2))["outputs"]
    assert two["oversold_orders"] < none["oversold_orders"]
    assert two["listed"] == 8
    assert two["held_back"] > 0  # with 2-unit orders and a buffer, units stay on the shelf
    m = OversellModel(Item(10, (2.0, 1.0, 1.0, 0.0, 0.0), 30.0, OrderSizes(2, 0.0)))
    assert two["held_back"] == m.figures(2).held_back_per_lot


@pytest.mark.parametrize(
    ("changes", "key_ja", "key_en"),
    [
        ({"daily_yahoo": 0, "daily_rakuten": ""}, "チャネルが 1 つだけ", "Only one channel"),
        ({"sync_minutes": 0}, "0 分", "0 minutes"),
        ({"stock": 3, "buffer": 3}, "売れません", "nothing sells"),
        ({"stock": 4, "buffer": 3, "daily_rakuten": 0}, "手元の在庫で足りる", "the shelf would cover it"),
    ],
)
def test_no_oversell_is_possible_and_says_why(changes, key_ja, key_en):
    out = ok(with_(**changes))
    assert out["outputs"]["oversold_orders"] == 0 and out["outputs"]["any_oversell_probability"] == 0
    assert out["display"]["oversold_orders"]["value"] == "0 件"
    assert out["display"]["any_oversell_probability"]["value"] == "0%"
    assert key_ja in out["display"]["oversold_orders"]["explanation"]
    assert key_en in ok(with_(**changes), "en")["display"]["oversold_orders"]["explanation"]


def test_unit_policies_count_units():
    out = ok(with_(policy="amazon_us_sfp", total_daily_orders=20, units_per_order="1.5"))["outputs"]
    assert out["unit"] == "units"
    m = OversellModel(Item(3, (2.0, 1.0, 1.0, 0.0, 0.0), 30.0, OrderSizes(1, 0.5)))
    amazon_units = m.figures(0).oversold_units_by_channel_per_30_days[0]
    assert out["oversell_rate"] == float(Fraction(amazon_units / 30) / 20)


def test_full_width_and_grouped_digits_are_read():
    a = ok(with_(stock="３", daily_amazon="２", sync_minutes="３０", total_daily_orders="1,000"))["outputs"]
    b = ok(with_(total_daily_orders=1000))["outputs"]
    assert a == b


@pytest.mark.parametrize(
    ("changes", "field", "code", "ja", "en"),
    [
        ({"stock": -1}, "stock", "negative", "0 以上", "negative"),
        ({"stock": 0}, "stock", "too_small", "0 より大きく", "greater than 0"),
        ({"stock": 201}, "stock", "too_large", "200 以下", "200"),
        ({"stock": "abc"}, "stock", "not_a_number", "数字", "number"),
        ({"daily_amazon": -2}, "daily_amazon", "negative", "0 以上", "negative"),
        ({"daily_amazon": 51}, "daily_amazon", "too_large", "50 以下", "50"),
        ({"daily_amazon": 30, "daily_yahoo": 30}, "daily_amazon", "oversell_item_too_busy", "61 件", "61 orders"),
        (
            {"daily_amazon": 0, "daily_yahoo": "", "daily_rakuten": None},
            "daily_amazon",
            "oversell_no_channel",
            "少なくとも 1 つ",
            "at least one",
        ),
        ({"sync_minutes": -5}, "sync_minutes", "negative", "0 以上", "negative"),
        ({"sync_minutes": 10_081}, "sync_minutes", "too_large", "10,080 以下", "10,080"),
        ({"sync_minutes": 1440}, "sync_minutes", "oversell_sync_too_slow", "1,080 分以下", "1,080 minutes"),
        ({"units_per_order": "0.5"}, "units_per_order", "below_minimum", "1 以上", "at least 1"),
        ({"units_per_order": 4}, "units_per_order", "too_large", "3 以下", "3"),
        (
            {"stock": 31, "share_1_unit": 90, "share_3_units": 10},
            "stock",
            "oversell_sized_stock",
            "30 個まで",
            "at most 30",
        ),
        ({"buffer": 4}, "buffer", "too_large", "3 以下", "3"),
        ({"buffer": "1.5"}, "buffer", "not_whole_number", "整数", "whole number"),
        (
            {"total_daily_orders": 1},
            "total_daily_orders",
            "oversell_total_below_item",
            "Amazonでの注文数(2 件)",
            "on Amazon (2 orders)",
        ),
        (
            {"policy": "yahoo_shopping", "target_percent": 1, "total_daily_orders": "0.5"},
            "total_daily_orders",
            "oversell_total_below_item",
            "Yahoo!ショッピングでの注文数(1 件)",
            "on Yahoo! Shopping (1 order)",
        ),
        ({"share_1_unit": 80, "share_2_units": 10}, "share_1_unit", "oversell_shares_sum", "合計は 90%", "now 90%"),
        ({"share_2_units": 101}, "share_2_units", "out_of_range", "100", "100"),
        (
            {"share_1_unit": 90, "share_4plus_units": 10, "largest_units": 3},
            "largest_units",
            "too_small",
            "3 より大きく",
            "greater than 3",
        ),
        ({"largest_units": 11}, "largest_units", "too_large", "10 以下", "10"),
        ({"busiest_day_orders": 3}, "busiest_day_orders", "oversell_busiest_below_average", "4 件", "(4, all channels"),
        ({"busiest_day_orders": 29}, "busiest_day_orders", "oversell_busiest_above_week", "28 件以下", "28 or less"),
        (
            {"busiest_day_orders": 28, "sync_minutes": 240},
            "sync_minutes",
            "oversell_sync_too_slow",
            "154.3 分以下",
            "154.3 minutes",
        ),
        ({"total_daily_orders": 0}, "total_daily_orders", "too_small", "0 より大きく", "greater than 0"),
        ({"oversell_limit_percent": 0}, "oversell_limit_percent", "too_small", "0 より大きく", "greater than 0"),
        ({"oversell_limit_percent": 101}, "oversell_limit_percent", "out_of_range", "100", "100"),
        ({"policy": "ebay"}, "policy", "unknown_policy", "基準", "policy"),
        ({"policy": "yahoo_shopping"}, "target_percent", "target_required", "目標", "target"),
    ],
)
def test_bad_inputs_are_field_errors_in_both_languages(changes, field, code, ja, en):
    got_ja = errors(with_(**changes), "ja")
    got_en = errors(with_(**changes), "en")
    assert got_ja[field][0] == got_en[field][0] == code
    assert ja in got_ja[field][1], got_ja
    assert en in got_en[field][1], got_en


@pytest.mark.parametrize(
    ("channels", "busiest"),
    [(("1", "0.3", "3"), "30.1"), (("3", "0.05", "1"), "28.35"), (("0.1", "0.2", None), "0.3")],
    ids=["7 times, 1 + 0.3 + 3", "7 times, 3 + 0.05 + 1", "the average, 0.1 + 0.2"],
)
def test_a_busiest_day_exactly_at_a_bound_is_answered(channels, busiest):
    """The bounds are checked exactly; the model's float sum of the channels may round past them, and once
    answered "something unexpected went wrong"."""
    inputs = with_(
        **dict(zip(("daily_amazon", "daily_yahoo", "daily_rakuten"), channels, strict=True)), busiest_day_orders=busiest
    )
    inputs["total_daily_orders"] = 50
    assert ok(inputs)["outputs"]["oversold_orders"] > 0


def test_with_no_channel_only_the_channels_are_asked_for_not_a_busiest_day_of_0():
    got = errors(with_(daily_amazon=None, daily_yahoo=None, daily_rakuten=None, busiest_day_orders=5), "en")
    assert got["daily_amazon"][0] == "oversell_no_channel"
    assert "busiest_day_orders" not in got


def test_the_stated_maxima_answer_within_the_range():
    """Just inside every limit at once: an answer, finite. (Speed is in bench/calculators.py.)"""
    inputs = {
        "stock": 200,
        "daily_amazon": 10,
        "daily_yahoo": 10,
        "daily_rakuten": 10,
        "daily_own_shop": 10,
        "daily_other": 10,
        "sync_minutes": 86.4,  # 3 orders between syncs
        "units_per_order": 3,
        "buffer": 0,
        "policy": "amazon_jp_premium_shipping",
        "total_daily_orders": 10_000,
    }
    out = ok(inputs)["outputs"]
    assert math.isfinite(out["oversold_orders"]) and 0 <= out["any_oversell_probability"] <= 1


# a finite, in-range answer (or a clear error) for every input within the fields' ranges
rates = st.one_of(st.none(), st.just(0), st.decimals(0, 50, places=2).map(str))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    stock=st.integers(0, 200),
    channels=st.lists(rates, min_size=5, max_size=5),
    minutes=st.one_of(st.just(0), st.decimals(0, 10_080, places=1).map(str)),
    average=st.decimals(1, 3, places=2).map(str),
    buffer=st.integers(0, 200),
    policy=st.sampled_from(["amazon_jp", "amazon_jp_premium_shipping", "amazon_us_sfp", "yahoo_shopping"]),
    total=st.decimals("0.01", 10_000, places=2).map(str),
    limit=st.one_of(st.none(), st.decimals("0.01", 100, places=2).map(str)),
)
def test_outputs_stay_finite_over_the_input_range(stock, channels, minutes, average, buffer, policy, total, limit):
    names = ("daily_amazon", "daily_yahoo", "daily_rakuten", "daily_own_shop", "daily_other")
    inputs = {
        "stock": stock,
        "sync_minutes": minutes,
        "units_per_order": average,
        "buffer": buffer,
        "policy": policy,
        "total_daily_orders": total,
        "target_percent": 2,
        **{n: v for n, v in zip(names, channels, strict=True) if v is not None},
    }
    if limit is not None:
        inputs["oversell_limit_percent"] = limit
    for result, out in sane_results(inputs):
        assert all(0 <= pt["any_oversell_probability"] <= 1 for pt in out["curve"])
        for shown in result["display"].values():
            assert "nan" not in shown["value"].lower() and "inf" not in shown["explanation"].lower().split()


def test_the_chart_draws_the_chance_of_missing_the_target_as_a_second_line():
    """The chance of missing the target against the buffer: the dotted second line, one point per buffer,
    at the heights the curve's breach_probability gives, with a legend in the page's language."""
    import re
    from itertools import pairwise

    for lang, legend in (("ja", "売り越しだけで基準を満たせなくなる"), ("en", "oversells alone miss the target")):
        result = ok(BASE, lang)
        svg = result["display"]["curve"]["svg"]
        curve = result["outputs"]["curve"]
        assert legend in svg
        second = re.search(r'<path class="cr-chart-line2" d="M([^"]+)"', svg)
        assert second is not None
        points = [tuple(map(float, p.split(","))) for p in second.group(1).split(" L")]
        assert len(points) == len(curve)
        # higher chance, higher on the chart (smaller y): the order of the points' heights follows the values
        heights = [y for _, y in points]
        values = [pt["breach_probability"] for pt in curve]
        for (h1, v1), (h2, v2) in pairwise(zip(heights, values, strict=True)):
            assert (v1 > v2) == (h1 < h2) or v1 == v2


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_rate_says_a_partly_short_order_can_be_shipped_so_it_is_an_upper_bound(lang):
    """An oversold order is a counted cancellation only when none of it can be shipped."""
    values = {
        "stock": "3",
        "daily_amazon": "2",
        "daily_yahoo": "1",
        "sync_minutes": "30",
        "units_per_order": "1.5",
        "buffer": "0",
        "policy": "amazon_jp",
        "total_daily_orders": "5",
    }
    result = calculate("oversell_risk", values, lang)
    assert result["ok"], result
    text = result["display"]["oversell_rate"]["explanation"]
    assert ("上限" if lang == "ja" else "upper bound") in text
    assert ("返金" if lang == "ja" else "refund") in text
