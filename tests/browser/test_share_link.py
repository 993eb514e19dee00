"""End to end: calculators in the page's URL fragment (#calc=ID&name=value&…) and the "copy link" button."""

import json
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

RATE = 'form[data-calculator="rate_check"]'
LINK = "#calc=rate_check&policy=amazon_jp&orders=40&seller_cancels=1"


def output(page, form, name):
    element = page.locator(f'{form} [data-output="{name}"]')
    return element.inner_text().strip(), json.loads(element.get_attribute("data-value"))


def wait_live_value(page, form, name, expected):
    """Until Python in this page has answered and ``name``'s value is ``expected``."""
    page.wait_for_function(
        "([form, name, expected]) => { const f = document.querySelector(form);"
        ' return f.dataset.live && f.querySelector(`[data-output="${name}"]`).dataset.value === expected; }',
        arg=[form, name, json.dumps(expected)],
    )


def fields(page, form, *names):
    return [page.input_value(f'{form} [name="{name}"]') for name in names]


def watch_errors(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def clip_context(chromium):
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.set_default_timeout(60_000)
    yield context
    context.close()


def test_a_link_fills_the_form_computes_and_copies(chromium, clip_context, site_server):
    page = clip_context.new_page()
    errors = watch_errors(page)
    page.goto(site_server.base + "calculators/rate-check/" + LINK)
    # the example as built (1 order, 1 cancel) is shown until Python answers for the link's values
    wait_live_value(page, RATE, "rate", 0.025)
    assert fields(page, RATE, "policy", "orders", "seller_cancels", "target_percent") == ["amazon_jp", "40", "1", ""]
    assert output(page, RATE, "rate") == ("2.5%", 0.025)
    assert output(page, RATE, "meets_target") == ("満たしていない", False)
    assert output(page, RATE, "orders_to_recover") == ("1 件", 1)
    assert page.get_attribute(RATE, "data-stale") is None

    # typing rewrites the fragment in place: same history entry, exact format, values URL-encoded
    history = page.evaluate("history.length")
    page.fill(f'{RATE} [name="orders"]', "１,２３４")
    page.fill(f'{RATE} [name="target_percent"]', "2")
    wait_live_value(page, RATE, "headroom", 23)
    expected = "#calc=rate_check&policy=amazon_jp&orders=%EF%BC%91%2C%EF%BC%92%EF%BC%93%EF%BC%94&seller_cancels=1&target_percent=2"
    assert expected.split("orders=")[1].startswith(quote("１,２３４", safe=""))
    page.wait_for_function("(hash) => location.hash === hash", arg=expected)
    assert page.evaluate("history.length") == history

    # "copy link" puts this page's URL with the fragment on the clipboard and says so
    button = page.locator(f"{RATE} [data-link-copy]")
    assert button.inner_text() == "この計算のリンクをコピー"
    assert "サーバーへ送られません" in page.inner_text(f"{RATE} .cr-calc__link-note")
    button.click()
    status = f"{RATE} [data-link-status]"
    page.wait_for_function(
        "(sel) => document.querySelector(sel).textContent === 'リンクをコピーしました。'", arg=status
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == site_server.base + "calculators/rate-check/" + expected
    assert page.is_hidden(f"{RATE} [data-link-url]")
    headroom = output(page, RATE, "headroom")

    # the copied link, in a fresh browser context, gives the same results
    fresh = chromium.new_context()
    try:
        other = fresh.new_page()
        other.set_default_timeout(60_000)
        other_errors = watch_errors(other)
        other.goto(copied)
        wait_live_value(other, RATE, "headroom", 23)
        assert fields(other, RATE, "orders", "target_percent") == ["１,２３４", "2"]
        assert output(other, RATE, "headroom") == headroom == ("23 件", 23)
        assert other_errors == []
    finally:
        fresh.close()
    assert errors == []


def test_english_link_bad_values_and_foreign_fragments(page, site_server):
    errors = watch_errors(page)
    page.add_init_script("delete Navigator.prototype.clipboard")  # the fallback: the link, selected
    page.goto(site_server.base + "en/calculators/rate-check/" + LINK)
    wait_live_value(page, RATE, "rate", 0.025)
    assert output(page, RATE, "rate") == ("2.5%", 0.025)
    assert output(page, RATE, "meets_target") == ("Missed", False)
    assert output(page, RATE, "orders_to_recover") == ("1 order", 1)

    page.click(f"{RATE} [data-link-copy]")
    page.wait_for_selector(f"{RATE} [data-link-url]:visible")
    assert page.input_value(f"{RATE} [data-link-url] input") == page.url
    assert page.evaluate("document.activeElement.selectionEnd - document.activeElement.selectionStart") == len(page.url)
    assert "could not be copied" in page.inner_text(f"{RATE} [data-link-status]")

    # a link changed in the address bar (same page): bad values end in the field's usual error, in English
    error = f'{RATE} [data-error-for="orders"]'
    page.evaluate("location.hash = 'calc=rate_check&orders=abc&seller_cancels=1'")
    page.wait_for_function("(sel) => document.querySelector(sel).textContent !== ''", arg=error)
    assert page.inner_text(error) == "Orders in the window must be a number (for example 12 or 1,234)."
    assert output(page, RATE, "rate") == ("—", None)
    page.evaluate("location.hash = 'calc=rate_check&orders=-1'")
    page.wait_for_function("(sel) => document.querySelector(sel).textContent.includes('negative')", arg=error)
    assert page.inner_text(error) == "Orders in the window cannot be negative."

    # garbage and foreign fragments change nothing and break nothing
    for garbage in ("calc=%E0%A4%A&orders=%E0%A4%A", "calc=breach_risk&orders=5", "calc=&=&&%", "%E0%A4%A"):
        page.evaluate("(hash) => { location.hash = hash; }", garbage)
    page.wait_for_timeout(300)
    assert fields(page, RATE, "orders") == ["-1"]
    # a value longer than the field reads (200 characters for a number) stays out of the link
    page.fill(f'{RATE} [name="orders"]', "1" * 201)
    page.wait_for_function(
        "() => location.hash === '#calc=rate_check&policy=amazon_jp&seller_cancels=1&target_percent='"
    )
    page.fill(f'{RATE} [name="orders"]', "40")
    page.wait_for_function("(sel) => document.querySelector(sel).textContent === ''", arg=error)
    page.wait_for_function(
        "() => location.hash === '#calc=rate_check&policy=amazon_jp&orders=40&seller_cancels=1&target_percent='"
    )
    wait_live_value(page, RATE, "rate", 0.025)
    assert errors == []


def test_japanese_link_with_bad_values_shows_the_usual_errors(page, site_server):
    errors = watch_errors(page)
    bad = "#calc=rate_check&policy=no_such_policy&orders=abc&seller_cancels=%E0%A4%A&unknown=1"
    page.goto(site_server.base + "calculators/rate-check/" + bad)
    page.wait_for_selector(f"{RATE}[data-live]")
    # a policy this site does not have leaves the list without a choice (never another policy, silently)
    assert page.input_value(f'{RATE} [name="policy"]') == ""
    assert page.inner_text(f'{RATE} [data-error-for="policy"]') == "基準(マーケットプレイスと指標)を選んでください。"
    assert (
        page.inner_text(f'{RATE} [data-error-for="orders"]')
        == "期間内の注文数は数字で入力してください(例: 12 や 1,234)。"
    )
    assert page.get_attribute(f'{RATE} [name="orders"]', "aria-invalid") == "true"
    assert output(page, RATE, "rate") == ("—", None)
    assert errors == []


def test_several_calculators_on_a_page_and_heading_anchors(page, site_server):
    errors = watch_errors(page)
    shortage = 'form[data-calculator="stock_shortage"]'
    link = "#calc=stock_shortage&policy=amazon_jp&ordered_qty=3&in_stock=1&orders=10&seller_cancels=0&target_percent="
    page.goto(site_server.base + "case-study/" + link)
    page.wait_for_function(
        "(form) => { const out = document.querySelector(form + ' [data-output=\"options\"]');"
        " return document.querySelector(form).dataset.live && JSON.parse(out.dataset.value)[0].rate_after < 0.5; }",
        arg=shortage,
    )
    rates = {o["id"]: o["rate_after"] for o in output(page, shortage, "options")[1]}
    assert rates["cancel_order"] == pytest.approx(1 / 11)
    assert fields(page, shortage, "ordered_qty", "in_stock", "orders") == ["3", "1", "10"]
    # the named calculator is in view; the other one keeps the page's own example (1 order, 1 cancel)
    assert 0 <= page.eval_on_selector(shortage, "f => f.getBoundingClientRect().top") < 200
    assert fields(page, RATE, "orders", "seller_cancels") == ["1", "1"]
    # editing the other calculator: the fragment now names that one
    page.wait_for_selector(f"{RATE}[data-live]")
    page.fill(f'{RATE} [name="orders"]', "7")
    page.wait_for_function("() => location.hash.startsWith('#calc=rate_check&')")
    assert (
        page.evaluate("location.hash") == "#calc=rate_check&policy=amazon_jp&orders=7&seller_cancels=1&target_percent="
    )

    # a heading's anchor (not calc=) is the browser's and Material's, as before: the page opens at the heading
    page.goto(site_server.base + "en/case-study/#what-should-have-been-done")
    page.wait_for_function("() => scrollY > 0")
    top = page.eval_on_selector("#what-should-have-been-done", "h => h.getBoundingClientRect().top")
    assert 0 <= top < 150
    assert page.evaluate("location.hash") == "#what-should-have-been-done"
    assert errors == []


def test_a_multi_choice_field_round_trips(page, site_server):
    """order_report's shipping services (the one multi-choice field; its options come from the file)."""
    form = 'form[data-calculator="order_report"]'
    boxes = f'{form} fieldset[data-multiple="service_levels"] input[type="checkbox"]'
    errors = watch_errors(page)
    link = "#calc=order_report&policy=amazon_jp_premium_shipping&service_levels=Expedited&service_levels=Next%20Day"
    page.goto(site_server.base + "en/calculators/order-report/" + link)
    page.wait_for_selector(f"{form}[data-live]")
    # before a file, the link's ticks wait as boxes of their own; no error for the file not chosen yet
    assert page.eval_on_selector_all(boxes, "bs => bs.map(b => [b.value, b.checked])") == [
        ["Expedited", True],
        ["Next Day", True],
    ]
    assert page.inner_text(f'{form} [data-error-for="report"]') == ""
    header = "amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\tship-service-level\tproduct-name\titem-status\tquantity"
    services = ["Expedited", "Expedited", "Standard", "Standard", "Standard"]
    rows = [
        f"O-{n}\t2026-05-01T01:00:00+00:00\tShipped\tMerchant\t{s}\t商品\tShipped\t1" for n, s in enumerate(services)
    ]
    report = "\n".join([header, *rows]) + "\n"
    page.set_input_files(
        f'{form} input[name="report"]', files=[{"name": "o.txt", "mimeType": "text/plain", "buffer": report.encode()}]
    )
    # the file's options replace them, keeping the tick that exists in the file: only Expedited orders count
    wait_live_value(page, form, "orders", 2)
    assert page.eval_on_selector_all(boxes, "bs => bs.map(b => [b.value, b.checked])") == [
        ["Standard", False],
        ["Expedited", True],
    ]
    page.check(f'{boxes}[value="Standard"]')
    wait_live_value(page, form, "orders", 5)
    # what comes from the seller's file (its shipping services) is never written into a link, nor is the file
    expected = "#calc=order_report&policy=amazon_jp_premium_shipping&target_percent="
    page.wait_for_function("(hash) => location.hash === hash", arg=expected)
    assert "service_levels" not in page.url
    assert "&report=" not in page.url and "o.txt" not in page.url
    assert errors == []


def test_a_linked_date_is_not_replaced_by_today(page, site_server):
    """rakuten_points' "today" starts at the browser's date (data-today); a link's date is kept."""
    form = 'form[data-calculator="rakuten_points"]'
    page.goto(
        site_server.base + "calculators/rakuten-points/#calc=rakuten_points&store_cancels_this_year=3&today=2026-11-28"
    )
    # the field means today and starts at the browser's date, unless a link (or the seller) set it
    assert page.eval_on_selector(f'{form} [name="today"]', "field => field.defaultValue") == ""
    wait_live_value(page, form, "points", 45)
    assert page.input_value(f'{form} [name="today"]') == "2026-11-28"
