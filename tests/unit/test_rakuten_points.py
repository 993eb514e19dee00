"""The ``rakuten_points`` calculator and its data (``points_systems`` in policies.json)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cancelrate import calculate, describe
from cancelrate.policies import points_system

SYSTEM = points_system("rakuten_points")
PER = SYSTEM["points_per_store_cancel"]
LEVELS = SYSTEM["levels"]


def ok(inputs, lang="ja"):
    result = calculate("rakuten_points", inputs, lang)
    assert result["ok"], result
    return result["outputs"]


def test_loader():
    assert points_system("nope") is None
    assert [level["level"] for level in LEVELS] == ["I", "II", "III", "IV", "V"]
    assert [level["min_points"] for level in LEVELS] == sorted(level["min_points"] for level in LEVELS)
    assert SYSTEM["points_per_store_cancel_kind"] == "secondary"


def test_below_the_first_level():
    out = ok({"store_cancels_this_year": 2})
    assert out["points"] == 2 * PER
    assert out["level"] is None and out["fee_yen"] is None and out["restrictions"] is None
    assert out["next_level"] == "I"
    assert out["cancels_to_next_level"] == 1  # 2 * 15 = 30, the 3rd reaches 35
    assert out["reset_month_day"] == "01-01" and out["reset_date"] is None


def test_level_and_costs_from_data():
    out = ok({"store_cancels_this_year": "３", "other_points": "10"}, "en")
    assert out["points"] == 3 * PER + 10
    level = LEVELS[1]  # 55 points
    assert out["level"] == level["level"]
    assert out["fee_yen"] == level["fee_yen"]
    assert out["restrictions"] == level["restrictions"]["en"]


def test_top_level_has_no_next():
    out = ok({"store_cancels_this_year": 100})
    assert out["level"] == "V"
    assert out["cancels_to_next_level"] is None


def test_reset_date_with_today():
    assert ok({"store_cancels_this_year": 1, "today": "2026-11-28"})["reset_date"] == "2027-01-01"
    assert ok({"store_cancels_this_year": 1, "today": "2026/01/01"})["reset_date"] == "2027-01-01"
    assert ok({"store_cancels_this_year": 1, "today": "2026-12-31"})["reset_date"] == "2027-01-01"


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("cancels", [0, 3, 100])
def test_every_output_has_a_sentence_and_the_secondary_source_is_said(lang, cancels):
    inputs = {"store_cancels_this_year": cancels, "today": "2026-11-28"}
    display = calculate("rakuten_points", inputs, lang)["display"]
    for name in ("points", "level", "restrictions", "fee_yen", "cancels_to_next_level", "reset_date"):
        assert display[name]["value"] and display[name]["explanation"], name
    note = display["points_per_cancel"]
    assert note["explanation"] == SYSTEM["points_per_store_cancel_note"][lang]
    assert ("二次情報" if lang == "ja" else "secondary") in note["value"]
    assert str(PER) in note["value"]


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        ({}, {("store_cancels_this_year", "required")}),
        ({"store_cancels_this_year": "-1"}, {("store_cancels_this_year", "negative")}),
        ({"store_cancels_this_year": 1.5}, {("store_cancels_this_year", "not_whole_number")}),
        ({"store_cancels_this_year": 1, "other_points": "x"}, {("other_points", "not_a_number")}),
        ({"store_cancels_this_year": 1, "today": "2026-13-01"}, {("today", "bad_date")}),
    ],
)
def test_bad_inputs_have_codes(inputs, expected):
    result = calculate("rakuten_points", inputs, "en")
    assert result["ok"] is False
    assert {(e["field"], e["code"]) for e in result["errors"]} == expected


@given(cancels=st.integers(0, 10**9), other=st.integers(0, 10**9))
def test_level_and_cancels_to_next_level_are_exact(cancels, other):
    out = ok({"store_cancels_this_year": cancels, "other_points": other})
    points = cancels * PER + other
    assert out["points"] == points
    reached = [level for level in LEVELS if level["min_points"] <= points]
    assert out["level"] == (reached[-1]["level"] if reached else None)
    following = [level for level in LEVELS if level["min_points"] > points]
    if not following:
        assert out["cancels_to_next_level"] is None
    else:
        k = out["cancels_to_next_level"]
        goal = following[0]["min_points"]
        assert points + k * PER >= goal  # k more reach the next level
        assert points + (k - 1) * PER < goal  # k - 1 do not: k is the smallest


# --- the example's date does not age ------------------------------------------------------------


def test_todays_date_is_an_example_that_follows_today():
    [today] = [f for f in describe("rakuten_points", "ja")["inputs"] if f["name"] == "today"]
    assert (today["example"], today["example_days_ago"]) == ("2026-11-28", 0)
    others = [f["example_days_ago"] for f in describe("rakuten_points", "ja")["inputs"] if f["name"] != "today"]
    assert others == [None, None]


@pytest.mark.parametrize(
    ("lang", "named"),
    [("ja", "2026年11月28日を今日として、次に 0 に戻る日です。"), ("en", "The next reset after 28 November 2026,")],
)
def test_the_built_example_names_the_date_it_takes_as_today(lang, named):
    example = {f["name"]: f["example"] for f in describe("rakuten_points", lang)["inputs"] if f["example"] is not None}
    result = calculate("rakuten_points", example, lang)
    assert result["outputs"]["reset_date"] == "2027-01-01"
    assert result["display"]["reset_date"]["explanation"].startswith(named)


@pytest.mark.parametrize(
    ("today", "reset"),
    [("2026-01-01", "2027-01-01"), ("2026-12-31", "2027-01-01"), ("2028-02-29", "2029-01-01")],
)
def test_the_reset_follows_the_date_taken_as_today(today, reset):
    assert ok({"store_cancels_this_year": 2, "today": today})["reset_date"] == reset


@pytest.mark.parametrize(
    ("lang", "fee", "why"),
    [
        ("ja", "3,000,000 円(V-A のみ)", "この金額は V-A のみに当てはまります。"),
        ("en", "¥3,000,000 (V-A only)", "This amount applies to V-A only."),
    ],
)
def test_the_level_v_fee_applies_to_v_a_only(lang, fee, why):
    """違約金 / penalty fee, as the policy page names it; level V's amount is V-A's (V-B ends the contract)."""
    shown = calculate("rakuten_points", {"store_cancels_this_year": 7}, lang)["display"]
    assert shown["fee_yen"]["value"] == fee
    assert shown["fee_yen"]["explanation"].endswith(why)
    level_iv = calculate("rakuten_points", {"store_cancels_this_year": 6}, lang)["display"]["fee_yen"]
    assert level_iv["value"] == {"ja": "1,000,000 円", "en": "¥1,000,000"}[lang]
    assert "V-A" not in level_iv["explanation"]
    label = {f["name"]: f["label"] for f in describe("rakuten_points", lang)["outputs"]}["fee_yen"]
    assert label == {"ja": "違約金", "en": "Penalty fee"}[lang]
