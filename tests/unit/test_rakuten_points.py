"""The ``rakuten_points`` calculator and its data (``points_systems`` in policies.json)."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cancelrate import calculate
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


anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30), st.lists(st.integers())
)


@given(
    st.dictionaries(st.sampled_from(["store_cancels_this_year", "other_points", "today", "x"]), anything),
    st.sampled_from(["ja", "en", None]),
)
def test_hostile_inputs_never_raise(inputs, lang):
    result = calculate("rakuten_points", inputs, lang)
    json.dumps(result)
    if not result["ok"]:
        assert all(e["code"] != "internal_error" for e in result["errors"]), result
        assert all(e["message"] for e in result["errors"])
