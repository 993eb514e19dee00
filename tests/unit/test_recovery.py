"""The ``recovery`` calculator: orders, days and dates until the rate is back within the target."""

import json
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cancelrate import all_policies, calculate, describe
from cancelrate.tools.recovery import back_under_target, days_for_orders, model_counts
from cancelrate.windows import EDGE_DAYS

BASE = {"policy": "amazon_jp", "orders": 1, "seller_cancels": 1, "daily_orders": 2}


def ok(inputs, lang="ja"):
    result = calculate("recovery", inputs, lang)
    assert result["ok"], result
    return result["outputs"]


def codes(inputs, lang="ja"):
    result = calculate("recovery", inputs, lang)
    assert result["ok"] is False
    return {(e["field"], e["code"]) for e in result["errors"]}


def test_case_study_without_dates():
    out = ok(BASE)
    assert out["orders_to_recover"] == 40  # 1 / 41 is under 2.5%
    assert out["days_to_recover_by_volume"] == 20
    assert out["cancel_leaves_window"] is None
    assert out["back_under_target_date"] is None


def test_days_round_up():
    assert ok({**BASE, "daily_orders": "3"})["days_to_recover_by_volume"] == 14  # 40 / 3 = 13.3
    assert ok({**BASE, "daily_orders": "0.5"})["days_to_recover_by_volume"] == 80
    assert ok({**BASE, "daily_orders": "１，０００"})["days_to_recover_by_volume"] == 1
    assert ok({**BASE, "orders": 100})["days_to_recover_by_volume"] == 0


def test_dates_give_the_day_the_cancel_leaves_and_the_day_it_is_over():
    out = ok({**BASE, "cancel_dates": "2026/11/25", "today": "2026-11-28"})
    # 7 days from the 25th, on the later side of the unverified edge (the window taken as ending yesterday)
    assert EDGE_DAYS == 1
    assert out["cancel_leaves_window"] == [{"cancel_date": "2026-11-25", "leaves_window": "2026-12-03"}]
    # 2 orders a day from the 29th: 1 / 7 on 2 December is still far above 2.5%; out on the 3rd.
    assert out["back_under_target_date"] == "2026-12-03"


def test_today_defaults_to_the_latest_cancel_date():
    out = ok({**BASE, "orders": 3, "seller_cancels": 2, "cancel_dates": "2026-11-20 2026-11-24"})
    assert out["today"] == "2026-11-24"
    assert out["back_under_target_date"] == "2026-12-02"


def test_enough_orders_bring_it_back_before_the_cancel_leaves():
    # 1 cancel with 100 new orders a day: 1 / 101 once a day of them is in the window. On the later side the
    # window of the 26th ends on the 25th, so that is the 27th.
    out = ok({**BASE, "daily_orders": 100, "cancel_dates": "2026-11-25", "today": "2026-11-25"})
    assert out["back_under_target_date"] == "2026-11-27"


def test_already_within_target_is_today():
    out = ok({**BASE, "orders": 100, "cancel_dates": "2026-11-25", "today": "2026-11-27"})
    assert out["back_under_target_date"] == "2026-11-27"


def test_lagged_window_adds_the_lag():
    out = ok(
        {
            "policy": "amazon_jp_premium_shipping",
            "orders": 20,
            "seller_cancels": 1,
            "daily_orders": 1,
            "cancel_dates": "2026-11-01",
            "today": "2026-11-20",
        }
    )
    assert out["cancel_leaves_window"][0]["leaves_window"] == "2026-12-12"  # 30 + 10 days, and the later edge


def test_yahoo_needs_a_target():
    assert codes({**BASE, "policy": "yahoo_shopping"}) == {("target_percent", "target_required")}
    assert ok({**BASE, "policy": "yahoo_shopping", "target_percent": 10})["orders_to_recover"] == 10


def test_ebay_has_no_fixed_window_so_it_is_not_offered():
    assert codes({**BASE, "policy": "ebay"}) == {("policy", "unknown_policy")}
    for lang in ("ja", "en"):
        policy_field = describe("recovery", lang)["inputs"][0]
        assert "ebay" not in [o["value"] for o in policy_field["options"]]
        assert "amazon_jp" in [o["value"] for o in policy_field["options"]]


def test_zero_percent_target_is_rejected():
    # "under 0%" can never be met: every calculator with a target says so the same way
    assert codes({**BASE, "target_percent": 0, "cancel_dates": "2026-11-25"}) == {("target_percent", "too_small")}


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        ({**BASE, "daily_orders": 0}, {("daily_orders", "too_small")}),
        ({**BASE, "daily_orders": "-1"}, {("daily_orders", "too_small")}),
        ({**BASE, "cancel_dates": "2026-02-30"}, {("cancel_dates", "bad_date")}),
        ({**BASE, "cancel_dates": "2026-11-25", "today": "tomorrow"}, {("today", "bad_date")}),
        ({**BASE, "cancel_dates": "2026-11-25 2026-11-26"}, {("cancel_dates", "dates_count_mismatch")}),
        ({**BASE, "cancel_dates": "2026-11-25", "today": "2026-11-20"}, {("cancel_dates", "cancel_date_after_today")}),
        (
            {**BASE, "cancel_dates": "2026-11-01", "today": "2026-11-28"},
            {("cancel_dates", "cancel_date_out_of_window")},
        ),
        ({**BASE, "seller_cancels": 2}, {("seller_cancels", "cancels_exceed_orders")}),
    ],
)
def test_bad_inputs_have_codes(inputs, expected):
    assert codes(inputs) == expected


def test_date_errors_in_both_languages():
    for lang, word in (("ja", "日付として読めません"), ("en", "not a date we can read")):
        message = calculate("recovery", {**BASE, "cancel_dates": "2026-11-31"}, lang)["errors"][0]["message"]
        assert word in message and "2026-11-31" in message


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_output_has_a_sentence(lang):
    result = calculate("recovery", {**BASE, "cancel_dates": "2026-11-25", "today": "2026-11-28"}, lang)
    for name in ("orders_to_recover", "days_to_recover_by_volume", "back_under_target_date", "cancel_leaves_window"):
        assert result["display"][name]["value"]
        assert result["display"][name]["explanation"]
    assert result["display"]["cancel_leaves_window"]["table"]["rows"]


WINDOW_POLICIES = [p for p in all_policies().values() if p.window_days is not None and p.threshold is not None]


@given(
    policy=st.sampled_from(WINDOW_POLICIES),
    orders=st.integers(0, 10**6),
    cancels=st.integers(0, 10**6),
    daily=st.fractions(min_value=Fraction(1, 100), max_value=1000, max_denominator=100),
)
def test_orders_and_days_are_the_smallest_that_work(policy, orders, cancels, daily):
    result = calculate(
        "recovery",
        {"policy": policy.id, "orders": orders, "seller_cancels": cancels, "daily_orders": str(float(daily))},
        "en",
    )
    if cancels > orders:
        assert {e["code"] for e in result["errors"]} == {"cancels_exceed_orders"}
        return
    out = result["outputs"]
    for name in ("orders_to_recover", "days_to_recover_by_volume", "back_under_target_date", "cancel_leaves_window"):
        assert result["display"][name]["value"] and result["display"][name]["explanation"]
    m = out["orders_to_recover"]
    t, comparison = policy.threshold, policy.comparison

    def meets(c, n):
        return n == 0 or (Fraction(c, n) < t if comparison == "lt" else Fraction(c, n) <= t)

    assert meets(cancels, orders + m)
    assert m == 0 or not meets(cancels, orders + m - 1)
    rate = Fraction(str(float(daily)))  # what the form field reads
    days = out["days_to_recover_by_volume"]
    assert days * rate >= m
    assert days == 0 or (days - 1) * rate < m


@given(
    policy=st.sampled_from(WINDOW_POLICIES),
    offsets=st.lists(st.integers(0, 60), min_size=1, max_size=8),
    other=st.integers(0, 200),
    daily=st.fractions(min_value=Fraction(1, 10), max_value=50, max_denominator=10),
)
def test_back_under_target_is_the_first_day_the_model_meets(policy, offsets, other, daily):
    today = date(2026, 11, 28)
    span = policy.window_days + policy.lag_days
    cancel_dates = sorted(today - timedelta(days=o % span) for o in offsets)
    leaves = [d + timedelta(days=span) for d in cancel_dates]
    cancels, orders = len(cancel_dates), len(cancel_dates) + other
    t, comparison = policy.threshold, policy.comparison
    back = back_under_target(today, orders, cancels, leaves, daily, policy.window_days, policy.lag_days, t, comparison)

    def meets(c, n):
        return n == 0 or (Fraction(c, n) < t if comparison == "lt" else Fraction(c, n) <= t)

    assert today <= back <= max(leaves)
    if back > today:
        assert not meets(cancels, orders)
        assert meets(*model_counts(back, today, leaves, daily, policy.window_days, policy.lag_days))
        day = today + timedelta(days=1)
        while day < back:
            assert not meets(*model_counts(day, today, leaves, daily, policy.window_days, policy.lag_days))
            day += timedelta(days=1)
        # and it stays met (the modelled rate never rises)
        for extra in range(1, 5):
            later = back + timedelta(days=extra)
            assert meets(*model_counts(later, today, leaves, daily, policy.window_days, policy.lag_days))


def test_days_for_orders_is_a_ceiling():
    assert days_for_orders(40, Fraction(3)) == 14
    assert days_for_orders(40, Fraction(1, 2)) == 80
    assert days_for_orders(0, Fraction(7)) == 0


date_like = st.one_of(
    st.text(alphabet="0123456789-/年月日 ,、\n２０１", max_size=40),
    st.dates().map(date.isoformat),
    st.lists(st.dates(min_value=date(2026, 10, 1), max_value=date(2026, 12, 31)).map(date.isoformat), max_size=5).map(
        " ".join
    ),
)


@given(
    cancel_dates=date_like,
    today=st.one_of(st.none(), date_like),
    cancels=st.integers(0, 5),
    policy=st.sampled_from(["amazon_jp", "amazon_jp_premium_shipping", "amazon_jp_sfp"]),
)
def test_hostile_dates_never_raise(cancel_dates, today, cancels, policy):
    inputs = {"policy": policy, "orders": 10, "seller_cancels": cancels, "daily_orders": "1.5"}
    inputs["cancel_dates"] = cancel_dates
    if today is not None:
        inputs["today"] = today
    result = calculate("recovery", inputs, "en")
    json.dumps(result)
    if result["ok"]:
        back = result["outputs"]["back_under_target_date"]
        assert back is None or back >= result["outputs"]["today"]
    else:
        assert all(e["code"] != "internal_error" for e in result["errors"]), result


def test_a_rate_just_under_the_target_is_not_rounded_onto_it():
    out = calculate(
        "recovery", {"policy": "amazon_jp_premium_shipping", "orders": 20, "seller_cancels": 2, "daily_orders": 1}, "en"
    )
    assert out["outputs"]["orders_to_recover"] == 181
    assert "2 ÷ 201 = 0.995%" in out["display"]["orders_to_recover"]["explanation"]


def test_the_dates_box_keeps_line_breaks():
    inputs = {f["name"]: f for f in describe("recovery", "en")["inputs"]}
    assert inputs["cancel_dates"]["multiline"] is True
    assert inputs["today"]["multiline"] is False


# --- the two estimates never contradict each other without the reason ------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_one_day_by_volume_and_a_later_date_each_say_their_model(lang):
    # 11 more orders bring 1 / 41 under 2.5%: one day at 15 a day. The date model, which does not
    # count the 30 orders already in the window (and takes the window as ending the day before), needs until
    # 2 December.
    inputs = {**BASE, "orders": 30, "daily_orders": 15, "cancel_dates": "2026-11-25", "today": "2026-11-28"}
    result = calculate("recovery", inputs, lang)
    out, shown = result["outputs"], result["display"]
    assert (out["days_to_recover_by_volume"], out["back_under_target_date"]) == (1, "2026-12-02")
    volume = shown["days_to_recover_by_volume"]["explanation"]
    back = shown["back_under_target_date"]["explanation"]
    if lang == "ja":
        assert "新しい注文の数だけ" in volume and "30 件(キャンセル分を含む)は、その間ずっと期間内に残る" in volume
        assert "2026年11月28日を今日として数えると、2026年11月29日です" in volume
        assert (
            back.startswith("新しいキャンセルがなければ、2026年12月2日ごろ基準(2.5%未満)内に戻る見込みです")
            and "遅い側の見積もり" in back
            and "2026年11月29日" in back
            and "30 件を残るものとして数え、こちらは数えていない" in back
        )
    else:
        assert "This counts new orders only" in volume and "orders now in the window (30 orders)" in volume
        assert "taking 28 November 2026 as today, that is 29 November 2026" in volume
        assert back.startswith("If no new cancellation comes, the rate is expected back within the target (under 2.5%)")
        assert "later-side estimate" in back and "later than the 1 day below (29 November 2026)" in back
        assert "counts the orders now in the window (30 orders) as staying, and this date does not" in back


def test_a_date_earlier_than_the_volume_figure_says_the_cancellations_leave_first():
    inputs = {**BASE, "orders": 1, "daily_orders": 1, "cancel_dates": "2026-11-25", "today": "2026-11-28"}
    result = calculate("recovery", inputs, "en")
    assert result["outputs"]["days_to_recover_by_volume"] == 40
    assert result["outputs"]["back_under_target_date"] == "2026-12-03"
    assert "earlier than the 40 days below" in result["display"]["back_under_target_date"]["explanation"]


@settings(max_examples=60, deadline=None)
@given(
    orders=st.integers(1, 200),
    daily=st.integers(1, 60),
    ago=st.integers(0, 6),
)
def test_whenever_the_two_estimates_differ_the_date_says_why(orders, daily, ago):
    today = date(2026, 11, 28)
    inputs = {
        **BASE,
        "orders": orders,
        "daily_orders": daily,
        "cancel_dates": (today - timedelta(days=ago)).isoformat(),
        "today": today.isoformat(),
    }
    result = calculate("recovery", inputs, "en")
    out = result["outputs"]
    back = date.fromisoformat(out["back_under_target_date"])
    by_volume = today + timedelta(days=out["days_to_recover_by_volume"])
    text = result["display"]["back_under_target_date"]["explanation"]
    if back == today:
        return
    if back > by_volume:
        assert "later than the" in text
    elif back < by_volume:
        assert "earlier than the" in text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_orders_means_nothing_to_recover_and_premium_shipping_names_its_minimum(lang):
    result = calculate(
        "recovery", {**BASE, "policy": "amazon_jp_premium_shipping", "orders": 0, "seller_cancels": 0}, lang
    )
    text = result["display"]["orders_to_recover"]["explanation"]
    assert ("期間内に注文がない" if lang == "ja" else "No orders in the window") in text
    assert ("あと 11 件足りません" if lang == "ja" else "0 is 11 short") in text
    assert ("期間内に注文がない" if lang == "ja" else "No orders in the window") in result["display"][
        "days_to_recover_by_volume"
    ]["explanation"]


# --- examples with dates that do not age -----------------------------------------------------------


def example_relative_to(today, calculator="recovery"):
    """The example inputs as the browser fills them on ``today``: each date field marked with
    ``example_days_ago`` gets the date that many days before ``today``."""
    inputs = {}
    for field in describe(calculator, "en")["inputs"]:
        if field["example_days_ago"] is not None:
            inputs[field["name"]] = (today - timedelta(days=field["example_days_ago"])).isoformat()
        elif field["example"] is not None:
            inputs[field["name"]] = field["example"]
    return inputs


def test_the_date_fields_say_how_their_example_follows_today():
    marked = {f["name"]: f["example_days_ago"] for f in describe("recovery", "ja")["inputs"]}
    assert marked == {
        "policy": None,
        "orders": None,
        "seller_cancels": None,
        "daily_orders": None,
        "target_percent": None,
        "cancel_dates": 3,
        "today": 0,
    }


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_built_example_names_the_date_it_takes_as_today(lang):
    """The page as built shows the fixed example (order date 25 November, today 28 November 2026) and says so."""
    example = {f["name"]: f["example"] for f in describe("recovery", lang)["inputs"] if f["example"] is not None}
    assert (example["cancel_dates"], example["today"]) == ("2026-11-25", "2026-11-28")
    result = calculate("recovery", example, lang)
    assert result["outputs"]["today"] == "2026-11-28"
    named = {"ja": "2026年11月28日を今日として", "en": "taking 28 November 2026 as today"}[lang]
    assert named in result["display"]["back_under_target_date"]["explanation"]
    assert named in result["display"]["days_to_recover_by_volume"]["explanation"]


@pytest.mark.parametrize(
    "today", [date(2026, 11, 28), date(2027, 1, 2), date(2028, 3, 1), date(2029, 12, 31), date(2031, 7, 4)]
)
def test_the_example_filled_relative_to_any_today_works_out_for_that_day(today):
    """Whatever day the page is opened, the example gives a result, counted from that day."""
    inputs = example_relative_to(today)
    for lang in ("ja", "en"):
        result = calculate("recovery", inputs, lang)
        assert result["ok"], result
        out = result["outputs"]
        assert out["today"] == today.isoformat()
        ordered = today - timedelta(days=3)
        leaves = ordered + timedelta(days=7 + EDGE_DAYS)
        assert out["cancel_leaves_window"] == [
            {"cancel_date": ordered.isoformat(), "leaves_window": leaves.isoformat()}
        ]
        # one order, one cancellation, 2 orders a day from tomorrow: the cancellation leaving decides
        assert out["back_under_target_date"] == leaves.isoformat()
        shown = {"ja": f"{today.year}年{today.month}月{today.day}日を今日として", "en": "as today"}[lang]
        assert shown in result["display"]["back_under_target_date"]["explanation"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_dates_are_the_order_dates_of_the_cancelled_orders_by_a_secondary_source(lang):
    result = calculate("recovery", {**BASE, "cancel_dates": "2026-11-25", "today": "2026-11-28"}, lang)
    leaves = result["display"]["cancel_leaves_window"]
    labels = {f["name"]: f["label"] for f in describe("recovery", lang)["inputs"]}
    if lang == "ja":
        assert labels["cancel_dates"] == "キャンセルした注文の注文日(任意)"
        assert leaves["table"]["columns"] == ["注文日", "期間から外れる日"]
        assert "注文日で数える、とする解説記事があります(二次情報。Amazon.co.jp について" in leaves["explanation"]
        assert "入力する日付はキャンセルした注文の注文日です。" in leaves["explanation"]
        assert "基準日" not in json.dumps(result, ensure_ascii=False)
    else:
        assert labels["cancel_dates"] == "Order dates of the cancelled orders (optional)"
        assert leaves["table"]["columns"] == ["Ordered on", "Out of the window on"]
        assert "counts a cancellation by its order date" in leaves["explanation"]
        assert "(secondary source, about Amazon.co.jp;" in leaves["explanation"]
        assert "the dates to enter are the order dates of the cancelled orders" in leaves["explanation"]


def test_a_cancellation_is_refused_as_outside_the_window_only_once_even_the_later_edge_has_passed():
    """Whether the 7-day window counts today is unverified: an order of 7 days ago may still be counted (the
    window ending yesterday), so it is taken, leaving tomorrow; one of 8 days ago is out either way."""
    seven = ok({**BASE, "cancel_dates": "2026-11-21", "today": "2026-11-28"})
    assert seven["cancel_leaves_window"] == [{"cancel_date": "2026-11-21", "leaves_window": "2026-11-29"}]
    assert codes({**BASE, "cancel_dates": "2026-11-20", "today": "2026-11-28"}) == {
        ("cancel_dates", "cancel_date_out_of_window")
    }


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_leave_dates_say_they_are_on_the_later_side_of_an_unverified_edge(lang):
    result = calculate("recovery", {**BASE, "cancel_dates": "2026-11-25", "today": "2026-11-28"}, lang)
    leaves = result["display"]["cancel_leaves_window"]["explanation"]
    back = result["display"]["back_under_target_date"]["explanation"]
    calendar = result["outputs"]["calendar"]["text"]
    if lang == "ja":
        assert "遅い側" in leaves and "未確認" in leaves and "1 日早く" in leaves
        assert "遅い側" in back and "未確認" in back
    else:
        assert "later side" in leaves and "unverified" in leaves and "one day earlier" in leaves
        assert "later side" in back and "unverified" in back
    assert ("未確認" if lang == "ja" else "unverified") in calendar.replace("\r\n ", "")
