"""The built site's offline parts: the service worker's list of this build, and versioned links to our own assets."""

import hashlib
import json
import re

from sitehelpers import ROOT


def service_worker_build(site):
    text = (site / "sw.js").read_text("utf-8")
    build = json.loads(re.search(r"^const BUILD = (\{.*\});$", text, re.M)[1])
    code = (ROOT / "docs/assets/js/sw.js").read_text("utf-8")
    assert text.endswith(code)  # the worker's code is the source's, after this build's list
    return build


def test_the_service_worker_lists_this_builds_pages_search_and_assets(built_site):
    build = service_worker_build(built_site)
    files = build["files"]
    pages = {
        p.relative_to(built_site).as_posix()[: -len("index.html")]
        for p in built_site.rglob("index.html")
        if "runtime" not in p.parts
    }
    assert pages and pages <= set(files)  # every page, in both languages
    assert "en/calculators/order-report/" in files and "" in files and "404.html" in files
    needed_files = (
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
        "assets/js/search.mjs",
        "assets/js/calculators.mjs",
    )
    for needed in (*needed_files, "assets/js/calc-link.mjs"):
        assert needed in files
    # the search index (written after the pages, before this list): every file of it
    index = {p.relative_to(built_site).as_posix() for p in (built_site / "pagefind").rglob("*") if p.is_file()}
    assert len(index) > 20 and index <= set(files)
    assert not [f for f in files if f.startswith("runtime/") or f.endswith(".map") or f == "sw.js"]
    for url, revision in files.items():
        path = built_site / (url + "index.html" if url == "" or url.endswith("/") else url)
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:12] == revision, url
    assert build["runtime"] == json.loads((built_site / "runtime/manifest.json").read_text("utf-8"))
    assert build["immutable"] and all(re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", u) for u in build["immutable"])
    assert not (built_site / "assets/js/sw.js").exists()  # served from the root only (its scope is the site)


def test_links_to_our_own_css_and_javascript_carry_their_revision(built_site):
    files = service_worker_build(built_site)["files"]
    # 404.html links them from the site's path (it is served at any depth): those carry it too
    for page in ("index.html", "en/calculators/breach-risk/index.html", "404.html"):
        html = (built_site / page).read_text("utf-8")
        links = re.findall(
            r'(?:src|href)="(?:/[\w.-]+)*/?(?:\.\./)*(assets/(?:css|js)/[\w.-]+)\?v=([0-9a-f]{12})"', html
        )
        own = {"assets/css/handbook.css", "assets/js/calculators.mjs", "assets/js/calc-link.mjs"}
        assert {name for name, _ in links} >= own, page
        for name, revision in links:
            assert files[name] == revision, (page, name)
        assert not re.search(r'(?:src|href)="(?:/[\w.-]+)*/?(?:\.\./)*assets/(?:css|js)/[\w.-]+"', html), page


def test_every_page_sends_no_referrer(built_site):
    """A seller who follows a link to a source tells it nothing about the page they came from."""
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text("utf-8")
        assert html.count('<meta name="referrer" content="no-referrer">') == 1, page
