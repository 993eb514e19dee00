"""The knowledge-base pages on a 375-px-wide phone, in light and dark mode."""

import pytest

pytestmark = pytest.mark.browser

PAGES = ["", "first-aid/", "case-study/", "playbook/", "glossary/"]
PREFIXES = ["", "en/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_fit_a_phone_and_pictures_follow_the_palette(chromium, site_server, scheme):
    context = chromium.new_context(viewport={"width": 375, "height": 740}, color_scheme=scheme)
    page = context.new_page()
    try:
        for prefix in PREFIXES:
            for path in PAGES:
                page.goto(site_server.base + prefix + path)
                where = f"{prefix}{path} ({scheme})"
                assert page.evaluate("document.documentElement.scrollWidth") <= 375, where
                for box in page.locator(".cr-figure svg").all():
                    bounds = box.bounding_box()
                    assert bounds and bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 375, where
                # the pictures' text colour is the page's: light on dark, dark on light
                colours = page.eval_on_selector_all(
                    ".cr-figure svg",
                    "els => els.map(e => getComputedStyle(e).color.match(/\\d+/g).slice(0, 3).map(Number))",
                )
                for rgb in colours:
                    light = sum(rgb) / 3 > 128
                    assert light == (scheme == "dark"), (where, rgb)
    finally:
        context.close()
