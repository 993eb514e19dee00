"""axe-core (pinned in package.json) finds no WCAG 2.1 A/AA violation anywhere on the site.

Every page of the built site (both languages and the 404 page), at 1280 px and
375 px, in the light and the dark palette, with every calculator showing
Python's live results (the walk in tests/sitepages.py, under the page's own CSP).
"""

from __future__ import annotations

import json

import pytest
from sitehelpers import ROOT
from sitepages import RUNS, page_paths

pytestmark = pytest.mark.browser


def test_axe_is_the_pinned_version():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["axe-core"]
    installed = json.loads((ROOT / "node_modules" / "axe-core" / "package.json").read_text())["version"]
    assert installed == pinned and pinned.startswith("4.14."), (pinned, installed)


def report(site_walk) -> str:
    lines = []
    for visit in site_walk:
        for (width, scheme), violations in visit.axe.items():
            for v in violations:
                lines.append(f"/{visit.path} {width}px {scheme}: {v['id']} ({v['help']}), {len(v['nodes'])} element(s)")
                lines += [f"    {n['target']}: {' '.join(n['summary'].split())[:300]}" for n in v["nodes"][:3]]
    return "\n".join(lines)


def test_no_wcag_violations_on_any_page_width_or_palette(site_walk, built_site):
    assert [v.path for v in site_walk] == page_paths(built_site)
    assert {"", "en/", "en/calculators/order-report/", "404.html"} <= {v.path for v in site_walk}
    problems = [f"/{v.path}: {p}" for v in site_walk for p in v.problems]
    assert not problems, "\n".join(problems)
    for visit in site_walk:
        assert set(visit.axe) == set(RUNS), visit.path
        assert {"color-contrast", "aria-dialog-name"} <= visit.axe_ran, visit.path  # axe really ran these
        assert visit.backgrounds["default"] != visit.backgrounds["slate"], visit.path  # the palette really switched
    # audited with live results: 6 calculators x 2 languages, and the case study's
    assert sum(len(v.calculators) for v in site_walk) >= 14
    assert not any(v.axe[run] for v in site_walk for run in RUNS), (
        f"axe found WCAG 2.1 A/AA violations:\n{report(site_walk)}"
    )
