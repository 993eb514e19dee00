"""Material's search works in both languages (Japanese needs its word segmenter), served from the site itself.

mkdocs-static-i18n builds one index for both languages, so results may list
pages of the other language too; the best match is in the page's language.
"""

import pytest

pytestmark = pytest.mark.browser

SITE = "/cancel-rate-handbook/"
QUERIES = [("", "返金", "glossary/"), ("en/", "defect", "en/policies/ebay/")]


@pytest.mark.parametrize(("prefix", "query", "best"), QUERIES)
def test_search_finds_pages_in_the_page_language(page, site_server, prefix, query, best):
    page.goto(site_server.base + prefix)
    page.click(".md-search__input")  # the desktop header shows the search field itself
    page.fill(".md-search__input", query)
    page.locator(".md-search-result__item a").first.wait_for()
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(a => a.href)")
    assert links[0].startswith(site_server.origin + SITE + best), links[:3]
    assert all(link.startswith(site_server.origin + SITE) for link in links)
    outside = [url for url in page.requests if not url.startswith(site_server.origin + SITE)]
    assert outside == []
