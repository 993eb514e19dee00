"""What the built pages say, read as text: no stray escapes, no borrowed wording, the case study told as it happened.

``fact_base.md`` (next to this file) is a copy of the team's verified fact base
(``shared/facts/policies.md``, as of 2026-11-29): its quotes are verbatim from
Amazon's and others' pages, and its own wording is not ours either. The site
says the facts in its own words; a long run of the same characters, outside
quotation marks, is copied text.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
LANGS = {"ja": "", "en": "en/"}

# --- the built pages as text ------------------------------------------------------


def _pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if not {"runtime", "assets"} & set(p.relative_to(site).parts)]


def _article(html: str) -> str:
    match = re.search(r"<article\b.*?</article>", html, re.S)
    return match[0] if match else ""


_SKIP = re.compile(r"<(script|style|svg|code|pre)\b.*?</\1>|<a class=\"cr-source__link\"[^>]*>.*?</a>", re.S)
_BLOCK = re.compile(r"</?(?:p|li|h[1-6]|td|th|figcaption|summary|div|details|tr|small)\b[^>]*>")


def article_text(html: str, *, blocks: bool = False) -> str:
    """The article's text (code, pictures and source titles left out); ``blocks``: one block per line."""
    body = _SKIP.sub(" ", _article(html))
    if blocks:
        body = _BLOCK.sub("\n", body)
    text = unescape(re.sub(r"<[^>]+>", " ", body))
    return "\n".join(re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n") if line.strip())


# --- no stray backslashes -----------------------------------------------------------


def test_no_page_shows_a_backslash_before_a_quote(built_site):
    """A ``\\"`` in an admonition title is not an escape for Python-Markdown: it shows up on the page."""
    found = []
    for page in _pages(built_site):
        html = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text("utf-8"), flags=re.S)
        text = unescape(re.sub(r"<[^>]+>", " ", html))  # what a reader sees (a JSON attribute may escape quotes)
        found += [f"{page.relative_to(built_site)}: {m[0]!r}" for m in re.finditer(r".{0,30}\\[\"“”].{0,30}", text)]
    assert not found, found


# --- no long verbatim runs from the fact base ----------------------------------------

RUN_WEIGHT = 40
"""A shared run this long is flagged: 40 Latin characters, or 20 Japanese ones (they count twice)."""

_WIDE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|「[^」\n]*」|『[^』\n]*』')


def _normal(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("*", "")
    return re.sub(r"\s+", " ", text).lower()


def fact_base_text(markdown: str) -> str:
    """The fact base's words: URLs and code (column names, API values) left out, Markdown emphasis dropped."""
    markdown = re.sub(r"https?://\S+", "\x01", markdown)
    markdown = re.sub(r"`[^`\n]*`", "\x01", markdown)
    return _normal(markdown)


def _weight(run: str) -> int:
    return sum(2 if _WIDE.match(ch) else 1 for ch in run)


def verbatim_runs(page_text: str, source: str, min_weight: int = RUN_WEIGHT) -> list[str]:
    """Runs of ``page_text`` (outside quotation marks) found word for word in ``source`` (normalised already)."""
    masked = "\n".join(_QUOTED.sub(lambda m: "\x00" * len(m[0]), line) for line in page_text.split("\n"))
    text = _normal(masked)
    seed = 20  # the shortest run that can weigh min_weight
    seeds = {source[i : i + seed] for i in range(len(source) - seed + 1)}
    runs, end = [], 0
    for start in range(len(text) - seed + 1):
        if text[start : start + seed] not in seeds:
            continue
        stop = start + seed
        while stop < len(text) and text[start : stop + 1] in source:
            stop += 1
        if stop > end and _weight(text[start:stop]) >= min_weight:
            runs.append(text[start:stop].strip())
            end = stop
    return runs


def test_the_verbatim_check_finds_copied_runs_and_lets_quotes_be():
    source = fact_base_text('UK: "This metric includes all order and item cancellations initiated by the seller".')
    copied = "Amazon says the metric includes all order and item cancellations by the seller."
    assert verbatim_runs(copied, source) == ["metric includes all order and item cancellations"]
    quoted = 'Amazon says "the metric includes all order and item cancellations" in its UK help.'
    assert verbatim_runs(quoted, source) == []
    own_words = "Amazon's UK help also counts a seller's cancellation of single items."
    assert verbatim_runs(own_words, source) == []
    japanese = fact_base_text("「キャンセル率が2.5%を超えていると、アカウントが利用停止になる可能性があります。」")
    assert verbatim_runs("基準を超えると、アカウントが利用停止になる可能性があります。", japanese)
    assert not verbatim_runs("基準を超えると、アカウントが停止されることがあります。", japanese)


def test_no_page_copies_the_fact_base_word_for_word(built_site):
    source = fact_base_text((HERE / "fact_base.md").read_text("utf-8"))
    found = []
    for page in _pages(built_site):
        text = article_text(page.read_text("utf-8"), blocks=True)
        found += [f"{page.relative_to(built_site)}: {run!r}" for run in verbatim_runs(text, source)]
    assert not found, "\n".join(found)


# --- the case study as it happened ------------------------------------------------------
# In the source post the seller asked Amazon himself and a staff member answered; nothing in
# it says Amazon sent a notice. The post's title (「…から警告が届く」) is credited as it is.

NOTICE = {
    "ja": re.compile(r"(通知|警告|知らせ|連絡|メール)(が|を)(届|来|受け|受信)"),
    "en": re.compile(
        r"\bamazon (sent|sends|emailed|emails|notified|notifies|warned|warns)\b"
        r"|\b(sent|sends|received|receives|got|gets) (him |the seller )?(a|an) (notice|warning|notification|email)\b"
        r"|\b(notice|warning|notification|email)s? (arrived|arrives|came|comes)\b"
        r"|\bnotified (him|the seller)\b",
        re.I,
    ),
}
CASE_MARKERS = ("ケーススタディ", "水谷", "case study", "case-study")
# the post's title, and its gloss in English: credited as written, in quotation marks
_TITLE = re.compile(r"「[^」]*アカウントスペシャリスト[^」]*」|\"[^\"]*account specialist[^\"]*\"", re.I)


def notice_claims(text: str, lang: str) -> list[str]:
    return [line for line in text.split("\n") if NOTICE[lang].search(_TITLE.sub("", line))]


def test_the_notice_check_is_not_fooled_by_the_title_but_catches_a_claim():
    assert notice_claims("出典:水谷 俊一「Amazon アカウントスペシャリストから警告が届く」", "ja") == []
    assert notice_claims("5. Amazon から通知が届く。", "ja")
    assert notice_claims("The seller received a warning from Amazon.", "en")
    assert notice_claims("Amazon sends a notice.", "en")
    assert not notice_claims('Titled "A warning arrives from an Amazon account specialist".', "en")
    assert not notice_claims("The seller asked Amazon himself; the staff member explained.", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_says_amazon_sent_the_case_study_seller_a_notice(built_site, lang):
    """The whole case page and its pictures, the glossary's account specialist, and every block elsewhere that mentions the case."""
    root = built_site / LANGS[lang]
    case = (root / "case-study" / "index.html").read_text("utf-8")
    found = notice_claims(article_text(case, blocks=True), lang)
    svg_text = " ".join(re.findall(r"<(?:title|desc|tspan)[^>]*>([^<]*)<", _article(case)))
    found += notice_claims(unescape(svg_text), lang)
    glossary = (root / "glossary" / "index.html").read_text("utf-8")
    entry = re.search(r'<h3 id="account-specialist".*?(?=<h[23] )', glossary, re.S)[0]
    found += notice_claims(_plain(entry), lang)
    for page in _pages(root):
        if lang == "ja" and "en" in page.relative_to(built_site).parts[:1]:
            continue
        for line in article_text(page.read_text("utf-8"), blocks=True).split("\n"):
            if any(marker in line.lower() for marker in CASE_MARKERS):
                found += [f"{page.relative_to(built_site)}: {hit}" for hit in notice_claims(line, lang)]
    assert not found, found


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
