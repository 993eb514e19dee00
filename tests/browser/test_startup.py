"""What a seller sees while Python starts: without JavaScript, on a slow line, on a dead one, with no connection."""

import re

import pytest
from runtime_site import copy_site, manifest, new_context, serve, wait_live

from cancelrate.messages import ui_texts

pytestmark = pytest.mark.browser
UI = {name: {lang: ui_texts(lang)[name] for lang in ("ja", "en")} for name in ui_texts("ja")}

FORM = 'form[data-calculator="rate_check"]'
STALL_MS = 3000

# Every text the status line shows, in order (the page's own script changes it).
RECORD_STATUS = """
window.__statuses = [];
new MutationObserver(() => {
  const text = document.querySelector("[data-status]")?.textContent;
  if (text && text !== window.__statuses.at(-1)) window.__statuses.push(text);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""
# And the bar under it: "none", "moving" (indeterminate) or its value, at each change.
RECORD_BAR = """
window.__bars = [];
new MutationObserver(() => {
  const bar = document.querySelector(".cr-calc__progress");
  const state = !bar ? "none" : bar.hasAttribute("value") ? bar.value : "moving";
  if (state !== window.__bars.at(-1)) window.__bars.push(state);
}).observe(document, { subtree: true, childList: true, attributes: true });
"""


@pytest.fixture(scope="module")
def site(built_site, tmp_path_factory):
    """The site with a 3-second stall limit, so a dead line shows quickly."""
    return copy_site(built_site, tmp_path_factory.mktemp("startup") / "site", stall_ms=STALL_MS)


@pytest.mark.parametrize(("prefix", "lang"), [("", "ja"), ("en/", "en")])
def test_without_javascript_the_form_says_its_results_are_the_examples(chromium, site_server, prefix, lang):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server.base + prefix + "calculators/rate-check/")
    assert page.get_attribute(FORM, "data-calculator-status") == "static"
    assert page.inner_text(f"{FORM} [data-status]") == UI["static"][lang]
    assert page.get_attribute(f'{FORM} [data-output="rate"]', "data-value") == "1.0"  # the example, pre-computed
    context.close()


def contrast(foreground: list[float], background: list[float]) -> float:
    def luminance(rgb):
        channels = [c / 255 for c in rgb[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def status_colours(page) -> tuple[list[float], list[float]]:
    """The status text's colour and the colour behind it (its translucent tint over the page)."""
    colours = page.eval_on_selector(
        f"{FORM} [data-status]",
        """(el) => {
            const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
            let back = [0, 0, 0, 0];
            for (let node = el; node && back[3] !== 1; node = node.parentElement) {
                const c = parse(getComputedStyle(node).backgroundColor);
                const a = c.length === 4 ? c[3] : 1;
                if (c.length && a > 0) back = back[3] ? back : [...c.slice(0, 3), a];
                if (a === 1 && back[3] !== 1) back = [0, 1, 2].map((i) => back[i] * back[3] + c[i] * (1 - back[3])).concat(1);
            }
            return [parse(getComputedStyle(el).color), back];
        }""",
    )
    return colours[0], colours[1]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_dead_line_ends_in_a_clear_readable_message(chromium, site, scheme):
    with serve(site) as server:
        server.stalled.add("/python_stdlib.zip")  # the answer starts, then nothing ever comes
        context = new_context(chromium, color_scheme=scheme)
        context.add_init_script(RECORD_STATUS)
        page = context.new_page()
        page.goto(server.base + "en/calculators/rate-check/")
        page.wait_for_selector(f'{FORM}[data-calculator-status="error"]', timeout=60_000)
        assert page.inner_text(f"{FORM} [data-status]").endswith(UI["network"]["en"])
        assert page.evaluate("() => window.__statuses")[:2] == [UI["static"]["en"], UI["loading"]["en"]]
        # readable: the page's own text colour on a faint tint, not a faded red
        foreground, background = status_colours(page)
        assert contrast(foreground, background) >= 7, (foreground, background)
        # typing still works on the example's form, and no half-started calculator pretends to be live
        page.fill(f'{FORM} [name="orders"]', "40")
        assert page.get_attribute(FORM, "data-live") is None
        context.close()


def test_a_slow_line_shows_progress_and_is_never_cut_off(chromium, site):
    """About 1 MB/s for everything: the start takes longer than the stall limit, and succeeds."""
    wire = sum(size["wire"] for path, size in manifest(site)["files"].items() if not path.startswith("snapshot-"))
    with serve(site, rate=1_000_000) as server:
        context = new_context(chromium)
        context.add_init_script(RECORD_STATUS)
        context.add_init_script(RECORD_BAR)
        page = context.new_page()
        page.goto(server.base + "calculators/rate-check/")
        wait_live(page)
        took = page.evaluate("() => performance.now()")
        server.rate = None
        statuses = page.evaluate("() => window.__statuses")
        bars = page.evaluate("() => window.__bars")
        context.close()
    assert took > 2 * STALL_MS
    pattern = re.escape(UI["progress"]["ja"]).replace(r"\{loaded\}", r"(\d+\.\d)").replace(r"\{total\}", r"(\d+\.\d)")
    progress = [tuple(map(float, m.groups())) for s in statuses if (m := re.fullmatch(pattern, s))]
    assert len(progress) >= 5, statuses
    loaded = [done for done, _ in progress]
    assert loaded == sorted(loaded) and loaded[-1] > loaded[0]
    assert {total for _, total in progress} == {round(wire / 1e6, 1)}
    # the page as served, then the script's "starting", the progress, "starting" again (all in), "ready"
    assert statuses[:2] == [UI["static"]["ja"], UI["loading"]["ja"]]
    # ("ready", "calculating…", "ready" when the first answer takes over 200 ms on a busy machine)
    settled = [text for text in statuses if text != UI["busy"]["ja"]]
    settled = [text for i, text in enumerate(settled) if i == 0 or text != settled[i - 1]]
    assert settled[-2:] == [UI["loading"]["ja"], UI["ready"]["ja"]]
    # a bar that fills with the download, then keeps moving while Python starts, and is gone once it answers
    shares = [bar for bar in bars if isinstance(bar, (int, float))]
    assert len(shares) >= 5 and shares == sorted(shares) and 0 < shares[-1] <= 1, bars
    assert bars[-2:] == ["moving", "none"], bars


def test_no_connection_at_all_says_so_at_once(chromium, site):
    with serve(site) as server:
        context = new_context(chromium)
        context.route("**/python_stdlib.zip", lambda route: route.abort("internetdisconnected"))
        page = context.new_page()
        page.goto(server.base + "calculators/rate-check/")
        page.wait_for_selector(f'{FORM}[data-calculator-status="error"]', timeout=60_000)
        assert page.inner_text(f"{FORM} [data-status]") == UI["network"]["ja"]
        context.close()
