"""Account-health metrics: their lines as data, and where a pair of counts stands against a line, exactly.

The lines live in ``policies.json`` under ``health_metrics`` (by marketplace, then metric id), next to the
cancel-rate policies; the cancel rate itself is the marketplace's policy (``amazon_jp``, ``amazon_us``).

Two directions of line:

- a defect rate (``"lt"``, ``"le"``): ``bad / total`` must stay under (or at most) ``T``; ``headroom`` is how
  many more bad ones still meet the line, :func:`cancelrate.rates.headroom`;
- a success rate (``"ge"``): ``good / total`` must be at least ``T``. This is the same as the share of the
  others, ``(total - good) / total``, being at most ``1 - T``, so the exact arithmetic of :mod:`cancelrate.rates`
  serves both: ``headroom`` is how many more good ones (each one also a new shipment) reach the line,
  ``ceil((a * total - b * good) / (b - a))`` with ``T = a / b``, and ``spare`` how many more without it still
  meet it.

Every comparison is integer cross-multiplication on :class:`~fractions.Fraction` lines; no floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from . import rates
from .policies import load_data, percent_to_fraction

METRICS = ("cancel", "late_shipment", "valid_tracking", "order_defect")
"""The metrics of the account-health check, in the order the page lists them."""
DIRECTIONS = ("lt", "le", "ge")


@dataclass(frozen=True)
class HealthMetric:
    """One account-health line of a marketplace: ``rate <comparison> threshold`` over ``windows`` days."""

    id: str
    marketplace: str
    threshold_percent: str
    comparison: str
    """``"lt"`` (under), ``"le"`` (no more than) or ``"ge"`` (at least)."""
    windows: tuple[int, ...]
    """The window lengths in days that the marketplace reports (the late-shipment rate: 10 and 30)."""
    kind: str
    """``"official"`` or ``"unverified"`` (for this marketplace: only other marketplaces' pages say so)."""
    source: str
    """A source id of the site's ``data/sources.json``."""
    auto_cancel_days: int | None = None
    """Late shipment only: days after the ship-by date after which an order still not ship-confirmed is cancelled
    automatically, and counted in the cancel rate."""

    @property
    def threshold(self) -> Fraction:
        """The line as an exact fraction of 1 (``"95"`` -> ``Fraction(19, 20)``)."""
        return percent_to_fraction(self.threshold_percent)


@cache
def health_metrics() -> dict[str, dict[str, HealthMetric]]:
    """Every marketplace's metrics beyond the cancel rate, by marketplace id, then metric id."""
    result: dict[str, dict[str, HealthMetric]] = {}
    for market, records in load_data().get("health_metrics", {}).items():
        result[market] = {}
        for metric_id, r in records.items():
            metric = HealthMetric(
                id=metric_id,
                marketplace=market,
                threshold_percent=r["threshold_percent"],
                comparison=r["comparison"],
                windows=tuple(r["window_days"]),
                kind=r["kind"],
                source=r["source"],
                auto_cancel_days=r.get("auto_cancel_days"),
            )
            if metric.comparison not in DIRECTIONS or metric_id not in METRICS:
                raise ValueError(f"{market}.{metric_id}: unknown metric or comparison")
            result[market][metric_id] = metric
    return result


def marketplace_of(policy_id: str) -> str | None:
    """The marketplace a policy belongs to (``amazon_jp`` for ``amazon_jp_sfp``), if the data has its metrics."""
    for market in health_metrics():
        if policy_id == market or policy_id.startswith(market + "_"):
            return market
    return None


def late_shipment_of(policy_id: str) -> HealthMetric | None:
    """The late-shipment line of the policy's marketplace (with its ``auto_cancel_days``), or ``None`` where the
    data has none."""
    market = marketplace_of(policy_id)
    return None if market is None else health_metrics()[market].get("late_shipment")


def marketplaces() -> tuple[str, ...]:
    """The marketplaces the account-health check knows (each is also the id of its cancel-rate policy)."""
    return tuple(health_metrics())


@dataclass(frozen=True)
class Standing:
    """Where one pair of counts stands against its line.

    ``counted`` is what the rate counts (cancels, late shipments, defects; for a success rate the good ones);
    ``rate = counted / total`` (``None`` without any). ``headroom``: for a defect rate, how many more counted
    ones still meet the line (0 once missed); for a success rate, how many more good ones are needed (0 once
    met). ``recover``: for a defect rate, how many more clean orders bring it back (0 when met; ``None`` when
    none can); for a success rate the same as ``headroom``. ``spare``: for a success rate, how many more
    without it still meet the line (0 once missed); for a defect rate the same as ``headroom``. ``usage`` is the
    share of the allowance used (the defect share over its allowance: 1 is right at the line), for ranking.
    """

    counted: int
    total: int
    threshold: Fraction
    comparison: str
    rate: Fraction | None
    meets: bool
    headroom: int
    recover: int | None
    spare: int
    usage: Fraction


def _usage(bad: int, total: int, allowance: Fraction) -> Fraction:
    """``(bad / total) / allowance``; 0 without orders; a zero allowance used at all counts as twice used."""
    if total == 0 or bad == 0:
        return Fraction(0)
    if allowance == 0:
        return Fraction(2)
    return Fraction(bad, total) / allowance


def standing(counted: int, total: int, threshold: Fraction, comparison: str) -> Standing:
    """The pair ``counted`` of ``total`` against ``rate <comparison> threshold``, exactly (``counted <= total``).

    Defect rate (``lt``/``le``): ``meets = rates.meets(counted, total, T, comparison)``,
    ``headroom = rates.headroom(...)``, ``recover = rates.orders_to_recover(...)``.
    Success rate (``ge``, ``gt``): with ``bad = total - counted`` and ``A = 1 - T``, ``meets = bad / total <= A``
    (``< A`` for ``gt``); ``headroom = recover = rates.orders_to_recover(bad, total, A, "le")`` (each good
    shipment added raises both counts) and ``spare = rates.headroom(bad, total, A, "le")`` (``"lt"`` for ``gt``).
    """
    rate = rates.rate(counted, total)
    if comparison in rates.AT_LEAST:
        allowance = 1 - threshold
        bad = total - counted
        flipped = "le" if comparison == "ge" else "lt"  # good >= T is bad <= 1 - T; good > T is bad < 1 - T
        ok = rates.meets(bad, total, allowance, flipped)
        needed = rates.orders_to_recover(bad, total, allowance, flipped)
        spare = rates.headroom(bad, total, allowance, flipped) if ok else 0
        return Standing(
            counted, total, threshold, comparison, rate, ok, needed or 0, needed, spare, _usage(bad, total, allowance)
        )
    ok = rates.meets(counted, total, threshold, comparison)
    room = rates.headroom(counted, total, threshold, comparison)
    recover = rates.orders_to_recover(counted, total, threshold, comparison)
    return Standing(
        counted, total, threshold, comparison, rate, ok, room, recover, room, _usage(counted, total, threshold)
    )


def danger_key(s: Standing) -> tuple[int, Fraction, int]:
    """Sort key, most danger first: missed before met, then the larger share of the allowance used, then the
    smaller room left (the fewest more defects before the line)."""
    return (0 if not s.meets else 1, -s.usage, s.spare)
