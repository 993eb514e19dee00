"""End to end: the breach_risk calculator computes in the browser, in both languages, and draws its chart."""

import json

import pytest

from cancelrate import calculate

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="breach_risk"]'
ERROR_WORDS = {"ja": "目標値がありません", "en": "no published target"}


def value(page, name):
    return json.loads(page.get_attribute(f'{FORM} [data-output="{name}"]', "data-value"))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_breach_risk_updates_value_and_chart(page, site_server, lang):
    prefix = "en/" if lang == "en" else ""
    page.goto(site_server.base + prefix + "calculators/breach-risk/")
    page.wait_for_selector(f'{FORM}[data-calculator-status="ready"]')
    page.fill(f'{FORM} [name="daily_orders"]', "1,000")
    page.fill(f'{FORM} [name="cancel_percent"]', "２")
    expected = calculate("breach_risk", {"policy": "amazon_jp", "daily_orders": "1,000", "cancel_percent": "２"}, lang)
    page.wait_for_function(
        """([form, want]) => {
            const got = JSON.parse(document.querySelector(`${form} [data-output="breach_probability"]`).dataset.value);
            return got !== null && Math.abs(got - want) < 1e-12;
        }""",
        arg=[FORM, expected["outputs"]["breach_probability"]],
    )
    assert value(page, "expected_orders") == 7000
    assert value(page, "breach_probability") == pytest.approx(expected["outputs"]["breach_probability"], abs=1e-12)
    assert (
        page.inner_text(f'{FORM} [data-output="breach_probability"]')
        == expected["display"]["breach_probability"]["value"]
    )
    assert len(value(page, "curve")) > 10
    chart = page.locator(f'{FORM} [data-chart="curve"] svg[role="img"]')
    chart.wait_for()
    assert "1,000" in chart.locator("desc").text_content()  # redrawn for the new input

    page.select_option(f'{FORM} [name="policy"]', "yahoo_shopping")
    error = page.locator(f'{FORM} [data-error-for="target_percent"]')
    error.wait_for(state="visible")
    assert ERROR_WORDS[lang] in error.inner_text()
