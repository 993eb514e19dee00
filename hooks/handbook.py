"""MkDocs hooks for the Cancel-Rate Handbook.

- ``{{ calculator("rate_check", orders=1) }}`` in a page becomes the
  calculator's form (labels, policy choices and example results come from the
  ``cancelrate`` package, in the page's language; see ``forms.py``).
- The language switcher links of the two home pages are made relative (the
  i18n plugin writes them as absolute paths from ``site_url``, which breaks the
  switcher and Material's sitemap fetch wherever the site is served under
  another path, e.g. a fork's GitHub Pages).
- The browser runtime (``runtime.py``): before the pages, the ``cancelrate``
  wheel is built (standard PEP 517 build) and the Pyodide memory snapshot made
  (``snapshot.py``); each calculator page embeds the runtime manifest; after
  the build, the pinned Pyodide files, the wheel and the snapshot are copied
  into ``site/runtime/`` under content-hashed names.
- Offline (``offline.py``): links to our own CSS and JavaScript get a
  ``?v=<revision>``, and ``site/sw.js`` (the service worker) is written with
  the list of what an offline copy keeps.

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

import macros  # noqa: E402
import offline  # noqa: E402
import runtime  # noqa: E402
import snapshot  # noqa: E402
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


_build: dict = {}  # this build's runtime and asset revisions


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


def on_post_page(output, page, config):
    output = offline.version_assets(output, _build["revisions"])
    if "data-calculator=" in output:
        name = "assets/js/calc-runtime.mjs"
        start = f"{'../' * page.url.count('/')}{name}?v={_build['revisions'][name]}"
        output = output.replace("</head>", runtime.page_head(_build["runtime"], start) + "</head>", 1)
    return output


@event_priority(-200)  # after mkdocs-static-i18n has built the other languages and rewritten the search index
def on_post_build(config):
    site_dir = Path(config.site_dir)
    runtime.install(site_dir, _build["runtime"])
    search = config.plugins.get("search")
    langs = list(getattr(search, "config", {}).get("lang") or ["en"]) if search else ["en"]
    offline.write_service_worker(site_dir, Path(config.docs_dir) / offline.SOURCE, _build["runtime"].manifest, langs)
