"""What reading a page with a calculator below its text costs, without touching the form.

    .venv/bin/python bench/reading_cost.py [SITE_DIR] [PAGE ...]

Builds the site (or takes SITE_DIR), serves it like GitHub Pages (gzip for
text types and wasm, ``max-age=600``; tests/sitehelpers.py) and, for each PAGE
(default: the first-aid page in both languages), opens it in a fresh headless
Chromium context at phone size (390 x 800), scrolls to its end in half-screen
steps, waits 5 s for anything started in idle time, and prints the bytes the
server sent (as served, compressed), split into the runtime (``runtime/``) and
the rest, and the largest files. Target (issue 22): at most 1.5 MB per page,
none of it runtime.
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
PAGES = ["first-aid/", "en/first-aid/"]
READ_TO_THE_END = """async () => {
    for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    scrollTo(0, document.body.scrollHeight);
}"""


def run(site: Path, pages: list[str]) -> None:
    with SiteServer(site, github_like=True) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in pages:
            context = browser.new_context(viewport={"width": 390, "height": 800})
            page = context.new_page()
            mark = time.time()
            page.goto(server.base + path)
            page.wait_for_load_state("networkidle")
            page.evaluate(READ_TO_THE_END)
            time.sleep(5)
            sent = [(name, n) for t, name, n in server.sent if t >= mark]
            context.close()
            runtime = sum(n for name, n in sent if "/runtime/" in name)
            total = sum(n for _, n in sent)
            print(f"{path}: {total / MB:.2f} MB read to the end (runtime {runtime / MB:.2f} MB, {len(sent)} files)")
            for name, n in sorted(sent, key=lambda item: -item[1])[:5]:
                print(f"    {n / 1e3:8.1f} kB  {name}")
        browser.close()


def main() -> None:
    pages = sys.argv[2:] or PAGES
    if len(sys.argv) > 1 and sys.argv[1]:
        run(Path(sys.argv[1]), pages)
        return
    with tempfile.TemporaryDirectory() as tmp:
        result = build_site(Path(tmp) / "site")
        if result.returncode:
            raise SystemExit(result.stderr)
        run(Path(tmp) / "site", pages)


if __name__ == "__main__":
    main()
