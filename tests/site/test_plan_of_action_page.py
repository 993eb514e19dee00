"""The plan-of-action calculator's pages: both languages, the form, the example plan, the notes."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

LANGS = {"ja": "", "en": "en/"}
PAGE = "calculators/plan-of-action/index.html"


def _form(html: str) -> str:
    return re.search(r'<form class="cr-calc".*?</form>', html, re.S)[0]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_exists_in_both_languages_with_the_form(built_site, lang):
    html = (built_site / LANGS[lang] / PAGE).read_text("utf-8")
    assert f'<html lang="{lang}"' in html and "{{" not in html
    form = _form(html)
    assert 'data-calculator="plan_of_action"' in form
    for name in ("policy", "period_start", "period_end", "orders", "seller_cancels", "cause_other", "store"):
        assert f'name="{name}"' in form and f'data-error-for="{name}"' in form, name
    # the lists are fieldsets of checkboxes sharing a name; nothing is ticked until the seller ticks it
    for name, boxes in (("causes", 6), ("actions", 8), ("preventions", 8)):
        fieldset = re.search(rf'<fieldset [^>]*data-multiple="{name}".*?</fieldset>', form, re.S)[0]
        assert len(re.findall(rf'<input type="checkbox" name="{name}"', fieldset)) == boxes
    assert not re.findall(r"<input [^>]*\bchecked>", form)
    assert 'data-fill="[&#34;multi_unit&#34;]"' in form  # the example's cause, for "fill in the example" only
    # no error on the built page
    errors = re.findall(r'<p [^>]*data-error-for="[^"]+"[^>]*>([^<]*)</p>', form)
    assert errors and not any(e.strip() for e in errors)
    # the dates that must not age
    assert re.search(r'name="period_start"[^>]*data-example-days-ago="6"', form)
    assert re.search(r'name="period_end"[^>]*data-example-days-ago="0"', form)


@pytest.mark.parametrize("lang", LANGS)
def test_the_example_plan_is_built_into_the_page_with_copy_and_download(built_site, lang):
    form = _form((built_site / LANGS[lang] / PAGE).read_text("utf-8"))
    other = {"ja": "en", "en": "ja"}[lang]
    texts = {}
    for name in ("plan", "plan_other"):
        value = json.loads(unescape(re.search(rf'data-output="{name}"[^>]*data-value="([^"]*)"', form)[1]))
        assert set(value) == {"filename", "media_type", "text"} and value["media_type"] == "text/plain"
        box = re.search(
            rf'<textarea class="cr-text__box" data-text="{name}" readonly[^>]*>(.*?)</textarea>', form, re.S
        )
        assert unescape(box[1]) == value["text"]
        assert re.search(rf'<button type="button" [^>]*data-copy="{name}" hidden>', form)
        link = re.search(rf'<a [^>]*data-download="{name}"[^>]*>', form)[0]
        assert f'download="{value["filename"]}"' in unescape(link) and " hidden" in link
        texts[name] = value
    assert (
        texts["plan"]["filename"]
        == {"ja": "改善計画書_2026-11-22_2026-11-28.txt", "en": "plan-of-action_2026-11-22_2026-11-28.txt"}[lang]
    )
    first = {"ja": "パフォーマンス改善計画書", "en": "Plan of Action"}
    assert texts["plan"]["text"].startswith(first[lang]) and texts["plan_other"]["text"].startswith(first[other])
    # the example: 1 order, 1 cancellation, a multi-unit order with too little stock, answered in parts 2 and 3
    plan = texts["plan"]["text"]
    assert {"ja": "100%(1 ÷ 1)", "en": "100% (1 ÷ 1)"}[lang] in plan
    assert {
        "ja": "ある分を発送して出荷通知を送り、残りを返金します。",
        "en": "we ship what we have, confirm shipment, and refund the rest.",
    }[lang] in plan
    labels = {"ja": ("コピー", "ダウンロード"), "en": ("Copy", "Download")}[lang]
    assert f">{labels[0]}</button>" in form and f">{labels[1]}</a>" in form


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_says_it_is_a_draft_that_amazon_decides_and_where_it_goes(built_site, lang):
    html = (built_site / LANGS[lang] / PAGE).read_text("utf-8")
    article = re.search(r"<article\b.*?</article>", html, re.S)[0]
    before_form = _text(article[: article.index('<form class="cr-calc"')])
    for needed in {
        "ja": ("これは下書きです", "再開するかどうかを決めるのは Amazon です", "アカウント健全性", "未確認"),
        "en": ("This is a draft", "Amazon decides", "Account Health", "unverified"),
    }[lang]:
        assert needed in before_form, needed
    cited = set(re.findall(r'data-cite="([^"]+)"', article))
    assert {"amazon_jp.appeal", "amazon_jp.plan_parts", "amazon_jp.appeal_where"} <= cited


@pytest.mark.parametrize("lang", LANGS)
def test_the_calculator_index_lists_the_page(built_site, lang):
    html = (built_site / LANGS[lang] / "calculators/index.html").read_text("utf-8")
    assert 'href="plan-of-action/"' in html
