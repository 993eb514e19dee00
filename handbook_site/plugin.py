"""The MkDocs event handlers (``hooks/handbook.py`` is the file MkDocs loads).

- ``on_page_markdown``: ``{{ name(args) }}`` placeholders become HTML made
  from the data (:mod:`.macros`), in the page's language; on a page that
  calls ``{{ calculator_index() }}``, the calculator pages of its navigation
  section are listed.
- ``on_page_context``: the language switcher links of the two home pages are
  made relative (the i18n plugin writes them as absolute paths from
  ``site_url``, which breaks the switcher and Material's sitemap fetch
  wherever the site is served under another path, e.g. a fork's GitHub Pages).
- ``on_post_page`` / ``on_post_template``: every page gets its
  Content-Security-Policy ``<meta>`` with the hashes of its inline scripts
  (:mod:`.csp`; not under ``mkdocs serve``, whose live-reload script is inline
  and changes on every request).
- ``on_post_build``: the browser runtime is copied into ``site/runtime/``: the
  pinned Pyodide files from ``node_modules/pyodide`` and the ``cancelrate``
  wheel, built here with a standard PEP 517 build (:mod:`.runtime`).
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from . import csp, forms, macros, runtime

ROOT = Path(__file__).resolve().parent.parent
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


def _page_lang(page: Page) -> str:
    return getattr(page.file, "locale", None) or "ja"


def _calculator_pages(page: Page) -> list[forms.CalculatorPage]:
    """The other pages of ``page``'s navigation section: title (front matter or first heading) and ``summary``."""
    siblings = page.parent.children if page.parent else []
    found = []
    for child in siblings:
        if not isinstance(child, Page) or child.file.src_uri == page.file.src_uri:
            continue
        text, meta = get_data(child.file.content_string)
        heading = _HEADING.search(text)
        title = child.title or meta.get("title") or (heading[1] if heading else child.file.name)
        link = forms.relative_link(child.file.src_uri, page.file.src_uri)
        found.append(forms.CalculatorPage(link=link, title=title, summary=meta.get("summary", "")))
    return found


def on_page_markdown(markdown, page, config, files):
    extra = {}
    if "calculator_index(" in markdown:
        extra["calculator_index"] = partial(forms.calculator_index, _calculator_pages(page))
    try:
        return macros.expand(markdown, lang=_page_lang(page), extra=extra)
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
