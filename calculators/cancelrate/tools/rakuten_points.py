"""``rakuten_points``: Rakuten Ichiba penalty points from store-caused cancellations.

``points = store_cancels_this_year * points_per_store_cancel + other_points``.
The level is the highest one whose ``min_points <= points`` (none below the
first). ``cancels_to_next_level`` is the fewest further store cancellations
``k`` with ``points + k * points_per_store_cancel >= min_points(next level)``,
that is ``ceil((min_points - points) / points_per_store_cancel)``; ``None`` at
the top level. Points reset on the data's ``reset_month_day`` (1 January):
with ``today`` given, ``reset_date`` is the next such day after ``today``.
All numbers come from ``points_systems`` in ``policies.json`` (secondary sources).

Its words are keys of the catalogs' ``[rakuten_points]`` section (see
:mod:`cancelrate.phrases`); a level's restrictions are the data's own text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..dates import parse_date
from ..inputs import Field, today_field
from ..numbers import InvalidInput
from ..phrases import Count, Localized, Message, MonthDay, Problem, Yen
from ..policies import points_system

SYSTEM_ID = "rakuten_points"
TITLE = "rakuten_points.title"

FIELDS = [
    Field(
        "store_cancels_this_year",
        "count",
        "rakuten_points.label.store_cancels_this_year",
        "rakuten_points.help.store_cancels_this_year",
        example=2,
    ),
    Field(
        "other_points",
        "count",
        "rakuten_points.label.other_points",
        "rakuten_points.help.other_points",
        required=False,
    ),
    today_field("rakuten_points.label.today", "rakuten_points.help.today", example="2026-11-28", example_days_ago=0),
]

OUTPUTS = {
    "points": "rakuten_points.output.points",
    "level": "rakuten_points.output.level",
    "restrictions": "rakuten_points.output.restrictions",
    "fee_yen": "rakuten_points.output.fee_yen",
    "cancels_to_next_level": "rakuten_points.output.cancels_to_next_level",
    "reset_date": "rakuten_points.output.reset_date",
    "points_per_cancel": "rakuten_points.output.points_per_cancel",
}

SOURCE_KIND = {"official": "rakuten_points.source_kind.official", "secondary": "rakuten_points.source_kind.secondary"}
"""How sure the points per cancellation are, by the data's source kind."""

Display = dict[str, dict[str, Any]]


def points_for(cancels: int, other: int, per_cancel: int) -> int:
    """``cancels * per_cancel + other``."""
    return cancels * per_cancel + other


def level_for(points: int, levels: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The highest level with ``min_points <= points`` (``levels`` sorted by ``min_points``), or ``None``."""
    reached = [level for level in levels if level["min_points"] <= points]
    return reached[-1] if reached else None


def cancels_to_reach(points: int, min_points: int, per_cancel: int) -> int:
    """``ceil((min_points - points) / per_cancel)``, at least 0."""
    return max(0, -((points - min_points) // per_cancel))


def next_reset(today: date, month_day: str) -> date:
    """The first ``month_day`` (``"MM-DD"``) strictly after ``today``."""
    month, day = (int(part) for part in month_day.split("-"))
    this_year = date(today.year, month, day)
    return this_year if this_year > today else date(today.year + 1, month, day)


def run(values: dict[str, Any]) -> tuple[dict[str, Any], Display] | list[Problem]:
    """Points, level and its costs, cancellations to the next level, reset date; or problems."""
    system = points_system(SYSTEM_ID)
    today = None
    if values.get("today"):
        try:
            today = parse_date(values["today"])
        except InvalidInput as exc:
            return [Problem(exc.code, "today", **exc.params)]
    per_cancel: int = system["points_per_store_cancel"]
    levels = system["levels"]
    cancels: int = values["store_cancels_this_year"]
    other: int = values["other_points"] or 0
    points = points_for(cancels, other, per_cancel)
    level = level_for(points, levels)
    index = -1 if level is None else levels.index(level)
    following = levels[index + 1] if index + 1 < len(levels) else None
    to_next = None if following is None else cancels_to_reach(points, following["min_points"], per_cancel)
    reset = next_reset(today, system["reset_month_day"]) if today else None
    outputs = {
        "points": points,
        "level": None if level is None else level["level"],
        "restrictions": None if level is None else Localized(level["restrictions"]),
        "fee_yen": None if level is None else level["fee_yen"],
        "cancels_to_next_level": to_next,
        "next_level": None if following is None else following["level"],
        "reset_month_day": system["reset_month_day"],
        "reset_date": reset.isoformat() if reset else None,
        "points_per_cancel": per_cancel,
        "points_per_cancel_kind": system["points_per_store_cancel_kind"],
    }
    return outputs, _display(Facts(system, cancels, other, points, level, following, to_next, today, reset))


@dataclass(frozen=True)
class Facts:
    """What the display says, computed by :func:`run`: the points system (``policies.json``), the store
    cancellations and other points entered, the points, the level reached and the next one (``None`` for none),
    the cancellations to reach it, and today and the next reset when a date was given."""

    system: dict[str, Any]
    cancels: int
    other: int
    points: int
    level: dict[str, Any] | None
    following: dict[str, Any] | None
    to_next: int | None
    today: date | None
    reset: date | None


def _display(f: Facts) -> Display:
    system, cancels, other, points, level, following = f.system, f.cancels, f.other, f.points, f.level, f.following
    to_next, today, reset = f.to_next, f.today, f.reset
    per = system["points_per_store_cancel"]
    first = system["levels"][0]
    d: Display = {}
    d["points"] = {
        "value": Count(points, "points"),
        "explanation": Message(
            "rakuten_points.points.sum",
            cancels=cancels,
            per=Count(per, "points"),
            other=Count(other, "points"),
            points=Count(points, "points"),
        ),
    }
    if level is None:
        d["level"] = {
            "value": Message("rakuten_points.none"),
            "explanation": Message("rakuten_points.level.first", level=first["level"], min_points=first["min_points"]),
        }
        below = Message("rakuten_points.level.below_first", level=first["level"])
        d["restrictions"] = {"value": Message("rakuten_points.none"), "explanation": below}
        d["fee_yen"] = {"value": Message("rakuten_points.none"), "explanation": below}
    else:
        d["level"] = {
            "value": Message("rakuten_points.level.name", level=level["level"]),
            "explanation": Message("rakuten_points.level.from", level=level["level"], min_points=level["min_points"]),
        }
        d["restrictions"] = {
            "value": Localized(level["restrictions"]),
            "explanation": Message("rakuten_points.restrictions.source"),
        }
        d["fee_yen"] = _fee(level)
    if following is None:
        d["cancels_to_next_level"] = {"value": "—", "explanation": Message("rakuten_points.next.top")}
    else:
        can = to_next - 1
        goal = Message("rakuten_points.next.goal", level=following["level"], min_points=following["min_points"])
        if can == 0:
            text = Message("rakuten_points.next.one_more", goal=goal)
        else:
            text = Message("rakuten_points.next.more", to_next=to_next, goal=goal, can=can)
        d["cancels_to_next_level"] = {"value": Message("rakuten_points.next.value", n=to_next), "explanation": text}
    month, day = (int(part) for part in system["reset_month_day"].split("-"))
    rule = MonthDay(month, day)
    if reset is None:
        d["reset_date"] = {"value": rule, "explanation": Message("rakuten_points.reset.rule", rule=rule)}
    else:
        d["reset_date"] = {
            "value": reset,
            "explanation": Message("rakuten_points.reset.from_today", today=today, rule=rule),
        }
    d["points_per_cancel"] = {
        "value": Message(
            "rakuten_points.per_cancel.value",
            per=Count(per, "points"),
            kind=Message(SOURCE_KIND[system["points_per_store_cancel_kind"]]),
        ),
        "explanation": Localized(system["points_per_store_cancel_note"]),
    }
    return d


def _fee(level: dict[str, Any]) -> dict[str, Any]:
    """The level's penalty fee, with what it applies to when that is not the whole level (level V: V-A only)."""
    amount = Yen(level["fee_yen"])
    applies = level.get("fee_applies_to")
    if not applies:
        return {"value": amount, "explanation": Message("rakuten_points.fee.at_level", level=level["level"])}
    part = Localized(applies)
    return {
        "value": Message("rakuten_points.fee.value_part", amount=amount, applies=part),
        "explanation": Message("rakuten_points.fee.at_level_part", level=level["level"], applies=part),
    }
