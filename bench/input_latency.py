"""Input to answer: from a seller's keystroke to the calculator's outputs changed, measured in the page.

    .venv/bin/python bench/input_latency.py [RUNS] [SITE_DIR]

Builds the site (or takes SITE_DIR), serves it like GitHub Pages
(tests/sitehelpers.py), opens each calculator page in headless Chromium once
Python is live there, and types RUNS (default 40) different values into one
field, one after the other. Each time is taken inside the page: from the
``input`` event (its timeStamp, in a capture listener before the glue reacts)
to the moment the outputs' ``data-value`` changed (a MutationObserver). Prints
the median and 90th percentile per case. Targets: rate_check at most 16 ms,
breach_risk at most 50 ms (medians).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from sitehelpers import CHROMIUM, CHROMIUM_ARGS, SiteServer, build_site  # noqa: E402

# (label, page, field, values typed in turn; other fields keep the page's example values)
CASES = [
    ("rate_check", "calculators/rate-check/", "orders", [str(40 + i) for i in range(200)]),
    ("breach_risk (example scale)", "calculators/breach-risk/", "daily_orders", [str(3 + i) for i in range(200)]),
    (
        "breach_risk (1,000 orders a day)",
        "calculators/breach-risk/",
        "daily_orders",
        [str(1000 + i) for i in range(200)],
    ),
]

WATCH = """(field) => {
  const form = document.querySelector("form[data-calculator][data-live]");
  window.__times = [];
  form.addEventListener("input", (event) => { window.__t0 = event.timeStamp; }, { capture: true });
  new MutationObserver(() => {
    if (window.__t0 === null) return;
    window.__times.push(performance.now() - window.__t0);
    window.__t0 = null;
  }).observe(form.querySelector("[data-output]"), { attributes: true, attributeFilter: ["data-value"] });
  window.__t0 = null;
}"""


def run(site: Path, runs: int) -> None:
    results = []
    with SiteServer(site, github_like=True) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context().new_page()
        for label, path, field, values in CASES:
            page.goto(server.base + path)
            page.wait_for_selector("form[data-calculator][data-live]", timeout=180_000)
            page.evaluate(WATCH, field)
            selector = f'form[data-calculator] [name="{field}"]'
            for i, value in enumerate(values[: runs + 3]):
                page.fill(selector, value)
                page.wait_for_function("(n) => window.__times.length >= n", arg=i + 1, polling=10)
            times = page.evaluate("() => window.__times")[3:]  # the first few warm the page up
            results.append((label, times))
        browser.close()
    for label, times in results:
        p90 = statistics.quantiles(times, n=10)[-1]
        print(f"{label}: median {statistics.median(times):.1f} ms, 90th percentile {p90:.1f} ms ({len(times)} inputs)")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    if len(sys.argv) > 2:
        run(Path(sys.argv[2]), runs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        result = build_site(Path(tmp) / "site")
        if result.returncode:
            raise SystemExit(result.stderr)
        run(Path(tmp) / "site", runs)


if __name__ == "__main__":
    main()
