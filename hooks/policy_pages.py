"""Policy tables, source lists and inline values for the knowledge-base pages.

Every number on the policy pages comes from ``cancelrate/policies.json``
through these functions; the Markdown only places them:

- ``{{ fact("amazon_jp.threshold") }}``: one value, inline (see :func:`fact`);
- ``{{ policy_overview() }}``: all platforms' cancel metrics in one table;
- ``{{ policy_card("amazon_jp") }}``: one metric's target, window, scope and sources;
- ``{{ facts_table("amazon_jp", "account_health") }}`` and
  ``{{ fact_list("amazon_jp", "counting") }}``: sourced facts of one group;
- ``{{ points_levels("rakuten_points") }}``, ``{{ tiers_table("ebay") }}``;
- ``{{ page_sources("amazon_jp") }}``, ``{{ open_questions("amazon_jp") }}``;
- ``{{ all_sources() }}`` and ``{{ changelog() }}`` for the sources page.

Every macro takes the page's ``lang`` (and ``instance``) as keyword arguments.
Texts are escaped with :func:`html.escape`; external links are plain links.
"""

from __future__ import annotations

import posixpath
from fractions import Fraction
from html import escape
from typing import Any

from cancelrate import rates
from cancelrate.dates import MONTHS_EN
from cancelrate.numbers import format_percent
from cancelrate.policies import (
    Fact,
    Policy,
    all_facts,
    all_policies,
    general_open_questions,
    load_data,
    platforms,
    points_systems,
)
from cancelrate.policies import (
    changelog as _changelog,
)
from cancelrate.text import target_phrase, window_phrase

T = {
    "ja": {
        "official": "公式",
        "secondary": "二次情報",
        "checked": "確認日",
        "source_date": "情報源の日付",
        "unverified": "未確認",
        "verified": "確認済み",
        "none": "公表なし",
        "metric": "指標",
        "target": "基準",
        "window": "集計期間",
        "unit": "数え方",
        "sources": "出典",
        "scope": "対象",
        "consequence": "基準を外れると",
        "min_orders": "最低注文数",
        "status": "確認状況",
        "status_partial": "一部未確認",
        "orders": "注文数",
        "units": "個数",
        "points": "違反点数",
        "lag": "{n} 日遅れのデータ",
        "days": "{n} 日間",
        "calendar_year": "暦年(毎年 {date}にリセット)",
        "counts_yes": "数える",
        "counts_no": "数えない",
        "counts_unknown": "未確認",
        "level": "レベル",
        "restrictions": "主な制限",
        "fee": "違反金",
        "tier": "評価",
        "defect_rate": "不良率",
        "defects": "不良の件数",
        "recommended": "推奨",
        "no_sources": "出典なし",
        "other": "その他",
    },
    "en": {
        "official": "Official",
        "secondary": "Secondary",
        "checked": "checked",
        "source_date": "source date",
        "unverified": "Unverified",
        "verified": "Verified",
        "none": "None published",
        "metric": "Metric",
        "target": "Target",
        "window": "Window",
        "unit": "Counted in",
        "sources": "Sources",
        "scope": "Scope",
        "consequence": "If you miss it",
        "min_orders": "Minimum orders",
        "status": "Status",
        "status_partial": "Partly unverified",
        "orders": "orders",
        "units": "units",
        "points": "penalty points",
        "lag": "data {n} days behind",
        "days": "{n} days",
        "calendar_year": "calendar year (reset every {date})",
        "counts_yes": "Counts",
        "counts_no": "Does not count",
        "counts_unknown": "Unverified",
        "level": "Level",
        "restrictions": "Main restrictions",
        "fee": "Penalty fee",
        "tier": "Rating",
        "defect_rate": "Defect rate",
        "defects": "Defects",
        "recommended": "recommended",
        "no_sources": "No source",
        "other": "Other",
    },
}

COMPARE = {
    "ja": {
        "lt": "{x} 未満",
        "le": "{x} 以下",
        "ge": "{x} 以上",
        "gt": "{x} 超",
        "eq": "{x}",
        "from": "{x} から",
        "within": "{x} 以内",
        None: "{x}",
    },
    "en": {
        "lt": "under {x}",
        "le": "no more than {x}",
        "ge": "at least {x}",
        "gt": "more than {x}",
        "eq": "{x}",
        "from": "from {x}",
        "within": "within {x}",
        None: "{x}",
    },
}
# the opposite comparison: the condition for missing a target
MISS = {"lt": "ge", "le": "gt", "ge": "lt", "gt": "le"}

UNIT_FORMAT = {
    "ja": {
        "percent": "{n}%",
        "days": "{n} 日",
        "minutes": "{n} 分",
        "orders": "{n} 件",
        "defects": "{n} 件",
        "points": "{n} 点",
        "yen": "{n} 円",
        "date": "{n}",
    },
    "en": {
        "percent": "{n}%",
        "days": "{n} days",
        "minutes": "{n} minutes",
        "orders": "{n} orders",
        "defects": "{n} defects",
        "points": "{n} points",
        "yen": "¥{n}",
        "date": "{n}",
    },
}


def _t(lang: str, key: str) -> str:
    return T[lang][key]


def _group(number: object) -> str:
    """``100000`` -> ``"100,000"``; strings (``"2.5"``) are kept as written in the data."""
    return f"{number:,}" if isinstance(number, int) else str(number)


def format_value(number: object, unit: str, comparison: str | None, lang: str) -> str:
    """``("2.5", "percent", "lt", "ja")`` -> ``"2.5% 未満"``; ``"en"`` -> ``"under 2.5%"``."""
    amount = UNIT_FORMAT[lang][unit].format(n=_group(number))
    text = COMPARE[lang][comparison].format(x=amount)
    if lang == "ja" and not amount[-1].isascii():
        text = text.replace(f"{amount} ", amount)  # "35 点以上", but "2.5% 未満"
    return text


def _days(n: int, lang: str) -> str:
    return _t(lang, "days").format(n=n)


def _month_day(month_day: str, lang: str) -> str:
    month, day = (int(p) for p in month_day.split("-"))
    return f"{month} 月 {day} 日" if lang == "ja" else f"{day} {MONTHS_EN[month - 1]}"


# --- one policy ---------------------------------------------------------------


def policy_threshold(policy: Policy, lang: str) -> str:
    if policy.threshold_percent is None:
        return _t(lang, "none")
    return format_value(policy.threshold_percent, "percent", policy.comparison, lang)


def policy_window(policy: Policy, lang: str) -> str:
    if policy.window_days is None:
        note = policy.raw.get("window_note")
        return note[lang] if note else "–"
    text = _days(policy.window_days, lang)
    if policy.lag_days:
        text += ("(" if lang == "ja" else " (") + _t(lang, "lag").format(n=policy.lag_days) + ")"
    return text


def policy_min_orders(policy: Policy, lang: str) -> str:
    if not policy.min_orders:
        return "–"
    return format_value(policy.min_orders["count"], "orders", policy.min_orders.get("comparison"), lang)


def _kinds(sources: list[dict[str, Any]], lang: str) -> str:
    kinds = [k for k in ("official", "secondary") if any(s["kind"] == k for s in sources)]
    return " + ".join(_t(lang, k) for k in kinds) or _t(lang, "no_sources")


# --- sources ------------------------------------------------------------------


def _source_meta(source: dict[str, Any], lang: str) -> str:
    parts = [
        f'<span class="cr-source__kind" data-kind="{escape(source["kind"])}">{escape(_t(lang, source["kind"]))}</span>'
    ]
    if source.get("source_date"):
        parts.append(f"{escape(_t(lang, 'source_date'))}: {escape(source['source_date'])}")
    parts.append(
        f'{escape(_t(lang, "checked"))}: <time class="cr-source__checked" datetime="{escape(source["checked"])}">'
        f"{escape(source['checked'])}</time>"
    )
    return " · ".join(parts)


def _source_link(source: dict[str, Any], lang: str) -> str:
    return (
        f'<a class="cr-source__link" href="{escape(source["url"], quote=True)}" rel="noopener">'
        f"{escape(source['title'][lang])}</a>"
    )


def _sources_inline(sources: list[dict[str, Any]], lang: str) -> str:
    if not sources:
        return escape(_t(lang, "no_sources"))
    return "<br>".join(
        f'<span class="cr-source">{_source_link(s, lang)} <small>({_source_meta(s, lang)})</small></span>'
        for s in sources
    )


def _sources_list(sources: list[dict[str, Any]], lang: str) -> str:
    seen: set[str] = set()
    items = []
    for source in sources:
        if source["url"] in seen:
            continue
        seen.add(source["url"])
        items.append(
            f'<li class="cr-source">{_source_link(source, lang)}<br><small>{_source_meta(source, lang)}</small></li>'
        )
    return f'<ul class="cr-sources">{"".join(items)}</ul>'


def _platform(platform_id: str) -> dict[str, Any]:
    for platform in platforms():
        if platform["id"] == platform_id:
            return platform
    raise KeyError(f"unknown platform {platform_id!r}")


def _platform_policies(platform: dict[str, Any]) -> list[Policy]:
    return [all_policies()[pid] for pid in platform["policies"]]


def _platform_points(platform: dict[str, Any]) -> list[dict[str, Any]]:
    return [points_systems()[sid] for sid in platform["points_systems"]]


def _platform_facts(platform_id: str, group: str | None = None) -> list[Fact]:
    facts = [f for f in all_facts().values() if f.platform == platform_id and (group is None or f.group == group)]
    if group is not None and not facts:
        raise KeyError(f"no facts for {platform_id!r} / {group!r}")
    return facts


def platform_sources(platform_id: str) -> list[dict[str, Any]]:
    """Every source used for a platform: its policies, points systems and facts (with repeats)."""
    platform = _platform(platform_id)
    sources: list[dict[str, Any]] = []
    for policy in _platform_policies(platform):
        sources += policy.sources
    for system in _platform_points(platform):
        sources += system["sources"]
    for f in _platform_facts(platform_id):
        sources += f.sources
    return sources


# --- inline values ------------------------------------------------------------


def _fact_value(f: Fact, lang: str) -> str:
    if f.value is None:
        text = f.raw.get("value_text")
        return text[lang] if text else "–"
    value = format_value(f.value["number"], f.value["unit"], f.value.get("comparison"), lang)
    if f.raw.get("value_kind") == "recommended":
        value += f"({_t(lang, 'recommended')})" if lang == "ja" else f" ({_t(lang, 'recommended')})"
    return value


def _one_cancel_orders(policy: Policy) -> int:
    needed = rates.min_orders_for_cancels(1, policy.threshold, policy.comparison)
    if needed is None:
        raise KeyError(f"{policy.id}: no order count absorbs one cancellation")
    return needed


def _min_orders_phrase(policy: Policy, lang: str) -> str:
    """``"10 件を超える"`` / ``"more than 10"``: the minimum order rule for running text."""
    rule = policy.min_orders
    n = _group(rule["count"])
    words = {
        "gt": {"ja": f"{n} 件を超える", "en": f"more than {n}"},
        "ge": {"ja": f"{n} 件以上", "en": f"at least {n}"},
    }
    return words[rule["comparison"]][lang]


def _resolve(ref: str, part: str | None, lang: str) -> str:
    facts = all_facts()
    if ref in facts:
        f = facts[ref]
        part = part or "value"
        if part == "value":
            return _fact_value(f, lang)
        if part == "number":
            return _group(f.value["number"])
        if part == "window":
            return f.window[lang]
        if part == "topic":
            return f.topic[lang]
        raise KeyError(f"unknown part {part!r} of fact {ref!r}")
    head, _, attr = ref.partition(".")
    policy = all_policies().get(head)
    if policy is not None:
        getters = {
            "threshold": lambda: policy_threshold(policy, lang),
            "percent": lambda: UNIT_FORMAT[lang]["percent"].format(n=policy.threshold_percent),
            "miss": lambda: format_value(policy.threshold_percent, "percent", MISS[policy.comparison], lang),
            "window": lambda: policy_window(policy, lang),
            "window_days": lambda: _days(policy.window_days, lang),
            "lag": lambda: _days(policy.lag_days, lang),
            "lag_end": lambda: _days(policy.lag_days + policy.window_days, lang),
            "min_orders": lambda: policy_min_orders(policy, lang),
            "unit": lambda: _t(lang, policy.unit),
            "metric": lambda: policy.metric[lang],
            # phrasings for running text: "2.5%未満" / "under 2.5%", "直近 7 日間" / "the last 7 days"
            "target": lambda: target_phrase(policy.threshold, policy.comparison, lang),
            "recent_window": lambda: window_phrase(policy, lang),
            "min_orders_phrase": lambda: _min_orders_phrase(policy, lang),
            # the fewest orders at which one cancellation meets the target ("41"), the rate
            # there ("2.44%"), and the rate one order fewer gives, the last that misses ("2.5%")
            "one_cancel_orders": lambda: _group(_one_cancel_orders(policy)),
            "one_cancel_rate": lambda: format_percent(Fraction(1, _one_cancel_orders(policy))),
            "one_cancel_last_miss": lambda: format_percent(Fraction(1, _one_cancel_orders(policy) - 1)),
        }
        if attr.startswith("tier."):
            tier = next(t for t in policy.raw["tiers"] if t["id"] == attr[5:])
            return format_value(tier["threshold_percent"], "percent", tier["comparison"], lang)
        return getters[attr]()
    system = points_systems().get(head)
    if system is not None:
        levels = system["levels"]
        getters = {
            "per_cancel": lambda: UNIT_FORMAT[lang]["points"].format(n=system["points_per_store_cancel"]),
            "started": lambda: system["started"],
            "reset": lambda: _month_day(system["reset_month_day"], lang),
            "first_level": lambda: UNIT_FORMAT[lang]["points"].format(n=levels[0]["min_points"]),
            "first_level_count": lambda: _group(levels[0]["min_points"]),
            "per_cancel_count": lambda: _group(system["points_per_store_cancel"]),
            "top_level": lambda: UNIT_FORMAT[lang]["points"].format(n=levels[-1]["min_points"]),
            # cancellations that reach the first level (ceiling division)
            "cancels_to_first_level": lambda: str(-(-levels[0]["min_points"] // system["points_per_store_cancel"])),
        }
        return getters[attr]()
    raise KeyError(f"unknown fact {ref!r}")


def fact(ref: str, part: str | None = None, *, lang: str, **_: object) -> str:
    """One value from the data, inline, e.g. ``fact("amazon_jp.threshold")`` -> ``2.5% 未満``.

    ``ref`` is a fact id (``part``: ``value``, ``number``, ``window``, ``topic``),
    or ``POLICY_ID.ATTR`` (threshold, percent, miss, window, window_days, lag,
    lag_end, min_orders, unit, metric, tier.TIER_ID; for running text: target,
    recent_window, min_orders_phrase, one_cancel_orders, one_cancel_rate,
    one_cancel_last_miss), or ``POINTS_ID.ATTR`` (per_cancel, per_cancel_count,
    started, reset, first_level, first_level_count, top_level,
    cancels_to_first_level).
    """
    return f'<span class="cr-fact" data-fact="{escape(ref, quote=True)}">{escape(_resolve(ref, part, lang))}</span>'


# --- tables and lists ---------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def policy_overview(base: str = "policies/", *, lang: str, **_: object) -> str:
    """All platforms' cancel-related metrics in one Markdown table (so that the page links are checked)."""
    head = [_t(lang, k) for k in ("metric", "target", "window", "unit", "sources")]
    rows = []
    for platform in platforms():
        link = posixpath.relpath(platform["page"], base.rstrip("/") or ".")
        for policy in _platform_policies(platform):
            rows.append(
                [
                    f"[{escape(policy.platform[lang])}]({link}): {escape(policy.metric[lang])}",
                    f'<span data-policy="{escape(policy.id)}" data-cell="target">{escape(policy_threshold(policy, lang))}</span>',
                    escape(policy_window(policy, lang)),
                    escape(_t(lang, policy.unit)),
                    escape(_kinds(policy.sources, lang)),
                ]
            )
        for system in _platform_points(platform):
            first = system["levels"][0]
            target = format_value(first["min_points"], "points", "ge", lang)
            target += (
                f"({_t(lang, 'level')} {first['level']})"
                if lang == "ja"
                else f" ({_t(lang, 'level')} {first['level']})"
            )
            rows.append(
                [
                    f"[{escape(system['platform'][lang])}]({link}): {escape(system['metric'][lang])}",
                    escape(target),
                    escape(_t(lang, "calendar_year").format(date=_month_day(system["reset_month_day"], lang))),
                    escape(_t(lang, "points")),
                    escape(_kinds(system["sources"], lang)),
                ]
            )
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _status(verified: bool, lang: str) -> str:
    key = "verified" if verified else "status_partial"
    return f'<span class="cr-status" data-verified="{str(verified).lower()}">{escape(_t(lang, key))}</span>'


def policy_card(policy_id: str, *, lang: str, **_: object) -> str:
    """One metric as a two-column table: target, window, unit, scope, consequence, status, sources."""
    policy = all_policies()[policy_id]
    rows = [
        ("target", f'<strong data-cell="target">{escape(policy_threshold(policy, lang))}</strong>'),
        ("window", escape(policy_window(policy, lang))),
        ("unit", escape(_t(lang, policy.unit))),
        ("scope", escape(policy.scope[lang])),
    ]
    if policy.min_orders:
        rows.append(("min_orders", escape(policy_min_orders(policy, lang))))
    rows += [
        ("consequence", escape(policy.consequence[lang])),
        ("status", _status(policy.verified, lang)),
        ("sources", _sources_inline(policy.sources, lang)),
    ]
    body = "".join(f'<tr><th scope="row">{escape(_t(lang, k))}</th><td>{v}</td></tr>' for k, v in rows)
    caption = f"<caption>{escape(policy.label(lang))}</caption>"
    return f'<table class="cr-policy" data-policy="{escape(policy.id)}">{caption}<tbody>{body}</tbody></table>\n'


def _unverified_badge(f: Fact, lang: str) -> str:
    if f.verified:
        return ""
    return f' <span class="cr-status" data-verified="false">({escape(_t(lang, "unverified"))})</span>'


def facts_table(platform_id: str, group: str, *, lang: str, **_: object) -> str:
    """Facts of one group as a two-column table (fits a phone): metric with note and sources | target and window."""
    head = "".join(f'<th scope="col">{escape(_t(lang, k))}</th>' for k in ("metric", "target"))
    rows = []
    for f in _platform_facts(platform_id, group):
        target = f"<strong>{escape(_fact_value(f, lang))}</strong>"
        if f.window:
            target += f"<br>{escape(f.window[lang])}"
        rows.append(
            f'<tr data-fact="{escape(f.id)}"><td><strong>{escape(f.topic[lang])}</strong>{_unverified_badge(f, lang)}'
            f"<br>{escape(f.statement[lang])}"
            f'<br><span class="cr-fact-sources">{escape(_t(lang, "sources"))}: {_sources_inline(f.sources, lang)}</span></td>'
            f"<td>{target}</td></tr>"
        )
    return f'<table class="cr-facts"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>\n'


def fact_list(platform_id: str, group: str, *, lang: str, **_: object) -> str:
    """Facts of one group as a list: topic, whether it counts (when the data says), statement, sources."""
    items = []
    for f in _platform_facts(platform_id, group):
        label = ""
        if "counts" in f.raw:
            key = {True: "counts_yes", False: "counts_no", None: "counts_unknown"}[f.raw["counts"]]
            label = f'<span class="cr-counts" data-counts="{escape(key)}">{escape(_t(lang, key))}</span>: '
        value = f" <strong>{escape(_fact_value(f, lang))}</strong>" if f.value else ""
        # "Unverified: ..." already says it when whether it counts is the open point
        badge = "" if f.raw.get("counts", False) is None else _unverified_badge(f, lang)
        items.append(
            f'<li data-fact="{escape(f.id)}">{label}<strong>{escape(f.topic[lang])}</strong>{badge}'
            f"{value}<br>{escape(f.statement[lang])}<br>{_sources_inline(f.sources, lang)}</li>"
        )
    return f'<ul class="cr-fact-list">{"".join(items)}</ul>\n'


def points_levels(system_id: str, *, lang: str, **_: object) -> str:
    """A points system's levels: points, level, restrictions, fee."""
    system = points_systems()[system_id]
    head = "".join(f'<th scope="col">{escape(_t(lang, k))}</th>' for k in ("points", "level", "restrictions", "fee"))
    rows = "".join(
        f'<tr data-level="{escape(level["level"])}"><td>{escape(format_value(level["min_points"], "points", "ge", lang))}</td>'
        f"<td>{escape(level['level'])}</td><td>{escape(level['restrictions'][lang])}</td>"
        f"<td>{escape(UNIT_FORMAT[lang]['yen'].format(n=_group(level['fee_yen'])))}</td></tr>"
        for level in system["levels"]
    )
    return (
        f'<table class="cr-levels" data-points="{escape(system_id)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>\n"
    )


def tiers_table(policy_id: str, *, lang: str, **_: object) -> str:
    """A policy's tiers (eBay): rate limit from the policy, defect counts from the facts ``POLICY.defects.TIER``."""
    policy = all_policies()[policy_id]
    facts = all_facts()
    rows = [
        (t["id"], t["name"][lang], format_value(t["threshold_percent"], "percent", t["comparison"], lang))
        for t in policy.raw["tiers"]
    ]
    below = facts.get(f"{policy_id}.defects.below_standard")
    if below is not None and policy.comparison in MISS:
        rows.append(
            (
                "below_standard",
                "Below Standard",
                format_value(policy.threshold_percent, "percent", MISS[policy.comparison], lang),
            )
        )
    head = "".join(f'<th scope="col">{escape(_t(lang, k))}</th>' for k in ("tier", "defect_rate", "defects"))
    body = []
    for tier_id, name, rate in rows:
        count = facts.get(f"{policy_id}.defects.{tier_id}")
        body.append(
            f'<tr data-tier="{escape(tier_id)}"><td>{escape(name)}</td><td>{escape(rate)}</td>'
            f"<td>{escape(_fact_value(count, lang)) if count else '–'}</td></tr>"
        )
    return f'<table class="cr-tiers"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>\n'


def page_sources(platform_id: str, *, lang: str, **_: object) -> str:
    """Every source behind a platform page, once each, with kind and dates."""
    return _sources_list(platform_sources(platform_id), lang) + "\n"


def platform_open_questions(platform_id: str) -> list[dict[str, str]]:
    platform = _platform(platform_id)
    questions: list[dict[str, str]] = []
    for policy in _platform_policies(platform):
        questions += policy.open_questions
    for system in _platform_points(platform):
        questions += system.get("open_questions", [])
    questions += [q for q in general_open_questions() if q["platform"] == platform_id]
    return questions


def open_questions(platform_id: str, *, lang: str, **_: object) -> str:
    """What is still unverified for a platform: the records' open questions and the general ones."""
    items = "".join(f"<li>{escape(q[lang])}</li>" for q in platform_open_questions(platform_id))
    return f'<ul class="cr-open-questions" data-platform="{escape(platform_id)}">{items}</ul>\n'


def all_sources(*, lang: str, **_: object) -> str:
    """All sources, grouped by platform (a heading each), deduplicated by URL within the site."""
    seen: set[str] = set()
    out = []
    for platform in platforms():
        sources = [s for s in platform_sources(platform["id"]) if s["url"] not in seen]
        seen.update(s["url"] for s in sources)
        if not sources:
            continue
        out.append(f"### {platform['name'][lang]}\n\n{_sources_list(sources, lang)}\n")
    return "\n".join(out)


def changelog(*, lang: str, **_: object) -> str:
    """The dated change log, newest first."""
    names = {p["id"]: p["name"][lang] for p in platforms()}
    rows = "".join(
        f'<tr><td><time datetime="{escape(e["date"])}">{escape(e["date"])}</time></td><td>{escape(e[lang])}</td></tr>'
        for e in _changelog()
        if e.get("platform") is None or e["platform"] in names
    )
    head = ("日付", "内容") if lang == "ja" else ("Date", "What changed")
    return (
        f'<table class="cr-changelog"><thead><tr><th scope="col">{head[0]}</th><th scope="col">{head[1]}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>\n"
    )


def checked_date(*, lang: str, **_: object) -> str:
    """The date the data was last checked (``"checked"`` at the top of policies.json)."""
    return f'<time class="cr-fact" datetime="{escape(load_data()["checked"])}">{escape(load_data()["checked"])}</time>'


MACROS = {
    "fact": fact,
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
