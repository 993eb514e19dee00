"""End to end for the account_health page, in both languages: the fields start empty, the page shows what
``cancelrate.calculate`` gives, right at the lines (4 late of 100 misses "under 4%", 190 valid of 200 meets "at
least 95%"), a pair's missing half is a calm prompt and a part larger than its whole an error on the field.
Screenshots of the page at 375 px and 1280 px go to ``build/screenshots/`` for a person to read."""

from pathlib import Path

import pytest

from cancelrate import calculate

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="account_health"]'
PREFIX = {"ja": "", "en": "en/"}
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def open_page(page, site_server, lang):
    page.goto(site_server.base + PREFIX[lang] + "calculators/account-health/")
    page.wait_for_selector(f'{FORM}[data-calculator-status="ready"]')


def fill(page, inputs):
    for name, value in inputs.items():
        if name == "marketplace":
            page.select_option(f'{FORM} [name="marketplace"]', value)
        else:
            page.fill(f'{FORM} [name="{name}"]', str(value))


def wait_for(page, inputs, lang):
    """Wait until every output shows what ``calculate`` gives, then compare the texts."""
    expected = calculate("account_health", inputs, lang)
    assert expected["ok"], expected
    names = page.eval_on_selector_all(f"{FORM} [data-output]", "els => els.map(e => e.dataset.output)")
    wanted = {name: expected["outputs"].get(name) for name in names}
    page.wait_for_function(
        """([form, wanted]) => Object.entries(wanted).every(([name, value]) => {
            const el = document.querySelector(`${form} [data-output="${name}"]`);
            return el && el.dataset.value === JSON.stringify(value);
        })""",
        arg=[FORM, wanted],
    )
    for name in names:
        assert page.text_content(f'{FORM} [data-output="{name}"]') == expected["display"][name]["value"], name
        assert page.text_content(f'{FORM} [data-explain="{name}"]') == expected["display"][name]["explanation"]
    return expected


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_account_health_form_live(page, site_server, lang):
    open_page(page, site_server, lang)
    # an example is never an answer: the counts start empty, with their examples as placeholders
    for name in ("cancel_orders", "lsr_orders", "late_shipments", "vtr_shipments", "valid_tracking"):
        assert page.input_value(f'{FORM} [name="{name}"]') == ""
        assert page.get_attribute(f'{FORM} [name="{name}"]', "placeholder")
    assert page.locator(f'{FORM} [name="lsr_window"]:checked').count() == 0
    assert page.get_attribute(FORM, "data-example") is not None

    case = {"marketplace": "amazon_jp", "lsr_orders": "１００", "late_shipments": "4"}
    case |= {"vtr_shipments": "200", "valid_tracking": "190"}
    fill(page, case)
    out = wait_for(page, case, lang)["outputs"]
    assert out["late_shipment"]["meets_target"] is False
    assert out["valid_tracking"]["meets_target"] is True
    assert out["first"] == "late_shipment"
    summary = {"ja": "出荷遅延率: 基準を満たしていない", "en": "The late shipment rate: line missed"}[lang]
    assert page.text_content(f'{FORM} [data-output="first"]') == summary
    assert page.get_attribute(FORM, "data-example") is None

    # one half of a pair missing: a calm prompt on the empty field, not a red error
    page.fill(f'{FORM} [name="odr_orders"]', "1,234")
    slot = f'{FORM} [data-error-for="order_defects"]'
    page.wait_for_function("sel => document.querySelector(sel)?.textContent", arg=slot)
    assert page.get_attribute(slot, "data-prompt") == "true"
    assert page.get_attribute(f'{FORM} [name="order_defects"]', "aria-invalid") is None

    # more defects than orders: an error on the field, in the page's language
    page.fill(f'{FORM} [name="order_defects"]', "1235")
    result = calculate("account_health", {**case, "odr_orders": "1,234", "order_defects": "1235"}, lang)
    message = next(e["message"] for e in result["errors"] if e["field"] == "order_defects")
    page.wait_for_function("([sel, text]) => document.querySelector(sel)?.textContent === text", arg=[slot, message])
    assert page.get_attribute(f'{FORM} [name="order_defects"]', "aria-invalid") == "true"
    assert ("注文数" if lang == "ja" else "Orders, last 60 days") in message


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("width", [375, 1280])
def test_account_health_screenshots(page, site_server, lang, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, site_server, lang)
    case = {"marketplace": "amazon_jp", "cancel_orders": "120", "cancels": "1", "lsr_orders": "300"}
    case |= {"late_shipments": "13", "vtr_shipments": "200", "valid_tracking": "190", "odr_orders": "400"}
    case |= {"order_defects": "2"}
    fill(page, case)
    wait_for(page, case, lang)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"account-health-{lang}-{width}.png"), full_page=True)
    # nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("width", [375, 1280])
def test_account_health_notes_page_screenshots(page, site_server, lang, width):
    """The policy notes' "Account health" page: its tables fit the screen, and it links to the calculator."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_server.base + PREFIX[lang] + "policies/account-health/")
    assert page.locator('article a[href="../../calculators/account-health/"]').count() >= 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"account-health-notes-{lang}-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
