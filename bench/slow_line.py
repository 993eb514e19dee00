"""A first visit on a slow line: the progress line, and the first live result at the end of it.

    .venv/bin/python bench/slow_line.py [RATE] [SITE_DIR]

Builds the site (or takes SITE_DIR), serves it like GitHub Pages with every
response sharing one line of RATE bytes a second (default 50,000: 50 KB/s;
tests/sitehelpers.py) and opens the rate-check page in a fresh headless
Chromium context. Prints every status text the form showed, with the time it
appeared, and the time of the first live result. At 50 KB/s the runtime's
6.4 MB take a little over two minutes: the start must end live, not in the
"connection dropped or stalled" message (the stall check fires only after
30 s without a single byte).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from sitehelpers import CHROMIUM, CHROMIUM_ARGS, SiteServer, build_site  # noqa: E402

RECORD = """
window.__statuses = [];
new MutationObserver(() => {
  const text = document.querySelector("[data-status]")?.textContent;
  if (text && text !== window.__statuses.at(-1)?.[1]) window.__statuses.push([performance.now(), text]);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def run(site: Path, rate: int) -> None:
    with SiteServer(site, github_like=True, rate=rate) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_init_script(RECORD)
        page = context.new_page()
        page.goto(server.base + "en/calculators/rate-check/", timeout=600_000)
        page.wait_for_selector(
            'form[data-calculator][data-live], form[data-calculator][data-calculator-status="error"]', timeout=900_000
        )
        live = page.get_attribute("form[data-calculator]", "data-live") is not None
        ended = page.evaluate("() => performance.now()")
        statuses = page.evaluate("() => window.__statuses")
        server.rate = None
        browser.close()
    shown = [(t, text) for t, text in statuses if "Loading Python" not in text]
    progress = [(t, text) for t, text in statuses if "Loading Python" in text]
    print(f"line: {rate / 1000:.0f} KB/s")
    for t, text in shown[:2]:
        print(f"  {t / 1000:6.1f} s  {text}")
    for t, text in progress[:: max(1, len(progress) // 8)] + progress[-1:]:
        print(f"  {t / 1000:6.1f} s  {text}")
    for t, text in shown[2:]:
        print(f"  {t / 1000:6.1f} s  {text}")
    print(f"{'first live result' if live else 'failed'} after {ended / 1000:.1f} s")


def main() -> None:
    rate = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    if len(sys.argv) > 2:
        run(Path(sys.argv[2]), rate)
        return
    with tempfile.TemporaryDirectory() as tmp:
        result = build_site(Path(tmp) / "site")
        if result.returncode:
            raise SystemExit(result.stderr)
        run(Path(tmp) / "site", rate)


if __name__ == "__main__":
    main()
