"""Never stale, never mixed: a new deploy is computed live on the next online visit, with its own runtime.

A reader has the site offline-ready (runtime and memory snapshot cached). The
site is rebuilt with one policy number changed and deployed in place. On a
page without a calculator the service worker updates itself and downloads no
runtime; on the next calculator page the new number is computed live; its
runtime files are the new build's (new URLs); the old snapshot is never used
for it and is dropped.
"""

import re
import shutil

import pytest
from runtime_site import (
    CACHED_RUNTIME,
    boot,
    copy_site,
    manifest,
    new_context,
    serve,
    violations,
    wait_live,
    wait_offline_copy,
)
from sitehelpers import build_copy, copy_project

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="rate_check"]'


def changed_project(tmp_path, threshold: str):
    """A copy of the project whose Amazon.co.jp target is ``threshold`` percent instead of 2.5."""
    repo = tmp_path / "repo"
    copy_project(repo)
    policies = repo / "calculators/cancelrate/policies.json"
    text = policies.read_text("utf-8")
    head, tail = text.split('"id": "amazon_jp",', 1)
    tail, count = re.subn(r'"threshold_percent": "2\.5"', f'"threshold_percent": "{threshold}"', tail, count=1)
    assert count == 1
    policies.write_text(head + '"id": "amazon_jp",' + tail, "utf-8")
    return repo


def rate_for(page, orders: str, cancels: str):
    page.wait_for_selector(f'{FORM}[data-calculator-status="ready"]')
    page.select_option(f'{FORM} [name="policy"]', "amazon_jp")  # the English site starts without one
    page.fill(f'{FORM} [name="orders"]', orders)
    page.fill(f'{FORM} [name="seller_cancels"]', cancels)
    page.wait_for_function(
        "(form) => document.querySelector(`${form} [data-output=\"rate\"]`).dataset.value === '0.03'", arg=FORM
    )
    return {
        name: page.get_attribute(f'{FORM} [data-output="{name}"]', "data-value")
        for name in ("threshold", "meets_target")
    }


def test_a_new_deploy_is_computed_live_on_the_next_visit(chromium, built_site, tmp_path):
    served = copy_site(built_site, tmp_path / "served")
    old = manifest(served)
    with serve(served) as server:
        context = new_context(chromium)
        page = context.new_page()
        page.goto(server.base + "calculators/rate-check/")
        wait_live(page)
        assert wait_offline_copy(page) == "ready"
        page.goto(server.base + "en/calculators/rate-check/")
        wait_live(page)
        assert boot(page) == "snapshot"  # the old build's runtime is cached and in use
        assert rate_for(page, "100", "3") == {"threshold": "0.025", "meets_target": "false"}

        # deploy a build with the Amazon.co.jp target at 4 %
        result = build_copy(changed_project(tmp_path, "4"), tmp_path / "next")
        assert result.returncode == 0, result.stderr
        copy_site(tmp_path / "next", tmp_path / "next-csp")
        shutil.rmtree(served)
        shutil.copytree(tmp_path / "next-csp", served)
        new = manifest(served)
        assert new["wheel"] != old["wheel"] and new["snapshot"] != old["snapshot"]
        assert new["index"] == old["index"]  # same Pyodide: same URLs, still cached

        # a page without a calculator first: the service worker updates itself there, and the
        # runtime stays where it is (no download on a page that has no use for it)
        seen = len(server.requested)
        page.goto(server.base + "en/glossary/")
        page.evaluate(
            """() => new Promise((resolve) => {
                navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true });
                navigator.serviceWorker.getRegistration().then((registration) => registration.update());
            })"""
        )
        page.wait_for_timeout(1000)
        assert not [path for path in server.requested[seen:] if "/runtime/" in path]

        seen = len(server.requested)
        page.goto(server.base + "en/calculators/rate-check/")
        wait_live(page)
        assert rate_for(page, "100", "3") == {"threshold": "0.04", "meets_target": "true"}
        assert boot(page) == "plain"  # the new snapshot is not cached yet; the old one is never used
        after = server.requested[seen:]
        assert any(path.endswith(new["wheel"]) for path in after)
        assert not any(path.endswith((old["wheel"], old["snapshot"])) for path in after)

        # once the new offline copy is in place, the next page starts from the new snapshot
        assert wait_offline_copy(page) == "ready"
        page.goto(server.base + "calculators/rate-check/")
        wait_live(page)
        assert boot(page) == "snapshot"
        assert rate_for(page, "100", "3") == {"threshold": "0.04", "meets_target": "true"}
        cached = page.evaluate(CACHED_RUNTIME)
        assert any(url.endswith(new["snapshot"]) for url in cached)
        assert not any(url.endswith((old["snapshot"], old["wheel"])) for url in cached)
        assert violations(page) == []
        context.close()
