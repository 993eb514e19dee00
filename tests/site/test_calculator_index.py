"""The calculator registry and the calculator index pages find every calculator by themselves.

Adding a calculator means: a module in ``cancelrate/tools/``, its section in the two
catalogs, its two pages (with a ``summary`` in their front matter) and the navigation line. The last test does
exactly that in a copy of the project, builds it (without a memory snapshot: Python starts plainly) and then sees
the new calculator live: the copy's site served under the sub-path, its pages in headless Chromium, values typed
in, and the answer that Python computes in the copy's worker, from the copy's wheel and registry. The browser tests'
tables (``tests/sitepages.py``, ``tests/browser/runtime_site.py``) take the calculators from the registry and their
pages from the navigation.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
import yaml
from sitehelpers import ROOT, SiteServer, build_copy, calculator_pages, copy_project

import cancelrate

LANGS = {"ja": "", "en": "en/"}
TOOLS = ROOT / "calculators" / "cancelrate" / "tools"


def _nav_calculator_pages(mkdocs_yml: Path) -> list[str]:
    """The calculator pages of the navigation, in order (``calculators/index.md`` left out)."""
    nav = yaml.load(mkdocs_yml.read_text("utf-8"), Loader=yaml.BaseLoader)["nav"]
    section = next(item for item in nav if isinstance(item, dict) and "計算機" in item)["計算機"]
    return [page for page in section if page != "calculators/index.md"]


def _index_items(site: Path, lang: str) -> list[tuple[str, str]]:
    html = (site / LANGS[lang] / "calculators" / "index.html").read_text("utf-8")
    article = re.search(r"<article\b.*?</article>", html, re.S)[0]
    items = re.findall(r'<li><a href="([^"]+)">(.*?)</a>(.*?)</li>', article, re.S)
    return [(href, unescape(re.sub(r"<[^>]+>", "", title + rest))) for href, title, rest in items]


def test_the_registry_is_every_module_of_tools():
    modules = sorted(p.stem for p in TOOLS.glob("*.py") if p.stem != "__init__")
    assert sorted(cancelrate.CALCULATORS) == modules
    for calculator_id, module in cancelrate.CALCULATORS.items():
        assert module.__name__ == f"cancelrate.tools.{calculator_id}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_calculator_has_a_page_in_the_navigation(lang):
    pages = _nav_calculator_pages(ROOT / "mkdocs.yml")
    embedded = {}
    for page in pages:
        text = (ROOT / "docs" / lang / page).read_text("utf-8")
        assert re.search(r"^summary: .+$", text.split("\n---\n", 1)[0], re.M), f"{page}: no summary"
        embedded.update({cid: page for cid in re.findall(r'\{\{ calculator\("([a-z_]+)"', text)})
    assert sorted(embedded) == sorted(cancelrate.CALCULATORS)


@pytest.mark.parametrize("lang", LANGS)
def test_the_index_lists_the_calculator_pages_in_navigation_order(built_site, lang):
    items = _index_items(built_site, lang)
    pages = _nav_calculator_pages(ROOT / "mkdocs.yml")
    assert [href for href, _ in items] == [p.removeprefix("calculators/").removesuffix(".md") + "/" for p in pages]
    first = {
        "ja": "出荷前キャンセル率チェック:今のキャンセル率は基準を満たしているか、あと何件キャンセルできるか。",
        "en": "Cancel-rate check: is my cancel rate within the target, and how many more cancellations can I afford?",
    }
    assert items[0][1] == first[lang]


DEMO_MODULE = '''"""A demo calculator: the share of orders cancelled."""

from fractions import Fraction

from ..inputs import Field
from ..phrases import Count, Message, Percent

TITLE = "demo_share.title"
FIELDS = [
    Field("orders", "count", "fields.label.orders", "demo_share.help.orders", example=4),
    Field("seller_cancels", "count", "fields.label.seller_cancels", example=1),
]
OUTPUTS = {"share": "demo_share.output.share"}


def run(values):
    share = Fraction(values["seller_cancels"], values["orders"] or 1)
    why = Message("demo_share.share.why", cancels=Count(values["seller_cancels"], "orders"))
    return {"share": float(share)}, {"share": {"value": Percent(share), "explanation": why}}
'''

DEMO_CATALOG = {
    "ja": """[demo_share]
title = "デモ"

[demo_share.help]
orders = "キャンセルした注文も含めます。"

[demo_share.output]
share = "割合"

[demo_share.share]
why = "{cancels}をキャンセルしました。"

""",
    "en": """[demo_share]
title = "Demo"

[demo_share.help]
orders = "Cancelled ones included."

[demo_share.output]
share = "Share"

[demo_share.share]
why = "{cancels|cap} cancelled."

""",
}
"""The demo's section of each catalog, added before ``[site]``."""


DEMO_FORM = 'form[data-calculator="demo_share"]'


@pytest.mark.browser
def test_adding_a_calculator_takes_a_module_two_pages_and_a_navigation_line(tmp_path, chromium):
    copy_project(tmp_path)
    (tmp_path / "calculators" / "cancelrate" / "tools" / "demo_share.py").write_text(DEMO_MODULE, "utf-8")
    for lang, section in DEMO_CATALOG.items():
        path = tmp_path / "calculators" / "cancelrate" / "catalogs" / f"{lang}.toml"
        path.write_text(path.read_text("utf-8").replace("\n[site]\n", f"\n{section}[site]\n", 1), "utf-8")
    summaries = {"ja": "キャンセルの割合。", "en": "the share of orders cancelled."}
    for lang, title in (("ja", "デモ"), ("en", "Demo")):
        page = f'---\nsummary: "{summaries[lang]}"\n---\n\n# {title}\n\n{{{{ calculator("demo_share") }}}}\n'
        (tmp_path / "docs" / lang / "calculators" / "demo-share.md").write_text(page, "utf-8")
    config = tmp_path / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace(
            "      - calculators/plan-of-action.md\n",
            "      - calculators/plan-of-action.md\n      - calculators/demo-share.md\n",
        ),
        "utf-8",
    )

    site = tmp_path / "site"
    result = build_copy(tmp_path, site, snapshot=False)
    assert result.returncode == 0, result.stdout + result.stderr

    assert _index_items(site, "en")[-1] == ("demo-share/", "Demo: the share of orders cancelled.")
    assert _index_items(site, "ja")[-1] == ("demo-share/", "デモ:キャンセルの割合。")
    page = (site / "en" / "calculators" / "demo-share" / "index.html").read_text("utf-8")
    assert re.search(r'<output data-output="share"[^>]*data-value="0.25"[^>]*>25%</output>', page)
    assert '<p class="cr-result__explain" data-explain="share">1 order cancelled.</p>' in page
    assert "Cancelled ones included." in page and "Orders in the window" in page
    ja = (site / "calculators" / "demo-share" / "index.html").read_text("utf-8")
    assert "1 件をキャンセルしました。" in ja
    # the browser tests' tables find it too: its page from the navigation (sitepages and runtime_site walk these)
    assert calculator_pages(tmp_path)["demo_share"] == "calculators/demo-share/"
    assert list(calculator_pages(tmp_path))[:-1] == list(calculator_pages())

    # and live in the browser: the copy's site alone, served under the sub-path; the seller types values the example
    # never had, and what shows is what the demo's run() computes in the copy's worker
    with SiteServer(site) as server:
        context = chromium.new_context()
        context.set_default_timeout(90_000)  # a plain start of Python, no snapshot, on a busy machine
        try:
            tab = context.new_page()
            for prefix, orders, cancels, share, shown, explained in (
                ("en/", "10", "1", 0.1, "10%", "1 order cancelled."),
                ("", "20", "3", 0.15, "15%", "3 件をキャンセルしました。"),
            ):
                tab.goto(f"{server.base}{prefix}calculators/demo-share/")
                tab.wait_for_selector(f'{DEMO_FORM}[data-calculator-status="ready"]')
                tab.fill(f'{DEMO_FORM} [name="orders"]', orders)
                tab.fill(f'{DEMO_FORM} [name="seller_cancels"]', cancels)
                # until Python has answered for both values: neither the example's 25% nor the prompt's blank
                tab.wait_for_function(
                    "(output) => !['0.25', 'null'].includes(document.querySelector(output).dataset.value)",
                    arg=f'{DEMO_FORM} [data-output="share"]',
                )
                assert json.loads(tab.get_attribute(f'{DEMO_FORM} [data-output="share"]', "data-value")) == share
                assert tab.inner_text(f'{DEMO_FORM} [data-output="share"]') == shown
                assert tab.inner_text(f'{DEMO_FORM} [data-explain="share"]') == explained
                assert tab.get_attribute(DEMO_FORM, "data-live") == "true"
                assert tab.evaluate("() => document.documentElement.dataset.crBoot") == "plain"
        finally:
            context.close()
        assert any("/runtime/" in path and path.endswith(".whl") for path in server.requested)
