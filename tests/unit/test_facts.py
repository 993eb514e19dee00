"""The knowledge-base data in policies.json: facts, platforms, open questions, change log."""

import re
from datetime import date

from cancelrate import all_policies
from cancelrate.policies import (
    FACT_COMPARISONS,
    FACT_UNITS,
    all_facts,
    changelog,
    general_open_questions,
    load_data,
    platforms,
    points_systems,
)


def _check_source(source):
    assert re.match(r"^https?://", source["url"])
    assert source["kind"] in ("official", "secondary")
    assert source["title"]["ja"] and source["title"]["en"]
    date.fromisoformat(source["checked"])
    if source.get("source_date"):
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", source["source_date"])


def test_every_fact_is_complete_and_sourced():
    ids = [record["id"] for record in load_data()["facts"]]
    assert len(ids) == len(set(ids))
    known = {p["id"] for p in platforms()}
    for fact in all_facts().values():
        assert fact.platform in known, fact.id
        assert fact.group and fact.topic["ja"] and fact.topic["en"]
        assert fact.statement["ja"] and fact.statement["en"]
        assert isinstance(fact.verified, bool)
        if fact.value is not None:
            assert fact.value["unit"] in FACT_UNITS
            assert fact.value.get("comparison") in (*FACT_COMPARISONS, None)
        if fact.verified:
            assert fact.sources, f"{fact.id}: a verified fact needs a source"
        for source in fact.sources:
            _check_source(source)


def test_same_url_same_source_record():
    """A URL used in several places carries the same kind (titles may be worded for the place)."""
    kinds = {}
    records = [s for p in all_policies().values() for s in p.sources]
    records += [s for f in all_facts().values() for s in f.sources]
    records += [s for system in points_systems().values() for s in system["sources"]]
    for source in records:
        assert kinds.setdefault(source["url"], source["kind"]) == source["kind"], source["url"]


def test_platforms_point_at_existing_records_and_pages():
    policies = all_policies()
    systems = points_systems()
    used = set()
    for platform in platforms():
        assert platform["name"]["ja"] and platform["name"]["en"]
        assert re.fullmatch(r"policies/[a-z-]+\.md", platform["page"])
        for pid in platform["policies"]:
            assert pid in policies
            used.add(pid)
        for sid in platform["points_systems"]:
            assert sid in systems
    assert used == set(policies), "every policy belongs to a platform page"


def test_open_questions_and_changelog():
    known = {p["id"] for p in platforms()}
    for question in general_open_questions():
        assert question["platform"] in known
        assert question["ja"] and question["en"]
    entries = changelog()
    assert entries[0]["date"] == load_data()["checked"]
    for entry in entries:
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", entry["date"])
        assert entry["ja"] and entry["en"]
        assert entry.get("platform") in (*known, None)
