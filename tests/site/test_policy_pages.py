"""The policy pages and the sources page: every number, source and open question comes from the data."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from sitehelpers import build_copy, copy_project

from cancelrate.policies import all_policies, load_data
from handbook_site import knowledge

ROOT = Path(__file__).resolve().parent.parent.parent
LANGS = {"ja": "", "en": "en/"}
PLATFORM_PAGES = {
    "amazon_jp": "policies/amazon-jp",
    "amazon_us": "policies/amazon-us",
    "yahoo": "policies/yahoo-shopping",
    "rakuten": "policies/rakuten",
    "ebay": "policies/ebay",
}
KIND_TEXT = {
    "ja": {"official": "公式", "secondary": "二次情報"},
    "en": {"official": "Official", "secondary": "Secondary"},
}
# Markdown sources that must hold no hand-typed number at all: the values come from macros
HAND_WRITTEN = sorted(
    [*(ROOT / "docs").glob("*/policies/*.md"), *(ROOT / "docs").glob("*/sources.md")],
    key=str,
)


def _html(site: Path, lang: str, page: str) -> str:
    return (site / f"{LANGS[lang]}{page}/index.html").read_text("utf-8")


def _article(html: str) -> str:
    match = re.search(r"<article\b.*?</article>", html, re.S)
    assert match, "no <article> in the page"
    return match[0]


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip


def _date_text(iso: str, lang: str) -> str:
    """How a page writes an ISO date (``2026-11-28``, ``2024-03``, ``2022``), worked out here on its own."""
    parts = [int(p) for p in iso.split("-")]
    if lang == "ja":
        return "".join(f"{n}{unit}" for n, unit in zip(parts, "年月日", strict=False))
    words = [str(parts[0])] if len(parts) == 1 else [MONTHS[parts[1] - 1], str(parts[0])]
    return " ".join([str(parts[2]), *words] if len(parts) == 3 else words)


def _platform_urls(platform_id: str) -> set[str]:
    """The URLs of every source a platform's records refer to, read from the data files."""
    notes = json.loads((ROOT / "data" / "policy_notes.json").read_text("utf-8"))
    facts = json.loads((ROOT / "data" / "facts.json").read_text("utf-8"))["facts"]
    platform = next(p for p in notes["platforms"] if p["id"] == platform_id)
    ids = {i for pid in platform["policies"] for i in notes["policies"][pid]["sources"]}
    ids |= {i for sid in platform["points_systems"] for i in notes["points_systems"][sid]["sources"]}
    ids |= {i for f in facts if f["platform"] == platform_id for i in f["sources"]}
    return {knowledge.sources()[i].url for i in ids}


def _source_items(article: str) -> list[str]:
    return re.findall(r'<li class="cr-source">(.*?)</li>', article, re.S)


# --- the rendered pages ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("platform_id", PLATFORM_PAGES)
def test_platform_page_lists_every_source_with_kind_and_checked_date(built_site, lang, platform_id):
    article = _article(_html(built_site, lang, PLATFORM_PAGES[platform_id]))
    items = _source_items(article)
    urls = _platform_urls(platform_id)
    assert items, "no source list"
    shown = [unescape(re.search(r'href="([^"]+)"', item)[1]) for item in items]
    assert sorted(shown) == sorted(urls), "each source exactly once"
    sources = {s.url: s for s in knowledge.sources().values()}
    for url, item in zip(shown, items, strict=True):
        source = sources[url]
        assert 'rel="noopener"' in item
        assert f'data-kind="{source.kind}">{KIND_TEXT[lang][source.kind]}<' in item
        assert f'datetime="{source.checked}">{_date_text(source.checked, lang)}</time>' in item
        # the source's own date and the date a rule took effect, each under its own label
        labels = {"ja": ("情報源の日付", "適用開始日"), "en": ("source date", "in effect from")}[lang]
        for kind, label, value in (
            ("source", labels[0], source.source_date),
            ("effective", labels[1], source.effective_date),
        ):
            shown_date = re.search(rf'<span data-date="{kind}">([^<]*)</span>', item)
            if value:
                assert shown_date and shown_date[1] == f"{label}: {_date_text(value, lang)}", (source.id, kind)
            else:
                assert shown_date is None, (source.id, kind)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("platform_id", PLATFORM_PAGES)
def test_platform_page_shows_its_open_questions(built_site, lang, platform_id):
    article = _article(_html(built_site, lang, PLATFORM_PAGES[platform_id]))
    match = re.search(r'<ul class="cr-open-questions" data-platform="([a-z_]+)">(.*?)</ul>', article, re.S)
    assert match and match[1] == platform_id
    shown = [_text(li) for li in re.findall(r"<li>(.*?)</li>", match[2], re.S)]
    notes = json.loads((ROOT / "data" / "policy_notes.json").read_text("utf-8"))
    expected = [q["text"][lang] for q in notes["open_questions"] if q["platform"] == platform_id]
    assert shown == expected
    assert shown, "every platform page has open questions"


@pytest.mark.parametrize("lang", LANGS)
def test_unverified_facts_are_marked_as_unverified(built_site, lang):
    label = {"ja": "未確認", "en": "Unverified"}[lang]
    for platform_id, page in PLATFORM_PAGES.items():
        article = _article(_html(built_site, lang, page))
        for fact in knowledge.facts().values():
            if fact.platform != platform_id or fact.verified:
                continue
            row = re.search(rf'<(?:tr|li) data-fact="{re.escape(fact.id)}">(.*?)</(?:tr|li)>', article, re.S)
            if row is None:  # facts only used inline or in the tiers table are not listed as rows
                continue
            if fact.counts == "unverified":  # listed as "Unverified: ..." in the what-counts list
                assert f'data-counts="counts_unknown">{label}<' in row[1], fact.id
            else:
                assert f'data-verified="false">({label})' in row[1], fact.id


@pytest.mark.parametrize("lang", LANGS)
def test_overview_lists_every_policy_with_its_threshold(built_site, lang):
    article = _article(_html(built_site, lang, "policies"))
    words = {"ja": "{}%未満", "en": "under {}%"}[lang]
    for policy in all_policies().values():
        cell = re.search(rf'data-policy="{policy.id}" data-cell="target">([^<]*)<', article)
        assert cell, policy.id
        if policy.threshold_percent is not None:
            assert f"{policy.threshold_percent}%" in cell[1]
    cell = re.search(r'data-policy="amazon_jp" data-cell="target">([^<]*)<', article)[1]
    assert cell == words.format("2.5")
    for page in PLATFORM_PAGES.values():
        assert f'href="{page.split("/")[1]}/"' in article


@pytest.mark.parametrize("lang", LANGS)
def test_rakuten_levels_come_from_the_points_data(built_site, lang):
    article = _article(_html(built_site, lang, "policies/rakuten"))
    levels = load_data()["points_systems"][0]["levels"]
    rows = re.findall(r'<tr data-level="([^"]+)">(.*?)</tr>', article, re.S)
    assert [r[0] for r in rows] == [level["level"] for level in levels]
    for (_, row), level in zip(rows, levels, strict=True):
        assert str(level["min_points"]) in _text(row)
        assert f"{level['fee_yen']:,}" in _text(row)


@pytest.mark.parametrize("lang", LANGS)
def test_sources_page_lists_every_url_once_and_the_changelog(built_site, lang):
    article = _article(_html(built_site, lang, "sources"))
    shown = [unescape(re.search(r'href="([^"]+)"', item)[1]) for item in _source_items(article)]
    every = {s.url for s in knowledge.sources().values()}
    assert len(shown) == len(set(shown))
    assert set(shown) == every
    changes = json.loads((ROOT / "data" / "policy_notes.json").read_text("utf-8"))["changelog"]
    dates = re.findall(r'<time datetime="([^"]+)">', article.split('id="changelog"', 1)[1])
    assert dates == sorted((e["date"] for e in changes), reverse=True)
    assert dates[0] == knowledge.checked()


# --- the Markdown sources -------------------------------------------------------

PLACEHOLDER = re.compile(r"\{\{.*?\}\}")
HEADING_ID = re.compile(r"\{#[a-z0-9-]+\}")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
# Plain arithmetic about one order is not a policy number: "1 ÷ 1 = 100%".
ARITHMETIC = re.compile(r"1 ÷ 1 = 100%|100%")


@pytest.mark.parametrize("path", HAND_WRITTEN, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_number_is_typed_by_hand_in_policy_pages(path):
    """Outside ``{{ ... }}`` placeholders, heading ids, link targets and "100%", these pages hold no digit at all."""
    text = path.read_text("utf-8")
    assert "{{" in text, "the page renders its facts from the data"
    for number, line in enumerate(text.splitlines(), 1):
        bare = ARITHMETIC.sub("", LINK_TARGET.sub("]()", HEADING_ID.sub("", PLACEHOLDER.sub("", line))))
        assert not re.search(r"[0-9０-９%％]", bare), f"{path.name}:{number}: number typed by hand: {line!r}"


# --- changing the data changes the page -----------------------------------------


def test_changing_a_threshold_in_the_data_changes_the_pages(tmp_path):
    """Copy the project, set the Amazon.co.jp threshold to 3.5%, build: the pages follow the data."""
    copy_project(tmp_path)
    data_file = tmp_path / "calculators" / "cancelrate" / "policies.json"
    data = json.loads(data_file.read_text("utf-8"))
    record = next(p for p in data["policies"] if p["id"] == "amazon_jp")
    assert record["threshold_percent"] == "2.5"
    record["threshold_percent"] = "3.5"
    data_file.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")

    site = tmp_path / "site"
    result = build_copy(tmp_path, site, snapshot=False)
    assert result.returncode == 0, result.stdout + result.stderr

    for lang in LANGS:
        page = _article(_html(site, lang, "policies/amazon-jp"))
        cell = re.search(r'<table class="cr-policy" data-policy="amazon_jp">.*?data-cell="target">([^<]*)<', page, re.S)
        assert cell[1] == {"ja": "3.5%未満", "en": "under 3.5%"}[lang]
        lead = re.search(r'data-fact="amazon_jp.threshold">([^<]*)<', page)
        assert "3.5%" in lead[1]
        overview = _article(_html(site, lang, "policies"))
        assert re.search(r'data-policy="amazon_jp" data-cell="target">[^<]*3\.5%', overview)


# --- the cards agree with their pages and the overview ---------------------------


def _card(article: str, policy_id: str) -> dict[str, str]:
    table = re.search(rf'<table class="cr-policy" data-policy="{policy_id}">(.*?)</table>', article, re.S)
    assert table, policy_id
    return {_text(th): _text(td) for th, td in re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', table[1], re.S)}


@pytest.mark.parametrize("lang", LANGS)
def test_the_overview_says_what_each_card_says(built_site, lang):
    """Target, window, unit and whether part of it is unverified: the same in the overview and on the policy's page."""
    from cancelrate.phrases import text

    t = {name: text(lang, f"site.{name}") for name in ("target", "window", "unit", "status", "status_partial")}
    t["unverified_note"] = text(lang, "site.unverified_note")
    t["min_orders"] = text(lang, "site.min_orders")  # Premium Shipping's rule: marked, as its unit, on its card
    overview = _article(_html(built_site, lang, "policies"))
    pages = {p.id: p.page[: -len(".md")] for p in knowledge.platforms()}
    for platform in knowledge.platforms():
        article = _article(_html(built_site, lang, pages[platform.id]))
        for policy_id in platform.policies:
            card = _card(article, policy_id)
            row = next(r for r in re.findall(r"<tr>(.*?)</tr>", overview, re.S) if f'data-policy="{policy_id}"' in r)
            cells = [_text(c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
            assert cells[1:4] == [card[t["target"]], card[t["window"]], card[t["unit"]]], policy_id
            partly = card[t["status"]] == t["status_partial"]
            assert (t["status_partial"] in cells[4]) == partly, policy_id
            notes = knowledge.policy_notes()[policy_id]
            assert partly == (not notes.verified)
            for part in notes.unverified:
                assert card[t[part]].endswith(t["unverified_note"]), (policy_id, part)


@pytest.mark.parametrize("lang", LANGS)
def test_us_seller_fulfilled_prime_is_judged_weekly_and_its_unit_is_unverified(built_site, lang):
    card = _card(_article(_html(built_site, lang, "policies/amazon-us")), "amazon_us_sfp")
    window, unit = {"ja": ("集計期間", "数え方"), "en": ("Window", "Counted in")}[lang]
    assert card[window] == {"ja": "毎週(日曜〜土曜の 1 週間)", "en": "each week, Sunday to Saturday"}[lang]
    assert card[unit] == {"ja": "個数(未確認)", "en": "units (unverified)"}[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_ebay_card_is_partly_unverified_and_below_standard_needs_its_defects(built_site, lang):
    article = _article(_html(built_site, lang, "policies/ebay"))
    card = _card(article, "ebay")
    assert card[{"ja": "確認状況", "en": "Status"}[lang]] == {"ja": "一部未確認", "en": "Partly unverified"}[lang]
    defects = {"ja": "5 件以上", "en": "at least 5 defects"}[lang]
    lead = _text(re.search(r"<p>(.*?)</p>", article, re.S)[1])
    assert "Below Standard" in lead and defects in lead
    row = _text(re.search(r'<tr data-tier="below_standard">(.*?)</tr>', article, re.S)[1])
    assert defects in row


@pytest.mark.parametrize("lang", LANGS)
def test_only_level_v_a_carries_the_top_fee(built_site, lang):
    article = _article(_html(built_site, lang, "policies/rakuten"))
    row = re.search(r'<tr data-level="V">(.*?)</tr>', article, re.S)[1]
    fee = _text(re.findall(r"<td>(.*?)</td>", row, re.S)[3])
    assert "3,000,000" in fee and "V-A" in fee and "V-B" not in fee
    head = {"ja": "違約金", "en": "Penalty fee"}[lang]
    assert f'<th scope="col">{head}</th>' in article


def test_one_name_for_rakutens_fee_and_amazons_on_time_delivery_rate(built_site):
    """違約金 (not 違反金), 期日内配送率 (not 配達完了率) wherever the site speaks of them."""
    for html in built_site.rglob("*.html"):
        if "runtime" in html.parts:
            continue
        # the glossary's entry for the rate names the other translation once, to say it is not used
        text = re.sub(r'<h3 id="on-time-delivery-rate".*?<h3 ', "", html.read_text("utf-8"), flags=re.S)
        assert "違反金" not in text, html
        assert "配達完了率" not in text, html


def test_dates_that_a_rule_took_effect_are_not_shown_as_the_sources_own_dates():
    """The sources whose pages show no date of their own but name the day a rule took effect."""
    sources = knowledge.sources()
    for source_id, effective in (
        ("amazon_jp.help.sfp_en", "2021-07-15"),
        ("amazon_us.help.sfp", "2021-02-01"),
        ("amazon_jp.help.valid_tracking_rate", "2022-08-23"),
    ):
        assert sources[source_id].effective_date == effective
        assert sources[source_id].source_date is None
