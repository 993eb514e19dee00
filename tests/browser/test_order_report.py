"""End to end: an order report chosen through the real file input, analysed in the page's worker."""

import json

import pytest

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="order_report"]'
HEADER = "amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\tproduct-name\tquantity"
EVIL_ID = "<img src=x onerror=window.__xss=1>"


def report_bytes() -> bytes:
    rows = [
        # 16:30 UTC on 1 May is 2 May in Japan
        f"{EVIL_ID}\t2026-05-01T16:30:00+00:00\tCancelled\tMerchant\t<script>window.__xss=2</script>\t1",
        "B-1\t2026-05-02T01:00:00+00:00\tShipped\tMerchant\tマグカップ\t1",
        "B-1\t2026-05-02T01:00:00+00:00\tShipped\tMerchant\tコースター\t2",
        "F-1\t2026-05-03T01:00:00+00:00\tShipped\tAmazon\tFBA の商品\t1",
        *(f"C-{i}\t2026-05-{10 + i:02d}T01:00:00+00:00\tShipped\tMerchant\t商品\t1" for i in range(5)),
    ]
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode("cp932")


def value(page, name):
    return json.loads(page.get_attribute(f'{FORM} [data-output="{name}"]', "data-value"))


def wait_set(page, name):
    page.wait_for_function(
        "([form, name]) => document.querySelector(`${form} [data-output=\"${name}\"]`)?.dataset.value !== 'null'",
        arg=[FORM, name],
    )


def open_page(page, site_server, prefix="", policy=""):
    page.goto(site_server.base + prefix + "calculators/order-report/")
    page.wait_for_selector(f'{FORM}[data-calculator-status="ready"]')
    if policy:
        page.select_option(f'{FORM} select[name="policy"]', policy)


def errors(page) -> list[str]:
    return page.locator(f"{FORM} [data-error-for]").evaluate_all(
        "slots => slots.map(s => s.textContent.trim()).filter(Boolean)"
    )


def test_no_error_before_the_seller_acts_then_the_missing_file_is_named(page, site_server):
    """The form opens without a red "choose a file"; it says so once the seller does something."""
    page.goto(site_server.base + "calculators/order-report/")
    assert errors(page) == []
    page.wait_for_selector(f"{FORM}[data-live]")  # Python has answered (no file: an error, not shown)
    assert errors(page) == []
    assert page.locator(f"{FORM} [aria-invalid]").count() == 0
    assert page.get_attribute(FORM, "data-touched") is None

    # changing the policy is not asking for a result without a file: still nothing to say
    page.select_option(f'{FORM} select[name="policy"]', "amazon_us")
    page.wait_for_function("(form) => document.querySelector(form).dataset.touched", arg=FORM)
    page.wait_for_timeout(500)
    assert errors(page) == []
    # the seller opened the file picker and closed it without a file: now the form says what is missing, calmly
    page.dispatch_event(f'{FORM} input[name="report"]', "cancel")
    page.wait_for_function(
        "(form) => document.querySelector(`${form} [data-error-for=\"report\"]`).textContent !== ''", arg=FORM
    )
    assert errors(page) == ["ファイルを選んでください。"]
    assert page.get_attribute(f'{FORM} [data-error-for="report"]', "data-prompt") == "true"
    assert page.get_attribute(f'{FORM} input[name="report"]', "aria-invalid") is None


@pytest.mark.parametrize(("prefix", "label"), [("", "例の注文レポートで試す"), ("en/", "Try the example report")])
def test_the_example_report_is_one_click_away(page, site_server, prefix, label):
    open_page(page, site_server, prefix)
    button = page.locator(f'{FORM} button[data-example-for="report"]')
    assert button.is_visible() and button.inner_text() == label
    button.click()
    wait_set(page, "orders")
    example = page.request.get(site_server.base + "assets/examples/order-report-example.csv").body()
    assert example.startswith(b"order_id,")
    chosen = page.evaluate(
        '(form) => { const f = document.querySelector(`${form} input[name="report"]`).files[0];'
        " return [f.name, f.size]; }",
        FORM,
    )
    assert chosen == ["order-report-example.csv", len(example)]
    # the same answer as Python gives for that file here (tests/unit: the example is readable)
    assert value(page, "orders") == 18 and value(page, "seller_cancels") == 1
    assert value(page, "breach_dates")[0] == "2026-05-02"
    assert errors(page) == []
    outside = [url for url in page.requests if not url.startswith(site_server.origin + "/cancel-rate-handbook/")]
    assert outside == []


def test_an_example_that_cannot_be_fetched_says_so(page, site_server):
    # on the context, not the page: a page's routes do not see what its service worker fetches
    page.context.route("**/assets/examples/order-report-example.csv", lambda route: route.fulfill(status=404, body=""))
    open_page(page, site_server, "en/")
    page.click(f'{FORM} button[data-example-for="report"]')
    page.wait_for_function(
        "(form) => document.querySelector(`${form} [data-error-for=\"report\"]`).textContent !== ''", arg=FORM
    )
    assert errors(page) == ["The example file could not be loaded. Please reload the page and try again."]
    assert value(page, "orders") is None


def test_report_is_analysed_in_the_page_and_nothing_from_it_becomes_html(page, site_server):
    page.goto(site_server.base + "calculators/order-report/")
    page.wait_for_selector(f'{FORM}[data-calculator-status="ready"]')

    page.set_input_files(
        f'{FORM} input[name="report"]',
        files=[{"name": "orders.txt", "mimeType": "text/plain", "buffer": report_bytes()}],
    )
    wait_set(page, "orders")
    assert value(page, "orders") == 7
    assert value(page, "seller_cancels") == 1
    assert value(page, "first_date") == "2026-05-02"
    assert value(page, "last_date") == "2026-05-14"
    assert value(page, "skipped_rows") == 1
    assert value(page, "breach_dates")[0] == "2026-05-02"
    assert value(page, "worst") == {"end_date": "2026-05-02", "rate": 0.5}  # with B-1 on the same Japan day
    windows = value(page, "windows")
    assert len(windows) == 13 and windows[0]["orders"] == 2
    assert page.inner_text(f'{FORM} [data-error-for="report"]') == ""

    # the chart is an accessible SVG; the table holds the order id as text only
    assert page.get_attribute(f'{FORM} [data-chart="chart"] svg', "role") == "img"
    cells = page.locator(f'{FORM} [data-table="breaches"] td').all_inner_texts()
    assert EVIL_ID in cells
    assert page.locator(f"{FORM} img, {FORM} script").count() == 0
    assert "<script>" not in page.content().split('data-calculator="order_report"', 1)[1].split("</form>", 1)[0]
    assert page.evaluate("window.__xss") is None

    outside = [url for url in page.requests if not url.startswith(site_server.origin + "/cancel-rate-handbook/")]
    assert outside == []


def test_bad_file_says_so_in_english_and_the_page_keeps_working(page, site_server):
    open_page(page, site_server, "en/", policy="amazon_jp")
    xlsx = b"PK\x03\x04\x14\x00\x06\x00" + bytes(500)
    page.set_input_files(
        f'{FORM} input[name="report"]', files=[{"name": "orders.xlsx", "mimeType": "application/zip", "buffer": xlsx}]
    )
    error = page.locator(f'{FORM} [data-error-for="report"]')
    page.wait_for_function(
        "(form) => document.querySelector(`${form} [data-error-for=\"report\"]`).textContent.includes('CSV')", arg=FORM
    )
    assert "Spreadsheet" in error.inner_text()
    assert page.get_attribute(f'{FORM} input[name="report"]', "aria-invalid") == "true"
    assert value(page, "orders") is None

    # a file dropped onto the form replaces it
    page.evaluate(
        """([form, bytes]) => {
            const data = new DataTransfer();
            data.items.add(new File([new Uint8Array(bytes)], "orders.txt", {type: "text/plain"}));
            document.querySelector(form).dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true}));
        }""",
        [FORM, list(report_bytes())],
    )
    wait_set(page, "orders")
    assert value(page, "orders") == 7
    assert error.inner_text() == ""
    assert "Cancel rate per window" in page.text_content(f'{FORM} [data-chart="chart"] svg title')
