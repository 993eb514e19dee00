"""End to end: a multi-choice field whose options come from the previous result (the order report's shipping services)."""

import json

import pytest

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="order_report"]'
BOXES = f'{FORM} fieldset[data-multiple="service_levels"] input[type="checkbox"]'
HEADER = "amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\tship-service-level\tproduct-name\titem-status\tquantity"


def report(services: dict[str, int]) -> bytes:
    rows, n = [], 0
    for service, count in services.items():
        for _ in range(count):
            n += 1
            status = "Cancelled" if n == 1 else "Shipped"
            rows.append(f"O-{n}\t2026-05-01T01:00:00+00:00\t{status}\tMerchant\t{service}\t商品\t{status}\t1")
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def value(page, name):
    return json.loads(page.get_attribute(f'{FORM} [data-output="{name}"]', "data-value"))


def choose_file(page, data):
    page.set_input_files(
        f'{FORM} input[name="report"]', files=[{"name": "orders.txt", "mimeType": "text/plain", "buffer": data}]
    )


def test_shipping_services_from_the_file_become_checkboxes_that_keep_their_ticks(page, site_server):
    page.goto(site_server.base + "en/calculators/order-report/")
    page.wait_for_selector(f'{FORM}[data-calculator-status="ready"]')
    fieldset = page.locator(f'{FORM} fieldset[data-multiple="service_levels"]')
    assert fieldset.get_attribute("data-options-from") == "service_level_options"
    assert fieldset.locator("legend").inner_text() == "Shipping services to count (optional)"
    assert page.locator(BOXES).count() == 0  # no file yet: no options

    page.select_option(f'{FORM} select[name="policy"]', "amazon_jp_premium_shipping")
    choose_file(page, report({"Expedited": 2, "Standard": 3}))
    page.wait_for_function("(sel) => document.querySelectorAll(sel).length === 2", arg=BOXES)
    labels = page.locator(f'{FORM} fieldset[data-multiple="service_levels"] label').all_inner_texts()
    assert [label.strip() for label in labels] == ["Standard (3 orders)", "Expedited (2 orders)"]
    assert value(page, "orders") == 5 and value(page, "services_counted") is None
    assert "approximation" in page.inner_text(f'{FORM} [data-explain="services_counted"]')

    # ticking a box sends the list; only those orders are counted and the tick stays
    page.check(f'{BOXES}[value="Expedited"]')
    page.wait_for_function(
        "(f) => document.querySelector(f + ' [data-output=\"orders\"]').dataset.value === '2'", arg=FORM
    )
    assert value(page, "services_counted") == ["Expedited"]
    assert page.is_checked(f'{BOXES}[value="Expedited"]')

    # another input recalculates with the same ticks
    page.fill(f'{FORM} input[name="target_percent"]', "60")
    page.wait_for_function(
        "(f) => document.querySelector(f + ' [data-output=\"breach_dates\"]').dataset.value === '[]'", arg=FORM
    )
    assert value(page, "orders") == 2 and page.is_checked(f'{BOXES}[value="Expedited"]')

    # a new file re-renders the options from its own values, keeping the ticks that still exist
    choose_file(page, report({"Expedited": 4, "NextDay": 1}))
    page.wait_for_function("(sel) => document.querySelector(sel + '[value=\"NextDay\"]') !== null", arg=BOXES)
    values = page.eval_on_selector_all(BOXES, "boxes => boxes.map(b => [b.value, b.checked])")
    assert values == [["Expedited", True], ["NextDay", False]]
    page.wait_for_function(
        "(f) => document.querySelector(f + ' [data-output=\"orders\"]').dataset.value === '4'", arg=FORM
    )

    # an error elsewhere leaves the boxes as they are
    page.fill(f'{FORM} input[name="target_percent"]', "abc")
    page.wait_for_selector(f'{FORM} [data-error-for="target_percent"]:not(:empty)')
    assert page.locator(BOXES).count() == 2 and page.is_checked(f'{BOXES}[value="Expedited"]')
