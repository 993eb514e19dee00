"""The knowledge-base data of the site's pages, read at build time from ``data/``.

The calculators' package ships only what they compute with
(``cancelrate/policies.json``). Everything the pages add to it lives here:

- ``data/sources.json``: every source once, by id (URL, title, kind, dates);
- ``data/facts.json``: sourced statements, optionally with a value;
- ``data/policy_notes.json``: the date the data was checked, the platforms and
  their pages, what each policy and points system's card says beyond the
  numbers (scope, consequence, status, sources, eBay's tiers), the open
  questions and the change log.

Records become frozen dataclasses whose fields are exactly the JSON keys
(plus resolved sources); a key the types do not know, a source or record id
that does not exist, fails loading. ``tests/data`` also validates the files
against the JSON Schemas in ``data/schema/``. Texts in two languages are
``{"ja": ..., "en": ...}`` dictionaries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from cancelrate.policies import all_policies, points_systems

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

Text = dict[str, str]
"""A text in both languages: ``{"ja": ..., "en": ...}``."""

SOURCE_KINDS = ("official", "secondary")
FACT_UNITS = ("percent", "days", "minutes", "orders", "defects", "points", "yen", "date")
FACT_COMPARISONS = ("lt", "le", "ge", "gt", "eq", "from", "within")
COUNTS = ("yes", "no", "unverified")
UNVERIFIABLE = {"window", "unit", "min_orders"}
"""The parts of a policy record its notes can mark as unverified."""


class DataError(ValueError):
    """The knowledge-base data does not hold together (unknown key, id or reference)."""


@dataclass(frozen=True)
class Source:
    """A page the site relies on; ``source_date`` is the date the source itself shows (if any)."""

    id: str
    url: str
    title: Text
    kind: str
    """``official`` (the platform's own help, notices, staff posts) or ``secondary``."""
    source_date: str | None
    """The source's own date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: published, updated, copyright); ``None`` when it shows none."""
    checked: str
    """The ISO date the site last checked the source."""
    effective_date: str | None = None
    """The date from which the rule the source describes applies, as the source states it (not the page's own date)."""
    no_https: str | None = None
    """For a plain ``http://`` URL only: why no https address is linked."""


@dataclass(frozen=True)
class FactValue:
    """A fact's value: ``number`` (a decimal text or an ISO date) in ``unit``, with a comparison."""

    number: str
    unit: str
    comparison: str | None = None


@dataclass(frozen=True)
class Fact:
    """One sourced statement of a platform page, optionally with a value."""

    id: str
    platform: str
    group: str
    """The page section it belongs to (``{{ facts_table(platform, group) }}``)."""
    topic: Text
    value: FactValue | None
    window: Text | None
    statement: Text
    sources: tuple[Source, ...]
    verified: bool
    value_text: Text | None = None
    """A value that is not a number (``value`` is then ``None``)."""
    recommended: bool = False
    """The value is a recommendation, not a requirement."""
    counts: str | None = None
    """Whether it counts in the cancel rate: ``yes``, ``no``, ``unverified``; ``None`` where that is not the point."""
    tier: str | None = None
    """The policy tier (eBay) whose defect count this fact gives."""


@dataclass(frozen=True)
class Tier:
    """A rating tier of a policy (eBay): the defect rate it allows."""

    id: str
    name: Text
    threshold_percent: str
    comparison: str


@dataclass(frozen=True)
class PolicyNotes:
    """What a policy's card says beyond the numbers the calculators use."""

    id: str
    scope: Text
    consequence: Text
    verified: bool
    sources: tuple[Source, ...]
    tiers: tuple[Tier, ...] = ()
    window: Text | None = None
    """The window in words, where the record's length alone would mislead (a calendar week, not the last 7 days)."""
    unverified: tuple[str, ...] = ()
    """Parts of the policy record the sources do not confirm (``window``, ``unit``): the pages mark them."""


@dataclass(frozen=True)
class PointsNotes:
    """What the pages say about a points system beyond the numbers the calculator uses."""

    id: str
    platform: Text
    metric: Text
    scope: Text
    started: str
    verified: bool
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Platform:
    """A platform page: its id, name, Markdown page and the policies and points systems it covers."""

    id: str
    name: Text
    page: str
    policies: tuple[str, ...]
    points_systems: tuple[str, ...]


@dataclass(frozen=True)
class OpenQuestion:
    """Something not yet verified; ``about`` is the policy or points system it concerns (``None``: the platform)."""

    id: str
    platform: str
    about: str | None
    text: Text


@dataclass(frozen=True)
class ChangelogEntry:
    """A dated policy event or check (``date``: ``YYYY-MM`` or ``YYYY-MM-DD``); ``platform`` ``None``: the whole site."""

    date: str
    platform: str | None
    text: Text


def _read(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text("utf-8"))


def _make(cls: type, record: dict[str, Any], **resolved: Any) -> Any:
    """``cls(**record)`` after checking that every key is a field of ``cls``."""
    known = {f.name for f in fields(cls)}
    unknown = set(record) - known
    if unknown:
        raise DataError(f"{cls.__name__} {record.get('id', '')}: unknown fields {sorted(unknown)}")
    try:
        return cls(**{**record, **resolved})
    except TypeError as exc:
        raise DataError(f"{cls.__name__} {record.get('id', '')}: {exc}") from exc


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise DataError(message)


@cache
def sources() -> dict[str, Source]:
    """Every source, by id, in the order of ``data/sources.json``."""
    result: dict[str, Source] = {}
    for record in _read("sources.json")["sources"]:
        source = _make(Source, record)
        _check(source.id not in result, f"duplicate source id {source.id!r}")
        _check(source.kind in SOURCE_KINDS, f"{source.id}: unknown kind {source.kind!r}")
        result[source.id] = source
    urls = [s.url for s in result.values()]
    _check(len(urls) == len(set(urls)), "a URL is defined as two sources")
    return result


def _sources(ids: list[str], owner: str) -> tuple[Source, ...]:
    known = sources()
    missing = [i for i in ids if i not in known]
    _check(not missing, f"{owner}: unknown sources {missing}")
    return tuple(known[i] for i in ids)


@cache
def facts() -> dict[str, Fact]:
    """Every fact, by id, in the order of ``data/facts.json``."""
    known_platforms = {p.id for p in platforms()}
    result: dict[str, Fact] = {}
    for record in _read("facts.json")["facts"]:
        value = record.get("value")
        fact = _make(
            Fact,
            record,
            value=None if value is None else _make(FactValue, value),
            sources=_sources(record.get("sources", []), record.get("id", "?")),
        )
        _check(fact.id not in result, f"duplicate fact id {fact.id!r}")
        _check(fact.platform in known_platforms, f"{fact.id}: unknown platform {fact.platform!r}")
        if fact.value is not None:
            _check(fact.value.unit in FACT_UNITS, f"{fact.id}: unknown unit {fact.value.unit!r}")
            _check(fact.value.comparison in (*FACT_COMPARISONS, None), f"{fact.id}: unknown comparison")
        _check(fact.counts in (*COUNTS, None), f"{fact.id}: unknown counts {fact.counts!r}")
        result[fact.id] = fact
    return result


@cache
def _notes() -> dict[str, Any]:
    return _read("policy_notes.json")


def checked() -> str:
    """The ISO date on which the whole data was last checked."""
    return _notes()["checked"]


@cache
def platforms() -> tuple[Platform, ...]:
    """The platform pages, in the order of the site's navigation."""
    result = tuple(
        _make(Platform, p, policies=tuple(p["policies"]), points_systems=tuple(p["points_systems"]))
        for p in _notes()["platforms"]
    )
    for platform in result:
        for pid in platform.policies:
            _check(pid in all_policies(), f"{platform.id}: unknown policy {pid!r}")
        for sid in platform.points_systems:
            _check(sid in points_systems(), f"{platform.id}: unknown points system {sid!r}")
    return result


def platform(platform_id: str) -> Platform:
    """The platform with this id (``KeyError`` if there is none)."""
    for p in platforms():
        if p.id == platform_id:
            return p
    raise KeyError(f"unknown platform {platform_id!r}")


@cache
def policy_notes() -> dict[str, PolicyNotes]:
    """What each policy's card says beyond the numbers, by policy id (every policy has notes)."""
    result = {}
    for pid, record in _notes()["policies"].items():
        _check(pid in all_policies(), f"notes for an unknown policy {pid!r}")
        tiers = tuple(_make(Tier, t) for t in record.get("tiers", []))
        unverified = tuple(record.get("unverified", []))
        _check(
            set(unverified) <= UNVERIFIABLE, f"{pid}: unknown unverified parts {sorted(set(unverified) - UNVERIFIABLE)}"
        )
        result[pid] = _make(
            PolicyNotes,
            {"id": pid, **record},
            sources=_sources(record["sources"], pid),
            tiers=tiers,
            unverified=unverified,
        )
    missing = set(all_policies()) - set(result)
    _check(not missing, f"policies without notes: {sorted(missing)}")
    return result


@cache
def points_notes() -> dict[str, PointsNotes]:
    """What the pages say about each points system beyond its numbers, by id."""
    result = {}
    for sid, record in _notes()["points_systems"].items():
        _check(sid in points_systems(), f"notes for an unknown points system {sid!r}")
        notes = _make(PointsNotes, {"id": sid, **record}, sources=_sources(record["sources"], sid))
        result[sid] = notes
    missing = set(points_systems()) - set(result)
    _check(not missing, f"points systems without notes: {sorted(missing)}")
    return result


@cache
def open_questions() -> tuple[OpenQuestion, ...]:
    """Every open question, in the order the pages list them."""
    known = {p.id for p in platforms()}
    subjects = set(all_policies()) | set(points_systems())
    result = tuple(_make(OpenQuestion, q) for q in _notes()["open_questions"])
    for q in result:
        _check(q.platform in known, f"{q.id}: unknown platform {q.platform!r}")
        _check(q.about is None or q.about in subjects, f"{q.id}: unknown subject {q.about!r}")
    return result


@cache
def changelog() -> tuple[ChangelogEntry, ...]:
    """Dated policy events and checks, newest first."""
    entries = [_make(ChangelogEntry, e) for e in _notes()["changelog"]]
    return tuple(sorted(entries, key=lambda e: e.date, reverse=True))
