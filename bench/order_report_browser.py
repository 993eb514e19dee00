"""Times order_report in headless Chromium on the built site, from "file chosen" to "results shown".

    .venv/bin/python bench/order_report_browser.py [SITE_DIR] [REPORT_FILE] [RUNS]

Serves SITE_DIR (default: builds the site into a temporary folder) under the
project-pages sub-path with tests/sitehelpers.py, opens the order-report page in
Debian's Chromium (Playwright), and for each run chooses REPORT_FILE through
the real file input. Time is measured in the page: from the form's ``input``
event (capture phase, before the glue reacts) to the moment the ``orders``
output gets its new value. ``max_main_thread_gap_ms`` is the longest gap
between 10 ms timer ticks on the page during the run: it shows whether the page
stayed responsive while the worker computed.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, build_site  # noqa: E402
from sitehelpers import SiteServer  # noqa: E402

FORM = 'form[data-calculator="order_report"]'
WAIT_MS = int(os.environ.get("BENCH_WAIT_MS", "0"))

SETUP = """(form) => {
  const f = document.querySelector(form);
  f.addEventListener("input", () => {
    window.__t0 = performance.now();
    window.__gap = 0;
    let last = performance.now();
    clearInterval(window.__tick);
    window.__tick = setInterval(() => {
      const now = performance.now();
      window.__gap = Math.max(window.__gap, now - last);
      last = now;
    }, 10);
  }, { capture: true });
  const out = f.querySelector('[data-output="orders"]');
  new MutationObserver(() => {
    if (out.dataset.value === "pending") return;
    window.__t1 = performance.now();
    clearInterval(window.__tick);
  }).observe(out, { attributes: true, attributeFilter: ["data-value"] });
}"""


def main() -> None:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    report = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "build/bench/all-orders-100k.txt"
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    if not report.exists():
        sys.exit(f"{report} is missing: run python bench/order_report.py first")
    tmp = None
    if site is None:
        tmp = tempfile.TemporaryDirectory()
        site = Path(tmp.name)
        result = build_site(site)
        if result.returncode != 0:
            sys.exit(result.stderr)
    from playwright.sync_api import sync_playwright

    times, gaps = [], []
    with SiteServer(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(120_000)
        page.goto(server.base + "calculators/order-report/")
        page.wait_for_selector(f'{FORM}[data-calculator-status="ready"]')
        page.evaluate(SETUP, FORM)
        page.wait_for_timeout(WAIT_MS)  # a visitor takes a moment to pick the file
        for _ in range(runs):
            page.evaluate(
                "(form) => { window.__t1 = null; "
                "document.querySelector(`${form} [data-output=orders]`).dataset.value = 'pending'; }",
                FORM,
            )
            page.set_input_files(f'{FORM} input[name="report"]', str(report))
            page.wait_for_function("() => window.__t1 !== null")
            times.append(page.evaluate("() => window.__t1 - window.__t0"))
            gaps.append(page.evaluate("() => window.__gap"))
            orders = json.loads(page.get_attribute(f'{FORM} [data-output="orders"]', "data-value"))
            # clear the input (back to "choose a file") so that choosing the same file again is a change
            page.set_input_files(f'{FORM} input[name="report"]', [])
            page.wait_for_function(
                "(form) => document.querySelector(`${form} [data-output=orders]`).dataset.value === 'null'", arg=FORM
            )
        browser.close()
    if tmp:
        tmp.cleanup()
    print(
        json.dumps(
            {
                "file_bytes": report.stat().st_size,
                "orders": orders,
                "runs": runs,
                "median_ms": round(statistics.median(times)),
                "all_ms": [round(t) for t in times],
                "max_main_thread_gap_ms": round(max(gaps)),
            }
        )
    )


if __name__ == "__main__":
    main()
