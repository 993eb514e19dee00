"""A Content-Security-Policy for every page, as ``<meta http-equiv>``.

GitHub Pages cannot send headers, so the policy travels in the page. It allows
scripts, styles, fonts, fetches and workers from the site itself only, images
from the site and ``data:`` URLs (Material's CSS icons) and, of the inline
scripts, exactly those the page carries: each one's ``'sha256-…'`` hash,
computed from the built HTML. No ``'unsafe-inline'``, no ``'unsafe-eval'``.

A page that runs the calculators (it embeds the runtime manifest,
``id="cr-runtime"``, see :mod:`.runtime`) also allows what their worker needs,
and nothing more: WebAssembly compilation (``'wasm-unsafe-eval'``, for
Pyodide) and a worker from a ``blob:`` URL. The page starts the worker from a
``blob:`` bootstrap so that this policy binds the worker too (a ``<meta>``
policy does not reach a worker started from its own URL): no code in it can
import, fetch or connect elsewhere, nor run code given as text. Other pages
get neither source.

- ``policy(html)`` is that policy for one page;
- ``add_policy(html)`` puts it into the page right after ``<meta charset>``
  (the first thing in ``<head>``, see ``overrides/main.html``), so it comes
  before any script. A page with an inline event handler or a ``javascript:``
  URL is refused: the policy would block it.

``frame-ancestors``, ``report-uri`` and ``sandbox`` are not used: browsers
ignore them in a ``<meta>`` (with a console error).
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),  # plus one hash per inline script
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),  # Material's search worker, a service worker
    "manifest-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
# What a page that runs the calculators adds (their worker compiles Pyodide's WebAssembly and starts from a blob:).
CALCULATOR_SOURCES: dict[str, tuple[str, ...]] = {
    "script-src": ("'wasm-unsafe-eval'",),
    "worker-src": ("blob:",),
}
RUNTIME_MARK = 'id="cr-runtime"'

JS_TYPES = {"", "module", "text/javascript", "application/javascript"}
CHARSET = re.compile(r'<meta charset="utf-8">', re.I)


class CspError(ValueError):
    """The page has something the policy would block."""


class _Scripts(HTMLParser):
    """Collects the text of inline scripts and the attributes the policy forbids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline: list[str] = []
        self.forbidden: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.forbidden.append(f"<{tag} {name}=…>")
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.forbidden.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            values = dict(attrs)
            runs = (values.get("type") or "").strip().lower() in JS_TYPES
            self._current = [] if runs and values.get("src") is None else None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)  # script text arrives raw (no character references decoded)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.inline.append("".join(self._current))
            self._current = None


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run (JSON data blocks excluded)."""
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    if parser.forbidden:
        raise CspError(f"inline event handlers or javascript: URLs are blocked by the policy: {parser.forbidden[:3]}")
    return parser.inline


def script_hash(text: str) -> str:
    """CSP source for one inline script: ``'sha256-'`` + base64 of SHA-256 of its UTF-8 text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def runs_calculators(html: str) -> bool:
    """Does the page carry the runtime manifest (so it may start the calculators' worker)?"""
    return RUNTIME_MARK in html


def policy(html: str) -> str:
    """The policy for one page: the fixed directives (plus the calculators' sources where it runs them),
    with a hash for each of its inline scripts."""
    hashes = sorted({script_hash(text) for text in inline_scripts(html)})
    calculators = runs_calculators(html)
    parts = []
    for directive, sources in DIRECTIVES.items():
        if calculators:
            sources = (*sources, *CALCULATOR_SOURCES.get(directive, ()))
        if directive == "script-src":
            sources = (*sources, *hashes)
        parts.append(" ".join((directive, *sources)))
    return "; ".join(parts)


def add_policy(html: str) -> str:
    """``html`` with the policy's ``<meta http-equiv>`` right after ``<meta charset="utf-8">``."""
    found = CHARSET.search(html)
    if found is None:
        raise CspError('no <meta charset="utf-8"> to put the policy after (see overrides/main.html)')
    if "<script" in html[: found.start()].lower():
        raise CspError("a script comes before <meta charset>: the policy would not cover it")
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return html[: found.end()] + meta + html[found.end() :]
