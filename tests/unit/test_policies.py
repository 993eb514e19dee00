"""The policy data: one record per policy, complete and consistent."""

import re
from datetime import date

from cancelrate import all_policies
from cancelrate.policies import load_data


def test_every_record_is_complete():
    for policy in all_policies().values():
        assert policy.platform["ja"] and policy.platform["en"]
        assert policy.metric["ja"] and policy.metric["en"]
        assert policy.unit in ("orders", "units")
        assert policy.sources, policy.id
        for source in policy.sources:
            assert re.match(r"^https?://", source["url"])
            assert source["kind"] in ("official", "secondary")
            date.fromisoformat(source["checked"])
            assert source["title"]["ja"] and source["title"]["en"]


def test_amazon_jp_is_the_case_study_policy():
    p = all_policies()["amazon_jp"]
    assert (p.threshold_percent, p.comparison, p.window_days, p.unit) == ("2.5", "lt", 7, "orders")


def test_ids_are_unique():
    ids = [record["id"] for record in load_data()["policies"]]
    assert len(ids) == len(set(ids))


def test_texts_do_not_repeat_the_threshold():
    # The number lives once, in threshold_percent; sentences refer to "the target".
    for policy in all_policies().values():
        for text in (*policy.consequence.values(), *policy.scope.values()):
            assert "%" not in text, (policy.id, text)


def test_minimum_orders_and_counted_orders_are_well_formed():
    # the minimum-orders gate counts orders, so only order-based policies may have one
    for policy in all_policies().values():
        if policy.min_orders:
            assert policy.unit == "orders", policy.id
            assert policy.min_orders.get("comparison", "gt") in ("gt", "ge")
            assert int(policy.min_orders["count"]) > 0
        scope = policy.raw.get("counted_orders")
        assert scope is None or (scope["ja"] and scope["en"]), policy.id
    assert all_policies()["amazon_jp_premium_shipping"].raw["counted_orders"]["en"] == "Premium Shipping orders"
    assert "counted_orders" not in all_policies()["amazon_jp"].raw
