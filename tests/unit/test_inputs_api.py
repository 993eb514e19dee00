"""The shared input rules (length caps, the multi-choice field) and the entry points' guards."""

from __future__ import annotations

import json

import pytest

from cancelrate import CALCULATORS, api, calculate, calculate_json, describe
from cancelrate.inputs import Field, read_inputs
from cancelrate.phrases import Problem, render_problem

CHOICES = Field(
    "colours",
    "choices",
    "plan_of_action.label.causes",
    choices=(("red", "plan_of_action.cause.other_channel"), ("blue", "plan_of_action.cause.multi_unit")),
    required=False,
    max_items=3,
    max_length=10,
)
DYNAMIC = Field(
    "services", "choices", "order_report.label.service_levels", required=False, choices_from="service_options"
)


def read(field, value, lang="en"):
    values, errors = read_inputs([field], {field.name: value} if value is not ... else {}, lang)
    return values.get(field.name), [(e["code"], e["message"]) for e in errors]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(..., []), (None, []), ("", []), ([], []), ("red", ["red"]), (["blue", "red", "blue"], ["blue", "red"])],
)
def test_a_choices_field_reads_a_list_of_strings(raw, expected):
    assert read(CHOICES, raw) == (expected, [])


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (["green"], "unknown_choice"),
        (["red", 1], "not_a_choice_list"),
        (7, "not_a_choice_list"),
        ({"red": True}, "not_a_choice_list"),
        (["red"] * 4, "too_many_choices"),
        (["r" * 11], "too_long"),
    ],
)
def test_bad_choices_are_field_errors_in_both_languages(raw, code):
    for lang in ("ja", "en"):
        value, errors = read(CHOICES, raw, lang)
        assert value is None and [c for c, _ in errors] == [code]
        assert errors[0][1]


def test_unknown_choice_names_the_value():
    _, [(code, message)] = read(CHOICES, ["gr\x00een"])
    assert code == "unknown_choice" and '"gr\ufffdeen"' in message


def test_dynamic_choices_accept_any_short_string_and_describe_their_source():
    assert read(DYNAMIC, ["whatever"]) == (["whatever"], [])
    spec = DYNAMIC.describe("ja")
    assert (spec["kind"], spec["options"], spec["options_from"], spec["max_items"]) == (
        "choices",
        [],
        "service_options",
        50,
    )
    assert CHOICES.describe("en")["options"] == [
        {"value": "red", "label": "Sold on another channel before the stock update"},
        {"value": "blue", "label": "A multi-unit order with too little stock"},
    ]


def test_a_required_choices_field_needs_one():
    field = Field("c", "choices", "plan_of_action.label.causes", choices=(("a", "plan_of_action.cause.multi_unit"),))
    assert read(field, [])[1][0][0] == "choice_required"


def test_order_report_describes_its_choices_field():
    [services] = [f for f in describe("order_report", "en")["inputs"] if f["name"] == "service_levels"]
    assert services["kind"] == "choices" and services["options_from"] == "service_level_options"


@pytest.mark.parametrize("calculator", sorted(CALCULATORS))
def test_a_million_characters_in_any_field_is_refused_by_length(calculator):
    for field in CALCULATORS[calculator].FIELDS:
        for value in ("１" * 1_000_000, " " * 999_999 + "1"):
            result = calculate(calculator, {field.name: value}, "en")
            assert result["ok"] is False
            codes = {e["code"] for e in result["errors"] if e["field"] == field.name}
            assert codes and codes <= {
                "not_a_number",
                "unknown_policy",
                "too_long",
                "file_required",
                "required",
                "choice_required",
            }, (
                field.name,
                codes,
            )


def test_short_fields_have_short_limits():
    assert calculate("recovery", {"today": "2026-11-28" + " " * 100}, "en")["errors"][-1]["code"] == "too_long"
    result = calculate("rakuten_points", {"store_cancels_this_year": 1, "today": "x" * 101}, "en")
    assert [e["code"] for e in result["errors"]] == ["too_long"]


@pytest.mark.parametrize("opening", ["[", '{"a":', "[{"])
def test_deeply_nested_json_is_invalid_inputs_without_recursion(opening):
    closing = {"[": "]", '{"a":': "}", "[{": "}]"}[opening]
    text = opening * 100_000 + "1" + closing * 100_000
    for lang in ("ja", "en"):
        result = json.loads(calculate_json("rate_check", text, lang))
        assert result["errors"] == [render_problem(Problem("invalid_inputs"), lang)]


def test_brackets_inside_json_strings_do_not_count_as_depth():
    text = json.dumps({"policy": "amazon_jp", "orders": "[" * 50_000, "seller_cancels": 1})
    result = json.loads(calculate_json("rate_check", text, "en"))
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("orders", "not_a_number")]
    ok = json.loads(calculate_json("rate_check", '{"policy": "amazon_jp", "orders": 40, "seller_cancels": 1}', "en"))
    assert ok["ok"] is True


def test_a_fault_is_logged_with_its_traceback_and_answered_with_internal_error(monkeypatch, capsys):
    def broken(values):
        raise ZeroDivisionError("the bug")

    monkeypatch.setattr(CALCULATORS["rate_check"], "run", broken)
    result = calculate("rate_check", {"policy": "amazon_jp", "orders": 1, "seller_cancels": 0}, "en")
    assert result["errors"][0]["code"] == "internal_error" and result["errors"][0]["message"]
    err = capsys.readouterr().err
    assert "rate_check" in err and "Traceback" in err and "ZeroDivisionError: the bug" in err


def test_a_result_that_is_not_finite_json_never_reaches_the_page(monkeypatch, capsys):
    monkeypatch.setattr(CALCULATORS["rate_check"], "run", lambda values: ({"rate": float("nan")}, {}))
    text = calculate_json("rate_check", {"policy": "amazon_jp", "orders": 1, "seller_cancels": 0}, "ja")
    assert "NaN" not in text
    assert json.loads(text)["errors"][0]["code"] == "internal_error"
    assert "not finite JSON" in capsys.readouterr().err


def test_json_at_the_depth_limit_is_read_and_one_level_deeper_is_refused_unread():
    def nested(depth: int) -> str:  # the object itself is the first level
        inner = "[" * (depth - 1) + "1" + "]" * (depth - 1)
        return f'{{"policy": "amazon_jp", "orders": {inner}, "seller_cancels": 0}}'

    at_limit = json.loads(calculate_json("rate_check", nested(api.MAX_JSON_DEPTH), "en"))["errors"]
    assert [(e["field"], e["code"]) for e in at_limit] == [("orders", "not_a_number")]
    deeper = json.loads(calculate_json("rate_check", nested(api.MAX_JSON_DEPTH + 1), "en"))["errors"]
    assert [(e["field"], e["code"]) for e in deeper] == [(None, "invalid_inputs")]


@pytest.mark.parametrize("calculator", ["rate_check", "breach_risk", "recovery", "order_report", "stock_shortage"])
def test_a_target_too_small_to_mean_anything_is_refused(calculator):
    # 5e-324 % would need more orders than JavaScript can count for one cancellation
    for target in (5e-324, "0.00009"):
        for lang in ("ja", "en"):
            result = calculate(calculator, {"target_percent": target}, lang)
            [err] = [e for e in result["errors"] if e["field"] == "target_percent"]
            assert err["code"] == "below_minimum" and "0.0001" in err["message"]
    assert not [
        e for e in calculate(calculator, {"target_percent": "0.0001"}, "en")["errors"] if e["field"] == "target_percent"
    ]


def test_recovery_needs_at_least_a_thousandth_of_an_order_a_day():
    result = calculate(
        "recovery", {"policy": "amazon_jp", "orders": 1, "seller_cancels": 1, "daily_orders": 5e-324}, "en"
    )
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("daily_orders", "below_minimum")]
    ok = calculate("recovery", {"policy": "amazon_jp", "orders": 1, "seller_cancels": 1, "daily_orders": "0.001"}, "en")
    assert ok["outputs"]["days_to_recover_by_volume"] == 40_000


@pytest.mark.parametrize(
    ("text", "too_deep"),
    [
        ('{"a": "x\\\\", "b": ' + "[" * 25 + "1" + "]" * 25 + "}", True),  # a string ending in a backslash
        ('{"a": "x\\\\\\"' + "[" * 30 + '", "b": 1}', False),  # an escaped quote inside the string
        ("[]" * 600, True),  # shallow, but more brackets than any object of values has
        ('{"service_levels": ["a", "b"], "x": "' + "[" * 30 + '"}', False),
    ],
)
def test_json_depth_is_judged_outside_strings(text, too_deep):
    assert api._too_deep(text) is too_deep
    answer = json.loads(calculate_json("rate_check", text, "en"))
    assert (answer["errors"][0]["code"] == "invalid_inputs") is too_deep


@pytest.mark.parametrize("calculator", sorted(CALCULATORS))
def test_max_length_is_exactly_the_longest_value_a_field_reads(calculator):
    """The page leaves values longer than ``max_length`` out of a shared link: none of them could be valid, and
    every shorter one is kept. The example values, padded with spaces to the limit, still read; one more refused."""
    spec = {f["name"]: f for f in describe(calculator, "en")["inputs"]}
    examples = {
        name: f["example"] if f["kind"] == "choices" else str(f["example"])
        for name, f in spec.items()
        if f["example"] is not None
    }
    for name, example in examples.items():
        if spec[name]["kind"] == "choices":
            continue  # a list: each item's length is checked below
        limit = spec[name]["max_length"]
        assert isinstance(limit, int) and limit >= len(example)
        for pad, refused in ((limit - len(example), False), (limit - len(example) + 1, True)):
            errors = calculate(calculator, {**examples, name: " " * pad + example}, "en").get("errors", [])
            assert any(e["field"] == name for e in errors) is refused, (name, pad, errors)
    assert all(f["max_length"] is None for f in spec.values() if f["kind"] == "file")
    for field in CALCULATORS[calculator].FIELDS:
        if field.kind == "choices":  # each item (order_report's shipping services: 200 characters)
            limit = spec[field.name]["max_length"]
            # at the limit an item is read (a static list may then call it an unknown choice); one more is too long
            assert all(code != "too_long" for code, *_ in read(field, ["x" * limit])[1])
            assert read(field, ["x" * (limit + 1)])[1][0][0] == "too_long"


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("calculator_id", ["no_such_calculator", "", None, 12, ["rate_check"]])
def test_describe_with_an_unknown_id_answers_like_calculate(calculator_id, lang):
    """A clear error, the same as ``calculate`` gives, not a KeyError."""
    from cancelrate import calculate, describe

    answer = describe(calculator_id, lang)
    assert answer == calculate(calculator_id, {}, lang)
    assert answer["ok"] is False and [e["code"] for e in answer["errors"]] == ["unknown_calculator"]
    assert answer["errors"][0]["message"]
