"""One look on a 390-px phone: readable picture text, tables that fit, one family of buttons.

Pictures and charts (SVG scaled to the screen): every text renders at 12 px or
more. Policy cards: the label column wraps and the card fits its column. The
calculators' buttons are Material's ``md-button``, with at most one filled
(primary) per form. The policy list shows the whole name of the policy chosen
(it wraps where the name is longer than the field).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PICTURE_PAGES = ["", "case-study/", "playbook/", "calculators/breach-risk/", "calculators/oversell-risk/"]
POLICY_PAGES = ["policies/amazon-jp/", "policies/amazon-us/", "policies/yahoo-shopping/", "policies/ebay/"]
CALCULATOR_PAGES = ["calculators/plan-of-action/", "calculators/order-report/", "calculators/recovery/"]
# Each SVG text's size on screen: its font size in the SVG's units times the SVG's scale.
SVG_TEXT_PX = """() => [...document.querySelectorAll("article svg[viewBox]")].flatMap((svg) => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll("text")].map((t) => [parseFloat(getComputedStyle(t).fontSize) * scale, t.textContent]);
})"""


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_picture_and_chart_text_is_at_least_12px(phone, site_server, prefix):
    small = {}
    for path in PICTURE_PAGES:
        phone.goto(site_server.base + prefix + path)
        sizes = phone.evaluate(SVG_TEXT_PX)
        assert sizes, path
        small.update({f"{path}: {text}": round(px, 1) for px, text in sizes if px < 11.95})
    assert small == {}


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_policy_cards_fit_a_phone_with_wrapping_labels(phone, site_server, prefix):
    for path in POLICY_PAGES:
        phone.goto(site_server.base + prefix + path)
        card = phone.locator("table.cr-policy").first
        fit = card.evaluate(
            """t => ({width: t.getBoundingClientRect().width, room: t.parentElement.clientWidth,
                     wrap: getComputedStyle(t.querySelector("th[scope=row]")).whiteSpace,
                     border: getComputedStyle(t).borderTopStyle,
                     line: getComputedStyle(t.querySelector("tbody tr + tr td")).borderTopStyle})"""
        )
        assert fit["width"] <= fit["room"] + 0.5, (path, fit)
        assert fit["wrap"] == "normal" and fit["border"] == "solid" and fit["line"] == "solid", (path, fit)


def test_calculator_buttons_are_one_family_with_one_primary(phone, site_server):
    for path in CALCULATOR_PAGES:
        phone.goto(site_server.base + path)
        for form in phone.locator("form[data-calculator]").all():
            # actions (not a field's own small controls: its help toggle, its date picker, the summary bar)
            actions = (
                "button:not([type=reset]):not(.cr-field__help-toggle):not(.cr-field__pick):not([data-summary-result])"
            )
            classes = form.locator(f"{actions}, a[data-download]").evaluate_all("els => els.map(e => e.className)")
            assert classes and all("md-button" in c.split() for c in classes), (path, classes)
            assert sum("md-button--primary" in c.split() for c in classes) <= 1, (path, classes)


# For each policy: its name's width in the select's font, the room for it (the box less its padding and
# the arrow) and the box's height once chosen; one line of the select's text, in px.
POLICY_CHOICES = """async (select) => {
  const style = getComputedStyle(select);
  const ruler = document.createElement("canvas").getContext("2d");
  ruler.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
    - 1.5 * parseFloat(style.fontSize);
  const choices = [];
  for (const option of select.options) {
    select.value = option.value;
    await new Promise(requestAnimationFrame);
    choices.push({ name: option.text, width: ruler.measureText(option.text).width, room,
                   height: select.getBoundingClientRect().height });
  }
  return { line: parseFloat(style.fontSize) * 1.2, choices };
}"""


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_policy_chosen_shows_whole_on_a_phone(phone, site_server, prefix):
    """A name longer than the field takes as many lines as it needs, rather than ending in "…"."""
    phone.goto(site_server.base + prefix + "calculators/rate-check/")
    found = phone.locator("select[name=policy]").evaluate(POLICY_CHOICES)
    one_line = min(c["height"] for c in found["choices"])
    long = [c for c in found["choices"] if c["width"] > c["room"]]
    assert long, found  # the test has something to check: the long names of both languages
    cut = [c["name"] for c in long if c["height"] < one_line + (c["width"] // c["room"]) * found["line"] * 0.9]
    assert cut == [], found


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_a_choice_lists_help_button_sits_in_its_legends_row(phone, site_server, prefix):
    """Not below the legend (a fieldset's legend is outside its content box): over the first choice, or
    over the next field's own button while the list is still empty."""
    rows = []
    for path in ("calculators/order-report/", "calculators/plan-of-action/"):
        phone.goto(site_server.base + prefix + path)
        phone.wait_for_selector("form[data-help-on-demand]")
        rows += phone.eval_on_selector_all(
            "fieldset.cr-field--choices",
            """sets => sets.filter((f) => f.offsetParent).map((f) => {
              const legend = f.querySelector("legend").getBoundingClientRect();
              const button = f.querySelector(".cr-field__help-toggle").getBoundingClientRect();
              return { id: f.id, legend: [legend.top, legend.bottom], button: [button.top, button.bottom] };
            })""",
        )
    assert len(rows) >= 4, rows  # the order report's services, the plan's causes, actions and preventions
    off = [r for r in rows if abs(r["button"][0] - r["legend"][0]) > 6 or r["button"][1] > r["legend"][1] + 2]
    assert off == [], off


def test_result_table_columns_keep_a_readable_width_on_a_phone(phone, site_server):
    """The order report's tables in Japanese: no column squeezed to a character or two a line."""
    phone.set_default_timeout(180_000)
    phone.goto(site_server.base + "calculators/order-report/")
    phone.wait_for_selector("form[data-calculator][data-calculator-status=ready]")
    phone.click("[data-example-for]")
    phone.wait_for_selector("form[data-calculator][data-live]:not([data-example]) .cr-table td")
    cells = phone.eval_on_selector_all(
        "form .cr-table td",
        """tds => tds.map((td) => [td.getBoundingClientRect().width / parseFloat(getComputedStyle(td).fontSize),
                                   td.textContent])""",
    )
    assert len(cells) > 10, cells
    narrow = [text for width, text in cells if width < 3.5]
    assert narrow == [], narrow


# The first character of each line a heading is set on: a Range per character, a new line where its top moves down.
LINE_STARTS = """(h) => {
  const node = [...h.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const range = document.createRange();
  const starts = [];
  let top = null;
  for (let i = 0; i < node.textContent.length; i++) {
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const rect = range.getClientRects()[0];
    if (!rect) continue;
    if (top === null || rect.top > top + 2) starts.push(node.textContent[i]);
    top = rect.top;
  }
  return starts;
}"""


@pytest.mark.parametrize("width", [375, 390])
def test_japanese_headings_never_start_a_line_with_a_small_kana(chromium, site_server, width):
    """「出荷前キャンセル率チ/ェック」 once: a Japanese heading breaks between phrases, and never before a small kana
    or a long-vowel mark, on a phone's width."""
    context = chromium.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    bad = {}
    for path in [
        "calculators/rate-check/",
        "calculators/oversell-risk/",
        "calculators/stock-shortage/",
        *CALCULATOR_PAGES,
    ]:
        page.goto(site_server.base + path)
        starts = page.eval_on_selector("article h1", LINE_STARTS)
        if any(c in "ァィゥェォッャュョヮーぁぃぅぇぉっゃゅょ、。)」" for c in starts[1:]):
            bad[path] = starts
    context.close()
    assert bad == {}
