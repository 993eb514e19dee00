"""End to end: fill in the Plan of Action form, copy the plan and download it, in Chromium.

A draft with blanks says how many on its copy button and download link, and asks before either (the page's
``confirm``, answered here through Playwright's dialog events).

The page is the built site under its sub-path with its own Content-Security-Policy; the clipboard is read
back through the permissions granted to the context, and the download is the file the page made (a Blob).
"""

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="plan_of_action"]'


@pytest.fixture
def plan_page(chromium, site_server):
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"], accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    context.close()


def shown(page, name):
    return page.input_value(f'{FORM} textarea[data-text="{name}"]')


def test_fill_in_copy_and_download_the_plan(plan_page, site_server):
    page = plan_page
    page.goto(site_server.base + "calculators/plan-of-action/")
    page.wait_for_selector(f"{FORM}[data-live]")
    page.evaluate("""() => document.addEventListener('securitypolicyviolation',
        (e) => console.error('CSP: ' + e.violatedDirective + ' ' + e.blockedURI))""")

    page.select_option(f'{FORM} select[name="policy"]', "amazon_jp")
    page.fill(f'{FORM} input[name="period_start"]', "2026-11-01")
    page.fill(f'{FORM} input[name="period_end"]', "２０２６/１１/０７")
    page.fill(f'{FORM} input[name="orders"]', "３")
    page.fill(f'{FORM} input[name="seller_cancels"]', "1")
    assert page.locator(f"{FORM} input[type=checkbox]:checked").count() == 0  # nothing ticked for the seller
    page.check(f'{FORM} input[name="causes"][value="multi_unit"]')
    page.check(f'{FORM} input[name="causes"][value="other_channel"]')
    page.fill(f'{FORM} textarea[name="why_multi_unit"]', "一部発送できることを知らなかった。")
    page.fill(f'{FORM} textarea[name="cancelled_orders"]', "503-1234567-1234567\n249-7654321-7654321")
    page.check(f'{FORM} input[name="actions"][value="buyers_contacted"]')
    page.fill(f'{FORM} textarea[name="cause_other"]', "倉庫の移転で二日間出荷できなかった。")
    page.click(f"{FORM} details.cr-calc__more > summary")  # the store name is among the "more settings"
    page.fill(f'{FORM} input[name="store"]', "さくら商店")
    # the answer to the last input: every input is in it (an earlier answer can already hold the cause)
    page.wait_for_function(
        "(f) => { const v = document.querySelector(f + ' textarea[data-text=\"plan\"]').value;"
        " return v.includes('(3) 倉庫の移転') && v.includes('ストア名: さくら商店'); }",
        arg=FORM,
    )
    text = shown(page, "plan")
    lines = text.split("\n")
    assert lines[:3] == [
        "パフォーマンス改善計画書",
        "ストア名: さくら商店",
        "対象の指標: Amazon.co.jp の出荷前キャンセル率",
    ]
    assert lines[3] == "対象の期間: 2026年11月1日〜2026年11月7日"
    assert "出品者出荷の注文 3 件のうち 1 件を" in text and "キャンセル率は 33.33%(1 ÷ 3)" in text
    assert "(1) ほかの販売チャネルで売れた" in text and "(2) 注文の個数に対して在庫が足りず" in text
    assert "(3)について: ［この原因に対してとった対応を書いてください］" in text
    assert "・［〇月〇日］、キャンセルした注文の購入者に連絡し、事情を説明しました。" in text
    assert "理由: 一部発送できることを知らなかった。\n" in text
    assert "対象の注文:\n・503-1234567-1234567\n・249-7654321-7654321\n" in text
    assert page.inner_text(f'{FORM} [data-output="rate"]') == "33.33%"
    value = json.loads(page.get_attribute(f'{FORM} [data-output="plan"]', "data-value"))
    assert value["text"] == text and value["filename"] == "改善計画書_2026-11-01_2026-11-07.txt"
    assert page.inner_text(f'{FORM} [data-output="plan"]') == value["filename"]
    english = shown(page, "plan_other")
    assert english.startswith("Plan of Action\nStore: さくら商店\n") and "33.33% (1 ÷ 3)" in english

    # the blanks: counted in the result, on the button and the link; copying asks first, and "cancel" stops it
    blanks = int(page.get_attribute(f'{FORM} [data-output="blanks"]', "data-value"))
    assert blanks == text.count("［") and blanks > 0
    badge = f"空欄 {blanks} か所"
    assert page.inner_text(f'{FORM} [data-output="blanks"]') == badge
    assert page.inner_text(f'{FORM} button[data-copy="plan"]') == f"コピー {badge}"
    assert page.inner_text(f'{FORM} a[data-download="plan"]') == f"ダウンロード {badge}"
    asked = []
    page.evaluate("navigator.clipboard.writeText('before')")
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.click(f'{FORM} button[data-copy="plan"]')
    page.wait_for_timeout(300)
    assert asked == [page.inner_text(f'{FORM} [data-explain="blanks"]')] and f"{blanks} か所" in asked[0]
    assert page.evaluate("navigator.clipboard.readText()") == "before"
    assert page.inner_text(f'{FORM} [data-copied="plan"]') == ""
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))

    # copy: the Clipboard API, read back
    page.click(f'{FORM} button[data-copy="plan"]')
    page.wait_for_selector(f'{FORM} [data-copied="plan"]:has-text("コピーしました。")')
    assert page.evaluate("navigator.clipboard.readText()") == text

    # download: the file is the text shown, UTF-8 without a byte-order mark, named by the plan
    with page.expect_download() as info:
        page.click(f'{FORM} a[data-download="plan"]')
    download = info.value
    assert download.suggested_filename == "改善計画書_2026-11-01_2026-11-07.txt"
    data = Path(download.path()).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8") == text
    with page.expect_download() as info:
        page.click(f'{FORM} a[data-download="plan_other"]')
    assert info.value.suggested_filename == "plan-of-action_2026-11-01_2026-11-07.txt"
    assert Path(info.value.path()).read_bytes().decode("utf-8") == english

    # where the Clipboard API refuses, the box's text is selected and copied
    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('refused')); }")
    page.click(f'{FORM} button[data-copy="plan_other"]')
    page.wait_for_selector(f'{FORM} [data-copied="plan_other"]:has-text("コピーしました。")')
    assert page.evaluate("navigator.clipboard.readText()") == english

    # a bad input: the message in the page's language, and nothing to copy or download
    page.uncheck(f'{FORM} input[name="causes"][value="other_channel"]')
    page.uncheck(f'{FORM} input[name="causes"][value="multi_unit"]')
    page.fill(f'{FORM} textarea[name="cause_other"]', "")
    page.wait_for_selector(f'{FORM} [data-error-for="causes"]:not(:empty)')
    assert page.inner_text(f'{FORM} [data-error-for="causes"]') == (
        "原因を一覧から一つ以上選ぶか、「その他の原因(自由記入、任意)」に書いてください。"
    )
    assert shown(page, "plan") == "" and page.is_hidden(f'{FORM} a[data-download="plan"]')
    assert len(asked) == 5  # the refused copy, two copies and two downloads: each asked once
    assert page.problems == []
