"""End to end: the breach_risk calculator computes in the browser, in both languages, and draws its chart."""

import json

import pytest

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="breach_risk"]'
ERROR_WORDS = {"ja": "基準値は見つかっていません(未確認)", "en": "No published target has been found"}
# 1,000 orders a day, 2% cancelled, a 7-day window under 2.5%: P(cancels ≥ 2.5% of orders) with
# orders ~ Poisson(7000) and cancels ~ Binomial(orders, 0.02) (tests/unit/test_breach_risk.py
# checks the model against its own independent sums; here the page must show the same number)
BREACH_PROBABILITY = 0.0019369641627270844


def value(page, name):
    return json.loads(page.get_attribute(f'{FORM} [data-output="{name}"]', "data-value"))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_breach_risk_updates_value_and_chart(page, site_server, lang):
    prefix = "en/" if lang == "en" else ""
    page.goto(site_server.base + prefix + "calculators/breach-risk/")
    page.wait_for_selector(f'{FORM}[data-calculator-status="ready"]')
    if lang == "en":  # the English site starts without a marketplace
        page.select_option(f'{FORM} [name="policy"]', "amazon_jp")
    page.fill(f'{FORM} [name="daily_orders"]', "1,000")
    page.fill(f'{FORM} [name="cancel_percent"]', "２")
    page.wait_for_function(
        """([form, want]) => {
            const got = JSON.parse(document.querySelector(`${form} [data-output="breach_probability"]`).dataset.value);
            return got !== null && Math.abs(got - want) < 1e-12;
        }""",
        arg=[FORM, BREACH_PROBABILITY],
    )
    assert value(page, "expected_orders") == 7000
    assert value(page, "breach_probability") == pytest.approx(BREACH_PROBABILITY, abs=1e-12)
    assert page.inner_text(f'{FORM} [data-output="breach_probability"]') == "0.19%"
    assert len(value(page, "curve")) > 10
    chart = page.locator(f'{FORM} [data-chart="curve"] svg[role="img"]')
    chart.wait_for()
    assert "1,000" in chart.locator("desc").text_content()  # redrawn for the new input

    page.select_option(f'{FORM} [name="policy"]', "yahoo_shopping")
    error = page.locator(f'{FORM} [data-error-for="target_percent"]')
    error.wait_for(state="visible")
    assert ERROR_WORDS[lang] in error.inner_text()
