"""The walk through every page (tests/sitepages.py), shared by the accessibility and CSP tests."""

from __future__ import annotations

import pytest
from sitepages import PageVisit, walk


@pytest.fixture(scope="session")
def site_walk(chromium, built_site, site_server) -> list[PageVisit]:
    return walk(chromium, built_site, site_server)
