"""Policy tables, source lists and inline values for the knowledge-base pages.

Every number on the policy pages comes from the data (``cancelrate``'s
policies and the site's ``data/``, see :mod:`handbook_site.knowledge`) through
these functions, formatted by :mod:`cancelrate.formatting`; the markup is in
``overrides/partials/handbook/``; the Markdown only places them:

- ``{{ fact("amazon_jp.threshold") }}``: one value, inline (see :func:`fact`);
- ``{{ cite("amazon_jp.appeal") }}``: the sources of a fact that the text around it retells (see :func:`cite`);
- ``{{ policy_overview() }}``: all platforms' cancel metrics in one table;
- ``{{ policy_card("amazon_jp") }}``: one metric's target, window, scope and sources;
- ``{{ facts_table("amazon_jp", "account_health") }}`` and
  ``{{ fact_list("amazon_jp", "counting") }}``: sourced facts of one group;
- ``{{ points_levels("rakuten_points") }}``, ``{{ tiers_table("ebay") }}``;
- ``{{ page_sources("amazon_jp") }}``, ``{{ open_questions("amazon_jp") }}``;
- ``{{ all_sources() }}``, ``{{ changelog() }}`` and ``{{ checked_date() }}`` for the sources page.

Every macro takes the page's ``lang`` (and ``instance``) as keyword arguments.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from fractions import Fraction

from cancelrate import rates
from cancelrate.formatting import (
    amount_phrase,
    comparison_phrase,
    count_phrase,
    duration_phrase,
    format_month_day,
    format_number,
    format_percent,
    in_parentheses,
    min_orders_phrase,
    target_phrase,
    window_phrase,
)
from cancelrate.phrases import MonthDay, text
from cancelrate.policies import Policy, all_policies, percent_to_fraction, points_systems

from . import knowledge
from .knowledge import Fact, Platform, Source
from .rendering import render_in

UNIT_LABELS = {"orders": "site.orders", "units": "site.units"}
"""What a policy counts, as a table cell (``policy.unit`` -> key)."""
SOURCE_KIND_LABELS = {"official": "site.official", "secondary": "site.secondary"}
"""A source's kind, as a label (``Source.kind`` -> key)."""

# the opposite comparison: the condition for missing a target
MISS = {"lt": "ge", "le": "gt", "ge": "lt", "gt": "le"}


def _render(name: str, lang: str, **context: object) -> str:
    return render_in(lang, name, **context)


# --- one policy ---------------------------------------------------------------


def policy_threshold(policy: Policy, lang: str) -> str:
    """``"2.5%未満"`` / ``"under 2.5%"``, or that none is published."""
    if policy.threshold is None or policy.comparison is None:
        return text(lang, "site.none")
    return target_phrase(policy.threshold, policy.comparison, lang)


def policy_window(policy: Policy, lang: str) -> str:
    """``"直近 7 日間"`` / ``"the last 7 days"`` (with the lag), the note of a window of no fixed length, or ``–``.

    The page notes' own words win over the length: a window of seven days can be
    a calendar week rather than the last seven days (US Seller Fulfilled Prime).
    """
    words = knowledge.policy_notes()[policy.id].window
    if words:
        return words[lang]
    return window_phrase(policy, lang) or "–"


def _marked(shown: str, part: str, notes: knowledge.PolicyNotes, lang: str) -> str:
    """``shown`` with "(未確認)" / "(unverified)" when the notes say this part of the record is not confirmed."""
    return shown + text(lang, "site.unverified_note") if part in notes.unverified else shown


def _kinds_and_status(sources: Iterable[Source], verified: bool, lang: str) -> str:
    """``"公式(一部未確認)"``: the kinds of sources, and whether part of the card is unverified."""
    kinds = _kinds(sources, lang)
    return kinds if verified else in_parentheses(kinds, text(lang, "site.status_partial"), lang)


def policy_min_orders(policy: Policy, lang: str) -> str:
    """``"10 件超"`` / ``"more than 10 orders"``, or ``–``."""
    rule = policy.min_orders
    if not rule:
        return "–"
    return comparison_phrase(count_phrase(rule["count"], "orders", lang), rule["comparison"], lang)


def _kinds(sources: Iterable[Source], lang: str) -> str:
    """``"公式 + 二次情報"``: the kinds of sources behind a record."""
    present = {s.kind for s in sources}
    words = [text(lang, SOURCE_KIND_LABELS[k]) for k in knowledge.SOURCE_KINDS if k in present]
    return " + ".join(words) or text(lang, "site.no_sources")


def _one_cancel_orders(policy: Policy) -> int:
    needed = rates.min_orders_for_cancels(1, policy.threshold, policy.comparison)
    if needed is None:
        raise KeyError(f"{policy.id}: no order count absorbs one cancellation")
    return needed


# --- a platform's records ---------------------------------------------------------


def _platform_policies(platform: Platform) -> list[Policy]:
    return [all_policies()[pid] for pid in platform.policies]


def _platform_facts(platform_id: str, group: str | None = None) -> list[Fact]:
    found = [f for f in knowledge.facts().values() if f.platform == platform_id and (group is None or f.group == group)]
    if group is not None and not found:
        raise KeyError(f"no facts for {platform_id!r} / {group!r}")
    return found


def platform_sources(platform_id: str) -> list[Source]:
    """Every source used for a platform: its policies, points systems and facts (with repeats), in page order."""
    platform = knowledge.platform(platform_id)
    notes, points = knowledge.policy_notes(), knowledge.points_notes()
    found: list[Source] = []
    for pid in platform.policies:
        found += notes[pid].sources
    for sid in platform.points_systems:
        found += points[sid].sources
    for f in _platform_facts(platform_id):
        found += f.sources
    return found


def _once(sources: Iterable[Source], seen: set[str] | None = None) -> list[Source]:
    """Each source once, in order of first use (skipping those in ``seen``, which is updated)."""
    seen = set() if seen is None else seen
    result = []
    for source in sources:
        if source.id not in seen:
            seen.add(source.id)
            result.append(source)
    return result


# --- inline values ------------------------------------------------------------


def _fact_value(f: Fact, lang: str) -> str:
    if f.value is None:
        return f.value_text[lang] if f.value_text else "–"
    value = comparison_phrase(amount_phrase(f.value.number, f.value.unit, lang), f.value.comparison, lang)
    if f.recommended:
        value = in_parentheses(value, text(lang, "site.recommended"), lang)
    return value


def _fact_getters(f: Fact, lang: str) -> dict[str, Callable[[], str]]:
    return {
        "value": lambda: _fact_value(f, lang),
        "number": lambda: format_number(f.value.number),
        "window": lambda: f.window[lang],
        "topic": lambda: f.topic[lang],
    }


def _policy_getters(policy: Policy, lang: str) -> dict[str, Callable[[], str]]:
    return {
        "threshold": lambda: policy_threshold(policy, lang),
        "percent": lambda: format_percent(policy.threshold),
        "miss": lambda: target_phrase(policy.threshold, MISS[policy.comparison], lang),
        "window": lambda: policy_window(policy, lang),
        "window_days": lambda: duration_phrase(policy.window_days, lang),
        "lag": lambda: duration_phrase(policy.lag_days, lang),
        "lag_end": lambda: duration_phrase(policy.lag_days + policy.window_days, lang),
        # bare numbers of days, for "10 日前" / "10 days ago"
        "window_count": lambda: format_number(policy.window_days),
        "lag_count": lambda: format_number(policy.lag_days),
        "lag_end_count": lambda: format_number(policy.lag_days + policy.window_days),
        "min_orders": lambda: policy_min_orders(policy, lang),
        "unit": lambda: text(lang, UNIT_LABELS[policy.unit]),
        "metric": lambda: policy.metric[lang],
        # phrasings for running text: "直近 7 日間" / "the last 7 days", "10 件を超える" / "more than 10"
        "target": lambda: policy_threshold(policy, lang),
        "recent_window": lambda: policy_window(policy, lang),
        "min_orders_phrase": lambda: min_orders_phrase(policy.min_orders, lang),
        # the fewest orders at which one cancellation meets the target ("41"), the rate
        # there ("2.44%"), and the rate one order fewer gives, the last that misses ("2.5%")
        "one_cancel_orders": lambda: format_number(_one_cancel_orders(policy)),
        "one_cancel_rate": lambda: format_percent(Fraction(1, _one_cancel_orders(policy))),
        "one_cancel_last_miss": lambda: format_percent(Fraction(1, _one_cancel_orders(policy) - 1)),
    }


def _points_getters(system_id: str, lang: str) -> dict[str, Callable[[], str]]:
    system = points_systems()[system_id]
    levels, per_cancel = system["levels"], system["points_per_store_cancel"]
    month, day = (int(part) for part in system["reset_month_day"].split("-"))
    return {
        "per_cancel": lambda: count_phrase(per_cancel, "points", lang),
        "per_cancel_count": lambda: format_number(per_cancel),
        "started": lambda: amount_phrase(knowledge.points_notes()[system_id].started, "date", lang),
        "reset": lambda: format_month_day(month, day, lang),
        "first_level": lambda: count_phrase(levels[0]["min_points"], "points", lang),
        "first_level_count": lambda: format_number(levels[0]["min_points"]),
        "top_level": lambda: count_phrase(levels[-1]["min_points"], "points", lang),
        # cancellations that reach the first level (ceiling division)
        "cancels_to_first_level": lambda: format_number(-(-levels[0]["min_points"] // per_cancel)),
    }


def _tier_threshold(policy_id: str, tier_id: str, lang: str) -> str:
    tier = next((t for t in knowledge.policy_notes()[policy_id].tiers if t.id == tier_id), None)
    if tier is None:
        raise KeyError(f"{policy_id} has no tier {tier_id!r}")
    return target_phrase(percent_to_fraction(tier.threshold_percent), tier.comparison, lang)


def resolve(ref: str, part: str | None, lang: str) -> str:
    """The text of ``fact(ref, part)`` (see :func:`fact`); ``KeyError`` for an unknown reference."""
    found = knowledge.facts().get(ref)
    if found is not None:
        getters = _fact_getters(found, lang)
        part = part or "value"
        if part not in getters:
            raise KeyError(f"unknown part {part!r} of fact {ref!r}")
        return getters[part]()
    head, _, attr = ref.partition(".")
    if head in all_policies():
        if attr.startswith("tier."):
            return _tier_threshold(head, attr[len("tier.") :], lang)
        getters = _policy_getters(all_policies()[head], lang)
    elif head in points_systems():
        getters = _points_getters(head, lang)
    else:
        raise KeyError(f"unknown fact {ref!r}")
    if attr not in getters:
        raise KeyError(f"unknown fact {ref!r}")
    return getters[attr]()


def fact(ref: str, part: str | None = None, *, lang: str, **_: object) -> str:
    """One value from the data, inline, e.g. ``fact("amazon_jp.threshold")`` -> ``2.5%未満``.

    ``ref`` is a fact id (``part``: ``value``, ``number``, ``window``, ``topic``),
    or ``POLICY_ID.ATTR`` (threshold, percent, miss, window, window_days, lag,
    lag_end, window_count, lag_count, lag_end_count (bare numbers of days), min_orders,
    unit, metric, tier.TIER_ID; for running text: target,
    recent_window, min_orders_phrase, one_cancel_orders, one_cancel_rate,
    one_cancel_last_miss), or ``POINTS_ID.ATTR`` (per_cancel, per_cancel_count,
    started, reset, first_level, first_level_count, top_level,
    cancels_to_first_level).
    """
    return _render("fact.html", lang, ref=ref, text=resolve(ref, part, lang))


def cite(fact_id: str, *, lang: str, **_: object) -> str:
    """The sources of one fact, inline and short, for running text that states the fact in its own words.

    ``{{ cite("amazon_jp.appeal") }}`` -> ``(出典: <a>Amazon ヘルプ…</a> 公式)``, with "未確認" when the fact
    is not verified. A page that retells a fact names it, so its sources stay in the data, once.
    """
    found = knowledge.facts().get(fact_id)
    if found is None:
        raise KeyError(f"unknown fact {fact_id!r}")
    if not found.sources:
        raise KeyError(f"fact {fact_id!r} has no source to cite")
    return _render("cite.html", lang, fact=found)


def checked_date(*, lang: str, **_: object) -> str:
    """The date the data was last checked."""
    return _render("checked_date.html", lang, checked=knowledge.checked())


# --- tables and lists ---------------------------------------------------------


def policy_overview(base: str = "policies/", *, lang: str, **_: object) -> str:
    """All platforms' cancel-related metrics in one Markdown table (so that the page links are checked)."""
    notes, points = knowledge.policy_notes(), knowledge.points_notes()
    rows = []
    for platform in knowledge.platforms():
        link = posixpath.relpath(platform.page, base.rstrip("/") or ".")
        for policy in _platform_policies(platform):
            note = notes[policy.id]
            rows.append(
                {
                    "link": link,
                    "name": policy.platform[lang],
                    "metric": policy.metric[lang],
                    "policy": policy.id,
                    "target": policy_threshold(policy, lang),
                    "window": _marked(policy_window(policy, lang), "window", note, lang),
                    "unit": _marked(text(lang, UNIT_LABELS[policy.unit]), "unit", note, lang),
                    "kinds": _kinds_and_status(note.sources, note.verified, lang),
                }
            )
        for sid in platform.points_systems:
            first = points_systems()[sid]["levels"][0]
            month, day = (int(p) for p in points_systems()[sid]["reset_month_day"].split("-"))
            target = comparison_phrase(count_phrase(first["min_points"], "points", lang), "ge", lang)
            rows.append(
                {
                    "link": link,
                    "name": points[sid].platform[lang],
                    "metric": points[sid].metric[lang],
                    "policy": None,
                    "target": in_parentheses(target, text(lang, "site.level_name", level=first["level"]), lang),
                    "window": text(lang, "site.calendar_year", date=MonthDay(month, day)),
                    "unit": text(lang, "site.points"),
                    "kinds": _kinds_and_status(points[sid].sources, points[sid].verified, lang),
                }
            )
    return _render("policy_overview.md", lang, rows=rows)


def policy_card(policy_id: str, *, lang: str, **_: object) -> str:
    """One metric as a two-column table: target, window, unit, scope, consequence, status, sources."""
    policy = all_policies()[policy_id]
    notes = knowledge.policy_notes()[policy_id]
    return _render(
        "policy_card.html",
        lang,
        policy=policy,
        notes=notes,
        target=policy_threshold(policy, lang),
        window=_marked(policy_window(policy, lang), "window", notes, lang),
        unit=_marked(text(lang, UNIT_LABELS[policy.unit]), "unit", notes, lang),
        min_orders=_marked(policy_min_orders(policy, lang), "min_orders", notes, lang) if policy.min_orders else None,
    )


def facts_table(platform_id: str, group: str, *, lang: str, **_: object) -> str:
    """Facts of one group as a two-column table (fits a phone): metric with note and sources | target and window."""
    rows = [(f, _fact_value(f, lang)) for f in _platform_facts(platform_id, group)]
    return _render("facts_table.html", lang, rows=rows)


def fact_list(platform_id: str, group: str, *, lang: str, **_: object) -> str:
    """Facts of one group as a list: topic, whether it counts (when the data says), statement, sources."""
    rows = [(f, _fact_value(f, lang) if f.value else None) for f in _platform_facts(platform_id, group)]
    return _render("fact_list.html", lang, rows=rows)


def points_levels(system_id: str, *, lang: str, **_: object) -> str:
    """A points system's levels: points, level, restrictions, fee (with what the fee applies to, where the data says)."""

    def fee(level: dict) -> str:
        amount = amount_phrase(level["fee_yen"], "yen", lang)
        note = level.get("fee_applies_to")
        return in_parentheses(amount, note[lang], lang) if note else amount

    levels = [
        {
            "level": level["level"],
            "points": comparison_phrase(count_phrase(level["min_points"], "points", lang), "ge", lang),
            "restrictions": level["restrictions"][lang],
            "fee": fee(level),
        }
        for level in points_systems()[system_id]["levels"]
    ]
    return _render("points_levels.html", lang, system_id=system_id, levels=levels)


def tiers_table(policy_id: str, *, lang: str, **_: object) -> str:
    """A policy's tiers (eBay): defect rate from the tiers, defect counts from the facts with that ``tier``."""
    policy = all_policies()[policy_id]
    rows = [
        (t.id, t.name[lang], target_phrase(percent_to_fraction(t.threshold_percent), t.comparison, lang))
        for t in knowledge.policy_notes()[policy_id].tiers
    ]
    counts = {f.tier: f for f in knowledge.facts().values() if f.tier and f.id.startswith(f"{policy_id}.")}
    if "below_standard" in counts and policy.comparison in MISS:
        rows.append(
            ("below_standard", "Below Standard", target_phrase(policy.threshold, MISS[policy.comparison], lang))
        )
    body = [
        {
            "tier": tier_id,
            "name": name,
            "rate": rate,
            "defects": _fact_value(counts[tier_id], lang) if tier_id in counts else "–",
        }
        for tier_id, name, rate in rows
    ]
    return _render("tiers_table.html", lang, rows=body)


def page_sources(platform_id: str, *, lang: str, **_: object) -> str:
    """Every source behind a platform page, once each, with kind and dates."""
    return _render("source_list.html", lang, sources=_once(platform_sources(platform_id))) + "\n"


def platform_open_questions(platform_id: str) -> list[knowledge.OpenQuestion]:
    """The open questions of a platform page, in the order of the data."""
    return [q for q in knowledge.open_questions() if q.platform == platform_id]


def open_questions(platform_id: str, *, lang: str, **_: object) -> str:
    """What is still unverified for a platform: about its policies, points systems and in general."""
    return _render("open_questions.html", lang, platform_id=platform_id, questions=platform_open_questions(platform_id))


def all_sources(*, lang: str, **_: object) -> str:
    """All sources, grouped by platform (a heading each), each once in the site, under its first platform."""
    seen: set[str] = set()
    groups = [(p.name[lang], _once(platform_sources(p.id), seen)) for p in knowledge.platforms()]
    return _render("all_sources.md", lang, groups=[(name, found) for name, found in groups if found])


def changelog(*, lang: str, **_: object) -> str:
    """The dated change log, newest first."""
    return _render("changelog.html", lang, entries=knowledge.changelog())


MACROS = {
    "fact": fact,
    "cite": cite,
    "policy_overview": policy_overview,
    "policy_card": policy_card,
    "facts_table": facts_table,
    "fact_list": fact_list,
    "points_levels": points_levels,
    "tiers_table": tiers_table,
    "page_sources": page_sources,
    "open_questions": open_questions,
    "all_sources": all_sources,
    "changelog": changelog,
    "checked_date": checked_date,
}
