"""The site's search index: Pagefind (extended build, which segments Japanese), run on the built site.

Why Pagefind and not Material's lunr search: see the README, "Search". In short, measured on the
queries sellers type, Material's lunr set-up found none of the Japanese ones (the query is read on
``keyup``, which a Japanese input method does not send, and its greedy query segmenter against a
TinySegmenter index misses most compound words), while Pagefind's extended build (lindera, IPADIC)
finds the right page first or among the first five for every one, per language, and a phone loads
about a fifth of the bytes.

- :func:`mark_body` puts ``data-pagefind-body`` on a page's article, so only the content is indexed
  (not the navigation, the header or the footer); pages without it (``404.html``) are not indexed. It
  also gives the page the filter ``lang`` (its ``<html lang>``): the other language's index, merged in
  only when the page's language finds nothing, is then asked for that language's pages alone.
- :func:`build_index` runs the ``pagefind_extended`` binary of the ``pagefind-bin-extended`` wheel on
  the built site; it writes ``site/pagefind/``, one index per ``<html lang>`` (``ja``, ``en``), so each
  language's pages find only their own language.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ARTICLE = '<article class="md-content__inner md-typeset">'
BODY = '<article class="md-content__inner md-typeset" data-pagefind-body data-pagefind-filter="lang:{lang}">'
HTML_LANG = re.compile(r'<html lang="([a-z]{2,3})')
OUTPUT = "pagefind"
# Inside the article, what a reader does not search for: permalink signs, a form's status line and
# link box, pictures' tick labels, the texts a calculator hands out.
EXCLUDE = (".headerlink", "[data-status]", "[data-link]", "svg", "textarea")
# Pagefind's own ready-made interfaces: the site uses Material's box and assets/js/search.mjs instead,
# so they are removed (and stay out of the offline copy).
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexFailed(RuntimeError):
    """Pagefind is missing or failed on the built site."""


def mark_body(html: str) -> str:
    """The page with ``data-pagefind-body`` and its language's filter on its article (unchanged if it has none)."""
    lang = HTML_LANG.search(html)
    if lang is None:
        return html
    return html.replace(ARTICLE, BODY.format(lang=lang.group(1)), 1)


def _executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as exc:  # the build's lock installs it; say what to run instead of a traceback
        raise SearchIndexFailed("pagefind-bin-extended is missing: run scripts/setup.sh") from exc
    return Path(get_executable())


def build_index(site_dir: Path) -> Path:
    """Index ``site_dir``'s pages into ``site_dir/pagefind/``; the folder written."""
    command = [str(_executable()), "--site", str(site_dir), "--output-subdir", OUTPUT, "--silent"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexFailed(f"pagefind failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    out = site_dir / OUTPUT
    if not (out / "pagefind.js").is_file():
        raise SearchIndexFailed(f"pagefind wrote no {OUTPUT}/pagefind.js")
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    return out
