"""Warm visits: a calculator page's first live result against a bare Pyodide page, in headless Chromium.

    .venv/bin/python bench/warm_visit.py [PAIRS] [SITE_DIR] [OTHER_SITE_DIR]

Builds the site (or takes SITE_DIR), adds a bare page (``bench-bare/``: a
module worker that boots the site's own Pyodide with ``loadPyodide()`` and
runs one line of Python) and serves both like GitHub Pages (gzip for text
types and wasm, ``Cache-Control: max-age=600``; ``tests/sitehelpers.py``).

Two browser contexts, each primed by one visit (the calculator one by a visit
to the rate-check page, waiting until the background caching that visit starts
has finished, as a reader who moves on to the next page). Then PAIRS pairs
(default 9), alternating: open the next calculator page (rate-check,
stock-shortage, breach-risk, recovery, rakuten-points, order-report, in both
languages) and time it from navigation start to the first live result (the
form gets ``data-live``); open the bare page and time it to its Python answer.
Both times are taken inside the page (``performance.now()`` in a
MutationObserver added before the page's own scripts). It also prints one cold
visit of each for reference. The last line is the ratio of the medians
(target: at most 0.2).

With OTHER_SITE_DIR (e.g. a build without the change being measured), a third
primed context visits the same pages on that site, in the same rounds
(calculator, other, bare), so a change is measured against its baseline under
the same load: on a shared machine, runs minutes apart differ more than most
changes do.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from sitehelpers import CHROMIUM, CHROMIUM_ARGS, SiteServer, build_site  # noqa: E402

PAGES = [
    "calculators/stock-shortage/",
    "en/calculators/breach-risk/",
    "calculators/recovery/",
    "en/calculators/rakuten-points/",
    "calculators/order-report/",
    "en/calculators/rate-check/",
    "calculators/breach-risk/",
    "en/calculators/stock-shortage/",
]

# Records when anything on the page first gets data-live (the calculator form, or the bare page's body).
WATCH_LIVE = """(() => {
  const seen = () => {
    if (window.__live === undefined && document.querySelector("[data-live]")) window.__live = performance.now();
  };
  new MutationObserver(seen).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-live"] });
})();"""

# The start-up steps the page's runtime module records (calc-runtime.mjs), plus the navigation's own.
STEPS = """async () => {
  const runtime = await import(document.getElementById("cr-runtime-start").src);
  const nav = performance.getEntriesByType("navigation")[0];
  return { "HTML in": Math.round(nav.responseEnd), ...runtime.startupTimings(), "DOM ready": Math.round(nav.domContentLoadedEventEnd) };
}"""

BARE_HTML = """<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Bare Pyodide</title>
<body><p>Bare Pyodide: <output id="answer">…</output></p>
<script type="module" src="bare.mjs"></script></body></html>
"""
BARE_PAGE_JS = """const worker = new Worker(new URL("bare-worker.mjs", import.meta.url), { type: "module" });
worker.onmessage = ({ data }) => {
  document.getElementById("answer").textContent = data;
  document.body.dataset.live = "true";
};
"""
# Pyodide booted as its documentation shows; its lock without packages, as the site passes it (no
# lock file to fetch and parse: the baseline does no more than the site's own start does).
BARE_WORKER_JS = """import { loadPyodide } from "../runtime/INDEX/pyodide.mjs";
const pyodide = await loadPyodide({ lockFileContents: LOCK });
self.postMessage(String(pyodide.runPython("6 * 7")));
"""


def add_bare_page(site: Path) -> None:
    """The baseline: the site's own Pyodide, booted as its docs show, in a module worker."""
    manifest = json.loads((site / "runtime/manifest.json").read_text("utf-8"))
    bare = site / "bench-bare"
    bare.mkdir(exist_ok=True)
    (bare / "index.html").write_text(BARE_HTML, "utf-8")
    (bare / "bare.mjs").write_text(BARE_PAGE_JS, "utf-8")
    index = manifest.get("index", "").rstrip("/")
    worker = BARE_WORKER_JS.replace("runtime/INDEX/", f"runtime/{index}/" if index else "runtime/")
    worker = worker.replace("LOCK", json.dumps(manifest["lock"]) if "lock" in manifest else "undefined")
    (bare / "bare-worker.mjs").write_text(worker, "utf-8")


def live_ms(page, url: str) -> float:
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__live !== undefined", timeout=180_000, polling=50)
    return page.evaluate("() => window.__live")


def new_context(browser):
    context = browser.new_context()
    context.add_init_script(WATCH_LIVE)
    return context


def wait_offline_ready(page) -> str:
    """Until the background caching a calculator visit starts has finished; returns how it ended."""
    page.wait_for_function("() => document.documentElement.dataset.crOffline", timeout=300_000, polling=200)
    return page.evaluate("() => document.documentElement.dataset.crOffline")


def primed(browser, base: str):
    """A context that has visited one calculator page and waited for its background caching."""
    context = new_context(browser)
    page = context.new_page()
    live_ms(page, base + "calculators/rate-check/")
    # a live result after an input (a seller who used the calculator) is what asks for the offline copy
    page.fill('form[data-calculator] [name="orders"]', "41")
    offline = wait_offline_ready(page)
    if offline != "ready":
        raise SystemExit(f"the calculator page's offline copy ended {offline!r}, not 'ready'")
    return page


def run(site: Path, pairs: int, other: Path | None = None) -> None:
    add_bare_page(site)
    with contextlib.ExitStack() as stack, sync_playwright() as p:
        server = stack.enter_context(SiteServer(site, github_like=True))
        other_server = stack.enter_context(SiteServer(other, github_like=True)) if other else None
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        bare_url = server.base + "bench-bare/"

        cold = new_context(browser)
        cold_calc = live_ms(cold.new_page(), server.base + "calculators/rate-check/")
        cold.close()
        cold = new_context(browser)
        cold_bare = live_ms(cold.new_page(), bare_url)
        cold.close()

        calc_page = primed(browser, server.base)
        other_page = primed(browser, other_server.base) if other_server else None
        bare_page = new_context(browser).new_page()
        live_ms(bare_page, bare_url)

        calc, others, bare, boots, steps = [], [], [], [], []
        for i in range(pairs):
            calc.append(live_ms(calc_page, server.base + PAGES[i % len(PAGES)]))
            boots.append(calc_page.evaluate("() => document.documentElement.dataset.crBoot"))
            steps.append(calc_page.evaluate(STEPS))
            if other_page:
                others.append(live_ms(other_page, other_server.base + PAGES[i % len(PAGES)]))
            bare.append(live_ms(bare_page, bare_url))
        browser.close()

    def line(name: str, times: list[float]) -> str:
        return f"  {name}: median {statistics.median(times):.0f} ms  (all: {', '.join(f'{t:.0f}' for t in times)})"

    print(f"cold, for reference: calculator page {cold_calc:.0f} ms, bare Pyodide page {cold_bare:.0f} ms")
    print(
        f"warm, {pairs} alternating pairs (first live result, from navigation start; Python from: {', '.join(sorted(set(boots)))}):"
    )
    print(line("calculator pages", calc))
    if others:
        print(line("the other site's calculator pages", others))
    print(line("bare Pyodide page", bare))
    names = [name for name in steps[0] if all(name in step for step in steps)]
    print("  calculator pages, median time of each start-up step (ms from navigation start):")
    print("    " + ", ".join(f"{name} {statistics.median(step[name] for step in steps):.0f}" for name in names))
    print(f"ratio calculator/bare (medians): {statistics.median(calc) / statistics.median(bare):.2f}")
    if others:
        print(f"ratio other site/bare (medians): {statistics.median(others) / statistics.median(bare):.2f}")
        paired = [a / b for a, b in zip(calc, others, strict=True)]
        print(f"this site / other site, median of the per-round ratios: {statistics.median(paired):.2f}")


def main() -> None:
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    if len(sys.argv) > 2:
        run(Path(sys.argv[2]), pairs, Path(sys.argv[3]) if len(sys.argv) > 3 else None)
        return
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        result = build_site(site)
        if result.returncode:
            raise SystemExit(result.stderr)
        run(site, pairs)
        shutil.rmtree(site / "bench-bare", ignore_errors=True)


if __name__ == "__main__":
    main()
