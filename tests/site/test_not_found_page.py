"""The 404 page: GitHub Pages serves the one ``404.html`` for every missing address, in both languages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit


def test_the_404_page_speaks_both_languages_and_links_both_homes(built_site):
    html = (built_site / "404.html").read_text(encoding="utf-8")
    # absolute paths under the site's own path (site_url's; the first address of the sitemap is the home)
    home = re.search(r"<loc>([^<]+)</loc>", (built_site / "sitemap.xml").read_text(encoding="utf-8")).group(1)
    root = urlsplit(home).path
    assert re.search(r'<html lang="ja"', html)  # the default language's build, not the last one's
    assert "<h1>ページが見つかりません</h1>" in html and "<h2>Page not found</h2>" in html
    assert f'<a href="{root}">ホームへ</a>' in html
    assert f'<a href="{root}en/first-aid/">Got a warning?</a>' in html
    # the language menu leads to each home, not to the translation of whatever page was built last
    menu = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" class="md-select__link">', html)
    assert menu == [(root, "ja"), (f"{root}en/", "en")]
    assert not (built_site / "en" / "404.html").exists()
