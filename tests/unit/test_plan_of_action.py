"""The ``plan_of_action`` calculator: a Plan of Action draft from the seller's facts, in both languages."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cancelrate import calculate, calculate_json, describe
from cancelrate.tools import plan_of_action

BASE = {
    "policy": "amazon_jp",
    "period_start": "2026-11-22",
    "period_end": "2026-11-28",
    "orders": "1",
    "seller_cancels": "1",
    "causes": ["multi_unit"],
}

CAUSES = ["other_channel", "multi_unit", "listing_error", "unshippable", "message_request", "auto_cancel"]

# What each cause's paragraphs say, written out here (not read from the catalogs): cause, its action, its prevention.
EXPECTED = {
    "ja": {
        "other_channel": (
            "ほかの販売チャネルで売れた商品の在庫数が Amazon で更新される前に注文が入り",
            "Amazon の出品数を実際の在庫数に合わせました。",
            "在庫連動の仕組みを使い",
        ),
        "multi_unit": (
            "注文の個数に対して在庫が足りず、注文全体をキャンセルしました。",
            "未出荷の注文をすべて在庫と照らし合わせ",
            "手元にある分を発送して出荷通知を送り、残りを返金します。",
        ),
        "listing_error": (
            "出品情報または価格に誤りがあり",
            "誤りのあった出品情報と価格を直し",
            "出品情報や価格をアップロードしたあとは",
        ),
        "unshippable": ("破損・紛失・取り扱い終了のため", "出荷できない商品の出品を止め", "在庫の数と状態を確かめ"),
        "message_request": (
            "購入者からメッセージでキャンセルを頼まれ、公式のキャンセル依頼(「キャンセルをリクエスト」)がないまま",
            "期間内のキャンセルを一件ずつ見直し",
            "理由「購入者によるキャンセル」でキャンセルします。",
        ),
        "auto_cancel": (
            "注文が自動でキャンセルされました。",
            "出荷済みの注文すべてに出荷通知が送られていることを確かめ",
            "出荷したその日のうちに出荷通知を送り",
        ),
    },
    "en": {
        "other_channel": (
            "An item sold on another sales channel before our stock on Amazon was updated",
            "set each quantity on Amazon to the stock we actually hold.",
            "We synchronise stock so that a sale on any channel lowers the quantity on Amazon within",
        ),
        "multi_unit": (
            "An order was for more units than we had in stock, and we cancelled the whole order.",
            "We checked every unshipped order against our stock",
            "we ship what we have, confirm shipment, and refund the rest.",
        ),
        "listing_error": (
            "A listing had wrong product information or a wrong price",
            "We corrected the wrong product information and prices",
            "After every upload of product information or prices",
        ),
        "unshippable": (
            "The ordered item was damaged, lost or discontinued",
            "We closed the listings of the items we cannot ship",
            "we check the quantity and condition of our stock",
        ),
        "message_request": (
            "A buyer asked us by message to cancel, and we cancelled the order ourselves without an official",
            "We reviewed each cancellation in the period",
            'cancel with the reason "Buyer cancelled" only once that request has come.',
        ),
        "auto_cancel": (
            "We did not confirm shipment in time, and the order was cancelled automatically.",
            "We confirmed that every shipped order has its shipment confirmed",
            "We confirm shipment on the day we ship",
        ),
    },
}
ANSWER = {"ja": "({n})について: ", "en": "For ({n}): "}
PARTS = {
    "ja": ("1. 原因", "2. とった対応", "3. 再発防止策", "4. 効果の確かめ方"),
    "en": ("1. Root cause", "2. Actions taken", "3. Preventive measures", "4. How we check that it works"),
}
BLANK = {"ja": ("［", "］"), "en": ("[", "]")}


def ok(inputs, lang="ja"):
    result = calculate("plan_of_action", inputs, lang)
    assert result["ok"], result
    return result


def parts(text, lang):
    """The plan's first three parts, as text (the fourth: :func:`check_part`)."""
    a, b, c, d = PARTS[lang]
    assert text.index(a) < text.index(b) < text.index(c) < text.index(d)
    return text[text.index(a) : text.index(b)], text[text.index(b) : text.index(c)], text[text.index(c) : text.index(d)]


def check_part(text, lang):
    return text[text.index(PARTS[lang][3]) :]


def blanks_in(text, lang):
    """The blanks of a draft, counted by their opening bracket (a seller's text has none in these tests)."""
    return text.count(BLANK[lang][0])


def codes(inputs, lang="ja"):
    result = calculate("plan_of_action", inputs, lang)
    assert result["ok"] is False, result
    return {(e["field"], e["code"]) for e in result["errors"]}


def errors(inputs, lang):
    return {e["field"]: e["message"] for e in calculate("plan_of_action", inputs, lang)["errors"]}


# --- the example and the numbers ---------------------------------------------------------------------


def test_the_example_the_page_shows_in_japanese():
    result = ok(BASE, "ja")
    plan = result["outputs"]["plan"]
    assert plan["filename"] == "改善計画書_2026-11-22_2026-11-28.txt"
    assert plan["media_type"] == "text/plain"
    assert plan["text"] == (
        "パフォーマンス改善計画書\n"
        "対象の指標: Amazon.co.jp の出荷前キャンセル率\n"
        "対象の期間: 2026年11月22日〜2026年11月28日\n"
        "\n"
        "1. 原因\n"
        "2026年11月22日から2026年11月28日までの期間に、出品者出荷の注文 1 件のうち 1 件を、出荷通知の前に当店が"
        "キャンセルしました。このため、キャンセル率は 100%(1 ÷ 1)となり、基準(2.5%未満)を満たしませんでした。"
        "原因は次のとおりです。\n"
        "(1) 注文の個数に対して在庫が足りず、注文全体をキャンセルしました。\n"
        "理由: ［在庫が注文の個数より少なかった理由と、注文全体をキャンセルした理由を書いてください］\n"
        "対象の注文:\n"
        "・［対象の注文番号を 1 行に 1 件書いてください］\n"
        "\n"
        "2. とった対応\n"
        "(1)について: ［〇月〇日］、未出荷の注文をすべて在庫と照らし合わせ、どの注文も全数を出荷できることを確かめました。\n"
        "\n"
        "3. 再発防止策\n"
        "(1)について: 在庫が注文の個数に足りないときは、注文全体をキャンセルせず、手元にある分を発送して出荷通知を送り、"
        "残りを返金します。\n"
        "\n"
        "4. 効果の確かめ方\n"
        "・毎日［〇時］に、アカウント健全性のページで出荷前キャンセル率を確かめ、新しい出品者都合のキャンセルがないことを"
        "確かめます。"
    )
    assert result["outputs"]["blanks"] == 4 == blanks_in(plan["text"], "ja")
    assert result["display"]["blanks"]["value"] == "空欄 4 か所"
    other = result["outputs"]["plan_other"]
    assert other["filename"] == "plan-of-action_2026-11-22_2026-11-28.txt"
    assert other["text"].startswith("Plan of Action\nMetric: Pre-fulfillment cancel rate, Amazon.co.jp\n")
    assert result["display"]["rate"]["value"] == "100%"
    assert result["display"]["plan"]["value"] == "改善計画書_2026-11-22_2026-11-28.txt"
    assert result["display"]["plan_other"]["value"] == "plan-of-action_2026-11-22_2026-11-28.txt"
    assert result["display"]["plan_other"]["explanation"] == "同じ内容の英語版です。"


def test_the_example_in_english_and_its_japanese_version_is_the_japanese_page_s_plan():
    en, ja = ok(BASE, "en"), ok(BASE, "ja")
    assert en["outputs"]["plan_other"] == ja["outputs"]["plan"]
    assert ja["outputs"]["plan_other"] == en["outputs"]["plan"]
    text = en["outputs"]["plan"]["text"]
    assert text.splitlines()[:5] == [
        "Plan of Action",
        "Metric: Pre-fulfillment cancel rate, Amazon.co.jp",
        "Period: 22 November 2026 to 28 November 2026",
        "",
        "1. Root cause",
    ]
    assert (
        "From 22 November 2026 to 28 November 2026, we had 1 merchant-fulfilled order and cancelled it before "
        "ship-confirmation. This made our cancel rate 100% (1 ÷ 1), which does not meet the target of under 2.5%. "
        "What caused it:\n(1) An order was for more units" in text
    )
    assert en["display"]["plan_other"]["explanation"] == "The same plan in Japanese."
    assert en["display"]["rate"]["explanation"] == (
        "1 cancelled out of 1 order: 1 ÷ 1 = 100%, which misses the target of under 2.5%. "
        "This metric counts merchant-fulfilled orders."
    )
    assert "\nWhy: [Write why the stock was short of the order, and why the whole order was cancelled]\n" in text
    assert "\nOrders concerned:\n- [Write the order numbers concerned, one per line]\n" in text
    assert "\nFor (1): On [date]: We checked every unshipped order against our stock" in text
    assert en["outputs"]["blanks"] == 4 == blanks_in(text, "en")
    assert en["display"]["blanks"]["value"] == "4 blanks"


@pytest.mark.parametrize(
    ("policy", "orders", "cancels", "ja", "en"),
    [
        # 3 / 120 = 2.5% exactly: "under 2.5%" is missed (exact fractions, as rate_check)
        (
            "amazon_jp",
            "１２０",
            "3",
            "出品者出荷の注文 120 件のうち 3 件を、出荷通知の前に当店がキャンセルしました。このため、キャンセル率は 2.5%(3 ÷ 120)となり、基準(2.5%未満)を満たしませんでした。",
            "we had 120 merchant-fulfilled orders and cancelled 3 of them before ship-confirmation. This made our cancel rate 2.5% (3 ÷ 120), which does not meet the target of under 2.5%.",
        ),
        # 2 / 201 = 0.995…% next to 1%: more decimals, and met
        (
            "amazon_jp_premium_shipping",
            "201",
            "2",
            "キャンセル率は 0.995%(2 ÷ 201)で、基準(1%未満)は満たしていました。",
            "Our cancel rate was 0.995% (2 ÷ 201), within the target of under 1%.",
        ),
        # a unit-based policy, "no more than 1%": 1 / 100 meets it
        (
            "amazon_jp_sfp",
            "1,000",
            "10",
            "マケプレプライムの注文の商品 1,000 個のうち 10 個を",
            "our Seller Fulfilled Prime orders had 1,000 units in all, and we cancelled 10 of them before ship-confirmation. Our cancel rate was 1% (10 ÷ 1,000), within the target of no more than 1%.",
        ),
        (
            "amazon_us_sfp",
            "3",
            "1",
            "キャンセル率は 33.33%(1 ÷ 3)となり、基準(0.5%以下)を満たしませんでした。",
            "This made our cancel rate 33.33% (1 ÷ 3), which does not meet the target of no more than 0.5%.",
        ),
    ],
)
def test_the_numbers_are_in_the_plan_as_computed(policy, orders, cancels, ja, en):
    inputs = {**BASE, "policy": policy, "orders": orders, "seller_cancels": cancels}
    assert ja in ok(inputs, "ja")["outputs"]["plan"]["text"]
    assert en in ok(inputs, "en")["outputs"]["plan"]["text"]


def test_machine_outputs():
    out = ok({**BASE, "orders": 120, "seller_cancels": 3})["outputs"]
    assert (out["rate"], out["threshold"], out["comparison"], out["meets_target"]) == (0.025, 0.025, "lt", False)
    assert (out["period_start"], out["period_end"]) == ("2026-11-22", "2026-11-28")
    assert ok({**BASE, "orders": 41, "seller_cancels": 1})["outputs"]["meets_target"] is True


def test_one_day_period_and_dates_as_sellers_type_them():
    inputs = {**BASE, "period_start": "２０２６/１１/２８", "period_end": "2026年11月28日"}
    ja, en = ok(inputs, "ja")["outputs"]["plan"], ok(inputs, "en")["outputs"]["plan"]
    assert "対象の期間: 2026年11月28日\n" in ja["text"] and "2026年11月28日に、出品者出荷の注文" in ja["text"]
    assert "Period: 28 November 2026\n" in en["text"] and "On 28 November 2026, we had 1" in en["text"]
    assert en["filename"] == "plan-of-action_2026-11-28_2026-11-28.txt"


# --- every cause is answered ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("cause", CAUSES)
def test_every_cause_yields_its_action_and_its_prevention(cause, lang):
    text = ok({**BASE, "causes": [cause]}, lang)["outputs"]["plan"]["text"]
    cause_part, action_part, prevention_part = parts(text, lang)
    said, action, prevention = EXPECTED[lang][cause]
    assert "(1) " + said in cause_part or said in cause_part.split("(1) ")[1]
    assert ANSWER[lang].format(n=1) in action_part and action in action_part
    assert ANSWER[lang].format(n=1) in prevention_part and prevention in prevention_part
    # and nothing of the other causes
    for other in CAUSES:
        if other != cause:
            for sentence in EXPECTED[lang][other]:
                assert sentence not in text, (other, sentence)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_all_causes_are_numbered_in_the_list_s_order_and_each_is_answered_under_its_number(lang):
    text = ok({**BASE, "causes": list(reversed(CAUSES))}, lang)["outputs"]["plan"]["text"]
    cause_part, action_part, prevention_part = parts(text, lang)
    for n, cause in enumerate(CAUSES, start=1):
        said, action, prevention = EXPECTED[lang][cause]
        assert f"({n}) " in cause_part and said in cause_part.split(f"({n}) ")[1].split("\n")[0]
        assert action in action_part.split(ANSWER[lang].format(n=n))[1].split("\n")[0]
        assert prevention in prevention_part.split(ANSWER[lang].format(n=n))[1].split("\n")[0]
    assert ANSWER[lang].format(n=7) not in text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_ticked_actions_and_preventions_are_added_once(lang):
    inputs = {
        **BASE,
        "causes": ["multi_unit"],
        # orders_checked is multi_unit's own action: not repeated; stock_corrected and buyers_contacted are added
        "actions": ["orders_checked", "stock_corrected", "buyers_contacted"],
        "preventions": ["ship_and_refund", "weekly_health"],
        "actions_date": "2026-12-01",
    }
    text = ok(inputs, lang)["outputs"]["plan"]["text"]
    _, action_part, prevention_part = parts(text, lang)
    bullet = {"ja": "・", "en": "- "}[lang]
    extra_actions = [line for line in action_part.splitlines() if line.startswith(bullet)]
    extra_preventions = [line for line in prevention_part.splitlines() if line.startswith(bullet)]
    assert (
        extra_actions
        == {
            "ja": [
                "・2026年12月1日、すべての出品の在庫を数え直し、Amazon の出品数を実際の在庫数に合わせました。",
                "・2026年12月1日、キャンセルした注文の購入者に連絡し、事情を説明しました。",
            ],
            "en": [
                "- On 1 December 2026: We recounted the stock of every listing and set each quantity on Amazon to the "
                "stock we actually hold.",
                "- On 1 December 2026: We contacted the buyers of the cancelled orders and explained what had happened.",
            ],
        }[lang]
    )
    assert (
        extra_preventions
        == {
            "ja": ["・週に一度、アカウント健全性のページで各指標を確かめます。"],
            "en": ["- Once a week, we check every metric on the Account Health page."],
        }[lang]
    )
    assert text.count(EXPECTED[lang]["multi_unit"][1]) == 1
    assert text.count(EXPECTED[lang]["multi_unit"][2]) == 1


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_seller_s_own_cause_is_numbered_and_answered_by_the_free_texts(lang):
    inputs = {
        **BASE,
        "causes": ["auto_cancel"],
        "cause_other": "  倉庫の移転で出荷が止まった。\n二日間。 ",
        "action_other": "Moved all stock to the new warehouse.",
        "prevention_other": "Plan moves a month ahead.",
        "store": "Sakura Shop",
        "why_auto_cancel": "Nobody was in during the move.",
        "cancelled_orders": "503-1111111-2222222\n\n  249-3333333-4444444 11/24 ",
        "orders": "5",
        "seller_cancels": "2",
        "actions_date": "2026/12/1",
        "check_time": "10:00",
    }
    result = ok(inputs, lang)
    text = result["outputs"]["plan"]["text"]
    cause_part, action_part, prevention_part = parts(text, lang)
    assert "(2) 倉庫の移転で出荷が止まった。\n二日間。\n" in cause_part
    dated = {"ja": "2026年12月1日、", "en": "On 1 December 2026: "}[lang]
    assert ANSWER[lang].format(n=2) + dated + "Moved all stock to the new warehouse." in action_part
    assert {"ja": "理由: ", "en": "Why: "}[lang] + "Nobody was in during the move.\n" in cause_part
    assert ANSWER[lang].format(n=2) + "Plan moves a month ahead." in prevention_part
    assert text.splitlines()[1] == {"ja": "ストア名: Sakura Shop", "en": "Store: Sakura Shop"}[lang]
    assert BLANK[lang][0] not in text and result["outputs"]["blanks"] == 0
    assert (
        result["display"]["blanks"]["explanation"]
        == {
            "ja": "空欄はありません。事実と合っているか、もう一度確かめてください。",
            "en": "No blanks left. Check once more that everything matches the facts.",
        }[lang]
    )
    assert (
        result["display"]["plan"]["explanation"]
        == {
            "ja": "原因(2 件)ごとに、とった対応と再発防止策を書いています。下書きです。事実と合っているか確かめ、書き直してからお使いください。",
            "en": "Every cause you gave (2) is answered with an action and a prevention. This is a draft: check it against "
            "the facts and edit it before you use it.",
        }[lang]
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_own_cause_without_its_answers_gets_lines_to_fill_in(lang):
    result = ok({**BASE, "causes": [], "cause_other": "Something else."}, lang)
    text = result["outputs"]["plan"]["text"]
    _, action_part, prevention_part = parts(text, lang)
    fill = {
        "ja": (
            "(1)について: ［この原因に対してとった対応を書いてください］",
            "(1)について: ［この原因の再発防止策を書いてください］",
        ),
        "en": (
            "For (1): [Describe what you did about this cause]",
            "For (1): [Describe how you will keep this cause from happening again]",
        ),
    }[lang]
    assert fill[0] in action_part and fill[1] in prevention_part
    # the own cause has no reason blank (its text is the reason); the orders, the two answers and the check's time do
    assert result["outputs"]["blanks"] == 4 == blanks_in(text, lang)
    assert (
        result["display"]["blanks"]["explanation"]
        == {
            "ja": "下書きには、［…］の空欄が 4 か所残っています。ご自身の事実で埋めてから Amazon に送ってください。",
            "en": "The draft still has 4 blanks in [brackets]. Fill them in with your own facts before you send the plan "
            "to Amazon.",
        }[lang]
    )


def test_free_texts_without_an_own_cause_are_further_items():
    text = ok({**BASE, "action_other": "Hired help.", "prevention_other": "Weekly stock count."}, "en")["outputs"][
        "plan"
    ]["text"]
    _, action_part, prevention_part = parts(text, "en")
    assert action_part.strip().splitlines()[-1] == "- On [date]: Hired help."
    assert prevention_part.strip().splitlines()[-1] == "- Weekly stock count."


def test_no_store_name_no_store_line():
    text = ok(BASE, "en")["outputs"]["plan"]["text"]
    assert "Store:" not in text
    assert "ストア名" not in ok({**BASE, "store": "   "}, "ja")["outputs"]["plan"]["text"]


def test_only_amazon_metrics_with_a_target_are_offered():
    offered = [o["value"] for o in describe("plan_of_action", "ja")["inputs"][0]["options"]]
    assert offered == ["amazon_jp", "amazon_jp_premium_shipping", "amazon_jp_sfp", "amazon_us", "amazon_us_sfp"]
    assert codes({**BASE, "policy": "yahoo_shopping"}) == {("policy", "unknown_policy")}
    assert codes({**BASE, "policy": "ebay"}) == {("policy", "unknown_policy")}


def test_the_form_describes_checkboxes_for_the_lists():
    inputs = {f["name"]: f for f in describe("plan_of_action", "en")["inputs"]}
    assert [o["value"] for o in inputs["causes"]["options"]] == CAUSES
    assert inputs["causes"]["kind"] == inputs["actions"]["kind"] == inputs["preventions"]["kind"] == "choices"
    assert inputs["cause_other"]["multiline"] and not inputs["store"]["multiline"]
    assert inputs["period_start"]["example_days_ago"] == 6 and inputs["period_end"]["example_days_ago"] == 0
    outputs = {o["name"]: o for o in describe("plan_of_action", "en")["outputs"]}
    assert outputs["plan"]["kind"] == outputs["plan_other"]["kind"] == "text"
    assert outputs["plan_other"]["label"] == "Japanese version (日本語)"
    assert {o["name"]: o["label"] for o in describe("plan_of_action", "ja")["outputs"]}[
        "plan_other"
    ] == "英語版(English)"


# --- the seller's own plan: blanks, orders, dates, figures, the check -----------------------------------------

WHY_PROMPT = {
    "ja": {
        "other_channel": "［ほかのチャネルで売れた分が Amazon の在庫数に反映されなかった理由を書いてください］",
        "multi_unit": "［在庫が注文の個数より少なかった理由と、注文全体をキャンセルした理由を書いてください］",
        "listing_error": "［誤りが生じた理由を書いてください］",
        "unshippable": "［在庫数が実際より多く出品されていた理由を書いてください］",
        "message_request": "［公式のキャンセル依頼を案内しなかった理由を書いてください］",
        "auto_cancel": "［出荷通知が期限までに送られなかった理由を書いてください］",
    },
    "en": {
        "other_channel": "[Write why the units sold on other channels did not reach the quantity on Amazon]",
        "multi_unit": "[Write why the stock was short of the order, and why the whole order was cancelled]",
        "listing_error": "[Write how the error came about]",
        "unshippable": "[Write why more units were listed than we actually held]",
        "message_request": "[Write why the buyer was not pointed to the official cancellation request]",
        "auto_cancel": "[Write why shipment was not confirmed by the deadline]",
    },
}


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("cause", CAUSES)
def test_each_cause_asks_for_its_reason_in_a_blank_that_its_field_fills(cause, lang):
    blank = ok({**BASE, "causes": [cause]}, lang)
    cause_part, _, _ = parts(blank["outputs"]["plan"]["text"], lang)
    why = {"ja": "理由: ", "en": "Why: "}[lang]
    assert why + WHY_PROMPT[lang][cause] + "\n" in cause_part
    # the reason comes right after its cause
    assert cause_part.split("(1) ")[1].split("\n")[1] == why + WHY_PROMPT[lang][cause]
    filled = ok({**BASE, "causes": [cause], f"why_{cause}": " 担当者が一人だった。\n休日だった。 "}, lang)
    text = filled["outputs"]["plan"]["text"]
    assert why + "担当者が一人だった。\n休日だった。\n" in text and WHY_PROMPT[lang][cause] not in text
    assert filled["outputs"]["blanks"] == blank["outputs"]["blanks"] - 1
    # another cause's reason does not go into the plan
    other = next(c for c in CAUSES if c != cause)
    assert (
        "Elsewhere."
        not in ok({**BASE, "causes": [cause], f"why_{other}": "Elsewhere."}, lang)["outputs"]["plan"]["text"]
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_orders_concerned_are_listed_under_the_root_cause_as_pasted(lang):
    pasted = "503-1234567-1234567\t11/24\t11/25 在庫切れ\r\n\n   249-7654321-7654321  \n"
    result = calculate("plan_of_action", {**BASE, "cancelled_orders": pasted}, lang)
    assert result["errors"][0]["code"] == "control_characters"  # a tab: Seller Central's copy has spaces
    pasted = pasted.replace("\t", " ")
    result = ok({**BASE, "orders": "5", "seller_cancels": "2", "cancelled_orders": pasted}, lang)
    cause_part, _, _ = parts(result["outputs"]["plan"]["text"], lang)
    assert cause_part.endswith(
        {
            "ja": "対象の注文:\n・503-1234567-1234567 11/24 11/25 在庫切れ\n・249-7654321-7654321\n\n",
            "en": "Orders concerned:\n- 503-1234567-1234567 11/24 11/25 在庫切れ\n- 249-7654321-7654321\n\n",
        }[lang]
    )
    assert "orders_mismatch" not in str(result["display"]["plan"]["explanation"])
    other = result["outputs"]["plan_other"]["text"]
    assert "249-7654321-7654321" in other  # the other language's plan lists them too
    assert result["outputs"]["blanks"] == ok(BASE, lang)["outputs"]["blanks"] - 1


def test_a_list_that_does_not_match_the_count_is_pointed_out():
    result = ok({**BASE, "orders": "9", "seller_cancels": "3", "cancelled_orders": "a\nb"}, "ja")
    assert result["display"]["plan"]["explanation"].endswith(
        "対象の注文は 2 件書かれていますが、キャンセル数は 3 です。どちらかを確かめてください。"
    )
    en = ok({**BASE, "orders": "9", "seller_cancels": "3", "cancelled_orders": "a\nb"}, "en")
    assert en["display"]["plan"]["explanation"].endswith(
        "You listed 2 orders, but the number of cancellations is 3. Please check one or the other."
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_actions_are_dated_and_preventions_carry_their_figures(lang):
    inputs = {
        **BASE,
        "causes": ["other_channel", "unshippable"],
        "preventions": ["buffer_stock"],
        "actions_date": "2026-12-01",
        "sync_minutes": "１５",
        "buffer_units": "2",
        "check_time": "10:00",
    }
    result = ok(inputs, lang)
    text = result["outputs"]["plan"]["text"]
    _, action_part, prevention_part = parts(text, lang)
    expected = {
        "ja": (
            "(1)について: 2026年12月1日、すべての出品の在庫を数え直し",
            "どの販売チャネルで売れても、15 分以内に Amazon の在庫数が減るようにします。",
            "毎日10:00に、出荷の前に在庫の数と状態を確かめ",
            "・複数ある商品は、出品数を手元の在庫より 2 個少なく設定します。",
            "・毎日10:00に、アカウント健全性のページで出荷前キャンセル率を確かめ",
            "在庫連動の間隔 15 分・安全在庫 2 個のときに集計期間中に売り越しが起きる確率を求めると、［計算機の確率(〇%)］でした。",
        ),
        "en": (
            "For (1): On 1 December 2026: We recounted the stock of every listing",
            "a sale on any channel lowers the quantity on Amazon within 15 minutes.",
            "Every day at 10:00, before shipping, we check the quantity and condition of our stock",
            "- For items we hold more than one of, we list 2 units fewer than we hold.",
            "- Every day at 10:00, we check the Pre-fulfillment cancel rate on the Account Health page",
            "With a stock sync every 15 minutes and a safety stock of 2 units, the oversell calculator gives "
            "[the calculator's figure, %] as the chance",
        ),
    }[lang]
    assert expected[0] in action_part
    assert expected[1] in prevention_part and expected[2] in prevention_part and expected[3] in prevention_part
    check = check_part(text, lang)
    assert expected[4] in check and expected[5] in check
    # left: the two reasons, the orders, and the oversell figure
    assert result["outputs"]["blanks"] == 4 == blanks_in(text, lang)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_check_names_the_oversell_figure_only_for_stock_on_several_channels(lang):
    calculator = {"ja": "売り越しリスクの計算機", "en": "oversell calculator"}[lang]
    for causes, preventions, named in (
        (["multi_unit"], [], False),
        (["auto_cancel", "message_request"], ["weekly_health"], False),
        (["other_channel"], [], True),
        (["listing_error"], ["stock_sync"], True),
    ):
        text = ok({**BASE, "causes": causes, "preventions": preventions}, lang)["outputs"]["plan"]["text"]
        assert (calculator in check_part(text, lang)) is named, (causes, preventions)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_blank_count_is_the_number_of_blanks_in_both_drafts(lang):
    for n in range(len(CAUSES) + 1):
        inputs = {**BASE, "causes": CAUSES[:n], "cause_other": "Own." if n < 2 else "", "preventions": ["buffer_stock"]}
        result = ok(inputs, lang)
        count = result["outputs"]["blanks"]
        assert count == blanks_in(result["outputs"]["plan"]["text"], lang)
        assert count == blanks_in(result["outputs"]["plan_other"]["text"], {"ja": "en", "en": "ja"}[lang])


@pytest.mark.parametrize(
    ("policy", "orders", "ja", "en"),
    [
        (
            "amazon_jp",
            "60",
            "出品者出荷の注文 60 件のうち 2 件を",
            "we had 60 merchant-fulfilled orders and cancelled 2 of them",
        ),
        (
            "amazon_jp_premium_shipping",
            "60",
            "お急ぎ便関連プログラム(マケプレお急ぎ便など)の注文 60 件のうち 2 件を",
            "we had 60 Premium Shipping orders and cancelled 2 of them",
        ),
        (
            "amazon_jp_sfp",
            "60",
            "マケプレプライムの注文の商品 60 個のうち 2 個を",
            "our Seller Fulfilled Prime orders had 60 units in all, and we cancelled 2 of them",
        ),
        (
            "amazon_us_sfp",
            "60",
            "Seller Fulfilled Prime の注文の商品 60 個のうち 2 個を",
            "our Seller Fulfilled Prime orders had 60 units in all",
        ),
    ],
)
def test_each_metric_s_plan_names_its_own_counted_orders_or_units(policy, orders, ja, en):
    inputs = {**BASE, "policy": policy, "orders": orders, "seller_cancels": "2"}
    assert ja in ok(inputs, "ja")["outputs"]["plan"]["text"]
    assert en in ok(inputs, "en")["outputs"]["plan"]["text"]
    if policy != "amazon_jp":
        assert "出品者出荷の注文 60" not in ok(inputs, "ja")["outputs"]["plan"]["text"]


def test_one_counted_order_reads_in_the_singular():
    inputs = {**BASE, "policy": "amazon_jp_premium_shipping"}
    assert (
        "we had 1 order of the kind this metric counts (Premium Shipping orders) and cancelled it"
        in ok(inputs, "en")["outputs"]["plan"]["text"]
    )


def test_the_form_s_result_says_what_the_metric_counts_and_premium_shipping_s_order_rule():
    ja = ok({**BASE, "policy": "amazon_jp_premium_shipping", "orders": "60"}, "ja")
    explanation = ja["display"]["rate"]["explanation"]
    assert "この指標が数えるのはお急ぎ便関連プログラム(マケプレお急ぎ便など)の注文です。" in explanation
    assert (
        "過去に出品者出荷の 10 件を超える注文があることという条件もあります" in explanation and "未確認" in explanation
    )
    assert "10 件を超える" not in ja["outputs"]["plan"]["text"]  # in the result, not in the plan
    en = ok({**BASE, "policy": "amazon_jp_premium_shipping", "orders": "60"}, "en")["display"]["rate"]["explanation"]
    assert "This programme also asks for more than 10 merchant-fulfilled orders in the past" in en
    assert "unverified" in en
    sfp = ok({**BASE, "policy": "amazon_jp_sfp"}, "en")["display"]["rate"]["explanation"]
    assert sfp.endswith("This metric counts the units of Seller Fulfilled Prime orders.")
    assert "more than 10" not in ok(BASE, "en")["display"]["rate"]["explanation"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_met_target_says_no_plan_is_needed_unless_amazon_asked(lang):
    said = {
        "ja": "基準を満たしているので、Amazon から求められていなければ、改善計画書を出す必要はありません。",
        "en": "The target is met, so no Plan of Action is needed unless Amazon has asked you for one.",
    }[lang]
    assert ok({**BASE, "orders": "41"}, lang)["display"]["rate"]["explanation"].endswith(said)
    assert said not in ok(BASE, lang)["display"]["rate"]["explanation"]


def test_a_period_longer_than_the_window_is_pointed_out():
    long = {**BASE, "period_start": "2019-11-22"}
    ja = ok(long, "ja")["display"]["rate"]["explanation"]
    assert "入力した期間(2,564 日間)は、この指標の集計期間(7 日間)より長くなっています。" in ja
    en = ok(long, "en")["display"]["rate"]["explanation"]
    assert "The period you entered (2,564 days) is longer than this metric's window (7 days)." in en
    assert "集計期間" not in ok(BASE, "ja")["display"]["rate"]["explanation"]
    # Premium Shipping's window is 30 days: a 30-day period is fine
    month = {**BASE, "policy": "amazon_jp_premium_shipping", "period_start": "2026-10-30"}
    assert "longer" not in ok(month, "en")["display"]["rate"]["explanation"]


def test_a_period_ending_after_today_is_refused_and_dates_without_a_year_read_up_to_today():
    assert codes({**BASE, "today": "2026-11-27"}) == {("period_end", "period_after_today")}
    assert errors({**BASE, "today": "2026-11-27"}, "ja") == {
        "period_end": "期間の最終日(2026年11月28日)が今日(2026年11月27日)より後になっています。集計の終わった期間を入力してください。"
    }
    assert errors({**BASE, "today": "2026-11-27"}, "en") == {
        "period_end": "The last day of the period (28 November 2026) is after today (27 November 2026). Please enter "
        "a period that has ended."
    }
    out = ok({**BASE, "today": "2026-01-05", "period_start": "12/29", "period_end": "1/4"})["outputs"]
    assert (out["period_start"], out["period_end"]) == ("2025-12-29", "2026-01-04")
    assert ok({**BASE, "today": "2026-11-28"})["outputs"]["period_end"] == "2026-11-28"


def test_the_new_fields_are_described_and_the_figures_sit_behind_more_settings():
    inputs = {f["name"]: f for f in describe("plan_of_action", "ja")["inputs"]}
    assert inputs["cancelled_orders"]["multiline"] and not inputs["cancelled_orders"]["required"]
    assert not inputs["cancelled_orders"]["advanced"]
    for cause in CAUSES:
        assert inputs[f"why_{cause}"]["multiline"] and not inputs[f"why_{cause}"]["required"]
    for name in ("sync_minutes", "buffer_units", "check_time", "store", "today"):
        assert inputs[name]["advanced"], name
    assert inputs["today"]["today"] and inputs["period_start"]["picker"] == "date"
    names = list(inputs)
    assert names.index("seller_cancels") < names.index("cancelled_orders") < names.index("causes")
    assert names.index("causes") < names.index("why_other_channel") < names.index("cause_other")


# --- bad inputs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "ja", "en"),
    [
        (
            {"causes": [], "cause_other": " \n "},
            "causes",
            "原因を一覧から一つ以上選ぶか、「その他の原因(自由記入、任意)」に書いてください。",
            'Choose at least one cause from the list, or describe it in "Other cause (your own words, optional)".',
        ),
        (
            {"period_start": "2026-11-29"},
            "period_end",
            "期間の最終日(2026年11月28日)が初日(2026年11月29日)より前になっています。",
            "The last day of the period (28 November 2026) is before its first day (29 November 2026).",
        ),
        (
            {"period_start": "2026-02-30"},
            "period_start",
            "「2026-02-30」は日付として読めません。2026-11-28、2026/11/28、12/6、12月6日 のような形で入力してください。",
            '"2026-02-30" is not a date we can read. Please use a form like 2026-11-28, 2026/11/28 or 12/6 (month/day).',
        ),
        (
            {"period_end": "  "},
            "period_end",
            "期間の最終日を入力してください。",
            "Please enter “Last day of the period”.",
        ),
        (
            {"seller_cancels": "2"},
            "seller_cancels",
            "キャンセル数が注文数より多くなっています。キャンセルした注文も注文数に含めてください。",
            "There are more cancellations than orders. Cancelled orders are part of the order count, so include them.",
        ),
        (
            {"orders": "5", "seller_cancels": "0"},
            "seller_cancels",
            "出品者都合のキャンセル数が 0 です。改善計画書は、キャンセルがあった期間について書くものです。キャンセル数を入力してください。",
            "There are no seller cancellations: a Plan of Action is about a period with cancellations. Please enter how many there were.",
        ),
        (
            {"cause_other": "x" * 501},
            "cause_other",
            "その他の原因(自由記入、任意)が長すぎます(500 文字まで)。",
            "Other cause (your own words, optional) is too long (at most 500 characters).",
        ),
        (
            {"action_other": "stock\tcount"},
            "action_other",
            "その他の対応(自由記入、任意)に使えない文字が含まれています(タブなどの制御文字や、1 行の欄の改行)。取り除いてください。",
            "Other action (your own words, optional) contains a character that cannot be used (a tab or another control character, or a line break in a one-line field). Please remove it.",
        ),
        (
            {"cancelled_orders": "1\n" * 201},
            "cancelled_orders",
            "キャンセルした注文(1 行に 1 件、任意)が多すぎます(200 行まで)。",
            "Cancelled orders (one per line, optional) has too many lines (at most 200).",
        ),
        (
            {"store": "Sakura\nShop"},
            "store",
            "ストア名(任意)に使えない文字が含まれています(タブなどの制御文字や、1 行の欄の改行)。取り除いてください。",
            "Store name (optional) contains a character that cannot be used (a tab or another control character, or a line break in a one-line field). Please remove it.",
        ),
        (
            {"causes": ["multi_unit", "made_up"]},
            "causes",
            "原因(当てはまるものをすべて)に「made_up」という選択肢はありません。一覧から選んでください。",
            '"made_up" is not one of the choices for “Causes (tick all that apply)”. Please choose from the list.',
        ),
    ],
)
def test_bad_inputs_get_a_clear_message_in_both_languages(change, field, ja, en):
    inputs = {**BASE, **change}
    assert errors(inputs, "ja") == {field: ja}
    assert errors(inputs, "en") == {field: en}


@pytest.mark.parametrize("bad", ["\x00", "\x1b[31m", "\x7f", "\ud800", "\x85"])
def test_control_characters_are_refused_in_every_free_text(bad):
    for name in ("cause_other", "action_other", "prevention_other", "store"):
        assert codes({**BASE, name: "a" + bad + "b"}) == {(name, "control_characters")}, name


def test_line_breaks_of_any_system_are_kept_as_newlines_in_multiline_texts():
    text = ok({**BASE, "causes": [], "cause_other": "one\r\ntwo\rthree"}, "en")["outputs"]["plan"]["text"]
    assert "(1) one\ntwo\nthree\n" in text and "\r" not in text


def test_several_problems_are_reported_together():
    assert codes({**BASE, "period_start": "x", "seller_cancels": "3", "causes": []}) == {
        ("period_start", "bad_date"),
        ("seller_cancels", "cancels_exceed_orders"),
        ("causes", "no_cause"),
    }


def test_required_fields():
    assert codes({}) == {
        ("policy", "choice_required"),
        ("period_start", "required"),
        ("period_end", "required"),
        ("orders", "required"),
        ("seller_cancels", "required"),
    }


def test_the_json_entry_point_carries_the_text_file():
    answer = json.loads(calculate_json("plan_of_action", json.dumps(BASE), "en"))
    assert set(answer["outputs"]["plan"]) == {"filename", "media_type", "text"}
    assert answer["outputs"]["plan_other"]["text"] == ok(BASE, "ja")["outputs"]["plan"]["text"]


def test_the_module_knows_one_default_action_and_prevention_per_cause_none_shared():
    actions = [a for a, _ in plan_of_action.ANSWERS.values()]
    preventions = [p for _, p in plan_of_action.ANSWERS.values()]
    assert sorted(plan_of_action.ANSWERS) == sorted(CAUSES)
    assert len(set(actions)) == len(actions) == 6 and len(set(preventions)) == len(preventions) == 6


@given(
    st.fixed_dictionaries(
        {},
        optional={
            "causes": st.lists(st.sampled_from([*CAUSES, "x"]), max_size=8) | st.text(max_size=5) | st.integers(),
            "actions": st.lists(st.sampled_from([a for a, _ in plan_of_action.ACTIONS]), max_size=9),
            "preventions": st.lists(st.sampled_from([p for p, _ in plan_of_action.PREVENTIONS]), max_size=9),
            "cause_other": st.text(max_size=600) | st.none() | st.integers(),
            "action_other": st.text(max_size=50),
            "prevention_other": st.text(max_size=50),
            "store": st.text(max_size=120),
            "orders": st.integers(-1, 10**6) | st.text(max_size=6),
            "seller_cancels": st.integers(-1, 50),
            "period_start": st.dates().map(str) | st.text(max_size=12),
        },
    ),
    st.sampled_from(["ja", "en"]),
)
def test_anything_gives_a_plan_or_messages_never_an_internal_error(change, lang):
    result = calculate("plan_of_action", {**BASE, **change}, lang)
    json.dumps(result)
    if result["ok"]:
        for name in ("plan", "plan_other"):
            text = result["outputs"][name]["text"]
            for part in PARTS["ja"] + PARTS["en"]:
                assert text.count(part) == (part in PARTS[lang if name == "plan" else ({"ja": "en", "en": "ja"}[lang])])
    else:
        assert all(e["code"] != "internal_error" and e["message"] for e in result["errors"]), result
