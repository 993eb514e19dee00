"""What a first visit downloads: before the first live result, and afterwards in the background.

    .venv/bin/python bench/first_visit.py [SITE_DIR] [PAGE]

Builds the site (or takes SITE_DIR, e.g. an older build to compare with),
serves it like GitHub Pages (gzip for text types and wasm, max-age=600;
tests/sitehelpers.py) and opens PAGE (default calculators/rate-check/) in a
fresh headless Chromium context. The server counts every body it sends
(compressed, as served): the bytes of requests made before the first live
result (the form gets data-live), split into the runtime (runtime/) and the
rest; the bytes fetched in the next 3 s of idle time (none: nothing is kept for
later until the seller uses the calculator); then it types into the form and
counts the bytes fetched for the offline copy and the snapshot (until
<html data-cr-offline> is set). Then it opens two pages without a calculator in
another fresh context and prints how much of the runtime they fetched (should
be none). Target: no more before the first live result than the site before
the offline copy (about 5.7 MB), and nothing of the runtime elsewhere.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from sitehelpers import CHROMIUM, CHROMIUM_ARGS, SiteServer, build_site  # noqa: E402

MB = 1e6
# When the first live result appears, on the wall clock (Date.now(), like the server's time.time()).
LIVE_AT = """new MutationObserver(() => {
  if (!window.__liveAt && document.querySelector("form[data-calculator][data-live]")) window.__liveAt = Date.now();
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-live"] });"""


def split(sent, since: float, until: float) -> tuple[int, int]:
    runtime = sum(n for t, path, n in sent if since <= t <= until and "/runtime/" in path)
    other = sum(n for t, path, n in sent if since <= t <= until and "/runtime/" not in path)
    return runtime, other


def run(site: Path, page_path: str) -> None:
    with SiteServer(site, github_like=True) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_init_script(LIVE_AT)
        page = context.new_page()
        start = time.time()
        page.goto(server.base + page_path)
        page.wait_for_function("() => window.__liveAt", timeout=300_000, polling=50)
        live = page.evaluate("() => window.__liveAt") / 1000  # the wall clock, as the server's
        before = split(server.sent, start, live)
        time.sleep(3)
        idle = split(server.sent, live + 1e-6, time.time())
        used = time.time()
        page.evaluate(
            "() => document.querySelector('form[data-calculator]').dispatchEvent(new Event('input', {bubbles: true}))"
        )
        try:
            page.wait_for_function("() => document.documentElement.dataset.crOffline", timeout=300_000, polling=200)
            offline = page.evaluate("() => document.documentElement.dataset.crOffline")
        except Exception:  # a site without an offline copy
            offline = "none"
        time.sleep(1)
        after = split(server.sent, used, time.time())
        context.close()

        context = browser.new_context()
        page = context.new_page()
        mark = time.time()
        for path in ["", "en/policies/amazon-jp/"]:
            page.goto(server.base + path)
            page.wait_for_load_state("networkidle")
        time.sleep(3)
        elsewhere = split(server.sent, mark, time.time())
        browser.close()

    print(f"{page_path}, first visit, as served (compressed):")
    print(
        f"  before the first live result: {sum(before) / MB:.2f} MB (runtime {before[0] / MB:.2f} MB, pages and assets {before[1] / MB:.2f} MB)"
    )
    print(f"  in the 3 s after it, untouched: {sum(idle) / MB:.2f} MB")
    print(
        f"  once the seller typed, for the offline copy ({offline}): {sum(after) / MB:.2f} MB (runtime {after[0] / MB:.2f} MB)"
    )
    print(
        f"two pages without a calculator: runtime {elsewhere[0] / MB:.2f} MB, pages and assets {elsewhere[1] / MB:.2f} MB"
    )


def main() -> None:
    page_path = sys.argv[2] if len(sys.argv) > 2 else "calculators/rate-check/"
    if len(sys.argv) > 1 and sys.argv[1]:
        run(Path(sys.argv[1]), page_path)
        return
    with tempfile.TemporaryDirectory() as tmp:
        result = build_site(Path(tmp) / "site")
        if result.returncode:
            raise SystemExit(result.stderr)
        run(Path(tmp) / "site", page_path)


if __name__ == "__main__":
    main()
