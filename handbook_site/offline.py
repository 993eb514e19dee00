"""The site offline: a service worker with the list of what to keep, and versioned URLs for our own assets.

- ``write_service_worker`` writes ``site/sw.js``: a header
  ``const BUILD = {...}`` (this build's version, every page and asset an
  offline copy needs with a content revision, those whose names carry a hash
  of their content, and the runtime manifest)
  followed by the worker's code from ``docs/assets/js/sw.js``. Any change to
  the site changes the header, so browsers pick the new worker up.
- ``version_assets`` adds ``?v=<revision>`` to the page's links to our own CSS
  and JavaScript (``assets/css/``, ``assets/js/``), the same revision the
  service worker knows, so a page never runs with another build's glue.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

SOURCE = "assets/js/sw.js"  # in docs/; written to the site root as sw.js (a worker's scope is its folder)
# Relative (pages) or absolute from the site's path (404.html, served at any depth): `/handbook/assets/js/…`.
OWN_ASSET = re.compile(r'((?:src|href)="(?:/[\w.~%-]+)*/?(?:\.\./|\./)*)(assets/(?:css|js)/[\w.-]+\.(?:css|mjs|js))"')
# Files an offline copy does not need: source maps, the sitemap, and search languages the site does not use.
SKIP = re.compile(r"(\.map|sitemap\.xml(\.gz)?|\.DS_Store)$")
# Material names its bundles after their content (bundle.a5f9d56c.min.js): such a file never changes.
CONTENT_NAMED = re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)$")


def revision(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def version_assets(html: str, revisions: dict[str, str]) -> str:
    """``…assets/js/calculators.mjs"`` → ``…assets/js/calculators.mjs?v=<revision>"`` for files we know."""

    def add(match: re.Match) -> str:
        prefix, name = match.groups()
        rev = revisions.get(name)
        return f'{prefix}{name}?v={rev}"' if rev else match.group(0)

    return OWN_ASSET.sub(add, html)


def _search_files(site_dir: Path, langs: list[str]) -> list[Path]:
    """Material's search worker loads lunr language support for each configured language."""
    lunr = site_dir / "assets" / "javascripts" / "lunr"
    names = ["min/lunr.stemmer.support.min.js", "min/lunr.multi.min.js"]
    names += [f"min/lunr.{lang}.min.js" for lang in langs if lang != "en"]
    if "ja" in langs:
        names += ["min/lunr.jp.min.js", "tinyseg.js"]
    if "th" in langs:
        names.append("wordcut.js")
    return [lunr / name for name in names if (lunr / name).is_file()]


def offline_files(site_dir: Path, search_langs: list[str]) -> dict[str, str]:
    """Site-relative URL → revision for every page (as its folder URL) and every asset a page uses."""
    entries: dict[str, str] = {}
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if not path.is_file() or SKIP.search(rel) or rel.startswith(("runtime/", "assets/javascripts/lunr/")):
            continue
        if rel == "sw.js":
            continue
        url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        entries[url] = revision(path)
    for path in _search_files(site_dir, search_langs):
        entries[path.relative_to(site_dir).as_posix()] = revision(path)
    return entries


def write_service_worker(site_dir: Path, source: Path, runtime_manifest: dict, search_langs: list[str]) -> Path:
    """Write ``site_dir/sw.js`` for this build."""
    files = offline_files(site_dir, search_langs)
    code = source.read_text("utf-8")
    version = hashlib.sha256(json.dumps([files, runtime_manifest, code], sort_keys=True).encode()).hexdigest()[:12]
    immutable = sorted(url for url in files if CONTENT_NAMED.search(url))
    build = {"version": version, "files": files, "immutable": immutable, "runtime": runtime_manifest}
    target = site_dir / "sw.js"
    header = "// Written by handbook_site/offline.py for this build; the code below is docs/assets/js/sw.js.\n"
    target.write_text(f"{header}const BUILD = {json.dumps(build, separators=(',', ':'))};\n\n{code}", "utf-8")
    return target
