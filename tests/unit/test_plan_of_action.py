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

CAUSES = ["other_channel", "multi_unit", "listing_error", "unshippable", "wrong_reason", "auto_cancel"]

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
            "ある分を発送して出荷通知を送り、残りを返金します。",
        ),
        "listing_error": (
            "出品情報または価格に誤りがあり",
            "誤りのあった出品情報と価格を直し",
            "出品情報や価格をアップロードしたあとは",
        ),
        "unshippable": ("破損・紛失・取り扱い終了のため", "出荷できない商品の出品を止め", "在庫の数と状態を確かめ"),
        "wrong_reason": (
            "実際の事情と違うキャンセル理由を選んでいました。",
            "期間内のキャンセルを一件ずつ見直し",
            "「注文のキャンセルをリクエスト」で依頼したときだけです。",
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
            "We synchronise stock so that a sale on any channel lowers the quantity on Amazon at once.",
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
        "wrong_reason": (
            "we chose a cancellation reason that did not match what had happened.",
            "We reviewed each cancellation in the period",
            'only when the buyer has used Amazon\'s "Request cancellation"',
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
    "ja": ("1. 原因", "2. とった対応", "3. 再発防止策"),
    "en": ("1. Root cause", "2. Actions taken", "3. Preventive measures"),
}


def ok(inputs, lang="ja"):
    result = calculate("plan_of_action", inputs, lang)
    assert result["ok"], result
    return result


def parts(text, lang):
    """The plan's three parts, as text."""
    a, b, c = PARTS[lang]
    assert text.index(a) < text.index(b) < text.index(c)
    return text[text.index(a) : text.index(b)], text[text.index(b) : text.index(c)], text[text.index(c) :]


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
        "\n"
        "2. とった対応\n"
        "(1)について: 未出荷の注文をすべて在庫と照らし合わせ、どの注文も全数を出荷できることを確かめました。\n"
        "\n"
        "3. 再発防止策\n"
        "(1)について: 在庫が注文の個数に足りないときは、注文全体をキャンセルせず、ある分を発送して出荷通知を送り、"
        "残りを返金します。"
    )
    other = result["outputs"]["plan_other"]
    assert other["filename"] == "plan-of-action_2026-11-22_2026-11-28.txt"
    assert other["text"].startswith("Plan of Action\nMetric: Pre-fulfillment cancel rate (Amazon.co.jp)\n")
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
        "Metric: Pre-fulfillment cancel rate (Amazon.co.jp)",
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
        "1 cancelled out of 1 order: 1 ÷ 1 = 100%, which misses the target of under 2.5%."
    )


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
            "出品者出荷の注文の商品 1,000 個のうち 10 個を",
            "our merchant-fulfilled orders had 1,000 units in all, and we cancelled 10 of them before ship-confirmation. Our cancel rate was 1% (10 ÷ 1,000), within the target of no more than 1%.",
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
                "・すべての出品の在庫を数え直し、Amazon の出品数を実際の在庫数に合わせました。",
                "・キャンセルした注文の購入者に連絡し、事情を説明しました。",
            ],
            "en": [
                "- We recounted the stock of every listing and set each quantity on Amazon to the stock we actually hold.",
                "- We contacted the buyers of the cancelled orders and explained what had happened.",
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
    }
    result = ok(inputs, lang)
    text = result["outputs"]["plan"]["text"]
    cause_part, action_part, prevention_part = parts(text, lang)
    assert "(2) 倉庫の移転で出荷が止まった。\n二日間。\n" in cause_part
    assert ANSWER[lang].format(n=2) + "Moved all stock to the new warehouse." in action_part
    assert ANSWER[lang].format(n=2) + "Plan moves a month ahead." in prevention_part
    assert text.splitlines()[1] == {"ja": "ストア名: Sakura Shop", "en": "Store: Sakura Shop"}[lang]
    assert {"ja": "[", "en": "[Describe"}[lang] not in text
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
            "(1)について: [この原因に対してとった対応を書いてください]",
            "(1)について: [この原因の再発防止策を書いてください]",
        ),
        "en": (
            "For (1): [Describe what you did about this cause]",
            "For (1): [Describe how you will keep this cause from happening again]",
        ),
    }[lang]
    assert fill[0] in action_part and fill[1] in prevention_part
    assert result["display"]["plan"]["explanation"].endswith(
        {"ja": "[ ] の箇所は、ご自身で書き足してください。", "en": "Fill in the parts in [brackets] yourself."}[lang]
    )


def test_free_texts_without_an_own_cause_are_further_items():
    text = ok({**BASE, "action_other": "Hired help.", "prevention_other": "Weekly stock count."}, "en")["outputs"][
        "plan"
    ]["text"]
    _, action_part, prevention_part = parts(text, "en")
    assert action_part.strip().splitlines()[-1] == "- Hired help."
    assert prevention_part.splitlines()[-1] == "- Weekly stock count."


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
            "Please enter last day of the period.",
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
            {"store": "Sakura\nShop"},
            "store",
            "ストア名(任意)に使えない文字が含まれています(タブなどの制御文字や、1 行の欄の改行)。取り除いてください。",
            "Store name (optional) contains a character that cannot be used (a tab or another control character, or a line break in a one-line field). Please remove it.",
        ),
        (
            {"causes": ["multi_unit", "made_up"]},
            "causes",
            "原因(当てはまるものをすべて)に「made_up」という選択肢はありません。一覧から選んでください。",
            '"made_up" is not one of the choices for causes (tick all that apply). Please choose from the list.',
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
