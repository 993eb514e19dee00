"""End to end: the breach_risk calculator computes in the browser and draws its chart."""

import json

import pytest

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="breach_risk"]'


def value(page, name):
    return json.loads(page.get_attribute(f'{FORM} [data-output="{name}"]', "data-value"))


def test_breach_risk_updates_value_and_chart(page, site_server):
    page.goto(site_server.base + "en/calculators/breach-risk/")
    page.wait_for_selector(f'{FORM}[data-calculator-status="ready"]')
    page.fill(f'{FORM} [name="daily_orders"]', "1,000")
    page.wait_for_function(
        "form => document.querySelector(`${form} [data-output=\"expected_orders\"]`)?.dataset.value === '7000'",
        arg=FORM,
    )
    assert 0 <= value(page, "breach_probability") <= 1
    assert len(value(page, "curve")) > 10
    chart = page.locator(f'{FORM} [data-chart="curve"] svg[role="img"]')
    chart.wait_for()
    assert "1,000" in chart.locator("desc").text_content()  # redrawn for the new input
    assert "log scale" in page.inner_text(f'{FORM} [data-explain="curve"]')

    page.select_option(f'{FORM} [name="policy"]', "yahoo_shopping")
    error = page.locator(f'{FORM} [data-error-for="target_percent"]')
    error.wait_for(state="visible")
    assert "no published target" in error.inner_text()
