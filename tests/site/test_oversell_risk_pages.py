"""The ``oversell_risk`` pages: both languages built with the calculator, in the navigation among the
calculators, and linked from the playbook's prevention section and from the first-aid page."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest

LANGS = {"ja": "", "en": "en/"}
TITLE = {"ja": "複数チャネルの売り越しリスク", "en": "Multi-channel oversell risk"}
PAGE = "calculators/oversell-risk/"


def _html(site: Path, lang: str, rel: str) -> str:
    return (site / LANGS[lang] / rel / "index.html").read_text("utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_exists_with_its_form_and_example_results(built_site, lang):
    html = _html(built_site, lang, PAGE)
    assert "<h1" in html and TITLE[lang] in html
    assert 'data-calculator="oversell_risk"' in html
    for name in ("stock", "daily_amazon", "daily_other", "sync_minutes", "units_per_order", "buffer",
                 "policy", "total_daily_orders", "target_percent", "oversell_limit_percent", "share_1_unit",
                 "share_4plus_units", "largest_units", "busiest_day_orders", "counted_share_percent"):  # fmt: skip
        assert f'name="{name}"' in html, name
    # the example's results as built (the same calculate as in the browser)
    assert re.search(r'data-output="smallest_buffer"[^>]*data-value="1"', html)
    assert 'data-chart="curve"' in html and "<svg" in html


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_is_in_the_navigation_among_the_calculators(built_site, lang):
    html = _html(built_site, lang, "")
    nav = html[html.index("md-nav--primary") : html.index('class="md-content"')]
    order = re.findall(r'href="(?:\./)?calculators/([a-z-]+)/"', nav)
    assert order.index("oversell-risk") == order.index("breach-risk") + 1, order
    index = _html(built_site, lang, "calculators/")
    assert TITLE[lang] in index and "oversell-risk/" in index


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("rel", "section"), [("playbook/", "prevention"), ("first-aid/", "today")])
def test_playbook_prevention_and_first_aid_link_to_it(built_site, lang, rel, section):
    html = _html(built_site, lang, rel)
    # the section: from its heading to the next h2
    start = html.index(f'id="{section}"')
    end = html.find("<h2", start + 1)
    part = html[start : end if end > 0 else len(html)]
    targets = [urljoin(f"/{LANGS[lang]}{rel}", unescape(h)) for h in re.findall(r'href="([^"]+)"', part)]
    assert f"/{LANGS[lang]}{PAGE}" in targets, targets
    assert (built_site / LANGS[lang] / PAGE / "index.html").is_file()
