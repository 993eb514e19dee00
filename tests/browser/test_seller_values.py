"""End to end: what the seller sees is computed from what the seller entered, never from an example.

At 390 px (a phone) and 1280 px (a desktop), in both languages, on the real site and the real Pyodide. The
oracle for every number is ``cancelrate.calculate`` run here on the values the test typed.
"""

from __future__ import annotations

import json
import time
from datetime import date, timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest

import cancelrate

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
PREFIX = {"ja": "", "en": "en/"}


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized(request, page):
    page.set_viewport_size({"width": request.param, "height": 844})
    return page


def form(calculator: str) -> str:
    return f'form[data-calculator="{calculator}"]'


def open_page(page, site_server, lang: str, path: str, calculator: str, fragment: str = "") -> str:
    page.goto(f"{site_server.base}{PREFIX[lang]}{path}{fragment}")
    sel = form(calculator)
    page.wait_for_selector(f'{sel}[data-calculator-status="ready"]')
    return sel


def output(page, sel: str, name: str):
    return json.loads(page.get_attribute(f'{sel} [data-output="{name}"]', "data-value"))


def wait_output(page, sel: str, name: str, expected, timeout: float = 60) -> None:
    """Until the output's JSON value equals ``expected`` (compared in Python: 1 == 1.0)."""
    deadline = time.monotonic() + timeout
    while output(page, sel, name) != expected:
        assert time.monotonic() < deadline, f"{name}: {output(page, sel, name)!r} != {expected!r}"
        page.wait_for_timeout(100)


def field_values(page, sel: str) -> dict[str, str]:
    return page.eval_on_selector(
        sel,
        "f => Object.fromEntries([...f.elements].filter((e) => e.name && e.type !== 'checkbox').map((e) => [e.name, e.value]))",
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_untouched_field_never_feeds_a_result(sized, site_server, lang):
    page = sized
    sel = open_page(page, site_server, lang, "calculators/rate-check/", "rate_check")
    values = field_values(page, sel)
    # fields empty on arrival, the example only as a placeholder; the policy: Amazon.co.jp in Japanese only
    assert values == {
        "policy": "amazon_jp" if lang == "ja" else "",
        "orders": "",
        "seller_cancels": "",
        "target_percent": "",
    }
    assert page.get_attribute(f'{sel} [name="orders"]', "placeholder") == ("例: 1" if lang == "ja" else "e.g. 1")
    # the example result is there, named as the example
    assert page.get_attribute(sel, "data-example") == "true"
    assert page.locator(f"{sel} [data-example-note]").is_visible()
    assert output(page, sel, "rate") == 1.0

    page.fill(f'{sel} [name="orders"]', "25")
    # the example is gone at once; the empty field is a calm prompt, not an error, and no result is shown
    page.wait_for_selector(f'{sel} [data-error-for="seller_cancels"][data-prompt]')
    assert not page.locator(f"{sel} [data-example-note]").is_visible()
    assert output(page, sel, "rate") is None
    assert page.get_attribute(f'{sel} [name="seller_cancels"]', "aria-invalid") is None
    if lang == "en":  # the English site never decides the marketplace for the reader
        assert page.locator(f'{sel} [data-error-for="policy"][data-prompt]').is_visible()
        page.select_option(f'{sel} [name="policy"]', "amazon_jp")

    page.fill(f'{sel} [name="seller_cancels"]', "1")
    wait_output(page, sel, "rate", 0.04)
    assert output(page, sel, "meets_target") is False
    # the main result is on screen without scrolling: the summary bar at the bottom of the viewport
    bar = page.locator(f"{sel} [data-summary-result]")
    bar.wait_for(state="visible")
    box = bar.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844
    expected = cancelrate.calculate("rate_check", {"policy": "amazon_jp", "orders": "25", "seller_cancels": "1"}, lang)
    assert expected["display"]["rate"]["value"] in bar.inner_text()
    # the result says first when it ends by itself, and links to the recovery calculator with these numbers
    assert page.inner_text(f'{sel} [data-output="ends_by_itself"]') == expected["display"]["ends_by_itself"]["value"]
    link = page.locator(f'{sel} [data-links="next"] a').first
    href = link.get_attribute("href")
    assert f"/cancel-rate-handbook/{PREFIX[lang]}calculators/recovery/" in href
    assert dict(parse_qsl(urlsplit(href).fragment)) == {
        "calc": "recovery",
        "policy": "amazon_jp",
        "orders": "25",
        "seller_cancels": "1",
    }
    link.click()
    rec = form("recovery")
    page.wait_for_selector(f'{rec}[data-calculator-status="ready"]')
    got = field_values(page, rec)
    assert (got["policy"], got["orders"], got["seller_cancels"]) == ("amazon_jp", "25", "1")
    assert got["today"] == date.today().isoformat()  # a field that means today starts at today
    assert got["daily_orders"] == "" and got["cancel_dates"] == ""
    # no example result for the linked values: the form waits for the one missing number
    page.wait_for_selector(f'{rec} [data-error-for="daily_orders"][data-prompt]')
    assert page.get_attribute(rec, "data-example") is None


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_nothing_is_pre_ticked_and_an_empty_channel_is_none(sized, site_server, lang):
    page = sized
    sel = open_page(page, site_server, lang, "calculators/plan-of-action/", "plan_of_action")
    assert page.locator(f"{sel} input[type=checkbox]:checked").count() == 0
    values = field_values(page, sel)
    assert values.pop("today") == date.today().isoformat()  # a field that means today starts at today
    assert {k: v for k, v in values.items() if k != "policy"} == dict.fromkeys([k for k in values if k != "policy"], "")
    # a cause's reason appears once the cause is ticked
    reason = page.locator(f'{sel} [data-shown-with="causes=multi_unit"]')
    assert reason.is_hidden()
    page.check(f'{sel} input[name="causes"][value="multi_unit"]')
    reason.wait_for(state="visible")

    sel = open_page(page, site_server, lang, "calculators/oversell-risk/", "oversell_risk")
    typed = {"stock": "3", "daily_amazon": "3", "daily_yahoo": "1", "sync_minutes": "30", "total_daily_orders": "5"}
    if lang == "en":
        page.select_option(f'{sel} [name="policy"]', "amazon_jp")
    for name, text in typed.items():
        page.fill(f'{sel} [name="{name}"]', text)
    expected = cancelrate.calculate("oversell_risk", {**typed, "policy": "amazon_jp"}, lang)
    assert expected["ok"], expected
    wait_output(page, sel, "any_oversell_probability", expected["outputs"]["any_oversell_probability"])
    assert page.input_value(f'{sel} [name="daily_rakuten"]') == ""
    # the model with the example's 楽天 order a day would say far more
    with_rakuten = cancelrate.calculate("oversell_risk", {**typed, "policy": "amazon_jp", "daily_rakuten": "1"}, lang)
    assert with_rakuten["outputs"]["any_oversell_probability"] != expected["outputs"]["any_oversell_probability"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_fill_in_the_example_computes_the_example(page, site_server, lang):
    sel = open_page(page, site_server, lang, "calculators/plan-of-action/", "plan_of_action")
    page.click(f"{sel} [data-fill-example]")
    assert page.locator(f'{sel} input[name="causes"][value="multi_unit"]').is_checked()
    start = page.input_value(f'{sel} [name="period_start"]')
    assert start == (date.today() - timedelta(days=6)).isoformat()
    page.wait_for_function(f"document.querySelector('{sel}').dataset.live === 'true'")
    wait_output(page, sel, "rate", 1.0)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_link_shows_its_own_values_while_python_starts(page, site_server, lang):
    page.goto(
        f"{site_server.base}{PREFIX[lang]}calculators/rate-check/#calc=rate_check&policy=amazon_us&orders=25&seller_cancels=1",
        wait_until="domcontentloaded",
    )
    sel = form("rate_check")
    page.wait_for_function(f"document.querySelector('{sel}')?.dataset.calculatorStatus !== 'static'")
    state = page.eval_on_selector(
        sel,
        """f => ({status: f.dataset.calculatorStatus, example: f.dataset.example ?? null,
                 pending: !f.querySelector('[data-pending]').hidden, orders: f.elements.orders.value,
                 policy: f.elements.policy.value, rate: f.querySelector('[data-output=rate]').dataset.value})""",
    )
    assert (state["orders"], state["policy"], state["example"]) == ("25", "amazon_us", None)
    assert state["rate"] in ("null", "0.04")  # never the example's 100%
    if state["status"] != "ready":
        assert state["pending"]
    wait_output(page, sel, "rate", 0.04)
    assert not page.locator(f"{sel} [data-pending]").is_visible()


def test_the_busy_state_clears_under_fast_typing(page, site_server):
    sel = open_page(page, site_server, "ja", "calculators/oversell-risk/", "oversell_risk")
    for name, text in {"stock": "3", "daily_yahoo": "1", "sync_minutes": "30", "total_daily_orders": "5"}.items():
        page.fill(f'{sel} [name="{name}"]', text)
    box = page.locator(f'{sel} [name="daily_amazon"]')
    box.click()
    for _ in range(3):
        box.press_sequentially("12345", delay=0)
        for _ in range(5):
            box.press("Backspace", delay=0)
    box.press_sequentially("3", delay=0)
    expected = cancelrate.calculate(
        "oversell_risk",
        {
            "stock": "3",
            "daily_amazon": "3",
            "daily_yahoo": "1",
            "sync_minutes": "30",
            "total_daily_orders": "5",
            "policy": "amazon_jp",
        },
        "ja",
    )
    wait_output(page, sel, "any_oversell_probability", expected["outputs"]["any_oversell_probability"])
    page.wait_for_timeout(600)  # longer than the busy delay: a stray timer would have fired by now
    assert page.get_attribute(sel, "data-busy") is None
    assert page.get_attribute(sel, "data-stale") is None
    assert page.inner_text(f"{sel} [data-status]") == page.get_attribute(sel, "data-text-ready")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_month_day_dates_and_the_date_picker(sized, site_server, lang):
    page = sized
    sel = open_page(page, site_server, lang, "calculators/recovery/", "recovery")
    today = date.today()
    if lang == "en":
        page.select_option(f'{sel} [name="policy"]', "amazon_jp")
    for name, text in {"orders": "25", "seller_cancels": "2", "daily_orders": "2"}.items():
        page.fill(f'{sel} [name="{name}"]', text)
    one = today - timedelta(days=1)
    page.fill(f'{sel} [name="cancel_dates"]', f"{one.month}/{one.day}")
    # the picker: a button beside the field opens the device's date input, whose date goes on a new line
    assert page.locator(f'{sel} [data-pick="dates"]').is_visible()
    two = today - timedelta(days=2)
    page.eval_on_selector(
        f'{sel} input[type=date][data-date-for="cancel_dates"]',
        "(e, v) => { e.value = v; e.dispatchEvent(new Event('change', {bubbles: true})); }",
        two.isoformat(),
    )
    assert page.input_value(f'{sel} [name="cancel_dates"]') == f"{one.month}/{one.day}\n{two.isoformat()}"
    inputs = {
        "policy": "amazon_jp",
        "orders": "25",
        "seller_cancels": "2",
        "daily_orders": "2",
        "cancel_dates": f"{one.isoformat()} {two.isoformat()}",
        "today": today.isoformat(),
    }
    expected = cancelrate.calculate("recovery", inputs, lang)
    assert expected["ok"], expected
    wait_output(page, sel, "back_under_target_date", expected["outputs"]["back_under_target_date"])
    assert (
        page.inner_text(f'{sel} [data-output="back_under_target_date"]')
        == expected["display"]["back_under_target_date"]["value"]
    )


def test_a_chosen_policy_is_kept_and_a_file_prompt_waits(page, site_server):
    sel = open_page(page, site_server, "en", "calculators/rate-check/", "rate_check")
    page.select_option(f'{sel} [name="policy"]', "amazon_us")
    sel = open_page(page, site_server, "en", "calculators/order-report/", "order_report")
    assert page.input_value(f'{sel} [name="policy"]') == "amazon_us"
    page.select_option(f'{sel} [name="policy"]', "amazon_jp")
    page.wait_for_function(f"document.querySelector('{sel}').dataset.live === 'true'")
    # only the policy changed: no "choose a file" yet
    assert page.inner_text(f'{sel} [data-error-for="report"]') == ""


def test_a_report_hands_its_orders_to_the_plan_in_this_tab_only(page, site_server):
    sel = open_page(page, site_server, "en", "calculators/order-report/", "order_report")
    page.select_option(f'{sel} [name="policy"]', "amazon_jp")
    head = "amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\tship-service-level\tproduct-name\titem-status\tquantity\n"
    rows = "".join(
        f"A-{i}\t2026-12-0{1 + i % 6}T01:00:00+00:00\t{'Cancelled' if i in (3, 7) else 'Shipped'}\tMerchant\tStandard\tx\t"
        f"{'Cancelled' if i in (3, 7) else 'Shipped'}\t1\n"
        for i in range(10)
    )
    page.set_input_files(
        f'{sel} input[name="report"]',
        files=[{"name": "o.txt", "mimeType": "text/plain", "buffer": (head + rows).encode()}],
    )
    wait_output(page, sel, "seller_cancels", 2)
    link = page.locator(f'{sel} [data-links="next"] a').first
    href = link.get_attribute("href")
    assert "calculators/plan-of-action/#calc=plan_of_action&" in href and "A-" not in href
    link.click()
    plan = form("plan_of_action")
    page.wait_for_selector(f'{plan}[data-calculator-status="ready"]')
    got = field_values(page, plan)
    assert (got["period_start"], got["period_end"], got["orders"], got["seller_cancels"]) == (
        "2026-11-30",
        "2026-12-06",
        "10",
        "2",
    )
    assert got["cancelled_orders"] == "A-7 2026-12-02\nA-3 2026-12-04"
    assert "A-" not in page.url
    assert page.evaluate("sessionStorage.length") == 0  # read once, then gone
