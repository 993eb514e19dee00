"""End to end: the built site under a sub-path, the real Pyodide, headless Chromium."""

import json

import pytest

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="rate_check"]'


def value(page, name):
    return json.loads(page.get_attribute(f'{FORM} [data-output="{name}"]', "data-value"))


def wait_value(page, name, expected):
    page.wait_for_function(
        '([form, name, expected]) => document.querySelector(`${form} [data-output="${name}"]`)'
        "?.dataset.value === expected",
        arg=[FORM, name, json.dumps(expected)],
    )


def open_calculator(page, site_server, prefix=""):
    page.goto(site_server.base + prefix + "calculators/rate-check/")
    # Python is still starting when the page appears: the form says so.
    status = page.get_attribute(FORM, "data-calculator-status")
    assert status in ("loading", "ready")
    page.wait_for_selector(f'{FORM}[data-calculator-status="ready"]')


def test_japanese_page_computes_live_and_stays_on_the_site(page, site_server):
    open_calculator(page, site_server)
    page.fill(f'{FORM} [name="orders"]', "４０")
    page.fill(f'{FORM} [name="seller_cancels"]', "1")
    wait_value(page, "rate", 0.025)
    assert value(page, "meets_target") is False
    assert value(page, "orders_to_recover") == 1
    assert page.inner_text(f'{FORM} [data-output="meets_target"]') == "満たしていない"
    assert "1 ÷ 41" in page.inner_text(f'{FORM} [data-explain="orders_to_recover"]')

    page.fill(f'{FORM} [name="orders"]', "1,234")
    wait_value(page, "headroom", 29)
    assert value(page, "meets_target") is True

    # Enter does not reload the page.
    page.evaluate("window.__marker = 1")
    page.press(f'{FORM} [name="orders"]', "Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__marker") == 1

    outside = [url for url in page.requests if not url.startswith(site_server.origin + "/cancel-rate-handbook/")]
    assert outside == []
    assert any("/runtime/pyodide-" in url and url.endswith("/pyodide.asm.wasm") for url in page.requests)


def test_english_page_shows_errors_in_english(page, site_server):
    open_calculator(page, site_server, "en/")
    page.select_option(f'{FORM} [name="policy"]', "amazon_jp")
    page.fill(f'{FORM} [name="orders"]', "12")
    page.fill(f'{FORM} [name="seller_cancels"]', "1")
    wait_value(page, "rate", 1 / 12)
    assert page.inner_text(f'{FORM} [data-output="rate"]') == "8.33%"

    page.fill(f'{FORM} [name="orders"]', "abc")
    error = page.locator(f'{FORM} [data-error-for="orders"]')
    error.wait_for(state="visible")
    assert "must be a number" in error.inner_text()
    assert page.get_attribute(f'{FORM} [name="orders"]', "aria-invalid") == "true"
    assert value(page, "rate") is None  # never a stale number next to an error

    page.fill(f'{FORM} [name="orders"]', "3")
    page.fill(f'{FORM} [name="seller_cancels"]', "5")
    page.locator(f'{FORM} [data-error-for="seller_cancels"]').wait_for(state="visible")
    assert "more cancellations than orders" in page.inner_text(f'{FORM} [data-error-for="seller_cancels"]')

    # no published target (Yahoo! Shopping): the rate without a verdict, then the seller's own target decides
    page.select_option(f'{FORM} [name="policy"]', "yahoo_shopping")
    page.fill(f'{FORM} [name="seller_cancels"]', "1")
    wait_value(page, "rate", 1 / 3)
    assert value(page, "meets_target") is None
    assert "No published target has been found" in page.inner_text(f'{FORM} [data-explain="meets_target"]')
    page.fill(f'{FORM} [name="target_percent"]', "50")
    wait_value(page, "meets_target", True)


def test_labels_and_errors_are_tied_to_fields(page, site_server):
    page.goto(site_server.base + "en/calculators/rate-check/")
    field = page.get_by_label("Orders in the window")
    described = field.get_attribute("aria-describedby").split()
    error_id = next(i for i in described if i.endswith("-error"))
    assert page.get_attribute(f"#{error_id}", "data-error-for") == "orders"


def test_failed_start_is_said_plainly(page, site_server):
    site_server.blocked.add("/pyodide.asm.wasm")
    try:
        page.goto(site_server.base + "en/calculators/rate-check/")
        page.wait_for_selector(f'{FORM}[data-calculator-status="error"]')
    finally:
        site_server.blocked.clear()
    assert "could not start" in page.inner_text(f"{FORM} [data-status]")
