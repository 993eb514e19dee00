"""End to end: the recovery and order-report pages offer their dates as a calendar file (.ics),
made by Python in the page and saved without any server; the file is read back with ``icalendar``.
"""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

icalendar = pytest.importorskip("icalendar")

RECOVERY = 'form[data-calculator="recovery"]'
REPORT = 'form[data-calculator="order_report"]'


@pytest.fixture
def download_page(chromium):
    context = chromium.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    yield page
    context.close()


def save(page, form: str, name: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click(f'{form} a[data-download="{name}"]')
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


@pytest.mark.parametrize(("prefix", "summary"), [("", "期間から外れる日"), ("en/", "leave the window")])
def test_recovery_dates_as_a_calendar_file(download_page, site_server, prefix, summary):
    page = download_page
    page.goto(site_server.base + prefix + "calculators/recovery/")
    page.wait_for_selector(f"{RECOVERY}[data-live]")
    page.select_option(f'{RECOVERY} select[name="policy"]', "amazon_jp")
    page.fill(f'{RECOVERY} input[name="orders"]', "１０")
    page.fill(f'{RECOVERY} input[name="seller_cancels"]', "2")
    page.fill(f'{RECOVERY} input[name="daily_orders"]', "2")
    page.fill(f'{RECOVERY} textarea[name="cancel_dates"]', "2026-11-24\n2026-11-27")
    page.fill(f'{RECOVERY} input[name="today"]', "2026-11-29")
    page.wait_for_function(
        "(f) => JSON.parse(document.querySelector(f + ' [data-output=\"calendar\"]').dataset.value || 'null')"
        "?.filename === 'cancel-rate-amazon_jp-2026-11-29.ics'",
        arg=RECOVERY,
    )
    assert page.is_visible(f'{RECOVERY} a[data-download="calendar"]')
    assert page.locator(f'{RECOVERY} [data-copy="calendar"]').count() == 0  # a file for an app: no copy button
    name, body = save(page, RECOVERY, "calendar")
    assert name == "cancel-rate-amazon_jp-2026-11-29.ics"
    assert not body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    events = list(icalendar.Calendar.from_ical(body.decode("utf-8")).walk("VEVENT"))
    back = page.inner_text(f'{RECOVERY} [data-output="back_under_target_date"]')
    # the leave days (24 and 27 November + 7 days, on the later side of the unverified edge: + 1) and the back
    # date (the last leave day, 5 December)
    assert [e.decoded("DTSTART") for e in events] == [date(2026, 12, 2), date(2026, 12, 5), date(2026, 12, 5)]
    assert all(e.decoded("DTEND") - e.decoded("DTSTART") == timedelta(days=1) for e in events)
    assert summary in str(events[0]["SUMMARY"])
    assert back in ("2026年12月5日ごろ", "around 5 December 2026")
    outputs = json.loads(page.get_attribute(f'{RECOVERY} [data-output="calendar"]', "data-value"))
    assert outputs["text"].encode() == body
    assert page.problems == []


def test_a_bad_input_takes_the_file_away(download_page, site_server):
    page = download_page
    page.goto(site_server.base + "en/calculators/recovery/")
    page.wait_for_selector(f"{RECOVERY}[data-live]")
    page.select_option(f'{RECOVERY} select[name="policy"]', "amazon_jp")
    page.fill(f'{RECOVERY} input[name="orders"]', "10")
    page.fill(f'{RECOVERY} input[name="daily_orders"]', "2")
    page.fill(f'{RECOVERY} input[name="today"]', "2026-11-29")
    page.fill(f'{RECOVERY} textarea[name="cancel_dates"]', "2026-11-28")
    page.fill(f'{RECOVERY} input[name="seller_cancels"]', "1")
    page.wait_for_selector(f'{RECOVERY} a[data-download="calendar"]:not([hidden])')
    page.fill(f'{RECOVERY} textarea[name="cancel_dates"]', "not a date")
    page.wait_for_selector(f'{RECOVERY} a[data-download="calendar"][hidden]', state="attached")
    assert page.problems == []


def test_order_report_breach_dates_as_a_calendar_file(download_page, site_server):
    page = download_page
    page.goto(site_server.base + "en/calculators/order-report/")
    page.wait_for_selector(f"{REPORT}[data-live]")
    page.select_option(f'{REPORT} select[name="policy"]', "amazon_jp_premium_shipping")
    page.click(f'{REPORT} button[data-example-for="report"]')
    page.wait_for_function(
        "(f) => JSON.parse(document.querySelector(f + ' [data-output=\"calendar\"]').dataset.value || 'null')"
        "?.filename",
        arg=REPORT,
    )
    name, body = save(page, REPORT, "calendar")
    assert name.endswith(".ics")
    events = list(icalendar.Calendar.from_ical(body.decode("utf-8")).walk("VEVENT"))
    # the example's cancellation of 2 May leaves Premium Shipping's window (30 days, 10 behind) on 11 June,
    # given as 12 June: the later side of the window's unverified edge
    assert [e.decoded("DTSTART") for e in events] == [date(2026, 6, 12), date(2026, 6, 12)]
    assert page.problems == []
