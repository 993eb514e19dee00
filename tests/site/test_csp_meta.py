"""Every built page carries its Content-Security-Policy (handbook_site/csp.py), first in <head>, with a hash per inline script.

The browser side (nothing blocked, everything working) is tests/browser/test_csp.py.
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from handbook_site import csp

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
INLINE = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
REQUIRED = {
    "default-src": {"'self'"},
    "connect-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
}


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        assert name not in parsed, f"{name} twice"
        parsed[name] = sources
    return parsed


def test_every_page_has_the_policy_before_any_script(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 30
    seen = {True: 0, False: 0}
    for path in pages:
        html = path.read_text("utf-8")
        metas = META.findall(html)
        assert len(metas) == 1, path
        head = html[: html.index("</head>")]
        assert head.index("Content-Security-Policy") < head.index("<script"), path
        assert head.index('<meta charset="utf-8">') < head.index("Content-Security-Policy") < 1024, path
        policy = directives(metas[0])
        for name, sources in REQUIRED.items():
            assert set(policy[name]) == sources, (path, name)
        script = policy["script-src"]
        # only a page that runs the calculators compiles WebAssembly and starts a worker from a blob:
        calculators = 'id="cr-runtime"' in html
        fixed = ["'self'", "'wasm-unsafe-eval'"] if calculators else ["'self'"]
        assert script[: len(fixed)] == fixed, path
        assert set(policy["worker-src"]) == ({"'self'", "blob:"} if calculators else {"'self'"}), path
        assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "data:", "blob:", "*"} & set(script), path
        # exactly one hash per distinct inline script that runs (JSON data blocks do not)
        texts = {body for attrs, body in INLINE.findall(html) if "application/json" not in attrs}
        expected = {"'sha256-" + base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() + "'" for t in texts}
        assert set(script[len(fixed) :]) == expected and len(texts) >= 3, path
        seen[calculators] += 1
    assert seen[True] >= 8 and seen[False] >= 20, seen  # both kinds of page exist


def test_hash_matches_the_csp_specification_example():
    # the example in the CSP Level 3 specification, section "Hash usage for script elements"
    assert csp.script_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_policy_lists_inline_scripts_not_external_or_data_blocks():
    html = (
        '<html><head><meta charset="utf-8"><script src="a.js"></script>'
        '<script type="module">import "./b.js"</script></head><body>'
        '<script id="__config" type="application/json">{"a": 1}</script>'
        "<script>var a = 1 < 2 && '&amp;';</script></body></html>"
    )
    policy = directives(csp.policy(html))
    assert set(policy["script-src"][1:]) == {
        csp.script_hash('import "./b.js"'),
        csp.script_hash("var a = 1 < 2 && '&amp;';"),  # as written in the page: no character references decoded
    }
    out = csp.add_policy(html)
    assert out.index('<meta charset="utf-8">') < out.index("Content-Security-Policy") < out.index("<script")


@pytest.mark.parametrize(
    "html",
    [
        '<meta charset="utf-8"><body><button onclick="go()">x</button></body>',
        '<meta charset="utf-8"><body><a href=" JavaScript:go()">x</a></body>',
        '<script>early()</script><meta charset="utf-8">',
        "<head><title>no charset</title></head>",
    ],
)
def test_pages_the_policy_would_break_are_refused(html):
    with pytest.raises(csp.CspError):
        csp.add_policy(html)


def test_only_a_page_that_runs_the_calculators_allows_webassembly_and_a_blob_worker():
    plain = '<html><head><meta charset="utf-8"></head><body></body></html>'
    calculator = plain.replace("<body>", '<body><script type="application/json" id="cr-runtime">{}</script>')
    assert directives(csp.policy(plain))["script-src"] == ["'self'"]
    assert directives(csp.policy(plain))["worker-src"] == ["'self'"]
    assert directives(csp.policy(calculator))["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert directives(csp.policy(calculator))["worker-src"] == ["'self'", "blob:"]
