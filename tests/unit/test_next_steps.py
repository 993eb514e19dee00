"""One answer first, then the next step with the seller's numbers."""

from datetime import date

import pytest

from cancelrate import calculate, describe
from cancelrate.bars import rate_bar, scale_max
from cancelrate.tools.recovery import timeline_points


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_missed_target_says_when_it_ends_then_links_to_recovery_with_the_numbers(lang):
    result = calculate("rate_check", {"policy": "amazon_jp", "orders": "２５", "seller_cancels": "1"}, lang)
    assert result["outputs"]["ends_by_itself"] == 7
    assert (
        result["display"]["ends_by_itself"]["value"]
        == {"ja": "注文日から 7 日間", "en": "7 days after each order date"}[lang]
    )
    why = result["display"]["ends_by_itself"]["explanation"]
    assert ("自動" in why) if lang == "ja" else ("automatic" in why)
    links = result["outputs"]["next"]
    assert [link["to"] for link in links] == ["recovery", "first_aid"]
    assert links[0]["values"] == {"policy": "amazon_jp", "orders": 25, "seller_cancels": 1}
    # the order of the answer: the verdict, the picture, when it ends, the next step, then the figures
    names = [o["name"] for o in describe("rate_check", lang)["outputs"]]
    assert names[:5] == ["rate", "meets_target", "bar", "ends_by_itself", "next"]


def test_premium_shipping_counts_its_lag_and_a_met_target_links_to_the_shortage_options():
    lagged = calculate("rate_check", {"policy": "amazon_jp_premium_shipping", "orders": "40", "seller_cancels": "2"})
    assert lagged["outputs"]["ends_by_itself"] == 30 + 10
    met = calculate(
        "rate_check", {"policy": "amazon_jp", "orders": "400", "seller_cancels": "1", "target_percent": "2.5"}
    )
    assert met["outputs"]["ends_by_itself"] is None
    assert met["outputs"]["next"] == [
        {
            "to": "stock_shortage",
            "values": {"policy": "amazon_jp", "orders": 400, "seller_cancels": 1, "target_percent": "2.5"},
            "label": met["outputs"]["next"][0]["label"],
        }
    ]
    # eBay's window is not a number of days: no recovery link, no day
    ebay = calculate("rate_check", {"policy": "ebay", "orders": "10", "seller_cancels": "5", "target_percent": "2"})
    assert [link["to"] for link in ebay["outputs"]["next"]] == ["first_aid"]
    assert ebay["outputs"]["ends_by_itself"] is None


def test_recovery_leads_with_one_date_and_links_to_the_plan():
    today = date(2026, 12, 7)
    inputs = {"policy": "amazon_jp", "orders": "25", "seller_cancels": "2", "daily_orders": "2"}
    result = calculate("recovery", {**inputs, "cancel_dates": "12/3 12/6", "today": today.isoformat()}, "ja")
    assert next(o["name"] for o in describe("recovery", "ja")["outputs"]) == "back_under_target_date"
    assert result["outputs"]["back_under_target_date"] == "2026-12-14"
    assert result["display"]["back_under_target_date"]["value"] == "2026年12月14日ごろ"
    first = result["display"]["back_under_target_date"]["explanation"]
    assert first.startswith("新しいキャンセルがなければ、2026年12月14日ごろ基準(2.5%未満)内に戻る見込みです")
    assert "未確認" in first
    assert result["outputs"]["next"][0]["to"] == "plan_of_action"
    assert "<svg" in result["display"]["timeline"]["svg"]


def test_the_timeline_falls_to_zero_on_the_day_the_last_cancellation_leaves():
    today = date(2026, 12, 7)
    leaves = [date(2026, 12, 10), date(2026, 12, 13)]
    points = timeline_points(today, 25, 2, leaves, daily=2, window=7, lag=0)
    assert points[0] == (0, pytest.approx(2 / 25))
    assert points[-1][0] == (leaves[-1] - today).days and points[-1][1] == 0
    rates = [rate for _, rate in points]
    assert rates[1:] == sorted(rates[1:], reverse=True)  # the model's rate never rises after today


def test_the_bar_is_scaled_around_the_target_and_escapes_its_texts():
    assert scale_max(0.04, 0.025) == pytest.approx(0.05)
    assert scale_max(0.5, 0.025) == pytest.approx(0.625)
    assert scale_max(1.0, 0.025) == 1.0
    svg = rate_bar(title="<t>", desc="a & b", rate=0.04, threshold=0.025, met=False, target_label="2.5%")
    assert "&lt;t&gt;" in svg and "a &amp; b" in svg and 'class="cr-bar-missed"' in svg


def _report(cancelled: set[int]) -> bytes:
    head = "amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\tship-service-level\tproduct-name\titem-status\tquantity\n"
    rows = [
        f"A-{i}\t2026-12-0{1 + i % 6}T01:00:00+00:00\t{'Cancelled' if i in cancelled else 'Shipped'}\tMerchant\tStandard\tx\t"
        f"{'Cancelled' if i in cancelled else 'Shipped'}\t1\n"
        for i in range(10)
    ]
    return (head + "".join(rows)).encode()


def test_a_report_hands_its_latest_window_to_the_plan_and_the_date_never_its_rows_in_a_link():
    result = calculate("order_report", {"policy": "amazon_jp", "report": _report({3, 7})}, "en")
    plan, recovery = result["outputs"]["next"]
    assert plan["to"] == "plan_of_action" and recovery["to"] == "recovery"
    assert plan["values"] == {
        "policy": "amazon_jp",
        "orders": 10,
        "seller_cancels": 2,
        "period_start": "2026-11-30",
        "period_end": "2026-12-06",
    }
    # order numbers and order dates travel only in the tab's storage, never in the link's values
    assert plan["handover"] == {"cancelled_orders": "A-7 2026-12-02\nA-3 2026-12-04"}
    assert recovery["handover"] == {"cancel_dates": "2026-12-02\n2026-12-04"}
    assert not any("A-" in str(v) for link in (plan, recovery) for v in link["values"].values())
    # the plan the link opens computes from the carried values and the handed-over orders
    opened = calculate("plan_of_action", {**plan["values"], **plan["handover"], "causes": ["other_channel"]}, "en")
    assert opened["ok"], opened
    assert calculate("order_report", {"policy": "amazon_jp", "report": _report(set())}, "en")["outputs"]["next"] == []
