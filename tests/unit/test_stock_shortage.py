"""The ``stock_shortage`` calculator: the case study, per-platform rules, errors and properties."""

import json
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cancelrate import all_policies, calculate
from cancelrate.policies import cancel_routes

CASE = {"policy": "amazon_jp", "ordered_qty": 2, "in_stock": 1, "orders": 0, "seller_cancels": 0}


def ok(inputs, lang="ja"):
    result = calculate("stock_shortage", inputs, lang)
    assert result["ok"], result
    return result["outputs"]


def by_id(outputs):
    return {o["id"]: o for o in outputs["options"]}


def codes(inputs, lang="ja"):
    result = calculate("stock_shortage", inputs, lang)
    assert result["ok"] is False
    return {(e["field"], e["code"]) for e in result["errors"]}


def test_case_study_cancel_is_100_percent_and_ship_then_refund_is_recommended():
    out = ok(CASE)
    options = by_id(out)
    assert options["cancel_order"]["rate_after"] == 1.0
    assert options["cancel_order"]["counts_as_cancel"] is True
    assert options["cancel_order"]["meets_target"] is False
    assert options["partial_ship_refund"]["rate_after"] == 0.0
    assert options["partial_ship_refund"]["counts_as_cancel"] is False
    assert options["buyer_requested_cancel"]["counts_as_cancel"] is False
    assert out["recommended"] == "partial_ship_refund"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_case_study_says_ship_confirm_first_and_message_requests_count(lang):
    result = calculate("stock_shortage", CASE, lang)
    options = by_id(result["outputs"])
    partial = options["partial_ship_refund"]["explanation"]
    buyer = options["buyer_requested_cancel"]["explanation"]
    if lang == "ja":
        assert "出荷通知" in partial and "出荷前に一部" in partial
        assert "メッセージ" in buyer
    else:
        assert (
            "confirm shipment first" in partial
            and "item-level cancellation still counts" in partial
            and "unverified for Japan" in partial
        )
        assert "by message still counts" in buyer
    display = result["display"]
    assert display["recommended"]["value"] and display["recommended"]["explanation"]
    table = display["options"]["table"]
    assert len(table["rows"]) == 4 and all(len(row) == len(table["columns"]) for row in table["rows"])
    assert display["options"]["value"] and display["options"]["explanation"]


def test_nothing_in_stock_omits_ship_and_refund():
    out = ok({**CASE, "in_stock": 0})
    assert [o["id"] for o in out["options"]] == ["cancel_order", "buyer_requested_cancel", "wait_ship_late"]
    assert out["recommended"] == "buyer_requested_cancel"
    assert "not possible" in calculate("stock_shortage", {**CASE, "in_stock": 0}, "en")["display"]["options"]["value"]


def test_unit_based_policy_adds_every_unit():
    out = ok({"policy": "amazon_jp_sfp", "ordered_qty": 3, "in_stock": 1, "orders": 97, "seller_cancels": 0})
    options = by_id(out)
    assert options["cancel_order"]["rate_after"] == 0.03  # 3 units of 100
    assert options["partial_ship_refund"]["rate_after"] == 0.0
    # Seller Fulfilled Prime (Japan) counts every seller cancellation, whatever the reason.
    assert options["buyer_requested_cancel"]["counts_as_cancel"] is True
    assert out["recommended"] == "partial_ship_refund"
    # nothing in stock: cancelling and the buyer's request both count, so just cancel
    out = ok({"policy": "amazon_jp_sfp", "ordered_qty": 3, "in_stock": 0, "orders": 97, "seller_cancels": 0})
    assert out["recommended"] == "cancel_order"
    en = calculate(
        "stock_shortage", {**CASE, "policy": "amazon_jp_sfp", "ordered_qty": 3, "in_stock": 0, "orders": 97}, "en"
    )
    assert "Every way of cancelling gives 3%: each one counts" in en["display"]["recommended"]["explanation"]


def test_order_based_policy_adds_one_order():
    options = by_id(ok({**CASE, "ordered_qty": 5, "in_stock": 2, "orders": 39, "seller_cancels": 0}))
    assert options["cancel_order"]["rate_after"] == 1 / 40
    assert options["cancel_order"]["meets_target"] is False  # exactly 2.5% is not "under 2.5%"


def test_ebay_buyer_cancel_avoids_a_defect_and_partial_is_unverified():
    options = by_id(ok({**CASE, "policy": "ebay"}))
    assert options["cancel_order"]["counts_as_cancel"] is True
    assert options["buyer_requested_cancel"]["counts_as_cancel"] is False
    assert options["buyer_requested_cancel"]["source_kind"] == "official"
    assert options["partial_ship_refund"]["source_kind"] == "unverified"
    # equal rates: a sourced rule beats an unverified one
    assert ok({**CASE, "policy": "ebay"})["recommended"] == "buyer_requested_cancel"


def test_yahoo_needs_a_target_and_counts_store_caused_cancels():
    assert codes({**CASE, "policy": "yahoo_shopping"}) == {("target_percent", "target_required")}
    out = ok({**CASE, "policy": "yahoo_shopping", "target_percent": "5"})
    options = by_id(out)
    assert options["cancel_order"]["counts_as_cancel"] is True
    assert options["buyer_requested_cancel"]["source_kind"] == "unverified"
    assert out["recommended"] == "partial_ship_refund"
    en = calculate("stock_shortage", {**CASE, "policy": "yahoo_shopping", "target_percent": "5"}, "en")
    assert "(unverified)" in by_id(en["outputs"])["buyer_requested_cancel"]["explanation"]


def test_every_rate_policy_has_route_rules():
    for policy in all_policies().values():
        routes = cancel_routes(policy.id)
        assert set(routes) == {"cancel_order", "partial_ship_refund", "buyer_requested_cancel"}, policy.id
        for route in routes.values():
            assert route["kind"] in ("official", "secondary", "unverified")
            assert route["note"]["ja"] and route["note"]["en"]
            assert route["kind"] == "unverified" or route["source"]  # a source id of data/sources.json (tests/data)
        assert routes["cancel_order"]["counts"] is True


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        ({**CASE, "in_stock": 2}, {("in_stock", "no_shortage")}),
        ({**CASE, "in_stock": 3}, {("in_stock", "no_shortage")}),
        ({**CASE, "ordered_qty": 0, "in_stock": 0}, {("in_stock", "no_shortage")}),
        ({**CASE, "seller_cancels": 1}, {("seller_cancels", "cancels_exceed_orders")}),
        ({**CASE, "ordered_qty": "two"}, {("ordered_qty", "not_a_number")}),
        ({**CASE, "in_stock": -1}, {("in_stock", "negative")}),
        ({**CASE, "policy": "rakuten_points"}, {("policy", "unknown_policy")}),
        (
            {},
            {("policy", "choice_required")}
            | {(f, "required") for f in ("ordered_qty", "in_stock", "orders", "seller_cancels")},
        ),
    ],
)
def test_bad_inputs_have_codes(inputs, expected):
    assert codes(inputs) == expected


def test_no_shortage_message_in_both_languages():
    ja = calculate("stock_shortage", {**CASE, "in_stock": 2}, "ja")["errors"][0]["message"]
    en = calculate("stock_shortage", {**CASE, "in_stock": 2}, "en")["errors"][0]["message"]
    assert "在庫不足ではありません" in ja
    assert "fewer than the units ordered" in en


def test_full_width_and_grouped_numbers():
    out = ok({**CASE, "ordered_qty": "２", "in_stock": "１", "orders": "1,000", "seller_cancels": "０"})
    assert by_id(out)["cancel_order"]["rate_after"] == 1 / 1001


POLICY_IDS = [p.id for p in all_policies().values()]


@given(
    policy=st.sampled_from(POLICY_IDS),
    qty=st.integers(1, 10**6),
    stock=st.integers(0, 10**6),
    orders=st.integers(0, 10**9),
    cancels=st.integers(0, 10**9),
    target=st.one_of(st.none(), st.integers(1, 100)),
)
def test_properties_of_valid_inputs(policy, qty, stock, orders, cancels, target):
    inputs = {"policy": policy, "ordered_qty": qty, "in_stock": stock, "orders": orders, "seller_cancels": cancels}
    if target is not None:
        inputs["target_percent"] = target
    result = calculate("stock_shortage", inputs, "en")
    if stock >= qty or cancels > orders or (policy == "yahoo_shopping" and target is None):
        assert result["ok"] is False
        assert all(e["code"] != "internal_error" for e in result["errors"])
        return
    assert result["ok"], result
    out = result["outputs"]
    ids = [o["id"] for o in out["options"]]
    assert ("partial_ship_refund" in ids) == (stock >= 1)
    unit_based = all_policies()[policy].unit == "units"
    added = qty if unit_based else 1
    threshold = Fraction(target, 100) if target is not None else all_policies()[policy].threshold
    comparison = all_policies()[policy].comparison or "lt"  # a user target is "under" when the policy has none
    # waiting is offered on the marketplaces with a late-shipment line, and without late-shipment counts it is
    # never the recommendation; the cancel-rate ranking below is about the other options
    assert ("wait_ship_late" in ids) == policy.startswith("amazon_")
    assert out["recommended"] != "wait_ship_late"
    out = {**out, "options": [o for o in out["options"] if o["id"] != "wait_ship_late"]}
    exact = {}
    for option in out["options"]:
        r = Fraction(cancels + (added if option["counts_as_cancel"] else 0), orders + added)
        exact[option["id"]] = r
        assert 0 <= option["rate_after"] <= 1
        assert option["rate_after"] == float(r)
        assert option["meets_target"] == (r < threshold if comparison == "lt" else r <= threshold)
    assert exact[out["recommended"]] == min(exact.values())
    assert exact["cancel_order"] >= max(exact.values())
    recommended = next(o for o in out["options"] if o["id"] == out["recommended"])
    if recommended["counts_as_cancel"]:
        assert out["recommended"] == "cancel_order"
        assert all(o["counts_as_cancel"] for o in out["options"])
    for name in ("recommended", "options"):
        assert result["display"][name]["value"] and result["display"][name]["explanation"]


# --- the minimum-orders gate ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_premium_shipping_says_when_the_window_has_too_few_orders_whatever_the_option(lang):
    inputs = {"policy": "amazon_jp_premium_shipping", "ordered_qty": 2, "in_stock": 1, "orders": 9, "seller_cancels": 0}
    result = calculate("stock_shortage", inputs, lang)
    assert (result["outputs"]["min_orders_met"], result["outputs"]["min_orders_needed"]) == (False, 1)
    gate = result["display"]["min_orders_met"]["explanation"]
    assert ("この注文を入れても 10 件" if lang == "ja" else "with this order there are 10 orders") in gate
    assert ("最低注文数の条件" if lang == "ja" else "minimum-orders condition") in result["display"]["recommended"][
        "explanation"
    ]
    met = calculate("stock_shortage", {**inputs, "orders": 10}, lang)
    assert met["outputs"]["min_orders_met"] is True
    assert ("最低注文数" if lang == "ja" else "minimum-orders") not in met["display"]["recommended"]["explanation"]


def test_policies_without_a_minimum_report_none():
    result = calculate(
        "stock_shortage",
        {"policy": "amazon_jp", "ordered_qty": 2, "in_stock": 1, "orders": 0, "seller_cancels": 0},
        "en",
    )
    assert result["outputs"]["min_orders_met"] is None
    assert result["display"]["min_orders_met"]["value"] == "—"


# --- the words -----------------------------------------------------------------------------------


def _texts(display):
    return json.dumps(display, ensure_ascii=False)


def test_the_marketplaces_value_is_kijun_and_the_sellers_own_is_mokuhyo():
    published = calculate("stock_shortage", CASE, "ja")["display"]
    assert published["options"]["table"]["caption"] == "対応ごとのキャンセル率(基準: 2.5%未満)"
    assert [row[2] for row in published["options"]["table"]["rows"]] == [
        "100%(満たさない)",
        "0%(満たす)",
        "0%(満たす)",
        "0%(満たす)",
    ]
    assert "目標" not in _texts(published)
    mine = {**CASE, "orders": 10, "seller_cancels": 1, "target_percent": "3"}  # 1 / 11 after shipping: 9.09%
    own = calculate("stock_shortage", mine, "ja")["display"]
    assert own["options"]["table"]["caption"] == "対応ごとのキャンセル率(目標: 3%未満)"
    assert own["options"]["table"]["rows"][1][2] == "9.09%(満たさない)"
    assert "基準" not in _texts(own["options"]["table"])
    assert "目標(3%未満)は満たせません" in own["recommended"]["explanation"]
    en = calculate("stock_shortage", mine, "en")["display"]
    assert en["options"]["table"]["caption"] == "The rate after each option (your target: under 3%)"
    assert en["options"]["table"]["rows"][1][2] == "9.09% (missed)"
    assert "the rate misses your target (under 3%)" in en["recommended"]["explanation"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_buyers_route_is_a_cancellation_request_and_the_gate_speaks_like_rate_check(lang):
    result = calculate("stock_shortage", CASE, lang)
    names = [row[0] for row in result["display"]["options"]["table"]["rows"]]
    assert (
        names[2]
        == {
            "ja": "購入者がキャンセルを望むとき: 公式のキャンセル依頼で取り消す",
            "en": "If the buyer wants to cancel: the marketplace's official cancellation request",
        }[lang]
    )
    gate = calculate(
        "stock_shortage",
        {"policy": "amazon_jp_premium_shipping", "ordered_qty": 2, "in_stock": 1, "orders": 9, "seller_cancels": 0},
        lang,
    )["display"]["min_orders_met"]["value"]
    assert gate == {"ja": "満たしていない", "en": "Missed"}[lang]
    assert "あなた" not in _texts(result)


# --- waiting for stock and shipping late ----------------------------------------------------

WAIT_CASE = {**CASE, "in_stock": 0, "orders": 30, "seller_cancels": 1, "lsr_orders": "100", "late_shipments": "2"}


def test_waiting_shows_both_rates_for_every_option():
    result = calculate("stock_shortage", WAIT_CASE, "ja")
    options = by_id(result["outputs"])
    # waiting: one more late order (3 of 101); cancelling leaves 2 of 100; neither is a cancellation for waiting
    assert options["wait_ship_late"]["late_rate_after"] == 3 / 101
    assert options["wait_ship_late"]["late_meets_target"] is True
    assert options["cancel_order"]["late_rate_after"] == 2 / 100
    assert options["wait_ship_late"]["rate_after"] == 1 / 31
    assert options["wait_ship_late"]["counts_as_cancel"] is False
    # auto-cancelled once it waits too long: counted, like cancelling
    assert options["wait_ship_late"]["auto_cancel_rate"] == options["cancel_order"]["rate_after"] == 2 / 31
    table = result["display"]["options"]["table"]
    assert table["columns"][-1] == "対応後の出荷遅延率"
    assert table["rows"][-1] == [
        "在庫を待って、遅れて出荷する",
        "いいえ(待ちすぎると、はい)",
        "3.23%(満たさない)",
        "2.97%(満たす)",
    ]


def test_shipping_what_is_in_stock_adds_an_order_on_time():
    options = by_id(ok({**WAIT_CASE, "in_stock": 1}))
    assert options["partial_ship_refund"]["late_rate_after"] == 2 / 101
    assert options["wait_ship_late"]["late_rate_after"] == 3 / 101


@pytest.mark.parametrize(("late", "met"), [("2", True), ("3", False), ("4", False)])
def test_one_more_late_shipment_at_the_line(late, met):
    # 99 orders in the window, this one makes 100: 3 late is 3%, 4 late is 4% (not under 4%), 5 late is 5%
    options = by_id(ok({**WAIT_CASE, "lsr_orders": "99", "late_shipments": late}))
    assert options["wait_ship_late"]["late_meets_target"] is met
    assert options["wait_ship_late"]["late_rate_after"] == (int(late) + 1) / 100


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_waiting_says_auto_cancel_and_feedback(lang):
    why = by_id(calculate("stock_shortage", WAIT_CASE, lang)["outputs"])["wait_ship_late"]["explanation"]
    words = {
        "ja": ("7 日たっても", "自動でキャンセル", "A-to-z", "注文不良率", "未確認"),
        "en": ("7 days after its ship-by date", "cancelled automatically", "A-to-z", "order defect rate", "unverified"),
    }[lang]
    assert all(word in why for word in words), why
    # without the late-shipment counts it says where to enter them, and the table keeps three columns
    bare = calculate("stock_shortage", {**CASE, "in_stock": 0}, lang)
    assert len(bare["display"]["options"]["table"]["columns"]) == 3
    assert ("詳しく設定" if lang == "ja" else "More settings") in by_id(bare["outputs"])["wait_ship_late"][
        "explanation"
    ]


def test_waiting_is_recommended_only_when_it_alone_keeps_both_rates_within_their_lines():
    # Seller Fulfilled Prime counts any seller cancellation: with nothing in stock, cancelling (3 of 100) misses
    # "no more than 1%", waiting keeps 0 of 100 and 1 late of 101 (under 4%)
    sfp = {"policy": "amazon_jp_sfp", "ordered_qty": 3, "in_stock": 0, "orders": 97, "seller_cancels": 0}
    assert ok({**sfp, "lsr_orders": 100, "late_shipments": 0})["recommended"] == "wait_ship_late"
    # waiting would miss the late-shipment line (5 of 101): not recommended
    assert ok({**sfp, "lsr_orders": 100, "late_shipments": 4})["recommended"] == "cancel_order"
    # without the late-shipment counts nothing says waiting keeps that line: not recommended
    assert ok(sfp)["recommended"] == "cancel_order"
    # never above shipping what is in stock and refunding the rest
    assert ok({**sfp, "in_stock": 1, "lsr_orders": 100, "late_shipments": 0})["recommended"] == "partial_ship_refund"
    en = calculate("stock_shortage", {**sfp, "lsr_orders": 100, "late_shipments": 0}, "en")["display"]
    assert en["recommended"]["value"] == "Wait for stock and ship late"
    assert "keeps both rates within their lines" in en["recommended"]["explanation"]


def test_waiting_is_offered_only_where_a_late_shipment_line_is_known():
    for policy in ("ebay", "yahoo_shopping"):
        out = ok({**CASE, "policy": policy, "target_percent": "5"})
        assert "wait_ship_late" not in {o["id"] for o in out["options"]}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_late_shipment_pair_errors(lang):
    def errors(extra):
        result = calculate("stock_shortage", {**CASE, **extra}, lang)
        assert result["ok"] is False
        return {e["field"]: (e["code"], e["message"]) for e in result["errors"]}

    assert errors({"lsr_orders": "10"})["late_shipments"][0] == "pair_incomplete"
    assert errors({"late_shipments": "1"})["lsr_orders"][0] == "pair_incomplete"
    code, message = errors({"lsr_orders": "10", "late_shipments": "11"})["late_shipments"]
    assert code == "part_exceeds_whole"
    assert ("出荷遅延率の期間の注文数" if lang == "ja" else "Orders in the late-shipment window") in message
