"""Shared fixtures: the built site, an HTTP server for it under a sub-path, and headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitehelpers import CHROMIUM, CHROMIUM_ARGS, SiteServer, build_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session with ``mkdocs build --strict``."""
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(site_dir)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def site_server(built_site):
    """The built site over HTTP at http://127.0.0.1:PORT/cancel-rate-handbook/."""
    with SiteServer(built_site) as server:
        yield server


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless, driven by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup.sh --test (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, site_server):
    """A fresh browser page that records every request it makes to the network (``page.requests``)."""
    context = chromium.new_context()
    page = context.new_page()
    page.requests = []
    # a blob: URL is the page's own memory (the calculator worker's bootstrap, calc-runtime.mjs), never the network
    page.on("request", lambda request: None if request.url.startswith("blob:") else page.requests.append(request.url))
    page.set_default_timeout(60_000)
    yield page
    context.close()
