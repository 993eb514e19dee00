"""The knowledge-base pages (home, case study, playbook, glossary): both languages, their pictures, data-driven numbers."""

from __future__ import annotations

import re
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from cancelrate import get_policy, rates
from cancelrate.numbers import format_percent
from cancelrate.policies import load_data
from cancelrate.text import target_phrase

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "hooks"))

import figures  # noqa: E402
import policy_pages  # noqa: E402

LANGS = {"ja": "", "en": "en/"}
# page -> the pictures it must show
PAGES = {
    "index.md": ["trap"],
    "case-study.md": ["trap", "timeline"],
    "playbook.md": ["decision", "timeline"],
    "glossary.md": [],
}
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def built_page(site: Path, lang: str, page: str) -> str:
    rel = "" if page == "index.md" else page[: -len(".md")] + "/"
    return (site / LANGS[lang] / rel / "index.html").read_text("utf-8")


def figures_in(html: str) -> dict[str, str]:
    return dict(re.findall(r'<figure class="cr-figure[^"]*" id="figure-([a-z]+)">(.*?)</figure>', html, re.S))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_exists_in_both_languages_with_its_pictures(built_site, lang, page):
    html = built_page(built_site, lang, page)
    assert f'<html lang="{lang}"' in html
    assert "このページは準備中です" not in html and "{{" not in html
    found = figures_in(html)
    assert sorted(found) == sorted(PAGES[page])
    for name, body in found.items():
        assert 'role="img"' in body, name
        labelled = re.search(r'<svg[^>]*aria-labelledby="([^"]+)"', body)[1].split()
        for ref in labelled:
            assert f'id="{ref}"' in body, (name, ref)
        title = re.search(r"<title[^>]*>(.+?)</title>", body, re.S)[1]
        desc = re.search(r"<desc[^>]*>(.+?)</desc>", body, re.S)[1]
        caption = re.search(r"<figcaption>(.+?)</figcaption>", body, re.S)[1]
        for text in (title, desc, caption):
            assert bool(JAPANESE.search(text)) == (lang == "ja"), (name, text)
        # colours follow the palette: no hard-coded text colour except charts.py's, which the CSS overrides
        assert 'fill="#000' not in body and 'fill="black"' not in body


def test_the_md_sources_type_no_policy_number_by_hand():
    """Thresholds come from the data through {{ fact(...) }} / {{ figure(...) }}, never typed into Markdown."""
    thresholds = {p["threshold_percent"] for p in load_data()["policies"] if p.get("threshold_percent")}
    pattern = re.compile(r"(?<![\d.,])(" + "|".join(re.escape(t) for t in thresholds) + r")\s*[%％]")
    points = load_data()["points_systems"][0]
    point_words = re.compile(
        rf"(?<!\d)({points['points_per_store_cancel']}|{points['levels'][0]['min_points']})\s*(点|points)"
    )
    for lang in LANGS:
        for page in PAGES:
            text = (ROOT / "docs" / lang / page).read_text("utf-8")
            assert not pattern.search(text), (lang, page, pattern.search(text)[0])
            assert not point_words.search(text), (lang, page, point_words.search(text)[0])


@pytest.mark.parametrize("lang", LANGS)
def test_the_trap_picture_draws_the_target_from_the_data(built_site, lang):
    policy = get_policy("amazon_jp")
    html = figures_in(built_page(built_site, lang, "index.md"))["trap"]
    assert target_phrase(policy.threshold, policy.comparison, lang) in html
    first_ok = rates.min_orders_for_cancels(1, policy.threshold, policy.comparison)
    assert f"{first_ok}" in html and format_percent(Fraction(1, first_ok)) in html


def test_inline_values_come_from_the_data():
    policy = get_policy("amazon_jp")
    assert policy_pages._resolve("amazon_jp.target", None, "ja") == target_phrase(
        policy.threshold, policy.comparison, "ja"
    )
    assert policy_pages._resolve("amazon_jp.one_cancel_orders", None, "en") == str(
        rates.min_orders_for_cancels(1, policy.threshold, policy.comparison)
    )
    assert policy_pages._resolve("ebay.tier.top_rated", None, "en").endswith("%")
    assert policy_pages._resolve("rakuten_points.cancels_to_first_level", None, "ja").isdigit()
    with pytest.raises(KeyError):
        policy_pages._resolve("amazon_jp.no_such_field", None, "ja")
    with pytest.raises(KeyError):
        figures.figure("no_such_figure", lang="ja")


@pytest.mark.parametrize("lang", LANGS)
def test_case_study_embeds_the_prefilled_calculators(built_site, lang):
    html = built_page(built_site, lang, "case-study.md")
    form = re.search(r'<form[^>]*data-calculator="rate_check".*?</form>', html, re.S)[0]
    assert re.search(r'name="orders"[^>]*value="1"', form)
    assert re.search(r'name="seller_cancels"[^>]*value="1"', form)
    # the stock-shortage calculator is embedded at integration; until then its marker stays in place
    assert "<!-- stock_shortage_embed -->" in html or 'data-calculator="stock_shortage"' in html
    assert "水谷 俊一" in html


def test_glossary_has_the_same_anchors_in_both_languages(built_site):
    anchors = {
        lang: re.findall(r'<h3 id="([a-z0-9-]+)"', built_page(built_site, lang, "glossary.md")) for lang in LANGS
    }
    assert anchors["ja"] == anchors["en"]
    for term in ("pre-fulfillment-cancel-rate", "ship-confirmation", "premium-shipping", "plan-of-action"):
        assert term in anchors["ja"]


@pytest.mark.parametrize("lang", LANGS)
def test_templates_never_ask_the_buyer_to_cancel_by_message(built_site, lang):
    """The message templates point to the official request; none of them says 'please cancel' on its own."""
    html = built_page(built_site, lang, "playbook.md")
    templates = re.findall(r'<div class="admonition example">(.*?)</div>', html, re.S)
    assert len(templates) == 3
    official = "注文履歴" if lang == "ja" else "Your Orders"
    assert official in templates[0] and official in templates[1]
