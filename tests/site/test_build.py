"""The built site: both languages, the runtime, and nothing from other hosts."""

import gzip
import hashlib
import json
import re
import zipfile

import pytest
from sitehelpers import ROOT

from handbook_site.snapshot import expand

PAGES = ["index.html", "calculators/rate-check/index.html"]
THIRD_PARTY = re.compile(r"(?:src|href)=\"(?:https?:)?//(?!cancel-rate-handbook\.github\.io)[^\"]+\"")


@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize("page", PAGES)
def test_pages_exist_in_both_languages(built_site, prefix, page):
    html = (built_site / prefix / page).read_text("utf-8")
    lang = "en" if prefix else "ja"
    assert f'<html lang="{lang}"' in html


def test_calculator_form_follows_the_dom_contract(built_site):
    html = (built_site / "en/calculators/rate-check/index.html").read_text("utf-8")
    form = re.search(r"<form class=\"cr-calc\".*?</form>", html, re.S)[0]
    assert 'data-calculator="rate_check"' in form
    assert 'data-calculator-status="static"' in form  # the page's script sets "loading"
    for name in ("policy", "orders", "seller_cancels", "target_percent"):
        assert f'name="{name}"' in form
        assert f'data-error-for="{name}"' in form
    for name in ("rate", "meets_target", "headroom", "orders_to_recover"):
        assert f'data-output="{name}"' in form
    # example values are pre-computed by the same Python at build time (1 of 1: 100 %)
    assert 'data-output="rate" ' in form and 'data-value="1.0"' in form
    # without JavaScript nothing starts: the status says the results are the example's
    status = re.search(r"<p class=\"cr-calc__status\"[^>]*>(.*?)</p>", form)[1]
    assert "results shown are for the example values" in status
    assert "Starting" not in status and "Loading" not in status
    assert 'data-text-loading="Starting the calculator' in form


@pytest.mark.parametrize(("prefix", "button"), [("", "例の注文レポートで試す"), ("en/", "Try the example report")])
def test_the_order_report_form_opens_without_an_error_and_offers_the_example_file(built_site, prefix, button):
    """No file is chosen on the built page: that is not an error yet; the example file is one click away."""
    html = (built_site / prefix / "calculators/order-report/index.html").read_text("utf-8")
    form = re.search(r"<form class=\"cr-calc\".*?</form>", html, re.S)[0]
    errors = re.findall(r"<p [^>]*data-error-for=\"[^\"]+\"[^>]*>([^<]*)</p>", form)
    assert len(errors) == 5 and not any(e.strip() for e in errors), errors
    assert "aria-invalid" not in form
    file_input = re.search(r"<input [^>]*type=\"file\"[^>]*>", form)[0]
    assert 'data-example-file="assets/examples/order-report-example.csv"' in file_input
    assert (built_site / "assets/examples/order-report-example.csv").is_file()
    found = re.search(r"<button [^>]*data-example-for=\"report\"[^>]*>([^<]*)</button>", form)
    assert found is not None and found[1] == button
    assert 'type="button"' in found[0] and " hidden" in found[0], "shown by the browser glue once it runs"


def test_no_third_party_requests_in_html(built_site):
    for path in built_site.rglob("*.html"):
        html = path.read_text("utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, path
        offenders = [m for m in THIRD_PARTY.findall(html) if "<a " not in m]
        scripts = re.findall(r"<script[^>]+src=\"([^\"]+)\"", html) + re.findall(r"<link[^>]+href=\"([^\"]+)\"", html)
        external = [s for s in scripts if s.startswith(("http:", "https:", "//")) and "github.io" not in s]
        assert not external, (path, external, offenders)


def test_runtime_is_self_hosted_with_our_wheel(built_site):
    runtime = built_site / "runtime"
    manifest = json.loads((runtime / "manifest.json").read_text())
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    assert manifest["pyodide"] == pinned
    assert re.fullmatch(r"pyodide-[0-9a-f]{16}/", manifest["index"])
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (runtime / manifest["index"] / name).read_bytes() == (ROOT / "node_modules/pyodide" / name).read_bytes()
    # Pyodide's lock names packages for a CDN: the pages get its info and no package at all
    lock = json.loads((ROOT / "node_modules/pyodide/pyodide-lock.json").read_text())
    assert manifest["lock"] == {"info": lock["info"], "packages": {}}
    assert not (runtime / manifest["index"] / "pyodide-lock.json").exists()
    wheel = runtime / manifest["wheel"]
    assert re.fullmatch(r"wheel-[0-9a-f]{16}", wheel.parent.name)
    assert re.fullmatch(r"cancelrate-[\d.]+-py3-none-any\.whl", wheel.name)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        shipped = json.loads(archive.read("cancelrate/policies.json"))
    assert "cancelrate/api.py" in names
    # only what the calculators read: the knowledge-base data (data/) stays on the build machine
    assert [n for n in names if n.endswith(".json")] == ["cancelrate/policies.json"]
    assert set(shipped) == {"policies", "cancel_routes", "points_systems", "health_metrics"}
    assert not any("sources" in record for record in shipped["policies"])


def test_runtime_urls_carry_a_hash_of_their_content(built_site):
    """A cached runtime file can never stand in for a new one: its URL changes with its bytes."""
    runtime = built_site / "runtime"
    manifest = json.loads((runtime / "manifest.json").read_text())
    assert re.fullmatch(r"snapshot-[0-9a-f]{16}\.bin\.gz", manifest["snapshot"])
    snapshot = (runtime / manifest["snapshot"]).read_bytes()
    assert hashlib.sha256(snapshot).hexdigest()[:16] in manifest["snapshot"]
    sparse = gzip.decompress(snapshot)
    memory = expand(sparse)
    assert len(memory) > 10_000_000  # a whole Python heap (Pyodide's 30 MiB of WebAssembly memory)
    assert len(sparse) < 0.7 * len(memory)  # without its zero pages
    assert memory[:4] == sparse[16 + 8 * int.from_bytes(sparse[12:16], "little") :][:4]  # the first run starts at 0
    wheel = (runtime / manifest["wheel"]).read_bytes()
    assert hashlib.sha256(wheel).hexdigest()[:16] in manifest["wheel"]
    pyodide = hashlib.sha256()
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        pyodide.update((runtime / manifest["index"] / name).read_bytes())
    assert pyodide.hexdigest()[:16] in manifest["index"]
    # everything in runtime/ is named by the manifest (no file of an older build lingers)
    present = {p.relative_to(runtime).as_posix() for p in runtime.rglob("*") if p.is_file()}
    assert present == set(manifest["files"]) | {"manifest.json"}
    for path, size in manifest["files"].items():
        assert size["bytes"] == (runtime / path).stat().st_size
        assert 0 < size["wire"] <= size["bytes"]
        assert size["sha256"] == hashlib.sha256((runtime / path).read_bytes()).hexdigest()  # what sw.js checks


def test_calculator_pages_embed_the_manifest_they_start(built_site):
    manifest = json.loads((built_site / "runtime/manifest.json").read_text())
    # a calculator page starts Python from <head>; a page with a calculator below its text, when it is used
    for page, mark in [
        ("calculators/rate-check/index.html", ""),
        ("en/calculators/order-report/index.html", ""),
        ("en/case-study/index.html", ' data-start="on-use"'),
        ("first-aid/index.html", ' data-start="on-use"'),
    ]:
        html = (built_site / page).read_text("utf-8")
        head = html.split("</head>", 1)[0]
        embedded = re.search(f'<script type="application/json" id="cr-runtime"{mark}>(.*?)</script>', head)[1]
        assert json.loads(embedded) == manifest
        start = re.search(r'<script type="module" async id="cr-runtime-start" src="([^"]+)"', head)[1]
        assert re.fullmatch(r"(\.\./)+assets/js/calc-runtime\.mjs\?v=[0-9a-f]{12}", start)
    # pages without a calculator carry none of it
    for page in ("index.html", "en/policies/amazon-jp/index.html"):
        html = (built_site / page).read_text("utf-8")
        assert "cr-runtime" not in html and "runtime/" not in html


def test_links_work_under_any_sub_path(built_site):
    """No root-absolute URL anywhere: the site works wherever it is served (e.g. a fork's Pages address).

    The i18n plugin writes the home pages' language links from ``site_url``; the hook makes them relative.
    404 pages are the exception by design: they are served at any address, so MkDocs roots them at site_url.
    """
    for path in built_site.rglob("*.html"):
        if path.name == "404.html":
            continue
        absolute = re.findall(r'(?:href|src)="(/[^/"][^"]*)"', path.read_text("utf-8"))
        assert absolute == [], (path.relative_to(built_site), absolute[:3])
    home = (built_site / "en" / "index.html").read_text("utf-8")
    assert re.search(r'<a href="\.\./" hreflang="ja" class="md-select__link"', home)
