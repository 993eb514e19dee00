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
- The browser runtime (:mod:`.runtime`): ``on_pre_build`` builds the
  ``cancelrate`` wheel (standard PEP 517 build) and the Pyodide memory
  snapshot (:mod:`.snapshot`); ``on_post_page`` embeds the runtime manifest in
  each page with a calculator (marked to start on use where the calculator
  is not the page's main content); ``on_post_build`` copies the pinned Pyodide files, the
  wheel and the snapshot into ``site/runtime/`` under content-hashed names.
- Offline (:mod:`.offline`): ``on_post_page`` adds ``?v=<revision>`` to the
  links to our own CSS and JavaScript; ``on_post_build`` writes ``site/sw.js``
  (the service worker, ``docs/assets/js/sw.js``, which ``on_files`` keeps out
  of ``assets/js/``) with the list of what an offline copy keeps.
- Search (:mod:`.search`): ``on_post_page`` marks each page's article as what
  Pagefind indexes; ``on_post_build`` builds the Pagefind index (before the
  service worker's list, which then includes it) and removes the index of
  Material's lunr search, which no page uses (``overrides/partials/search.html``).
"""

from __future__ import annotations

import re
import shutil
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from cancelrate.catalog import LANGS
from cancelrate.phrases import text

from . import csp, forms, macros, offline, runtime, search, snapshot

ROOT = Path(__file__).resolve().parent.parent
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
# The calculator pages (their form is the main content: Python starts from <head>), in either language.
CALCULATOR_PAGE = re.compile(r"^(?:[a-z]{2}/)?calculators/[^/]+/$")


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
    if "calculator(" in markdown:  # the form links its fields' glossary entries relative to this page
        extra["calculator"] = partial(forms.calculator_form, page_url=page.url)
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
_build: dict = {}  # this build's runtime and asset revisions


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


def on_pre_build(config):
    assets = Path(config.docs_dir) / "assets"
    revisions = {f"assets/{p.relative_to(assets).as_posix()}": offline.revision(p) for p in assets.glob("*/*.*")}
    worker = f"assets/js/calc-worker.mjs?v={revisions['assets/js/calc-worker.mjs']}"
    try:
        _build.update(runtime=runtime.prepare(ROOT, worker), revisions=revisions)
    except (runtime.RuntimeMissing, snapshot.SnapshotFailed) as exc:
        raise PluginError(str(exc)) from exc


def on_files(files, config):
    sw = files.get_file_from_path(offline.SOURCE)
    if sw is not None:
        files.remove(sw)  # written to the site root by on_post_build
    return files


@event_priority(-100)  # last: the runtime's <head> elements go in, then the policy hashes the page as served
def on_post_page(output, page, config):
    output = search.mark_body(offline.version_assets(output, _build["revisions"]))
    if "data-calculator=" in output:
        name = "assets/js/calc-runtime.mjs"
        start = f"{'../' * page.url.count('/')}{name}?v={_build['revisions'][name]}"
        on_use = not CALCULATOR_PAGE.search(page.url)  # a calculator below a page's text starts when touched
        head = runtime.page_head(_build["runtime"], start, on_use=on_use)
        output = output.replace("</head>", head + "</head>", 1)
    return _with_policy(output, page.file.src_uri)


def on_config(config):
    _build["default_lang"] = config.theme["language"]  # before mkdocs-static-i18n builds the other languages
    return config


def on_template_context(context, template_name, config):
    if template_name == "404.html":
        context.update(not_found_context(config.site_url or "/"))
    return context


def not_found_context(site_url: str) -> dict:
    """What ``overrides/404.html`` and the language menu show on the 404 page: GitHub Pages serves one
    ``404.html`` for every missing address, in both languages, so it speaks both and links both homes
    (absolute paths: it is served at any depth)."""
    root = urlsplit(site_url).path.rstrip("/") + "/"
    default = _build.get("default_lang", "ja")
    homes = {lang: root if lang == default else f"{root}{lang}/" for lang in LANGS}
    order = [default, *[lang for lang in LANGS if lang != default]]
    return {
        "handbook_homes": homes,
        "handbook_not_found": [
            {
                "lang": lang,
                "title": text(lang, "site.not_found_title"),
                "text": text(lang, "site.not_found_text"),
                "home": homes[lang],
                "home_label": text(lang, "site.not_found_home"),
                "first_aid": f"{homes[lang]}first-aid/",
                "first_aid_label": text(lang, "site.not_found_first_aid"),
            }
            for lang in order
        ],
    }


@event_priority(-100)
def on_post_template(output_content, template_name, config):
    if template_name == "404.html":
        # mkdocs-static-i18n renders it once per language into the same site/404.html: keep the first
        # (the default language's build); the page speaks both languages anyway
        if config.theme["language"] == _build.get("default_lang") or "404" not in _build:
            _build["404"] = _with_policy(offline.version_assets(output_content, _build["revisions"]), template_name)
        return _build["404"]
    return _with_policy(output_content, template_name) if template_name.endswith(".html") else output_content


@event_priority(-200)  # after mkdocs-static-i18n has built the other languages and rewritten the search index
def on_post_build(config):
    site_dir = Path(config.site_dir)
    runtime.install(site_dir, _build["runtime"])
    # Material's search plugin stays on (its header shows our search box) but its lunr index is unused
    shutil.rmtree(site_dir / "search", ignore_errors=True)
    try:
        search.build_index(site_dir)
    except search.SearchIndexFailed as exc:
        raise PluginError(str(exc)) from exc
    offline.write_service_worker(site_dir, Path(config.docs_dir) / offline.SOURCE, _build["runtime"].manifest, [])
