"""Does starting Python early pay? The calculator page as built against two variants, cold and warm.

    .venv/bin/python bench/early_start.py [RUNS] [RATE] [SITE_DIR]

Variants, each a copy of the built site (or SITE_DIR) on its own server, served
like GitHub Pages (tests/sitehelpers.py):

- "as built": the page's <head> loads calc-runtime.mjs as an async module,
  which starts the worker as soon as it runs;
- "late start": the same module moved to the end of <body>, not async (it runs
  once the document is parsed, where calculators.mjs runs: how the site started
  Python before);
- "preload": as built, plus <link rel="preload" as="fetch"> for the big runtime
  files (pyodide.asm.wasm, python_stdlib.zip) in the <head>, so their download
  starts with the page.

Cold: a fresh browser context per run, the line limited to RATE bytes a second
(default 2,000,000; 0 for no limit). Warm: one context per variant, primed by
a visit and its offline copy, no limit. RUNS rounds (default 5), alternating
the variants; prints the medians of the first live result.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from playwright.sync_api import sync_playwright  # noqa: E402
from runtime_site import refresh_service_worker  # noqa: E402
from sitehelpers import CHROMIUM, CHROMIUM_ARGS, SiteServer, build_site  # noqa: E402
from warm_visit import PAGES, live_ms, new_context, wait_offline_ready  # noqa: E402

START = re.compile(r'<script type="module" async id="cr-runtime-start" src="([^"]+)"></script>')


def variant(site: Path, target: Path, name: str) -> Path:
    shutil.copytree(site, target)
    manifest = json.loads((site / "runtime" / "manifest.json").read_text("utf-8"))
    for page in target.rglob("*.html"):
        html = page.read_text("utf-8")
        found = START.search(html)
        if not found:
            continue
        if name == "late start":
            html = html.replace(found[0], "")
            html = html.replace(
                "</body>", f'<script type="module" id="cr-runtime-start" src="{found[1]}"></script></body>'
            )
        elif name == "preload":
            root = found[1].split("assets/js/")[0]
            links = "".join(
                f'<link rel="preload" as="fetch" crossorigin href="{root}runtime/{manifest["index"]}{file}">'
                for file in ("pyodide.asm.wasm", "python_stdlib.zip")
            )
            html = html.replace(found[0], found[0] + links)
        page.write_text(html, "utf-8")
    refresh_service_worker(target)
    return target


def run(site: Path, runs: int, rate: int, tmp: Path) -> None:
    names = ["as built", "late start", "preload"]
    sites = {name: variant(site, tmp / name.replace(" ", "-"), name) for name in names}
    servers = {name: SiteServer(path, github_like=True) for name, path in sites.items()}
    for server in servers.values():
        server.__enter__()
    cold = {name: [] for name in names}
    warm = {name: [] for name in names}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(runs):
                for name in names:
                    servers[name].rate = rate or None
                    context = new_context(browser)
                    cold[name].append(live_ms(context.new_page(), servers[name].base + "calculators/rate-check/"))
                    context.close()
                    servers[name].rate = None
            pages = {}
            for name in names:
                context = new_context(browser)
                pages[name] = context.new_page()
                live_ms(pages[name], servers[name].base + "calculators/rate-check/")
                pages[name].fill('form[data-calculator] [name="orders"]', "41")  # used: the copy is asked for
                wait_offline_ready(pages[name])
            for i in range(runs):
                for name in names:
                    warm[name].append(live_ms(pages[name], servers[name].base + PAGES[i % len(PAGES)]))
            browser.close()
    finally:
        for server in servers.values():
            server.close()
    line = f"{rate / 1e6:.1f} MB/s" if rate else "no limit"
    print(f"first live result, median of {runs} (ms from navigation start):")
    for name in names:
        print(f"  {name}: cold ({line}) {statistics.median(cold[name]):.0f}, warm {statistics.median(warm[name]):.0f}")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rate = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000_000
    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 3:
            site = Path(sys.argv[3])
        else:
            site = Path(tmp) / "site"
            result = build_site(site)
            if result.returncode:
                raise SystemExit(result.stderr)
        run(site, runs, rate, Path(tmp))


if __name__ == "__main__":
    main()
