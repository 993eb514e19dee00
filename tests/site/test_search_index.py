"""The built site's search index: Pagefind's, one per language, of the pages' content only."""

import json

from handbook_site import search


def test_one_index_per_language_with_every_page_but_the_404(built_site):
    entry = json.loads((built_site / "pagefind/pagefind-entry.json").read_text("utf-8"))
    pages = {
        lang: [
            p
            for p in built_site.rglob("index.html")
            if "runtime" not in p.parts and (p.parts[len(built_site.parts)] == "en") == (lang == "en")
        ]
        for lang in ("ja", "en")
    }
    assert set(entry["languages"]) == {"ja", "en"}
    for lang, found in pages.items():
        assert entry["languages"][lang]["page_count"] == len(found) > 15, lang
    assert "data-pagefind-body" not in (built_site / "404.html").read_text("utf-8")


def test_only_the_article_is_indexed_and_material_lunr_index_is_gone(built_site):
    html = (built_site / "glossary/index.html").read_text("utf-8")
    assert html.count("data-pagefind-body") == 1
    assert html.index("data-pagefind-body") > html.index('<div class="md-content"')
    # each page carries its language as a filter (the other language's fallback asks for its pages only)
    assert 'data-pagefind-filter="lang:ja"' in html
    assert 'data-pagefind-filter="lang:en"' in (built_site / "en/glossary/index.html").read_text("utf-8")
    assert not (built_site / "search/search_index.json").exists()
    assert not [name for name in search.UNUSED if (built_site / "pagefind" / name).exists()]


def test_the_search_box_is_ours_not_materials(built_site):
    html = (built_site / "en/index.html").read_text("utf-8")
    assert "data-cr-search" in html and 'data-md-component="search"' not in html  # Material starts no lunr worker
    assert 'name="search"' not in html  # nor fetches its index (it looks for a form named "search")
    assert "assets/js/search.mjs?v=" in html
