"""Only the bytes this build shipped run: the service worker keeps a runtime file only when its SHA-256 is the
manifest's, the page takes the snapshot only from this site's own cache as the service worker marked it, and a
start that met wrong bytes is tried once more from the network.

One reader, one site whose edge misbehaves: the snapshot's URL serves another build's snapshot, and the wheel's
URL answers once with a captive portal's page (200, HTML). The calculators still answer (a plain start), nothing
wrong is kept, a snapshot planted under this build's name elsewhere on the origin is ignored, and once the edge
serves the right snapshot again the next visit starts from it.
"""

import gzip

import pytest
from runtime_site import (
    CACHED_RUNTIME,
    RUNTIME_CACHE,
    boot,
    check_calculator_live,
    copy_site,
    manifest,
    new_context,
    serve,
    violations,
    wait_offline_copy,
)

from handbook_site.snapshot import expand, sparse

pytestmark = pytest.mark.browser

# SHA-256 (hex) of what this site's runtime cache holds under a URL.
KEPT_SHA256 = """async ([name, url]) => {
    const response = await (await caches.open(name)).match(url);
    if (!response) return null;
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await response.arrayBuffer()));
    return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}"""

# What another site on the origin (or an old build) could leave: a snapshot under this build's URL, in the cache
# name every page once read from and in this site's cache without the service worker's mark.
PLANT = """async ([url, names]) => {
    for (const name of names) {
        const body = (await fetch(url)).body.pipeThrough(new DecompressionStream("gzip"));
        const headers = { "content-type": "application/octet-stream", "x-cr-snapshot": "decompressed" };
        await (await caches.open(name)).put(url, new Response(await new Response(body).blob(), { headers }));
    }
}"""


def test_foreign_bytes_under_the_right_names_never_run_and_the_next_visit_recovers(chromium, built_site, tmp_path):
    site = copy_site(built_site, tmp_path / "site")
    m = manifest(site)
    snapshot = site / "runtime" / m["snapshot"]
    real = snapshot.read_bytes()
    # another build's snapshot: a valid one (same format, same Pyodide), other memory
    memory = bytearray(expand(gzip.decompress(real)))
    memory[len(memory) // 2] ^= 0x5A
    snapshot.write_bytes(gzip.compress(sparse(bytes(memory)), 1))

    with serve(site) as server:
        server.portal[m["wheel"]] = 1  # the wheel's first request gets a captive portal's page
        context = new_context(chromium)
        page = context.new_page()
        warnings = []
        page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)

        page.goto(server.base + "calculators/rate-check/")
        check_calculator_live(page, "rate_check", "ja")
        assert boot(page) == "plain"
        assert sum(path.endswith(m["wheel"]) for path in server.requested) == 2  # the portal's page, then the wheel
        assert [w for w in warnings if "trying once more" in w], warnings
        assert wait_offline_copy(page) == "ready"  # the offline copy is kept, without the foreign snapshot

        base = server.base + "runtime/"
        cached = page.evaluate(CACHED_RUNTIME)
        assert base + m["wheel"] in cached and base + m["index"] + "pyodide.asm.wasm" in cached
        assert base + m["snapshot"] not in cached
        for path in (m["wheel"], m["index"] + "pyodide.asm.wasm"):
            assert page.evaluate(KEPT_SHA256, [RUNTIME_CACHE, base + path]) == m["files"][path]["sha256"], path

        # a snapshot planted under this build's name is never used
        page.evaluate(PLANT, [base + m["snapshot"], ["cr-runtime", RUNTIME_CACHE]])
        page.goto(server.base + "en/calculators/breach-risk/")
        check_calculator_live(page, "breach_risk", "en")
        assert boot(page) == "plain"
        assert not [w for w in warnings if "memory snapshot" in w], warnings  # not even tried

        # the edge serves the build's snapshot again: the next offline copy keeps it, the next visit starts from it
        snapshot.write_bytes(real)
        page.goto(server.base + "calculators/recovery/")
        check_calculator_live(page, "recovery", "ja")
        assert wait_offline_copy(page) == "ready"
        page.goto(server.base + "en/calculators/stock-shortage/")
        check_calculator_live(page, "stock_shortage", "en")
        assert boot(page) == "snapshot"
        assert violations(page) == []
        context.close()
