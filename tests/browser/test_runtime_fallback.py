"""The fast start depends on a private Pyodide API; anything wrong with it, and Python boots plainly by itself.

Browsers without service workers, or with site data blocked, get what the site
did before the offline copy: a plain start on every visit, working calculators.
"""

import gzip
import hashlib
import json
import os
import secrets

import pytest
from runtime_site import (
    CACHED_RUNTIME,
    boot,
    check_calculator_live,
    copy_site,
    manifest,
    new_context,
    refresh_service_worker,
    serve,
    violations,
    wait_live,
    wait_offline_copy,
)
from sitehelpers import CHROMIUM, CHROMIUM_ARGS

from handbook_site.snapshot import expand, sparse

pytestmark = pytest.mark.browser


def break_snapshot(site, how: str) -> None:
    """Replace the build's snapshot (same URL) by one that cannot work.

    "another Pyodide build": as if the build itself had shipped it (the manifest's SHA-256 is the broken
    file's), so the service worker keeps it and the start from it fails in Pyodide; "not even gzip": the
    manifest still names the real file, so the service worker never keeps it."""
    path = site / "runtime" / manifest(site)["snapshot"]
    if how == "another Pyodide build":
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        memory = bytearray(expand(gzip.decompress(path.read_bytes())))
        memory[16:20] = b"\x00\x11\x22\x33"  # the build id in Pyodide's snapshot header
        path.write_bytes(gzip.compress(sparse(bytes(memory)), 1))
        after = hashlib.sha256(path.read_bytes()).hexdigest()
        for page in [*site.rglob("*.html"), site / "runtime" / "manifest.json", site / "sw.js"]:
            page.write_text(page.read_text("utf-8").replace(before, after), "utf-8")
        refresh_service_worker(site)
    else:  # "not even gzip": the offline copy cannot keep it at all
        path.write_bytes(secrets.token_bytes(1 << 16))


@pytest.mark.parametrize("how", ["another Pyodide build", "not even gzip"])
def test_a_broken_snapshot_falls_back_to_a_plain_start(chromium, built_site, tmp_path, how):
    site = copy_site(built_site, tmp_path / "site")
    break_snapshot(site, how)
    snapshot = manifest(site)["snapshot"]
    with serve(site) as server:
        context = new_context(chromium)
        page = context.new_page()
        warnings = []
        page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
        page.goto(server.base + "calculators/rate-check/")
        wait_live(page)
        # a snapshot that is not the build's is left out of the offline copy; the rest is kept
        assert wait_offline_copy(page) == "ready"

        # the next page tries the snapshot (when the offline copy could keep it), fails, starts plainly
        page.goto(server.base + "en/calculators/stock-shortage/")
        check_calculator_live(page, "stock_shortage", "en")
        assert boot(page) == "plain"
        tried = [w for w in warnings if "did not start from the memory snapshot" in w]
        assert len(tried) == (0 if how == "not even gzip" else 1), warnings

        # the broken snapshot is dropped and not fetched again
        cached = page.evaluate(CACHED_RUNTIME)
        assert not any(url.endswith(snapshot) for url in cached)
        page.goto(server.base + "calculators/breach-risk/")
        check_calculator_live(page, "breach_risk", "ja")
        assert boot(page) == "plain"
        assert len([w for w in warnings if "did not start from the memory snapshot" in w]) == len(tried)
        if how != "not even gzip":
            assert sum(path.endswith(snapshot) for path in server.requested) == 1
        assert violations(page) == []
        context.close()


def test_a_browser_without_service_workers_starts_plainly_every_time(chromium, built_site, tmp_path):
    site = copy_site(built_site, tmp_path / "site")
    with serve(site) as server:
        context = new_context(chromium)
        context.add_init_script("delete Navigator.prototype.serviceWorker")
        page = context.new_page()
        for path, calculator, lang in [
            ("calculators/rate-check/", "rate_check", "ja"),
            ("en/calculators/recovery/", "recovery", "en"),
        ]:
            page.goto(server.base + path)
            check_calculator_live(page, calculator, lang)
            assert boot(page) == "plain"
            assert wait_offline_copy(page) == "unavailable"
        assert not any(p.endswith("sw.js") for p in server.requested)
        context.close()


def test_site_data_blocked_starts_plainly_every_time(chromium, built_site, tmp_path):
    """'Block all cookies': no Cache Storage, no service worker, no localStorage, in the page and its worker."""
    site = copy_site(built_site, tmp_path / "site")
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    prefs = {"profile": {"default_content_setting_values": {"cookies": 2}}}
    (profile / "Default" / "Preferences").write_text(json.dumps(prefs), "utf-8")
    with serve(site) as server:
        context = chromium.browser_type.launch_persistent_context(
            os.fspath(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            page = context.new_page()
            for path, calculator, lang in [
                ("calculators/rakuten-points/", "rakuten_points", "ja"),
                ("en/calculators/rate-check/", "rate_check", "en"),
            ]:
                page.goto(server.base + path)
                check_calculator_live(page, calculator, lang)
                assert boot(page) == "plain"
                assert wait_offline_copy(page) == "unavailable"
            blocked = page.evaluate("() => caches.keys().then(() => 'open', (e) => e.name)")
            assert blocked == "SecurityError"  # the browser really refuses site data here
        finally:
            context.close()
