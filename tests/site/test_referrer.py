"""Every built page asks the browser to send no referrer: a seller who follows a link to a
source page (Amazon's help, a forum, an article) tells that site nothing of the page, its #calc= link
included."""

from __future__ import annotations

import re

REFERRER = re.compile(r'<meta name="referrer" content="([^"]*)">')


def test_every_page_sends_no_referrer(built_site):
    pages = [p for p in sorted(built_site.rglob("*.html")) if "runtime" not in p.parts]
    assert len(pages) > 30
    policies = {str(p.relative_to(built_site)): REFERRER.findall(p.read_text("utf-8")) for p in pages}
    assert {page: found for page, found in policies.items() if found != ["no-referrer"]} == {}
    # in <head>, before the first link or script that could be fetched with a referrer
    html = (built_site / "index.html").read_text("utf-8")
    head = html[: html.index("</head>")]
    assert head.index('name="referrer"') < min(head.index("<link"), head.index("<script"))
