"""The knowledge-base data in ``data/``: sources defined once, facts, platforms, open questions, change log."""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from sitehelpers import ROOT

from cancelrate.policies import all_policies, load_data, points_systems
from handbook_site import knowledge


def _raw(name: str) -> dict:
    return json.loads((ROOT / "data" / name).read_text("utf-8"))


def _source_refs() -> list[str]:
    """Every source id referred to anywhere, with repeats, read from the files (not through the loaders)."""
    notes = _raw("policy_notes.json")
    refs = [sid for record in notes["policies"].values() for sid in record["sources"]]
    refs += [sid for record in notes["points_systems"].values() for sid in record["sources"]]
    refs += [sid for fact in _raw("facts.json")["facts"] for sid in fact["sources"]]
    refs += [r["source"] for routes in load_data()["cancel_routes"].values() for r in routes.values() if "source" in r]
    return refs


def test_sources_are_defined_once_and_referred_to_by_id():
    defined = [s["id"] for s in _raw("sources.json")["sources"]]
    urls = [s["url"] for s in _raw("sources.json")["sources"]]
    assert len(defined) == len(set(defined)) and len(urls) == len(set(urls))
    refs = _source_refs()
    assert set(refs) <= set(defined), sorted(set(refs) - set(defined))
    assert set(refs) == set(defined), f"sources nobody refers to: {sorted(set(defined) - set(refs))}"
    assert len(refs) > len(defined)  # the point: sources used in several places are written once
    for source in knowledge.sources().values():
        assert source.title["ja"] and source.title["en"]
        date.fromisoformat(source.checked)


def test_source_links_are_https_or_say_why_not():
    """A plain http:// source carries ``no_https`` (why no https address is linked); an https one does not."""
    for source in knowledge.sources().values():
        parts = urlsplit(source.url)
        assert parts.scheme in ("https", "http") and parts.netloc, source.id
        assert (parts.scheme == "http") == (source.no_https is not None), f"{source.id}: {source.url}"


def test_every_fact_is_complete_and_sourced():
    known = {p.id for p in knowledge.platforms()}
    facts = knowledge.facts()
    assert len(facts) == len(_raw("facts.json")["facts"])  # ids are unique
    for fact in facts.values():
        assert fact.platform in known, fact.id
        assert fact.group and fact.topic["ja"] and fact.topic["en"]
        assert fact.statement["ja"] and fact.statement["en"]
        assert (fact.value is None) or (fact.value_text is None), fact.id
        if fact.verified:
            assert fact.sources, f"{fact.id}: a verified fact needs a source"


def test_every_policy_and_points_system_has_its_page_notes():
    notes = knowledge.policy_notes()
    assert set(notes) == set(all_policies())
    for policy_id, note in notes.items():
        assert note.sources, policy_id
        for text in (*note.consequence.values(), *note.scope.values()):
            assert "%" not in text, (policy_id, text)  # the number lives once, in the policy record
    assert set(knowledge.points_notes()) == set(points_systems())


def test_platforms_point_at_existing_records_and_pages():
    used = set()
    for platform in knowledge.platforms():
        assert platform.name["ja"] and platform.name["en"]
        for lang in ("ja", "en"):
            assert (ROOT / "docs" / lang / platform.page).is_file(), platform.page
        used.update(platform.policies)
    assert used == set(all_policies()), "every policy belongs to a platform page"


def test_open_questions_and_changelog():
    known = {p.id for p in knowledge.platforms()}
    for question in knowledge.open_questions():
        assert question.platform in known
        assert question.text["ja"] and question.text["en"]
    ids = [q.id for q in knowledge.open_questions()]
    assert len(ids) == len(set(ids))
    entries = knowledge.changelog()
    assert [e.date for e in entries] == sorted(
        (e["date"] for e in _raw("policy_notes.json")["changelog"]), reverse=True
    )
    assert entries[0].date == knowledge.checked()
    for entry in entries:
        assert entry.platform in (*known, None)


def test_loading_fails_on_an_unknown_key_or_reference(tmp_path, monkeypatch):
    """The loaders are strict too: a typo in the data fails the build, not just the schema test."""
    for name in ("sources.json", "facts.json", "policy_notes.json"):
        (tmp_path / name).write_text((ROOT / "data" / name).read_text("utf-8"), "utf-8")
    monkeypatch.setattr(knowledge, "DATA_DIR", tmp_path)
    facts = _raw("facts.json")

    def loaders_with(data: dict) -> None:
        (tmp_path / "facts.json").write_text(json.dumps(data), "utf-8")
        for loader in (knowledge.sources, knowledge.facts, knowledge._notes, knowledge.platforms):
            loader.cache_clear()
        knowledge.facts()

    try:
        typo = json.loads(json.dumps(facts))
        typo["facts"][0]["verfied"] = True
        with pytest.raises(knowledge.DataError, match="verfied"):
            loaders_with(typo)
        dangling = json.loads(json.dumps(facts))
        dangling["facts"][0]["sources"] = ["no.such.source"]
        with pytest.raises(knowledge.DataError, match=re.escape("no.such.source")):
            loaders_with(dangling)
    finally:
        for loader in (knowledge.sources, knowledge.facts, knowledge._notes, knowledge.platforms):
            loader.cache_clear()


def test_account_health_facts_agree_with_the_calculators_lines():
    """The pages' account-health facts and the lines ``account_health`` computes with say the same numbers."""
    from cancelrate.health import health_metrics

    facts = knowledge.facts()
    pairs = {"late_shipment": "late_shipment", "valid_tracking": "vtr", "order_defect": "odr"}
    for market, metrics in health_metrics().items():
        for metric_id, metric in metrics.items():
            fact = facts[f"{market}.{pairs[metric_id]}"]
            assert fact.value.number == metric.threshold_percent, (market, metric_id)
            assert fact.value.comparison == metric.comparison, (market, metric_id)
            assert fact.verified == (metric.kind == "official"), (market, metric_id)
    assert health_metrics()["amazon_jp"]["late_shipment"].kind == "unverified"
