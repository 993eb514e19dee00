"""The site's search on the queries sellers type: where the right page ranks, bytes, start-up time.

    .venv/bin/python bench/search.py [SITE_DIR] [WIDTH]

Builds the site (or takes SITE_DIR: an older build, e.g. one with Material's
lunr search, to compare) and serves it like GitHub Pages (gzip,
tests/sitehelpers.py). For each language, in a fresh headless Chromium
context at WIDTH px (default 390, a phone): opens the home page, opens the
search box and types the first query (the value, then a key, so that
Material's lunr search, which reads the query on keyup, gets it too); prints
the time from opening the box to the first answer and the bytes the server
sent for search since the page was asked for (as served, gzip: the search
index, its scripts and WebAssembly, and Material's search worker). Then types every query of
tests/browser/test_search.py's lists and prints the rank (1-5, or "-") of the
page a seller wants, and the count of queries whose page is in the first five.
Last, on the Japanese site, the English queries: the first three results of
each (a Japanese page where one holds the words, else the English fallback).
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from playwright.sync_api import sync_playwright  # noqa: E402
from sitehelpers import CHROMIUM, CHROMIUM_ARGS, SUB_PATH, SiteServer, build_site  # noqa: E402
from test_search import EN, JA  # noqa: E402

SEARCH_FILE = re.compile(r"/(search/|pagefind/|assets/javascripts/(lunr|workers)/|assets/js/search\.mjs)")
LINKS = ".md-search-result__item > a.md-search-result__link"
ANSWERED = """() => {
  const meta = document.querySelector(".md-search-result__meta")?.textContent ?? "";
  const none = JSON.parse(document.getElementById("__config").textContent).translations["search.result.none"];
  return /\\d/.test(meta) || meta.trim() === none;
}"""
WAIT_S = 1.5  # after a query: lunr has no sign of "answered" besides the list changing


def ask(page, query: str) -> None:
    page.fill(".md-search__input", query)
    page.press(".md-search__input", "End")


def ranks(page, queries) -> list[str]:
    out = []
    for query, best in queries:
        ask(page, "")
        ask(page, query)
        time.sleep(WAIT_S)
        paths = page.eval_on_selector_all(LINKS, "els => els.map(a => new URL(a.href).pathname)")
        rank = paths[:5].index(SUB_PATH + best) + 1 if SUB_PATH + best in paths[:5] else "-"
        out.append(f"{query}: {rank}")
    return out


def firsts(page, queries) -> list[str]:
    out = []
    for query, _ in queries:
        ask(page, "")
        ask(page, query)
        time.sleep(WAIT_S)
        paths = page.eval_on_selector_all(LINKS, "els => els.map(a => new URL(a.href).pathname)")
        out.append(f"{query}: {', '.join(p.removeprefix(SUB_PATH) or '/' for p in paths[:3]) or '-'}")
    return out


def run(site: Path, width: int) -> None:
    with SiteServer(site, github_like=True) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for prefix, queries in (("", JA), ("en/", EN)):
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            sent_before = len(server.sent)  # lunr fetches its index with the page, Pagefind once the box opens
            page.goto(server.base + prefix)
            page.wait_for_load_state("networkidle")
            start = time.time()
            if width < 960:
                page.click("label.md-header__button[for=__search]")
            else:
                page.click(".md-search__input")
            ask(page, queries[0][0])
            try:  # answered: a count of results, or the "no results" text (Material's translations)
                page.wait_for_function(ANSWERED, timeout=15_000, polling=20)
                first = f"{time.time() - start:.2f} s"
            except Exception:
                first = "none in 15 s"
            page.wait_for_load_state("networkidle")
            sent = [(path, n) for _, path, n in server.sent[sent_before:] if SEARCH_FILE.search(path)]
            found = ranks(page, queries)
            hits = sum(not line.endswith("-") for line in found)
            print(
                f"{prefix or 'ja/'}  first answer {first} after opening the box; "
                f"{sum(n for _, n in sent) / 1000:.0f} kB sent in {len(sent)} files; "
                f"{hits}/{len(queries)} queries find their page in the first five"
            )
            print("   ", "; ".join(found))
            if not prefix:
                print("    English queries on the Japanese site:", "; ".join(firsts(page, EN)))
            context.close()
        browser.close()


def main() -> None:
    width = int(sys.argv[2]) if len(sys.argv) > 2 else 390
    if len(sys.argv) > 1 and sys.argv[1] != "-":
        run(Path(sys.argv[1]), width)
        return
    with tempfile.TemporaryDirectory() as tmp:
        result = build_site(Path(tmp) / "site")
        if result.returncode != 0:
            sys.exit(result.stderr)
        run(Path(tmp) / "site", width)


if __name__ == "__main__":
    main()
