"""The ``rate_check`` calculator through the public entry point."""

import json

import pytest

from cancelrate import calculate, calculate_json


def ok(inputs, lang="ja"):
    result = calculate("rate_check", inputs, lang)
    assert result["ok"], result
    return result["outputs"]


def codes(inputs, lang="ja", calculator="rate_check"):
    result = calculate(calculator, inputs, lang)
    assert result["ok"] is False
    return {(e["field"], e["code"]) for e in result["errors"]}


def test_case_study_one_order_one_cancel():
    out = ok({"policy": "amazon_jp", "orders": "1", "seller_cancels": "1"})
    assert out["rate"] == 1.0
    assert out["meets_target"] is False
    assert out["threshold"] == 0.025
    assert out["comparison"] == "lt"
    assert out["window_days"] == 7
    assert out["headroom"] == 0
    assert out["orders_to_recover"] == 40


@pytest.mark.parametrize(("orders", "cancels"), [(40, 1), (120, 3)])
def test_exactly_two_and_a_half_percent_misses_an_under_target(orders, cancels):
    out = ok({"policy": "amazon_jp", "orders": orders, "seller_cancels": cancels})
    assert out["rate"] == 0.025
    assert out["meets_target"] is False
    assert out["orders_to_recover"] == 1


def test_headroom_with_room_left():
    out = ok({"policy": "amazon_jp", "orders": "１，２３４", "seller_cancels": " 1 "})
    assert out["meets_target"] is True
    # floor: largest k with k/1234 < 1/40 is 30 (30.85 -> 30), minus the 1 we have
    assert out["headroom"] == 29
    assert out["orders_to_recover"] == 0


def test_no_orders_means_no_rate():
    out = ok({"policy": "amazon_jp", "orders": 0, "seller_cancels": 0})
    assert out["rate"] is None
    assert out["meets_target"] is True
    assert out["headroom"] == 0


def test_unit_based_no_more_than_target():
    out = ok({"policy": "amazon_jp_sfp", "orders": 100, "seller_cancels": 1})
    assert out["comparison"] == "le"
    assert out["unit"] == "units"
    assert out["meets_target"] is True  # exactly 1 % is allowed by "no more than 1 %"


def test_user_target_overrides_and_supplies():
    assert (
        ok({"policy": "amazon_jp", "orders": 100, "seller_cancels": 2, "target_percent": "1"})["meets_target"] is False
    )
    assert (
        ok({"policy": "yahoo_shopping", "orders": 100, "seller_cancels": 2, "target_percent": "５"})["threshold"]
        == 0.05
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_policy_without_a_published_target_shows_the_rate_and_says_no_target_is_known(lang):
    """Yahoo!ショッピング without a target of the seller's own: the rate, never a refusal."""
    result = calculate("rate_check", {"policy": "yahoo_shopping", "orders": "５０", "seller_cancels": "3"}, lang)
    assert result["ok"], result
    out, shown = result["outputs"], result["display"]
    assert out["rate"] == 0.06 and shown["rate"]["value"] == "6%"
    assert (
        shown["rate"]["explanation"]
        == {
            "ja": "50 件のうち 3 件をキャンセル: 3 ÷ 50 = 6%",
            "en": "3 cancelled out of 50 orders: 3 ÷ 50 = 6%",
        }[lang]
    )
    for name in ("meets_target", "headroom", "orders_to_recover", "threshold", "comparison", "target_origin"):
        assert out[name] is None, name
    assert out["window_days"] == 30
    assert shown["meets_target"]["value"] == {"ja": "基準値なし", "en": "No target"}[lang]
    assert (
        shown["meets_target"]["explanation"]
        == {
            "ja": "Yahoo!ショッピングの注文キャンセル発生率には、公表された基準値が見つかっていません(未確認)。"
            "ご自身の目標と比べるときは、「目標(%、任意)」に入力してください。",
            "en": "No published target has been found for the order cancellation rate of Yahoo! Shopping (Japan) "
            '(unverified). To compare the rate with a target of your own, enter it in "Target (%, optional)".',
        }[lang]
    )
    assert shown["threshold"]["value"] == shown["headroom"]["value"] == "—"
    assert {"ja": "未確認", "en": "unverified"}[lang] in shown["threshold"]["explanation"]
    assert {"ja": "目標を入力すると", "en": "Enter your own target"}[lang] in shown["headroom"]["explanation"]
    # nothing says met or missed without something to compare with
    text = " ".join(v["value"] + v["explanation"] for v in shown.values())
    for word in {"ja": ("満たしている", "満たしていない"), "en": ("Met", "Missed", "missed")}[lang]:
        assert word not in text, word


def test_a_policy_without_a_target_and_no_orders_has_no_rate_yet():
    result = calculate("rate_check", {"policy": "yahoo_shopping", "orders": 0, "seller_cancels": 0}, "en")
    assert result["ok"] and result["outputs"]["rate"] is None
    assert result["display"]["rate"]["value"] == "—"
    assert result["display"]["rate"]["explanation"] == "No orders in the window, so there is no rate yet."


def test_a_policy_without_a_target_still_checks_the_counts():
    assert codes({"policy": "yahoo_shopping", "orders": 2, "seller_cancels": 3}) == {
        ("seller_cancels", "cancels_exceed_orders")
    }


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        ({}, {("policy", "choice_required"), ("orders", "required"), ("seller_cancels", "required")}),
        ({"policy": "amazon_jp", "orders": "", "seller_cancels": "1"}, {("orders", "required")}),
        ({"policy": "amazon_jp", "orders": "abc", "seller_cancels": "1"}, {("orders", "not_a_number")}),
        ({"policy": "amazon_jp", "orders": "10", "seller_cancels": "-1"}, {("seller_cancels", "negative")}),
        ({"policy": "amazon_jp", "orders": 1.5, "seller_cancels": 1}, {("orders", "not_whole_number")}),
        ({"policy": "amazon_jp", "orders": "3", "seller_cancels": "5"}, {("seller_cancels", "cancels_exceed_orders")}),
        ({"policy": "amazon_jp", "orders": "1" + "0" * 20, "seller_cancels": "1"}, {("orders", "too_large")}),
        ({"policy": "nope", "orders": "3", "seller_cancels": "1"}, {("policy", "unknown_policy")}),
        ({"policy": 7, "orders": "3", "seller_cancels": "1"}, {("policy", "unknown_policy")}),
        (
            {"policy": "amazon_jp", "orders": "3", "seller_cancels": "1", "target_percent": "120"},
            {("target_percent", "out_of_range")},
        ),
    ],
)
def test_bad_inputs_have_codes(inputs, expected):
    assert codes(inputs) == expected


@pytest.mark.parametrize("calculator", ["rate_check", "stock_shortage", "breach_risk", "recovery", "order_report"])
def test_a_zero_target_is_rejected_by_every_calculator_that_takes_one(calculator):
    result = calculate(calculator, {"policy": "amazon_jp", "target_percent": "０"}, "en")
    assert ("target_percent", "too_small") in {(e["field"], e["code"]) for e in result["errors"]}


def test_unknown_calculator_and_bad_inputs_container():
    assert codes({}, calculator="nope") == {(None, "unknown_calculator")}
    assert codes([1, 2]) == {(None, "invalid_inputs")}


def test_messages_follow_the_language():
    ja = calculate("rate_check", {"policy": "amazon_jp", "orders": "x", "seller_cancels": "1"}, "ja")
    en = calculate("rate_check", {"policy": "amazon_jp", "orders": "x", "seller_cancels": "1"}, "en")
    assert "数字" in ja["errors"][0]["message"]
    assert "must be a number" in en["errors"][0]["message"]
    assert en["errors"][0]["message"].startswith("Orders in the window")


def test_every_output_has_a_sentence_in_both_languages():
    for lang in ("ja", "en"):
        result = calculate("rate_check", {"policy": "amazon_jp", "orders": 3, "seller_cancels": 1}, lang)
        for name in ("rate", "meets_target", "headroom", "orders_to_recover", "threshold", "window_days"):
            assert result["display"][name]["value"]
            assert result["display"][name]["explanation"]


def test_json_entry_point_round_trips():
    text = calculate_json("rate_check", json.dumps({"policy": "amazon_jp", "orders": 1, "seller_cancels": 1}), "en")
    assert json.loads(text)["outputs"]["orders_to_recover"] == 40
    assert json.loads(calculate_json("rate_check", "{not json", "en"))["errors"][0]["code"] == "invalid_inputs"


# --- the minimum-orders gate and sentences at 0 orders ---------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_premium_shipping_says_separately_that_ten_orders_are_too_few(lang):
    result = calculate("rate_check", {"policy": "amazon_jp_premium_shipping", "orders": 10, "seller_cancels": 1}, lang)
    out, shown = result["outputs"], result["display"]
    assert out["meets_target"] is False
    assert (out["min_orders_met"], out["min_orders_needed"]) == (False, 1)
    assert shown["min_orders_met"]["value"] == ("満たしていない" if lang == "ja" else "Missed")
    gate = shown["min_orders_met"]["explanation"]
    assert ("10 件を超える" if lang == "ja" else "more than 10") in gate
    assert ("率が基準を満たしていないことに加えて" if lang == "ja" else "Both this and the target for the rate") in gate
    assert ("最低注文数の条件も" if lang == "ja" else "minimum-orders condition is missed too") in shown[
        "meets_target"
    ]["explanation"]


def test_premium_shipping_with_the_rate_met_but_too_few_orders_names_only_that_gate():
    result = calculate("rate_check", {"policy": "amazon_jp_premium_shipping", "orders": 10, "seller_cancels": 0}, "en")
    assert result["outputs"]["meets_target"] is True and result["outputs"]["min_orders_met"] is False
    assert (
        "The rate meets the target, but this condition is missed" in result["display"]["min_orders_met"]["explanation"]
    )
    eleven = ok({"policy": "amazon_jp_premium_shipping", "orders": 11, "seller_cancels": 0})
    assert (eleven["min_orders_met"], eleven["min_orders_needed"]) == (True, 0)


def test_policies_without_a_minimum_say_none_is_published():
    result = calculate("rate_check", {"policy": "amazon_jp", "orders": 5, "seller_cancels": 0}, "ja")
    assert result["outputs"]["min_orders_met"] is None and result["outputs"]["min_orders_needed"] is None
    assert "未確認" in result["display"]["min_orders_met"]["explanation"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_orders_never_talks_about_one_more_cancellation(lang):
    result = calculate("rate_check", {"policy": "amazon_jp", "orders": 0, "seller_cancels": 0}, lang)
    text = " ".join(v["explanation"] for v in result["display"].values())
    assert "One more cancellation" not in text and "あと 1 件でも" not in text
    assert "the target is met" not in text and "満たしています" not in text
    assert result["display"]["meets_target"]["value"] == ("注文なし" if lang == "ja" else "No orders")
    assert "100%" in result["display"]["headroom"]["explanation"]


def test_one_more_cancellation_is_still_said_when_it_is_true():
    result = calculate("rate_check", {"policy": "amazon_jp", "orders": 5, "seller_cancels": 0}, "en")
    assert result["display"]["headroom"]["explanation"] == "One more cancellation among these would miss the target."
