"""Helpers for the runtime's browser tests: a site copy under its Content-Security-Policy, fresh servers and contexts.

The site ships a CSP as a ``<meta http-equiv>`` on every page
(``handbook_site/csp.py``); ``copy_site`` keeps it (and gives an equivalent
one, with hashes for the inline scripts, to any page without), so these tests
prove the runtime, the service worker and the offline copy work under it, or
strips it (``csp=False``) to prove a defence holds by itself. Every context
records ``securitypolicyviolation`` events in ``window.__csp``.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

from sitehelpers import SUB_PATH, SiteServer, calculator_pages, changed_field

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; worker-src 'self' blob:; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
new MutationObserver(() => {
  if (!window.__liveAt && document.querySelector("form[data-calculator][data-live]")) window.__liveAt = Date.now();
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-live"] });
"""


# The service worker's runtime cache for the site served at SUB_PATH (sw.js names it after the site's path).
RUNTIME_CACHE = f"cr-runtime:{SUB_PATH}"
CACHED_RUNTIME = f"() => caches.open('{RUNTIME_CACHE}').then((c) => c.keys()).then((k) => k.map((r) => r.url))"

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def with_csp(site: Path) -> None:
    """Every page of ``site`` under a CSP: the one the build ships, or (on pages without one) an equivalent."""
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        if CSP_META.search(html):
            continue
        hashes = sorted(
            {
                "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
                for attrs, body in INLINE_SCRIPT.findall(html)
                if "application/json" not in attrs
            }
        )
        meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY.format(hashes=" ".join(hashes))}">'
        page.write_text(html.replace("<head>", "<head>" + meta, 1), "utf-8")


def without_csp(site: Path) -> None:
    """No policy at all on any page: to prove a defence holds by itself."""
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        page.write_text(CSP_META.sub("", html), "utf-8")


def copy_site(built: Path, target: Path, *, stall_ms: int | None = None, csp: bool = True) -> Path:
    """A copy of the built site under a CSP (or with none), for stall tests with a shorter stall limit."""
    shutil.copytree(built, target)
    if stall_ms is not None:
        for path in [*target.rglob("*.html"), target / "runtime" / "manifest.json"]:
            text = path.read_text("utf-8")
            if '"stall_ms":' in text:
                path.write_text(re.sub(r'"stall_ms":\s*\d+', f'"stall_ms":{stall_ms}', text), "utf-8")
    if csp:
        with_csp(target)
    else:
        without_csp(target)
    refresh_service_worker(target)
    return target


def refresh_service_worker(site: Path) -> None:
    """After pages were edited here: the service worker's list of revisions matches them again (as a build would)."""
    sw = site / "sw.js"
    header, rest = sw.read_text("utf-8").split("const BUILD = ", 1)
    build_json, code = rest.split(";\n", 1)
    build = json.loads(build_json)
    for url in build["files"]:
        path = site / (url + "index.html" if url.endswith("/") or url == "" else url)
        build["files"][url] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    build["version"] = hashlib.sha256(json.dumps(build, sort_keys=True).encode()).hexdigest()[:12]
    sw.write_text(f"{header}const BUILD = {json.dumps(build, separators=(',', ':'))};\n{code}", "utf-8")


def manifest(site: Path) -> dict:
    return json.loads((site / "runtime" / "manifest.json").read_text("utf-8"))


@contextlib.contextmanager
def serve(site: Path, **options):
    """The site served like GitHub Pages (gzip, ``max-age=600``) at a fresh address."""
    with SiteServer(site, github_like=True, **options) as server:
        yield server


def new_context(browser, **options):
    context = browser.new_context(**options)
    context.add_init_script(RECORD_VIOLATIONS)
    context.set_default_timeout(90_000)
    return context


def wait_live(page, form: str = "form[data-calculator]") -> None:
    page.wait_for_selector(f"{form}[data-live]", timeout=120_000)


def live_at(page) -> float:
    """When the first result went live, on the wall clock (seconds, like ``time.time()`` and the server's log)."""
    return page.evaluate("() => window.__liveAt") / 1000


# A seller uses the calculator (an input event on its live form, values unchanged), once: that asks for the copy.
USE_ONCE = """() => {
  if (document.documentElement.dataset.crOffline) return true;
  const form = document.querySelector("form[data-calculator][data-live]");
  if (form && !form.dataset.touched) form.dispatchEvent(new Event("input", { bubbles: true }));
  return false;
}"""


def wait_offline_copy(page) -> str:
    """How the offline copy ended, after the seller used the page's calculator (which is what asks for it)."""
    page.wait_for_function(USE_ONCE, timeout=180_000, polling=200)
    return page.evaluate("() => document.documentElement.dataset.crOffline")


def boot(page) -> str | None:
    return page.evaluate("() => document.documentElement.dataset.crBoot ?? null")


def violations(page) -> list[str]:
    return page.evaluate("() => window.__csp ?? []")


def in_calc_worker(page, expression: str):
    """The value of ``expression`` (awaited) inside the page's calculator worker.

    Through the DevTools protocol: Playwright's own ``Worker.evaluate`` calls the
    worker's ``eval``, which the worker switches off once Python is up.
    """
    cdp = page.context.new_cdp_session(page)
    sessions, replies = {}, {}
    cdp.on("Target.attachedToTarget", lambda e: sessions.__setitem__(e["targetInfo"]["url"], e["sessionId"]))
    cdp.on("Target.receivedMessageFromTarget", lambda e: replies.setdefault(json.loads(e["message"]).get("id"), e))
    try:
        cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": False})
        for _ in range(100):
            # the calculator worker runs from a blob: bootstrap (calc-runtime.mjs); Material's search worker does not
            workers = [sid for url, sid in sessions.items() if url.startswith("blob:")]
            if workers:
                break
            page.wait_for_timeout(50)
        assert len(workers) == 1, sessions
        params = {"expression": expression, "awaitPromise": True, "returnByValue": True}
        message = {"id": 1, "method": "Runtime.evaluate", "params": params}
        cdp.send("Target.sendMessageToTarget", {"sessionId": workers[0], "message": json.dumps(message)})
        for _ in range(600):
            if 1 in replies:
                break
            page.wait_for_timeout(50)
        reply = json.loads(replies[1]["message"])["result"]
        if "exceptionDetails" in reply:
            raise WorkerError(reply["exceptionDetails"]["exception"]["description"])
        return reply["result"].get("value")
    finally:
        cdp.detach()


class WorkerError(Exception):
    """An exception thrown by an expression in the worker."""


CALCULATOR_PAGES = calculator_pages()
"""Calculator id -> its page, from the navigation (a new calculator is found without naming it here)."""
# One change per calculator that makes Python compute something new (dates fixed: "today" is the test's).
CHANGES = {
    "rate_check": {"orders": "40", "seller_cancels": "1"},
    "stock_shortage": {"ordered_qty": "3", "in_stock": "1"},
    "breach_risk": {"daily_orders": "10", "cancel_percent": "2"},
    "recovery": {
        "orders": "50",
        "seller_cancels": "2",
        "cancel_dates": "2026-11-24\n2026-11-25",
        "today": "2026-11-28",
    },
    "rakuten_points": {"store_cancels_this_year": "5", "today": "2026-11-28"},
    "order_report": {},
    "oversell_risk": {"stock": "12", "sync_minutes": "60"},
    "plan_of_action": {"period_start": "2026-11-01", "period_end": "2026-11-07", "orders": "40", "seller_cancels": "2"},
    "account_health": {"cancel_orders": "40", "cancels": "1", "lsr_orders": "100", "late_shipments": "4"},
}


def change(calculator: str, example: dict[str, object]) -> dict[str, str]:
    """The inputs :func:`check_calculator_live` changes: :data:`CHANGES`, or for a calculator not listed there its
    :func:`sitehelpers.changed_field` (``example * 10 + 7``; a file field is left as the example gives it)."""
    if calculator in CHANGES:
        return CHANGES[calculator]
    name = changed_field(calculator)
    return {} if example.get(name) is None else {name: str(int(example[name]) * 10 + 7)}


REPORT = (
    "amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\tproduct-name\tquantity\r\n"
    "A-1\t2026-05-01T01:00:00+00:00\tCancelled\tMerchant\tマグカップ\t1\r\n"
    "A-2\t2026-05-02T01:00:00+00:00\tShipped\tMerchant\tコースター\t1\r\n"
    "A-3\t2026-05-03T01:00:00+00:00\tShipped\tMerchant\tお皿\t2\r\n"
).encode("cp932")


def check_calculator_live(page, calculator: str, lang: str) -> None:
    """Change the form's inputs as a seller would; the page shows what ``cancelrate.calculate`` gives."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from cancelrate import calculate, describe

    form = f'form[data-calculator="{calculator}"]'
    wait_live(page, form)
    page.wait_for_selector(f'{form}[data-calculator-status="ready"]')
    # the seller asks for the example (its dates that should not age are days before today), then changes it
    if page.locator(f"{form} [data-fill-example]").count():  # (order_report's example is its file)
        page.click(f"{form} [data-fill-example]")
    sent = {
        f["name"]: ""
        if f["example"] is None
        else (date.today() - timedelta(days=f["example_days_ago"])).isoformat()
        if f["example_days_ago"] is not None
        else f["example"]
        if isinstance(f["example"], list)
        else str(f["example"])
        for f in describe(calculator, lang)["inputs"]
    }
    sent.pop("report", None)
    policy = page.locator(f'{form} select[name="policy"]')
    if policy.count() and not policy.input_value():  # the English site starts without a marketplace
        policy.select_option(sent["policy"])
    for name, value in change(calculator, sent).items():
        page.fill(f'{form} [name="{name}"]', value)
        sent[name] = value
    if calculator == "order_report":
        page.set_input_files(
            f'{form} input[name="report"]', files=[{"name": "orders.txt", "mimeType": "text/plain", "buffer": REPORT}]
        )
        sent["report"] = REPORT
    expected = calculate(calculator, sent, lang)
    assert expected["ok"], expected
    # not the calendar file: its DTSTAMP is the second it was made, in the page or here
    wanted = {name: value for name, value in expected["outputs"].items() if name not in ("chart", "calendar")}
    # equal, numbers to 1e-9 relative: a model's floats (oversell_risk's sums of exponentials) may differ in
    # their last bits between CPython's libm and WebAssembly's
    differing = """([form, wanted]) => {
        const same = (a, b) => {
            if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
            if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
            if (a && b && typeof a === "object" && typeof b === "object") {
                const keys = Object.keys(a);
                return keys.length === Object.keys(b).length && keys.every((k) => same(a[k], b[k]));
            }
            return a === b;
        };
        return Object.entries(wanted).filter(([name, value]) => {
            const el = document.querySelector(`${form} [data-output="${name}"]`);
            return el && !same(JSON.parse(el.dataset.value), value);
        }).map(([name]) => name);
    }"""
    try:
        page.wait_for_function(f"(args) => ({differing})(args).length === 0", arg=[form, wanted])
    except PlaywrightTimeout:
        names = page.evaluate(differing, [form, wanted])
        shown = {n: page.get_attribute(f'{form} [data-output="{n}"]', "data-value") for n in names}
        raise AssertionError(f"{calculator} ({lang}): outputs differ from CPython's: {shown} != {wanted}") from None
    shown = page.eval_on_selector_all(f"{form} [data-output]", "els => els.map(e => e.dataset.output)")
    assert len(set(shown) & set(wanted)) >= 2, (shown, wanted)  # the check above compared real outputs
