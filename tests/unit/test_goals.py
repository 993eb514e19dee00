"""A goal (``cancelrate.goals.Goal``): the line a rate is compared with, in both directions, as ``read_target`` gives it."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from fractions import Fraction

import pytest

import cancelrate
from cancelrate import get_policy
from cancelrate.goals import Goal
from cancelrate.inputs import read_target
from cancelrate.phrases import Message, Target, render


def test_an_under_goal_is_met_strictly_below_its_line():
    goal = Goal(Fraction(25, 1000), "lt", "policy")
    assert goal.meets(1, 41) and not goal.meets(1, 40)
    assert Goal(Fraction(25, 1000), "le", "policy").meets(1, 40)
    assert not goal.at_least


def test_an_at_least_goal_is_met_at_or_above_its_line():
    goal = Goal(Fraction(95, 100), "ge", "policy")  # a valid-tracking rate
    assert goal.at_least
    assert goal.meets(95, 100) and goal.meets(96, 100) and not goal.meets(94, 100)
    assert not Goal(Fraction(95, 100), "gt", "policy").meets(95, 100)
    assert Goal(Fraction(95, 100), "gt", "policy").meets(951, 1000)
    assert render(goal.target, "en") == "at least 95%" and render(goal.target, "ja") == "95%以上"


def test_no_orders_leave_nothing_to_miss_in_either_direction():
    assert Goal(Fraction(1, 100), "lt", "user").meets(0, 0)
    assert Goal(Fraction(95, 100), "ge", "user").meets(0, 0)


def test_a_goal_says_where_it_came_from():
    assert Goal(Fraction(1, 100), "lt", "policy").word == Message("common.goal_policy")
    assert render(Goal(Fraction(1, 100), "lt", "user").word, "en") == "your target"
    assert Goal(Fraction(1, 100), "lt", "user").target == Target(Fraction(1, 100), "lt")


def test_read_target_prefers_the_sellers_goal_and_keeps_the_policys_direction():
    policy = get_policy("amazon_jp")
    published = read_target(policy, None)
    assert published == Goal(policy.threshold, policy.comparison, "policy")
    assert read_target(policy, Fraction(3)) == Goal(Fraction(3, 100), policy.comparison, "user")
    assert read_target(get_policy("yahoo_shopping"), None) is None


def test_the_shared_outputs_are_the_policy_and_the_goal():
    policy = get_policy("amazon_jp")
    goal = read_target(policy, Fraction(2))
    assert goal.outputs(policy) == {
        "policy": "amazon_jp",
        "unit": policy.unit,
        "window_days": policy.window_days,
        "threshold": 0.02,
        "comparison": policy.comparison,
        "target_origin": "user",
    }


def test_a_goal_is_a_frozen_value():
    goal = Goal(Fraction(1, 100), "lt", "user")
    with pytest.raises(FrozenInstanceError):
        goal.threshold = Fraction(1, 2)


SHARED = ("policy", "unit", "window_days", "threshold", "comparison", "target_origin")
REPORT = b"order_id,order_date,status\nA,2026-05-01,shipped\nB,2026-05-02,cancelled\n"


@pytest.mark.parametrize("calculator_id", sorted(cancelrate.CALCULATORS))
def test_every_calculator_that_compares_a_rate_with_a_line_gives_the_shared_target_outputs(calculator_id):
    """One contract: a calculator whose outputs hold a ``threshold`` holds all of :meth:`Goal.outputs`, with the
    policy's own values (its example inputs, no seller's goal)."""
    fields = cancelrate.describe(calculator_id, "en")["inputs"]
    inputs = {f["name"]: f["example"] for f in fields if f.get("example") is not None}
    if any(f["kind"] == "file" for f in fields):
        inputs.update(report=REPORT, policy="amazon_jp", today="2026-05-10")
    inputs.pop("target_percent", None)
    result = cancelrate.calculate(calculator_id, inputs, "en")
    assert result["ok"], result["errors"]
    out = result["outputs"]
    if "threshold" not in out:
        return
    policy = get_policy(out["policy"])
    assert {k: out[k] for k in SHARED} == read_target(policy, None).outputs(policy)
