"""The partials: autoescaped, one line each for Markdown, and the only place the site's Python writes HTML."""

from __future__ import annotations

import re

from sitehelpers import ROOT

from handbook_site import forms, policy_pages, rendering

HTML_TAG = re.compile(
    r"""["']<(?:div|table|tr|td|th|ul|ol|li|form|input|select|span|p|a|time|strong|output|figure)\b"""
)


def test_values_are_escaped():
    html = rendering.render("fact.html", ref='x" onmouseover="y', text="<script>&")
    assert html == '<span class="cr-fact" data-fact="x&#34; onmouseover=&#34;y">&lt;script&gt;&amp;</span>'


def test_html_partials_render_on_one_line_for_markdown():
    """A blank or indented line would end the HTML block (or start a code block) in the page's Markdown."""
    for html in (
        forms.calculator_form("rate_check", lang="ja"),
        policy_pages.policy_card("amazon_jp", lang="en"),
        policy_pages.facts_table("amazon_jp", "account_health", lang="ja"),
        policy_pages.changelog(lang="en"),
    ):
        assert "\n" not in html.strip()


def test_a_value_keeps_its_line_breaks():
    """Only the partial's own layout is joined: a textarea's example text keeps its new lines."""
    html = forms.calculator_form("recovery", lang="en", cancel_dates="2026-11-20\n2026-11-25")
    assert re.search(r"<textarea[^>]*>2026-11-20\n2026-11-25</textarea>", html)


def test_the_site_code_writes_no_html_outside_the_partials():
    """Markup lives in overrides/partials/handbook/; only figures.py draws SVG in Python."""
    for path in sorted((ROOT / "handbook_site").glob("*.py")):
        if path.name == "figures.py":
            continue
        found = HTML_TAG.findall(path.read_text("utf-8"))
        assert not found, (path.name, found)


def test_only_dates_with_a_moving_example_are_marked_for_the_browser():
    """``data-example-days-ago`` on exactly the fields whose ``example_days_ago`` is set; the fields themselves
    start empty (the example only as a placeholder), and the fixed example feeds only the labelled example result."""
    recovery = forms.calculator_form("recovery", lang="ja")
    marked = re.findall(r'<(?:input|textarea)[^>]*name="([a-z_]+)"[^>]*data-example-days-ago="(\d+)"', recovery)
    assert marked == [("cancel_dates", "3"), ("today", "0")]
    assert re.search(r'<textarea[^>]*data-example-days-ago="3"[^>]*></textarea>', recovery)
    assert re.search(r'name="today"[^>]*value=""[^>]*data-example-days-ago="0" data-today="true"', recovery)
    assert "<li><span>キャンセルした注文の注文日(任意)</span> <b>2026-11-25</b></li>" in recovery
    assert re.findall(
        r'name="([a-z_]+)"[^>]*data-example-days-ago', forms.calculator_form("rakuten_points", lang="en")
    ) == ["today"]
    assert "data-example-days-ago" not in forms.calculator_form("stock_shortage", lang="ja")
