"""Time from opening a calculator page to its first live result, in headless Chromium.

Builds the site, serves it under a sub-path on 127.0.0.1 (as GitHub project
pages are) and opens the page N times in fresh browser contexts (cold: no
HTTP cache), then N times in one context (warm: what the cache keeps; Python's
http.server sends no cache headers, GitHub Pages sends max-age=600). Prints
the medians. Run: .venv/bin/python bench/first_result.py [runs] [page path]
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

LIVE = "form[data-calculator][data-live]"


def first_result_ms(page, url: str) -> float:
    page.goto(url, wait_until="commit")
    page.wait_for_selector(LIVE, timeout=120_000)
    return page.evaluate("() => performance.now()")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    path = sys.argv[2] if len(sys.argv) > 2 else "calculators/rate-check/"
    with tempfile.TemporaryDirectory() as tmp:
        result = build_site(Path(tmp))
        if result.returncode:
            raise SystemExit(result.stderr)
        with SiteServer(Path(tmp)) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            url = server.base + path
            cold = []
            for _ in range(runs):
                context = browser.new_context()
                cold.append(first_result_ms(context.new_page(), url))
                context.close()
            context = browser.new_context()
            page = context.new_page()
            first_result_ms(page, url)
            warm = [first_result_ms(page, url) for _ in range(runs)]
            browser.close()
    print(f"{path}: first live result, median of {runs}")
    print(f"  cold (new context): {statistics.median(cold):.0f} ms  (all: {', '.join(f'{t:.0f}' for t in cold)})")
    print(f"  warm (same context): {statistics.median(warm):.0f} ms  (all: {', '.join(f'{t:.0f}' for t in warm)})")


if __name__ == "__main__":
    main()
