"""Policy data: every threshold, window and source, loaded once from ``policies.json``.

A policy's target is ``rate <comparison> threshold`` where ``comparison`` is
``"lt"`` (under) or ``"le"`` (no more than) and ``threshold`` is an exact
:class:`~fractions.Fraction` (``"2.5"`` percent is ``Fraction(1, 40)``).
Policies without a published threshold (``threshold is None``) need a target
from the user.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

COMPARISONS = ("lt", "le")
UNITS = ("orders", "units")


@dataclass(frozen=True)
class Policy:
    """One platform metric, as published (see ``sources``)."""

    id: str
    platform: dict[str, str]
    metric: dict[str, str]
    scope: dict[str, str]
    threshold: Fraction | None
    comparison: str | None
    unit: str
    window_days: int | None
    lag_days: int
    min_orders: dict[str, Any] | None
    consequence: dict[str, str]
    verified: bool
    sources: list[dict[str, Any]]
    open_questions: list[dict[str, str]]
    raw: dict[str, Any] = field(repr=False, compare=False)

    @property
    def threshold_percent(self) -> str | None:
        """The threshold as the percent string written in the data (``"2.5"``)."""
        return self.raw.get("threshold_percent")

    def label(self, lang: str) -> str:
        """Human name: platform and metric, in ``lang``."""
        return f"{self.platform[lang]}: {self.metric[lang]}"


def percent_to_fraction(text: str) -> Fraction:
    """``"2.5"`` (percent) -> ``Fraction(1, 40)``, exactly."""
    return Fraction(text) / 100


def _policy(record: dict[str, Any]) -> Policy:
    threshold = record.get("threshold_percent")
    comparison = record.get("comparison")
    if (threshold is None) != (comparison is None):
        raise ValueError(f"{record['id']}: threshold and comparison go together")
    if comparison is not None and comparison not in COMPARISONS:
        raise ValueError(f"{record['id']}: unknown comparison {comparison!r}")
    if record["unit"] not in UNITS:
        raise ValueError(f"{record['id']}: unknown unit {record['unit']!r}")
    return Policy(
        id=record["id"],
        platform=record["platform"],
        metric=record["metric"],
        scope=record["scope"],
        threshold=None if threshold is None else percent_to_fraction(threshold),
        comparison=comparison,
        unit=record["unit"],
        window_days=record.get("window_days"),
        lag_days=record.get("lag_days", 0),
        min_orders=record.get("min_orders"),
        consequence=record["consequence"],
        verified=record["verified"],
        sources=record["sources"],
        open_questions=record.get("open_questions", []),
        raw=record,
    )


@cache
def load_data() -> dict[str, Any]:
    """The parsed ``policies.json`` (cached)."""
    text = resources.files(__package__).joinpath("policies.json").read_text("utf-8")
    return json.loads(text)


@cache
def all_policies() -> dict[str, Policy]:
    """Every policy, by id, in the order of the data file."""
    return {record["id"]: _policy(record) for record in load_data()["policies"]}


def get_policy(policy_id: str) -> Policy | None:
    """The policy with this id, or ``None``."""
    return all_policies().get(policy_id)


def points_system(system_id: str) -> dict[str, Any] | None:
    """A penalty-point system from the data's ``points_systems`` (e.g. ``"rakuten_points"``), or ``None``.

    Its ``levels`` are sorted by ``min_points``; a level applies from its ``min_points`` up.
    """
    return points_systems().get(system_id)


def cancel_routes(policy_id: str) -> dict[str, Any]:
    """How each way out of a stock shortage counts for this policy (data key ``cancel_routes``).

    ``{route_id: {"counts": bool, "kind": "official"|"secondary"|"unverified", "note": {ja, en}}}``;
    ``{}`` for a policy the data says nothing about.
    """
    return load_data().get("cancel_routes", {}).get(policy_id, {})


def has_fixed_window(policy: Policy) -> bool:
    """Whether the policy is measured over a fixed number of days (eBay's volume-dependent period is not)."""
    return policy.window_days is not None


def resolve_target(policy: Policy, target_percent: Fraction | None) -> tuple[Fraction, str, str] | None:
    """The target to compare with: ``(threshold, comparison, origin)``.

    A user-entered ``target_percent`` wins (compared as "under", or with the
    policy's own comparison); otherwise the policy's published threshold.
    ``origin`` is ``"user"`` or ``"policy"``. ``None`` when the policy has no
    published threshold and the user gave none.
    """
    if target_percent is not None:
        return target_percent / 100, policy.comparison or "lt", "user"
    if policy.threshold is None or policy.comparison is None:
        return None
    return policy.threshold, policy.comparison, "policy"


# --- Facts for the knowledge-base pages (top-level keys "platforms", "facts",
# "open_questions" and "changelog"; the calculators do not need them) --------

FACT_UNITS = ("percent", "days", "minutes", "orders", "defects", "points", "yen", "date")
FACT_COMPARISONS = ("lt", "le", "ge", "gt", "eq", "from", "within")


@dataclass(frozen=True)
class Fact:
    """One sourced statement for the docs, optionally with a value (``{"number", "unit", "comparison"}``)."""

    id: str
    platform: str
    group: str
    topic: dict[str, str]
    value: dict[str, Any] | None
    window: dict[str, str] | None
    statement: dict[str, str]
    sources: list[dict[str, Any]]
    verified: bool
    raw: dict[str, Any] = field(repr=False, compare=False)


def _fact(record: dict[str, Any]) -> Fact:
    value = record.get("value")
    if value is not None:
        if value["unit"] not in FACT_UNITS:
            raise ValueError(f"{record['id']}: unknown unit {value['unit']!r}")
        if value.get("comparison") not in (*FACT_COMPARISONS, None):
            raise ValueError(f"{record['id']}: unknown comparison {value['comparison']!r}")
    return Fact(
        id=record["id"],
        platform=record["platform"],
        group=record["group"],
        topic=record["topic"],
        value=value,
        window=record.get("window"),
        statement=record["statement"],
        sources=record["sources"],
        verified=record["verified"],
        raw=record,
    )


@cache
def all_facts() -> dict[str, Fact]:
    """Every fact, by id, in the order of the data file."""
    facts = {}
    for record in load_data().get("facts", []):
        if record["id"] in facts:
            raise ValueError(f"duplicate fact id {record['id']!r}")
        facts[record["id"]] = _fact(record)
    return facts


def platforms() -> list[dict[str, Any]]:
    """The platform groups of the docs (id, name, page, policy and points-system ids)."""
    return load_data().get("platforms", [])


def general_open_questions() -> list[dict[str, Any]]:
    """Open questions not tied to one policy record (``platform``, ``ja``, ``en``)."""
    return load_data().get("open_questions", [])


def changelog() -> list[dict[str, Any]]:
    """Dated policy events and checks, newest first (``date``, ``ja``, ``en``)."""
    return sorted(load_data().get("changelog", []), key=lambda e: e["date"], reverse=True)


def points_systems() -> dict[str, dict[str, Any]]:
    """The points systems (Rakuten), by id, with ``levels`` sorted by ``min_points``."""
    return {
        record["id"]: {**record, "levels": sorted(record["levels"], key=lambda level: level["min_points"])}
        for record in load_data().get("points_systems", [])
    }
