"""One walk through every page of the built site in headless Chromium, as a visitor would, under the page's CSP.

For each page (enumerated from the built site, both languages and 404.html):
wait until every calculator shows Python's live results; run axe-core at
1280 px and 375 px in both palettes (switched with Material's own toggle);
run a search; type into every calculator and see its results change. All the
while it records console errors, ``securitypolicyviolation`` events and
requests that leave the site. The tests in ``tests/browser/test_accessibility.py``
and ``tests/browser/test_csp.py`` read the record; the walk runs once per session.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sitehelpers import ROOT, SUB_PATH

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Material's palettes (mkdocs.yml): light is "default", dark is "slate". In this order the palette switches once per width.
RUNS = [(1280, "default"), (1280, "slate"), (375, "slate"), (375, "default")]
SEARCHES = {"ja": "キャンセル", "en": "cancel"}
# The field each calculator recomputes on (its value becomes value * 10 + 7); order_report reads the example file.
CHANGES = {
    "rate_check": "orders",
    "stock_shortage": "orders",
    "breach_risk": "daily_orders",
    "recovery": "orders",
    "rakuten_points": "store_cancels_this_year",
    "order_report": "report",
    "plan_of_action": "orders",
    "oversell_risk": "total_daily_orders",
    "account_health": "cancel_orders",
}
EXAMPLE_REPORT = "assets/examples/order-report-example.csv"

# WCAG 2.1 A and AA, plus one best-practice rule Lighthouse also checks: dialogs have a name (Material's search had none).
EXTRA_RULES = ["aria-dialog-name"]
RUN_AXE = """([tags, extra]) => axe.run(document, {
  runOnly: {type: "tag", values: tags},
  rules: Object.fromEntries(extra.map(id => [id, {enabled: true}])),
  resultTypes: ["violations"],
}).then(r => ({
  violations: r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => ({
    target: n.target.join(" "), summary: n.failureSummary}))})),
  ran: [...r.passes, ...r.violations, ...r.incomplete].map(v => v.id),
}))"""
LISTEN = """window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`));"""
OUTPUTS = """form => JSON.stringify([...form.querySelectorAll("[data-output]")].map(o => o.dataset.value))"""


@dataclass
class PageVisit:
    path: str
    lang: str = ""
    axe: dict[tuple[int, str], list[dict]] = field(default_factory=dict)
    axe_ran: set[str] = field(default_factory=set)
    backgrounds: dict[str, str] = field(default_factory=dict)  # palette -> the page's background colour
    calculators: dict[str, bool] = field(default_factory=dict)  # calculator -> its results changed on input
    search_results: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # a step that failed (timeouts and the like)


def page_paths(site_dir: Path) -> list[str]:
    """Every page of the built site as a path under the site root ("", "en/", "en/glossary/", …, "404.html")."""
    paths = []
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir)
        if rel.parts[0] in ("assets", "runtime"):
            continue
        paths.append("" if rel == Path("index.html") else rel.as_posix().removesuffix("index.html"))
    return paths


def serve_404_assets(context, site_dir: Path, origin: str) -> None:
    """404.html is served at any address, so its links start at site_url's path: send those to the test server."""
    config = re.search(
        r'<script id="__config" type="application/json">(.*?)</script>', (site_dir / "404.html").read_text()
    )
    base = json.loads(config[1])["base"]
    if base.startswith("/") and base != SUB_PATH:
        context.route(
            re.compile("^" + re.escape(origin + base)),
            lambda route: route.continue_(url=route.request.url.replace(origin + base, origin + SUB_PATH, 1)),
        )


def wait_until_live(page, timeout: float = 90_000) -> list[str]:
    """Wait until every calculator on the page shows Python's own results; return their ids."""
    calculators = page.eval_on_selector_all("form[data-calculator]", "fs => fs.map(f => f.dataset.calculator)")
    if calculators:
        # a page whose calculator is below its text starts Python when a form is used: as a tap on one would
        # (sent until the forms are live: the page may not listen yet)
        page.wait_for_function(
            """() => {
                const forms = [...document.querySelectorAll('form[data-calculator]')];
                if (forms[0].dataset.calculatorStatus === 'idle') forms[0].dispatchEvent(new FocusEvent('focusin'));
                return forms.every(f => f.dataset.live);
            }""",
            timeout=timeout,
        )
    return calculators


def settle(page) -> None:
    """Wait until no CSS transition or animation runs (colours mid-fade are not what a visitor reads)."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def set_scheme(page, wanted: str) -> None:
    """Switch the palette with Material's own toggle in the header, as a visitor does."""
    if page.get_attribute("body", "data-md-color-scheme") != wanted:
        page.locator('form[data-md-component="palette"] label:not([hidden])').click()
    page.wait_for_function(
        "wanted => document.body.dataset.mdColorScheme === wanted && !document.body.hasAttribute('data-md-color-switching')",
        arg=wanted,
    )
    settle(page)


def run_axe(page) -> dict:
    # evaluated through the DevTools protocol, which the page's CSP does not restrict (an injected <script> would be)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text("utf-8"))
    return page.evaluate(RUN_AXE, [AXE_TAGS, EXTRA_RULES])


def search(page, lang: str) -> list[str]:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.click(".md-search__input")
    page.fill(".md-search__input", SEARCHES[lang])
    page.press(".md-search__input", "End")  # Material reads the query on keyup
    page.locator(".md-search-result__item a").first.wait_for()
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(a => a.href)")
    page.keyboard.press("Escape")
    return links


def change_calculator(page, form, calculator: str, site_base: str) -> bool:
    """Type into (or give a file to) the calculator; True when its results change, with no error shown."""
    name = CHANGES[calculator]
    control = form.locator(f'[name="{name}"]')
    policy = form.locator('select[name="policy"]')
    if control.get_attribute("type") == "file" and policy.count() and not policy.input_value():
        policy.select_option(json.loads(policy.get_attribute("data-fill")))  # the English site starts without one
    if control.get_attribute("type") != "file" and not control.input_value():
        # the fields start empty: the seller fills in the example first, as the button offers
        form.locator("[data-fill-example]").click()
        form.evaluate(
            "form => new Promise((resolve, reject) => {"
            "  const done = () => !form.dataset.example && !form.dataset.busy &&"
            "    [...form.querySelectorAll('[data-output]')].some(o => o.dataset.value !== 'null');"
            "  if (done()) return resolve();"
            "  const observer = new MutationObserver(() => done() && (observer.disconnect(), resolve()));"
            "  observer.observe(form, {subtree: true, attributes: true, childList: true});"
            "  setTimeout(() => reject(new Error('the example gave no result')), 30000);"
            "})"
        )
    before = form.evaluate(OUTPUTS)
    if control.get_attribute("type") == "file":
        example = page.request.get(site_base + EXAMPLE_REPORT)
        control.set_input_files(files=[{"name": "orders.csv", "mimeType": "text/csv", "buffer": example.body()}])
    else:
        control.fill(str(int(control.input_value()) * 10 + 7))
    form.evaluate(
        "(form, before) => new Promise((resolve, reject) => {"
        "  const done = () => form.dataset.live && !form.dataset.busy && !form.dataset.stale &&"
        "    JSON.stringify([...form.querySelectorAll('[data-output]')].map(o => o.dataset.value)) !== before;"
        "  if (done()) return resolve();"
        "  const observer = new MutationObserver(() => done() && (observer.disconnect(), resolve()));"
        "  observer.observe(form, {subtree: true, attributes: true, childList: true});"
        "  setTimeout(() => reject(new Error('results did not change')), 30000);"
        "})",
        before,
    )
    errors = form.locator("[data-error-for]").evaluate_all("els => els.map(e => e.textContent.trim()).filter(Boolean)")
    return not errors and form.evaluate(OUTPUTS) != before


def visit(page, base: str, path: str) -> PageVisit:
    record = PageVisit(path)
    console, requests = [], []
    on_console = lambda m: m.type == "error" and console.append(m.text)  # noqa: E731
    on_error = lambda e: console.append(f"uncaught: {e}")  # noqa: E731
    on_request = lambda r: requests.append(r.url)  # noqa: E731
    page.on("console", on_console)
    page.on("pageerror", on_error)
    page.on("request", on_request)
    step = "open"
    try:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(base + path)
        record.lang = page.get_attribute("html", "lang")
        step = "calculators going live"
        calculators = wait_until_live(page)
        for width, scheme in RUNS:
            step = f"axe at {width}px, {scheme}"
            page.set_viewport_size({"width": width, "height": 800})
            set_scheme(page, scheme)
            record.backgrounds[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
            result = run_axe(page)
            record.axe_ran.update(result["ran"])
            record.axe[(width, scheme)] = result["violations"]
        step = "search"
        record.search_results = search(page, record.lang)
        for index, calculator in enumerate(calculators):
            step = f"typing into {calculator}"
            form = page.locator("form[data-calculator]").nth(index)
            record.calculators[f"{calculator}#{index + 1}"] = change_calculator(page, form, calculator, base)
        page.wait_for_timeout(100)  # a violation report is dispatched as a task after the blocked action
        record.csp_violations = page.evaluate("window.__cspViolations")
    except Exception as exc:  # recorded, so one broken page does not hide the others
        record.problems.append(f"{step}: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_error)
        page.remove_listener("request", on_request)
    record.console_errors = console
    origin = base[: base.index("/", len("http://"))]
    record.outside_requests = [url for url in requests if not url.startswith(origin + "/")]
    return record


def walk(chromium, site_dir: Path, server) -> list[PageVisit]:
    """Visit every page of the site in one browser context without any CSP bypass."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(LISTEN)
    serve_404_assets(context, site_dir, server.origin)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        return [visit(page, server.base, path) for path in page_paths(site_dir)]
    finally:
        context.close()
