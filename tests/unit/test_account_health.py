"""The ``account_health`` calculator: every metric at, just under and just over its line, both directions,
bad pairs in both languages."""

from fractions import Fraction

import pytest

from cancelrate import calculate
from cancelrate.health import health_metrics, standing


def run(inputs, lang="ja"):
    return calculate("account_health", {"marketplace": "amazon_jp", **inputs}, lang)


def ok(inputs, lang="ja"):
    result = run(inputs, lang)
    assert result["ok"], result
    return result


def errors(inputs, lang="ja"):
    result = run(inputs, lang)
    assert result["ok"] is False, result
    return {e["field"]: (e["code"], e["message"]) for e in result["errors"]}


# (metric, whole field, part field, (total, part) just under / at / just over the line, in the direction
# that passes first). Defect rates pass under the line; the valid-tracking rate passes at it and above.
LINES = [
    ("cancel", "cancel_orders", "cancels", 40, [(0, True), (1, False), (2, False)], 41, 1, True),
    ("late_shipment", "lsr_orders", "late_shipments", 100, [(3, True), (4, False), (5, False)], 101, 4, True),
    ("order_defect", "odr_orders", "order_defects", 100, [(0, True), (1, False), (2, False)], 101, 1, True),
    (
        "valid_tracking",
        "vtr_shipments",
        "valid_tracking",
        200,
        [(191, True), (190, True), (189, False)],
        199,
        189,
        False,
    ),
]


@pytest.mark.parametrize(("metric", "whole", "part", "total", "cases", "total2", "part2", "met2"), LINES)
def test_each_metric_around_its_line(metric, whole, part, total, cases, total2, part2, met2):
    for counted, met in cases:
        out = ok({whole: total, part: counted})["outputs"][metric]
        assert out["meets_target"] is met, (metric, counted)
        assert out["rate_exact"] == (None if total == 0 else str(Fraction(counted, total)))
    # one order more in the window moves an exactly-at-the-line pair across it
    assert ok({whole: total2, part: part2})["outputs"][metric]["meets_target"] is met2


def test_right_at_the_lines_of_the_issue():
    out = ok({"lsr_orders": "100", "late_shipments": "4", "vtr_shipments": "200", "valid_tracking": "190"})["outputs"]
    assert out["late_shipment"]["rate_exact"] == "1/25"
    assert out["late_shipment"]["meets_target"] is False  # 4% does not meet "under 4%"
    assert out["valid_tracking"]["rate_exact"] == "19/20"
    assert out["valid_tracking"]["meets_target"] is True  # 95% meets "at least 95%"
    assert out["first"] == "late_shipment"


def test_headroom_counts_defects_that_fit_or_valid_shipments_needed():
    out = ok({"odr_orders": 1000, "order_defects": 5, "vtr_shipments": 100, "valid_tracking": 90})["outputs"]
    # under 1% of 1000: at most 9 defects, 5 there, so 4 more fit
    assert out["order_defect"]["headroom"] == 4
    # 90 of 100: (90 + m) / (100 + m) >= 95% needs m = 100 more valid shipments
    assert out["valid_tracking"]["headroom"] == 100
    assert out["valid_tracking"]["to_recover"] == 100
    assert Fraction(190, 200) >= Fraction(95, 100) > Fraction(189, 199)


def test_valid_tracking_spare_when_met():
    out = ok({"vtr_shipments": 400, "valid_tracking": 390})["outputs"]["valid_tracking"]
    # 10 without tracking of 400 (2.5%); at most 5% of 400 = 20 may lack it: 10 more
    assert out["meets_target"] is True
    assert out["headroom"] == 0
    assert out["spare"] == 10


def test_late_shipment_missed_gives_orders_to_recover():
    out = ok({"lsr_orders": 100, "late_shipments": 4})["outputs"]["late_shipment"]
    assert out["headroom"] == 0
    # 4 / n < 4% needs n > 100: one more clean order
    assert out["to_recover"] == 1


def test_standing_in_both_directions_is_exact():
    under = standing(4, 100, Fraction(4, 100), "lt")
    at_most = standing(4, 100, Fraction(4, 100), "le")
    at_least = standing(95, 100, Fraction(95, 100), "ge")
    assert (under.meets, at_most.meets, at_least.meets) == (False, True, True)
    assert standing(94, 100, Fraction(95, 100), "ge").meets is False
    assert standing(0, 0, Fraction(95, 100), "ge").rate is None
    # more than the line: right at it misses, one more good one over 100 meets
    assert standing(95, 100, Fraction(95, 100), "gt").meets is False
    assert standing(96, 100, Fraction(95, 100), "gt").meets is True
    assert standing(95, 100, Fraction(95, 100), "gt").headroom == 1  # 96 / 101 > 95%


def test_the_lines_come_from_the_data():
    jp = health_metrics()["amazon_jp"]
    assert (jp["late_shipment"].threshold, jp["late_shipment"].comparison) == (Fraction(1, 25), "lt")
    assert (jp["valid_tracking"].threshold, jp["valid_tracking"].comparison) == (Fraction(19, 20), "ge")
    assert (jp["order_defect"].threshold, jp["order_defect"].windows) == (Fraction(1, 100), (60,))
    assert jp["late_shipment"].kind == "unverified"
    assert health_metrics()["amazon_us"]["late_shipment"].kind == "official"


def test_the_metric_in_most_danger_comes_first():
    result = ok(
        {
            "cancel_orders": 100,
            "cancels": 3,  # 3% against under 2.5%: missed, 1.2 of its allowance
            "odr_orders": 100,
            "order_defects": 2,  # 2% against under 1%: missed, twice its allowance
            "lsr_orders": 100,
            "late_shipments": 1,
        }
    )
    assert result["outputs"]["first"] == "order_defect"
    assert "注文不良率" in result["display"]["first"]["value"]
    assert "ほかに 1 つ" in result["display"]["first"]["explanation"]
    en = ok({"cancel_orders": 100, "cancels": 3, "odr_orders": 100, "order_defects": 2}, "en")["display"]["first"]
    assert en["value"].startswith("The order defect rate")
    assert "1 more metric misses its line too" in en["explanation"]


def test_all_met_names_the_closest():
    result = ok({"cancel_orders": 100, "cancels": 2, "odr_orders": 100, "order_defects": 0}, "en")
    assert result["outputs"]["first"] == "cancel"
    assert result["display"]["first"]["explanation"].startswith("Every line is met.")


def test_a_metric_not_entered_is_none_and_says_so():
    result = ok({"odr_orders": 10, "order_defects": 0})
    assert result["outputs"]["cancel"] is None
    assert result["display"]["cancel"]["value"] == "—"
    assert result["outputs"]["next"] == []


def test_a_missed_line_links_to_first_aid_and_the_plan():
    links = ok({"odr_orders": 10, "order_defects": 1})["outputs"]["next"]
    assert [link["to"] for link in links] == ["first_aid", "plan_of_action"]


def test_no_orders_in_any_pair():
    result = ok({"cancel_orders": 0, "cancels": 0})
    assert result["outputs"]["first"] is None
    assert result["outputs"]["cancel"]["rate"] is None


def test_lsr_window_is_used_when_chosen():
    out = ok({"lsr_orders": 10, "late_shipments": 0, "lsr_window": ["30"]})["outputs"]["late_shipment"]
    assert out["window_days"] == 30
    assert ok({"lsr_orders": 10, "late_shipments": 0})["outputs"]["late_shipment"]["window_days"] is None
    assert errors({"lsr_orders": 10, "late_shipments": 0, "lsr_window": ["10", "30"]})["lsr_window"][0] == (
        "too_many_choices"
    )


def test_us_marketplace_uses_its_own_cancel_policy():
    out = calculate("account_health", {"marketplace": "amazon_us", "lsr_orders": 100, "late_shipments": 3}, "en")
    assert out["ok"] and out["outputs"]["late_shipment"]["verified"] is True
    assert "unverified" not in out["display"]["late_shipment"]["explanation"]
    jp = ok({"lsr_orders": 100, "late_shipments": 3}, "en")
    assert "unverified for Japan" in jp["display"]["late_shipment"]["explanation"]
    assert calculate("account_health", {"marketplace": "ebay", "cancel_orders": 1, "cancels": 0})["errors"][0][
        "code"
    ] == ("unknown_policy")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_more_defects_than_orders_is_an_error_on_the_field(lang):
    found = errors({"odr_orders": "10", "order_defects": "11", "vtr_shipments": "5", "valid_tracking": "6"}, lang)
    assert found["order_defects"][0] == "part_exceeds_whole"
    assert found["valid_tracking"][0] == "part_exceeds_whole"
    message = found["order_defects"][1]
    assert ("注文数(直近 60 日間)" in message) if lang == "ja" else ("Orders, last 60 days" in message)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_pair_with_one_half_missing(lang):
    found = errors({"lsr_orders": "１２", "odr_orders": "", "order_defects": "1,234"}, lang)
    assert found["late_shipments"][0] == "pair_incomplete"
    assert found["odr_orders"][0] == "pair_incomplete"
    words = "そのうち出荷予定日より後" if lang == "ja" else "confirmed after the ship-by date"
    assert words in found["late_shipments"][1]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_pair_at_all_asks_for_one(lang):
    found = errors({}, lang)
    assert found == {"cancel_orders": ("pair_required", found["cancel_orders"][1])}
    assert ("7 日間" if lang == "ja" else "7 days") in found["cancel_orders"][1]


def test_bad_numbers_get_the_usual_field_message():
    found = errors({"cancel_orders": "abc", "cancels": "-1"}, "en")
    assert found["cancel_orders"][0] == "not_a_number"
    assert found["cancels"][0] in ("negative", "not_a_number")
