"""The policy data the calculators ship with: one typed record per policy, complete and consistent.

(These tests also run inside Pyodide, on the wheel: the data here is what a browser gets.)
"""

from dataclasses import fields
from fractions import Fraction

import pytest

from cancelrate import all_policies
from cancelrate.policies import Policy, _policy, cancel_routes, load_data, points_systems


def test_every_record_is_complete():
    for policy in all_policies().values():
        assert policy.platform["ja"] and policy.platform["en"]
        assert policy.metric["ja"] and policy.metric["en"]
        assert policy.unit in ("orders", "units")
        assert (policy.window_days is None) == (policy.window_note is not None), policy.id


def test_amazon_jp_is_the_case_study_policy():
    p = all_policies()["amazon_jp"]
    assert (p.threshold_percent, p.threshold, p.comparison, p.window_days, p.unit) == (
        "2.5",
        Fraction(1, 40),
        "lt",
        7,
        "orders",
    )
    assert (p.time_zone, p.date_order, p.lag_days, p.min_orders) == ("Asia/Tokyo", "ymd", 0, None)
    premium = all_policies()["amazon_jp_premium_shipping"]
    assert (premium.lag_days, premium.min_orders) == (10, {"count": 10, "comparison": "gt"})


def test_ids_are_unique():
    ids = [record["id"] for record in load_data()["policies"]]
    assert len(ids) == len(set(ids))


def test_every_key_of_a_record_is_a_typed_attribute():
    """No escape hatch: the records' keys are exactly the dataclass's fields, and an unknown key fails."""
    names = {f.name for f in fields(Policy)}
    assert "raw" not in names
    for record in load_data()["policies"]:
        assert set(record) <= names, record["id"]
        policy = all_policies()[record["id"]]
        for key, value in record.items():
            assert getattr(policy, key) == value, (record["id"], key)
    with pytest.raises(ValueError, match="zone"):
        _policy({**load_data()["policies"][0], "zone": "Asia/Tokyo"})


def test_only_what_the_calculators_read_ships():
    """The knowledge-base data (facts, sources, change log, page texts) stays out of the wheel."""
    assert set(load_data()) == {"policies", "cancel_routes", "points_systems", "health_metrics"}
    for record in load_data()["policies"]:
        assert not {"sources", "open_questions", "scope", "consequence", "verified", "tiers"} & set(record)
    for system in points_systems().values():
        assert not {"sources", "open_questions", "scope", "platform", "metric", "started"} & set(system)


def test_cancel_routes_name_their_source_by_id():
    for policy_id in all_policies():
        for route_id, route in cancel_routes(policy_id).items():
            if "source" in route:
                assert "://" not in route["source"], (policy_id, route_id)


def test_minimum_orders_and_counted_orders_are_well_formed():
    # the minimum-orders gate counts orders, so only order-based policies may have one
    for policy in all_policies().values():
        if policy.min_orders:
            assert policy.unit == "orders", policy.id
            assert policy.min_orders.get("comparison", "gt") in ("gt", "ge")
            assert int(policy.min_orders["count"]) > 0
        scope = policy.counted_orders
        assert scope is None or (scope["ja"] and scope["en"]), policy.id
    assert all_policies()["amazon_jp_premium_shipping"].counted_orders["en"] == "Premium Shipping orders"
    assert all_policies()["amazon_jp"].counted_orders is None
