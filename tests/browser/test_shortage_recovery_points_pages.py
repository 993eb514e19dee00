"""End to end for the stock_shortage, recovery and rakuten_points pages: one page load per page and language.

Each test types into the form through the DOM contract and checks that the
page shows every output, sentence and table exactly as ``cancelrate.calculate``
on CPython gives them for the same inputs (the glue under test must not lose
or change anything), that the headline results are the right ones (literals,
worked out by hand), then one error.
"""

from datetime import date, timedelta

import pytest

from cancelrate import calculate
from cancelrate.windows import EDGE_DAYS

pytestmark = pytest.mark.browser

PAGES = {
    "stock_shortage": "calculators/stock-shortage/",
    "recovery": "calculators/recovery/",
    "rakuten_points": "calculators/rakuten-points/",
}
PREFIX = {"ja": "", "en": "en/"}


def form_of(calculator):
    return f'form[data-calculator="{calculator}"]'


def open_page(page, site_server, calculator, lang):
    page.goto(site_server.base + PREFIX[lang] + PAGES[calculator])
    page.wait_for_selector(f'{form_of(calculator)}[data-calculator-status="ready"]')


def type_inputs(page, calculator, inputs):
    form = form_of(calculator)
    for name, value in inputs.items():
        if name == "policy":
            page.select_option(f'{form} [name="policy"]', value)
        else:
            page.fill(f'{form} [name="{name}"]', str(value))


def check_against_python(page, calculator, inputs, lang):
    """Wait until the page shows what ``calculate`` gives for ``inputs``, then compare every text."""
    form = form_of(calculator)
    expected = calculate(calculator, inputs, lang)
    assert expected["ok"], expected
    names = page.eval_on_selector_all(f"{form} [data-output]", "els => els.map(e => e.dataset.output)")
    assert names
    wanted = {name: expected["outputs"].get(name) for name in names}
    # a calendar file's DTSTAMP is the second it was made (here or in the page): compared without it
    page.wait_for_function(
        """([form, wanted]) => Object.entries(wanted).every(([name, value]) => {
            const el = document.querySelector(`${form} [data-output="${name}"]`);
            const plain = (v) => JSON.stringify(v).replace(/DTSTAMP:\\d{8}T\\d{6}Z/g, "DTSTAMP");
            return el && plain(JSON.parse(el.dataset.value)) === plain(value);
        })""",
        arg=[form, wanted],
    )
    for name in names:
        shown = expected["display"][name]
        assert page.text_content(f'{form} [data-output="{name}"]') == shown["value"], name
        assert page.text_content(f'{form} [data-explain="{name}"]') == shown["explanation"], name
        assert shown["explanation"] or name == "next", name  # next steps are links, without a sentence
        if "table" in shown:
            rows = page.eval_on_selector_all(
                f'{form} [data-table="{name}"] tbody tr',
                "trs => trs.map(tr => [...tr.cells].map(td => td.textContent))",
            )
            assert rows == shown["table"]["rows"]
    return expected


def shown(page, calculator, name):
    return page.text_content(f'{form_of(calculator)} [data-output="{name}"]')


def check_error(page, calculator, inputs, lang, field, code):
    form = form_of(calculator)
    type_inputs(page, calculator, inputs)
    result = calculate(calculator, inputs, lang)
    error = next(e for e in result["errors"] if e["code"] == code)
    slot = page.locator(f'{form} [data-error-for="{field}"]')
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel)?.textContent === text",
        arg=[f'{form} [data-error-for="{field}"]', error["message"]],
    )
    assert slot.is_visible()
    assert page.get_attribute(f'{form} [name="{field}"]', "aria-invalid") == "true"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_stock_shortage_page(page, site_server, lang):
    calc = "stock_shortage"
    open_page(page, site_server, calc, lang)
    case = {"policy": "amazon_jp", "ordered_qty": "2", "in_stock": "1", "orders": "0", "seller_cancels": "0"}
    type_inputs(page, calc, case)  # the case study's numbers, typed (the fields start empty)
    out = check_against_python(page, calc, case, lang)["outputs"]
    assert out["recommended"] == "partial_ship_refund"
    recommended = {
        "ja": "在庫分を出荷して出荷通知、残りを返金",
        "en": "Ship what you have, confirm shipment, refund the rest",
    }
    assert shown(page, calc, "recommended") == recommended[lang]

    units = {"policy": "amazon_jp_sfp", "ordered_qty": "３", "in_stock": "0", "orders": "1,000", "seller_cancels": "2"}
    type_inputs(page, calc, units)
    out = check_against_python(page, calc, units, lang)["outputs"]
    assert [o["id"] for o in out["options"]] == ["cancel_order", "buyer_requested_cancel", "wait_ship_late"]

    check_error(page, calc, {**units, "in_stock": "3"}, lang, "in_stock", "no_shortage")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_recovery_page(page, site_server, lang):
    calc = "recovery"
    open_page(page, site_server, calc, lang)
    inputs = {
        "policy": "amazon_jp",
        "orders": "30",
        "seller_cancels": "2",
        "daily_orders": "５",
        "cancel_dates": "2026/11/24\n２０２６-１１-２６",  # a textarea keeps the line break
        "today": "2026-11-28",
    }
    type_inputs(page, calc, inputs)
    out = check_against_python(page, calc, inputs, lang)["outputs"]
    assert [row["leaves_window"] for row in out["cancel_leaves_window"]] == [
        "2026-12-02",
        "2026-12-04",
    ]  # 7 days on, on the later side
    # 2 / (30 + n) under 2.5% needs 30 + n > 80: 51 more orders, 11 days at 5 a day
    assert shown(page, calc, "orders_to_recover") == {"ja": "51 件", "en": "51 orders"}[lang]
    assert shown(page, calc, "days_to_recover_by_volume") == {"ja": "11 日", "en": "11 days"}[lang]
    assert (
        shown(page, calc, "back_under_target_date") == {"ja": "2026年12月4日ごろ", "en": "around 4 December 2026"}[lang]
    )

    check_error(page, calc, {**inputs, "cancel_dates": "2026-11-31"}, lang, "cancel_dates", "bad_date")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_rakuten_points_page(page, site_server, lang):
    calc = "rakuten_points"
    open_page(page, site_server, calc, lang)
    inputs = {"store_cancels_this_year": "4", "other_points": "", "today": "2026-11-28"}
    type_inputs(page, calc, inputs)
    out = check_against_python(page, calc, inputs, lang)["outputs"]
    assert out["reset_date"] == "2027-01-01" and out["level"] is not None
    # 4 × 15 = 60 points: level II (55 to 74), the next level at 75 is one cancellation away
    assert shown(page, calc, "points") == {"ja": "60 点", "en": "60 points"}[lang]
    assert shown(page, calc, "level") == {"ja": "レベル II", "en": "Level II"}[lang]
    assert shown(page, calc, "fee_yen") == {"ja": "400,000 円", "en": "¥400,000"}[lang]

    check_error(page, calc, {**inputs, "today": "28/11/2026"}, lang, "today", "bad_date")


# --- example dates follow today in the browser ------------------------------------------------------

LOCAL_TODAY = "() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; }"


def browser_today(page):
    return date(*page.evaluate(LOCAL_TODAY))


def wait_live(page, calculator):
    page.wait_for_selector(f'{form_of(calculator)}[data-live="true"]')


def test_recovery_example_is_worked_out_for_today_in_the_browser(page, site_server):
    """The page as built names its fixed example date; in the browser the order dates start empty, today's date
    is the browser's, and "fill in the example" puts the example's order date (3 days ago) in."""
    calc = "recovery"
    built = page.request.get(site_server.base + PAGES[calc]).text()
    assert 'name="today"' in built and 'data-example-days-ago="0" data-today="true"' in built
    assert "2026年11月28日を今日として" in built  # the labelled example result
    open_page(page, site_server, calc, "ja")
    wait_live(page, calc)
    today = browser_today(page)
    form = form_of(calc)
    assert page.input_value(f'{form} [name="today"]') == today.isoformat()
    assert page.input_value(f'{form} [name="cancel_dates"]') == ""
    page.click(f"{form} [data-fill-example]")
    ordered = today - timedelta(days=3)
    assert page.input_value(f'{form} [name="cancel_dates"]') == ordered.isoformat()
    inputs = {"policy": "amazon_jp", "orders": "1", "seller_cancels": "1", "daily_orders": "2"}
    inputs |= {"cancel_dates": ordered.isoformat(), "today": today.isoformat()}
    out = check_against_python(page, calc, inputs, "ja")["outputs"]
    assert out["today"] == today.isoformat()
    assert out["back_under_target_date"] == (ordered + timedelta(days=7 + EDGE_DAYS)).isoformat()
    named = f"{today.year}年{today.month}月{today.day}日を今日として"
    assert named in page.text_content(f'{form} [data-explain="back_under_target_date"]')


def test_rakuten_points_takes_today_unless_the_seller_typed_a_date(page, site_server):
    calc = "rakuten_points"
    open_page(page, site_server, calc, "en")
    wait_live(page, calc)
    today = browser_today(page)
    form = form_of(calc)
    assert page.input_value(f'{form} [name="today"]') == today.isoformat()
    page.fill(f'{form} [name="store_cancels_this_year"]', "2")
    inputs = {"store_cancels_this_year": "2", "other_points": "", "today": today.isoformat()}
    out = check_against_python(page, calc, inputs, "en")["outputs"]
    assert out["reset_date"] == f"{today.year + 1}-01-01"
    assert f"The next reset after {today.day} " in page.text_content(f'{form} [data-explain="reset_date"]')

    # A date typed before Python is ready is the seller's: it stays.
    page.goto(site_server.base + "en/" + PAGES[calc])
    status = page.get_attribute(form, "data-calculator-status")
    page.fill(f'{form} [name="today"]', "2026-06-30")
    page.fill(f'{form} [name="store_cancels_this_year"]', "2")
    wait_live(page, calc)
    assert status == "loading", "Python was ready before the test could type: nothing was checked"
    assert page.input_value(f'{form} [name="today"]') == "2026-06-30"
    check_against_python(page, calc, {**inputs, "today": "2026-06-30"}, "en")
