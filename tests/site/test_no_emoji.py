"""No emoji as interface icons: they depend on fonts the reader may not have.

Icons are Material's SVG icons (or our own SVG). Text-style dingbats a normal font has, such as ✓ and
✕ in the pictures' labels, are allowed; characters that render as colour emoji (the U+1F000 planes'
pictographs and symbols, and any character forced to emoji style with VS16) are not.
"""

from __future__ import annotations

import re

EMOJI = re.compile("[\U0001f000-\U0001faff\ufe0f]")


def test_no_page_shows_an_emoji(built_site):
    pages = [p for p in sorted(built_site.rglob("*.html")) if "runtime" not in p.parts]
    assert len(pages) > 30
    found = {str(p.relative_to(built_site)): sorted(set(EMOJI.findall(p.read_text("utf-8")))) for p in pages}
    assert {page: chars for page, chars in found.items() if chars} == {}
    assert EMOJI.search("警告 \u26a0\ufe0f") and EMOJI.search("\U0001f4e6 在庫")  # the pattern catches both kinds
