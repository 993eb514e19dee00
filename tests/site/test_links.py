"""Every internal link, image, stylesheet and script of the built site leads somewhere that exists.

Each HTML page's ``<a href>``, ``<img src>``, ``<link href>``, ``<script src>``
(and ``<source src>``) is resolved against the page's own URL; the file must
exist in the built site and a ``#fragment`` must be an ``id`` (or ``<a name>``)
in the target page. External ``http(s)``, ``mailto:`` and ``data:`` URLs are
not followed.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRS = {"a": "href", "img": "src", "link": "href", "script": "src", "source": "src", "iframe": "src"}
SKIP_SCHEMES = {"http", "https", "mailto", "tel", "data", "javascript"}
ORIGIN = "http://site.invalid"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href")
        attr = LINK_ATTRS.get(tag)
        if attr and values.get(attr):
            self.links.append((tag, values[attr]))

    handle_startendtag = handle_starttag


@cache
def _parse(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text("utf-8"))
    return parser


def _base_path(site: Path) -> str:
    """The sub-path the site is built for (``/handbook/``), from the home page's canonical link."""
    canonical = _parse(site / "index.html").canonical
    assert canonical, "index.html has no canonical link"
    path = urlsplit(canonical).path
    return path if path.endswith("/") else path + "/"


def _page_url(site: Path, html: Path, base: str) -> str:
    rel = html.relative_to(site).as_posix()
    if rel == "index.html":
        rel = ""
    elif rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return ORIGIN + base + rel


def _target_file(site: Path, base: str, path: str) -> Path | None:
    """The built file a URL path points to, or ``None`` when it is outside the site."""
    path = unquote(path)
    if not path.startswith(base):
        return None
    rel = path[len(base) :]
    target = site / rel
    if rel == "" or rel.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path) -> list[str]:
    """Every broken internal reference in the built ``site``, as readable lines."""
    base = _base_path(site)
    problems = []
    for html in sorted(site.rglob("*.html")):
        if "runtime" in html.relative_to(site).parts:
            continue
        page_url = _page_url(site, html, base)
        for tag, url in _parse(html).links:
            parts = urlsplit(url)
            if parts.scheme in SKIP_SCHEMES or url.startswith("//"):
                continue
            where = f"{html.relative_to(site)}: <{tag}> {url!r}"
            resolved = urlsplit(urljoin(page_url, url))
            if not url.split("#", 1)[0]:  # "#anchor" on the same page
                target = html
            else:
                target = _target_file(site, base, resolved.path)
                if target is None:
                    problems.append(f"{where} points outside the site ({resolved.path})")
                    continue
                if not target.is_file():
                    problems.append(f"{where} -> missing {target.relative_to(site)}")
                    continue
            fragment = unquote(resolved.fragment)
            if fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
                problems.append(f"{where} -> no id {fragment!r} in {target.relative_to(site)}")
    return problems


def test_no_broken_internal_links_or_anchors(built_site):
    problems = broken_links(built_site)
    assert problems == [], "broken internal links:\n" + "\n".join(problems)


def test_the_checker_finds_broken_links(tmp_path):
    """The checker itself: a missing page, a missing anchor and a missing asset are reported."""
    (tmp_path / "index.html").write_text(
        '<link rel="canonical" href="https://example.org/sub/">'
        '<a href="ok/">ok</a><a href="ok/#here">ok</a><a href="#top">ok</a><span id="top"></span>'
        '<a href="missing/">bad</a><a href="ok/#nowhere">bad</a><img src="img/none.svg">'
        '<a href="https://example.com/x">external</a><a href="/other/">outside</a>',
        "utf-8",
    )
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "index.html").write_text('<h2 id="here">here</h2><a href="../">home</a>', "utf-8")
    problems = broken_links(tmp_path)
    assert len(problems) == 4, problems
    assert any("missing/" in p and "missing" in p for p in problems)
    assert any(re.search(r"no id 'nowhere'", p) for p in problems)
    assert any("none.svg" in p for p in problems)
    assert any("outside the site" in p for p in problems)
