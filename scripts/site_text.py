"""Dump what every page of a built site says, to compare two builds (e.g. before and after a refactor).

    python scripts/site_text.py SITE_DIR OUT_DIR

For each HTML page (the runtime and assets left out) one text file: the page's
``<title>`` and meta description, then every element inside ``<article>`` with
its attributes (``data-value``, ``href``, SVG coordinates, ...) and every text,
one per line, with white space folded. Two dumps compare with ``diff -r``:
what differs is what a reader (or the browser glue) would see differ; markup
that parses the same (``&#34;`` or ``&quot;``, line breaks between tags) does not.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.head: list[str] = []
        self.depth = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "description":
            self.head.append(f"description: {values.get('content')}")
        self.in_title = tag == "title"
        if tag == "article":
            self.depth += 1
        if self.depth:
            shown = " ".join(f"{name}={value!r}" for name, value in sorted(attrs, key=lambda a: a[0]))
            self.lines.append(f"<{tag} {shown}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False
        if self.depth:
            self.lines.append(f"</{tag}>")
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if self.in_title and text:
            self.head.append(f"title: {text}")
        if self.depth and text:
            self.lines.append("  " + text)


def dump(site: Path, out: Path) -> int:
    """Write one ``.txt`` per page of ``site`` into ``out``; return the number of pages."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        if relative.parts[0] in ("runtime", "assets"):
            continue
        parser = _PageText()
        parser.feed(page.read_text("utf-8"))
        (out / (relative.as_posix().replace("/", "__") + ".txt")).write_text(
            "\n".join(parser.head + parser.lines) + "\n", "utf-8"
        )
        count += 1
    return count


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(dump(Path(sys.argv[1]), Path(sys.argv[2])), "pages")
