"""The Content-Security-Policy that handbook_site/csp.py puts into every page holds, and the site works under it.

The walk in tests/sitepages.py opens every page without any CSP bypass and
uses it: the palette switch, a search, and every calculator (typed into, or
given the example report). Nothing may be blocked, nothing may go wrong in the
console, and nothing may be requested from another host.
"""

from __future__ import annotations

import pytest
from sitepages import CHANGES, SUB_PATH

pytestmark = pytest.mark.browser


def test_no_csp_violation_on_any_page_and_everything_works(site_walk):
    problems = [f"/{v.path}: {p}" for v in site_walk for p in v.problems]
    assert not problems, "\n".join(problems)
    violations = [f"/{v.path}: {c}" for v in site_walk for c in v.csp_violations]
    assert not violations, "\n".join(violations)
    outside = [f"/{v.path}: {url}" for v in site_walk for url in v.outside_requests]
    assert not outside, "\n".join(outside)
    for visit in site_walk:
        assert visit.backgrounds["default"] != visit.backgrounds["slate"], visit.path
        assert visit.search_results or not visit.searched, visit.path
        if visit.path != "404.html":  # 404.html links from site_url's path, by design
            assert all(SUB_PATH in url for url in visit.search_results), visit.path
        assert all(visit.calculators.values()), (visit.path, visit.calculators)
    used = {name.split("#")[0] for v in site_walk for name in v.calculators}
    assert used == set(CHANGES), used  # every calculator of the site was used, in both languages
    assert {v.lang for v in site_walk if v.calculators} == {"ja", "en"}
    assert {v.lang for v in site_walk if v.search_results} == {"ja", "en"}  # the search works in both languages


def test_no_console_errors_on_any_page(site_walk):
    errors = [f"/{v.path}: {e}" for v in site_walk for e in v.console_errors]
    assert not errors, "\n".join(errors)


def test_the_policy_is_enforced(page, site_server):
    """The walk's listener sees what the policy blocks: an inline script added to a page does not run."""
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.effectiveDirective));"
    )
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(site_server.base + "en/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.head.append(s); }"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran") is None
    assert page.evaluate("window.__cspViolations") == ["script-src-elem"]
    assert any("Content Security Policy" in e for e in errors)
