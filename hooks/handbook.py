"""MkDocs hooks for the Cancel-Rate Handbook.

- ``{{ calculator("rate_check", orders=1) }}`` in a page becomes the
  calculator's form (labels, policy choices and example results come from the
  ``cancelrate`` package, in the page's language; see ``forms.py``).
- The language switcher links of the two home pages are made relative (the
  i18n plugin writes them as absolute paths from ``site_url``, which breaks the
  switcher and Material's sitemap fetch wherever the site is served under
  another path, e.g. a fork's GitHub Pages).
- Every page gets its Content-Security-Policy ``<meta>`` with the hashes of
  its inline scripts (``csp.py``; not under ``mkdocs serve``, whose live-reload
  script is inline and changes on every request).
- After the build, the browser runtime is copied into ``site/runtime/``: the
  pinned Pyodide files from ``node_modules/pyodide`` and the ``cancelrate``
  wheel, built here with a standard PEP 517 build (``runtime.py``).

The logic lives in plain modules next to this file so that it can move to
another site generator; this file only wires them to MkDocs events.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT / "calculators", Path(__file__).resolve().parent):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from urllib.parse import urlsplit  # noqa: E402

import csp  # noqa: E402
import macros  # noqa: E402
import runtime  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402


def _page_lang(page) -> str:
    return getattr(page.file, "locale", None) or "ja"


def on_page_markdown(markdown, page, config, files):
    try:
        return macros.expand(markdown, lang=_page_lang(page), page_id=page.file.src_uri)
    except macros.MacroError as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from exc


@event_priority(-200)  # after mkdocs-static-i18n has set this page's alternates
def on_page_context(context, page, config, nav):
    prefix = urlsplit(config.site_url or "").path or "/"

    # i18n sets `config.extra.alternate` as an attribute, which is what templates read
    for alternate in getattr(config.extra, "alternate", None) or []:
        link = alternate.get("link", "")
        if link.startswith(prefix):
            # site-root-relative; Material's `url` filter then makes it relative to the page
            alternate["link"] = link[len(prefix) :] or "./"
    return context


_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def _with_policy(html: str, where: str) -> str:
    if _serving:
        return html
    try:
        return csp.add_policy(html)
    except csp.CspError as exc:
        raise PluginError(f"{where}: {exc}") from exc


@event_priority(-100)  # last: hash the inline scripts as they will be served
def on_post_page(output, page, config):
    return _with_policy(output, page.file.src_uri)


@event_priority(-100)
def on_post_template(output_content, template_name, config):
    return _with_policy(output_content, template_name) if template_name.endswith(".html") else output_content


def on_post_build(config):
    try:
        runtime.install(ROOT, Path(config.site_dir))
    except runtime.RuntimeMissing as exc:
        raise PluginError(str(exc)) from exc
