"""One visit to a calculator page, then no network: every page, search and every calculator still work.

The site is served like GitHub Pages, under the Content-Security-Policy the
site will ship. After the visit (and the offline copy it starts once the
seller has used its calculator) the browser goes offline and the server stops for good.
"""

import time

import pytest
from runtime_site import (
    CALCULATOR_PAGES,
    boot,
    check_calculator_live,
    copy_site,
    in_calc_worker,
    live_at,
    manifest,
    new_context,
    serve,
    violations,
    wait_live,
    wait_offline_copy,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(built_site, tmp_path_factory):
    return copy_site(built_site, tmp_path_factory.mktemp("offline") / "site")


def test_one_visit_then_the_whole_site_works_offline(chromium, site):
    runtime = manifest(site)
    pages = sorted(
        p.relative_to(site).as_posix()[: -len("index.html")]
        for p in site.rglob("index.html")
        if "runtime" not in p.parts
    )
    assert len(pages) > 30
    with serve(site) as server:
        context = new_context(chromium)
        page = context.new_page()
        page.goto(server.base + "calculators/rate-check/")
        wait_live(page)
        assert boot(page) == "plain"  # a first visit: nothing cached yet
        page.wait_for_timeout(2500)  # idle time: a live result the seller did not ask for keeps nothing
        kept = (runtime["snapshot"], "/sw.js", "/en/glossary/")
        assert not [p for p in server.requested if p.endswith(kept)]
        used = time.time()
        assert wait_offline_copy(page) == "ready"  # the seller types: now the copy is worth keeping
        # the memory snapshot (only good for later visits) and the offline copy of the pages were
        # asked for after the seller used the calculator
        assert live_at(page) < used
        later = [(t, p) for t, p, _ in server.sent if p.endswith(kept)]
        assert len(later) == 3 and all(t > used for t, _ in later), (used, later)
        # Pyodide's WebAssembly came over the wire once: the service worker kept the page's download
        wasm = runtime["index"] + "pyodide.asm.wasm"
        assert sum(1 for _, p, n in server.sent if p.endswith(wasm) and n > 0) == 1
        context.set_offline(True)
        server.close()
        # and nothing from the HTTP cache either (max-age=600 would keep recent files): only the offline copy
        cdp = context.new_cdp_session(page)
        cdp.send("Network.clearBrowserCache")
        cdp.detach()

    # every page, in both languages
    for path in pages:
        response = page.goto(server.base + path)
        assert response is not None and response.ok, path
        assert page.locator("article h1").first.inner_text().strip(), path

    # search (Pagefind's script, WebAssembly and index, all from the offline copy)
    for prefix, query, best in [
        ("", "改善計画書", "calculators/plan-of-action/"),
        ("en/", "defect", "en/policies/ebay/"),
    ]:
        page.goto(server.base + prefix)
        page.click(".md-search__input")
        page.fill(".md-search__input", query)
        page.locator(".md-search-result__item a").first.wait_for()
        first = page.eval_on_selector(".md-search-result__item a", "a => a.href")
        assert first.startswith(server.base + best), (query, first)

    # every calculator, live, from the snapshot (both languages in turn); order_report on a chosen file
    for i, (calculator, path) in enumerate(CALCULATOR_PAGES.items()):
        lang = "en" if i % 2 else "ja"
        page.goto(server.base + ("en/" if lang == "en" else "") + path)
        check_calculator_live(page, calculator, lang)
        assert boot(page) == "snapshot", calculator
        # and the worker holding the seller's numbers cannot reach the network
        attempt = "(async () => { try { await fetch('leak'); return 'sent' } catch (e) { return String(e) } })()"
        assert "switched off" in in_calc_worker(page, attempt)
    assert violations(page) == []
    context.close()


def test_pages_without_a_calculator_fetch_none_of_the_runtime(chromium, site):
    with serve(site) as server:
        context = new_context(chromium)
        page = context.new_page()
        for path in ["", "en/", "policies/amazon-jp/", "en/glossary/"]:
            page.goto(server.base + path)
            page.wait_for_load_state("networkidle")
        time.sleep(2)  # idle time, in which a calculator page would start its offline copy
        assert [p for p in server.requested if "/runtime/" in p or p.endswith(("sw.js", "calc-runtime.mjs"))] == []
        assert page.evaluate("() => navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
        context.close()


def test_a_browser_saving_data_downloads_nothing_for_later(chromium, site):
    """Under Save-Data a calculator costs what it uses: no snapshot, no offline copy, no service worker."""
    runtime = manifest(site)
    with serve(site) as server:
        context = new_context(chromium)
        context.add_init_script(
            "Object.defineProperty(Navigator.prototype, 'connection', {get: () => ({saveData: true})})"
        )
        page = context.new_page()
        page.goto(server.base + "en/calculators/breach-risk/")
        wait_live(page)
        assert wait_offline_copy(page) == "save-data"
        page.goto(server.base + "calculators/recovery/")
        check_calculator_live(page, "recovery", "ja")
        assert boot(page) == "plain"
        page.wait_for_timeout(2000)
        assert not [p for p in server.requested if p.endswith((runtime["snapshot"], "/sw.js", "/en/glossary/"))]
        assert page.evaluate("() => navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
        context.close()
