"""End to end: the oversell_risk calculator computes live in Chromium, in both languages, and redraws its chart."""

import json

import pytest

from cancelrate import calculate

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="oversell_risk"]'
TYPED = {
    "stock": "５",
    "daily_amazon": "3",
    "daily_yahoo": "2",
    "daily_rakuten": "",
    "sync_minutes": "60",
    "buffer": "1",
}
ERROR_WORDS = {"ja": "少なくとも 1 つ", "en": "at least one"}


def value(page, name):
    return json.loads(page.get_attribute(f'{FORM} [data-output="{name}"]', "data-value"))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_oversell_risk_computes_live(page, site_server, lang):
    prefix = "en/" if lang == "en" else ""
    page.goto(site_server.base + prefix + "calculators/oversell-risk/")
    page.wait_for_selector(f'{FORM}[data-calculator-status="ready"]')
    before = value(page, "oversold_orders")
    page.select_option(f'{FORM} [name="policy"]', "amazon_jp")
    page.fill(f'{FORM} [name="total_daily_orders"]', "5")
    page.click(f"{FORM} .cr-calc__more > summary")  # the buffer is one of the settings most sellers leave alone
    for name, text in TYPED.items():
        page.fill(f'{FORM} [name="{name}"]', text)
    inputs = {f: page.input_value(f'{FORM} [name="{f}"]') for f in (*TYPED, "units_per_order", "total_daily_orders", "oversell_limit_percent", "daily_own_shop", "daily_other")}  # fmt: skip
    inputs["policy"] = page.input_value(f'{FORM} [name="policy"]')
    expected = calculate("oversell_risk", inputs, lang)
    assert expected["ok"], expected
    want = expected["outputs"]["any_oversell_probability"]
    page.wait_for_function(
        """([form, want]) => {
            const got = JSON.parse(document.querySelector(`${form} [data-output="any_oversell_probability"]`).dataset.value);
            return got !== null && Math.abs(got - want) < 1e-12;
        }""",
        arg=[FORM, want],
    )
    assert page.locator(f"{FORM}[data-live]").count() == 1
    assert value(page, "oversold_orders") != before
    assert value(page, "smallest_buffer") == expected["outputs"]["smallest_buffer"]
    assert page.inner_text(f'{FORM} [data-output="smallest_buffer"]') == expected["display"]["smallest_buffer"]["value"]
    chart = page.locator(f'{FORM} [data-chart="curve"] svg[role="img"]')
    chart.wait_for()
    assert chart.locator("desc").text_content() in expected["display"]["curve"]["svg"]

    page.fill(f'{FORM} [name="daily_amazon"]', "0")
    page.fill(f'{FORM} [name="daily_yahoo"]', "")
    error = page.locator(f'{FORM} [data-error-for="daily_amazon"]')
    error.wait_for(state="visible")
    assert ERROR_WORDS[lang] in error.inner_text()
