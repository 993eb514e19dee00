"""Policy data: every threshold and window the calculators use, loaded once from ``policies.json``.

A policy's target is ``rate <comparison> threshold`` where ``comparison`` is
``"lt"`` (under) or ``"le"`` (no more than) and ``threshold`` is an exact
:class:`~fractions.Fraction` (``"2.5"`` percent is ``Fraction(1, 40)``).
Policies without a published threshold (``threshold is None``) need a target
from the user.

Only what the calculators read ships here (``policies``, ``cancel_routes``,
``points_systems``). What the site's pages say about each policy (scope,
consequence, status, sources, open questions, facts, change log) is in the
repository's ``data/`` folder and is read at build time only
(``handbook_site.knowledge``). Every field of a record is a typed attribute;
a key the types do not know fails loading (and ``tests/data`` validates the
file against ``data/schema/policies.schema.json``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from fractions import Fraction
from functools import cache, cached_property
from importlib import resources
from typing import Any, NotRequired, TypedDict

COMPARISONS = ("lt", "le")
UNITS = ("orders", "units")


class MinOrders(TypedDict):
    """A minimum order count before a policy is evaluated: more than (``gt``) or at least (``ge``) ``count``."""

    count: int
    comparison: str


@dataclass(frozen=True)
class Policy:
    """One platform metric, as published (its sources are in the site's data)."""

    id: str
    platform: dict[str, str]
    """Platform name, ``{"ja": ..., "en": ...}``."""
    metric: dict[str, str]
    """Metric name, ``{"ja": ..., "en": ...}``."""
    threshold_percent: str | None
    """The published threshold as written (``"2.5"`` percent), or ``None`` when none is published."""
    comparison: str | None
    """``"lt"`` or ``"le"``; ``None`` exactly when there is no threshold."""
    unit: str
    """What is counted: ``"orders"`` or ``"units"``."""
    window_days: int | None
    """The window's length in days; ``None`` for a window of no fixed length (see ``window_note``)."""
    lag_days: int = 0
    """How many days before today the window ends."""
    min_orders: MinOrders | None = None
    window_note: dict[str, str] | None = None
    """For a window of no fixed length: how it is measured, ``{"ja": ..., "en": ...}``."""
    time_zone: str | None = None
    """The zone of the platform's day, by name (``"Asia/Tokyo"``, ``"America/Los_Angeles"``): how report
    timestamps become local dates (:mod:`cancelrate.timezones`); ``None``: dates are taken as written."""
    date_order: str | None = None
    """How the marketplace writes dates with slashes: ``"ymd"`` or ``"mdy"`` (US: ``5/31/2025``)."""
    counted_orders: dict[str, str] | None = None
    """Which orders the metric counts when it is narrower than every merchant order, ``{"ja", "en"}``."""

    @cached_property
    def threshold(self) -> Fraction | None:
        """The threshold as an exact fraction of 1 (``"2.5"`` -> ``Fraction(1, 40)``)."""
        return None if self.threshold_percent is None else percent_to_fraction(self.threshold_percent)

    def label(self, lang: str) -> str:
        """Human name: platform and metric, in ``lang``."""
        return f"{self.platform[lang]}: {self.metric[lang]}"


class PointsLevel(TypedDict):
    """One level of a penalty-point system: it applies from ``min_points`` up."""

    level: str
    min_points: int
    fee_yen: int
    restrictions: dict[str, str]
    fee_applies_to: NotRequired[dict[str, str]]
    """What the fee applies to when not the whole level, ``{"ja", "en"}`` (Rakuten's level V: V-A only)."""


class PointsSystem(TypedDict):
    """A penalty-point system (Rakuten), with ``levels`` sorted by ``min_points``."""

    id: str
    points_per_store_cancel: int
    points_per_store_cancel_kind: str
    points_per_store_cancel_note: dict[str, str]
    reset_month_day: str
    levels: list[PointsLevel]


class CancelRoute(TypedDict, total=False):
    """How one way out of a stock shortage counts for a policy; ``source`` is a source id of the site's data."""

    counts: bool
    kind: str
    note: dict[str, str]
    source: str


def percent_to_fraction(text: str) -> Fraction:
    """``"2.5"`` (percent) -> ``Fraction(1, 40)``, exactly."""
    return Fraction(text) / 100


_POLICY_FIELDS = {f.name for f in fields(Policy)}


def _policy(record: dict[str, Any]) -> Policy:
    unknown = set(record) - _POLICY_FIELDS
    if unknown:
        raise ValueError(f"{record.get('id')}: unknown policy fields {sorted(unknown)}")
    policy = Policy(**record)
    if (policy.threshold_percent is None) != (policy.comparison is None):
        raise ValueError(f"{policy.id}: threshold and comparison go together")
    if policy.comparison is not None and policy.comparison not in COMPARISONS:
        raise ValueError(f"{policy.id}: unknown comparison {policy.comparison!r}")
    if policy.unit not in UNITS:
        raise ValueError(f"{policy.id}: unknown unit {policy.unit!r}")
    return policy


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


def points_system(system_id: str) -> PointsSystem | None:
    """A penalty-point system from the data's ``points_systems`` (e.g. ``"rakuten_points"``), or ``None``.

    Its ``levels`` are sorted by ``min_points``; a level applies from its ``min_points`` up.
    """
    return points_systems().get(system_id)


def cancel_routes(policy_id: str) -> dict[str, CancelRoute]:
    """How each way out of a stock shortage counts for this policy (data key ``cancel_routes``).

    ``{route_id: {"counts": bool, "kind": "official"|"secondary"|"unverified", "note": {ja, en}, "source": id}}``;
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


def points_systems() -> dict[str, PointsSystem]:
    """The points systems (Rakuten), by id, with ``levels`` sorted by ``min_points``."""
    return {
        record["id"]: {**record, "levels": sorted(record["levels"], key=lambda level: level["min_points"])}
        for record in load_data().get("points_systems", [])
    }
