"""``rakuten_points``: Rakuten Ichiba penalty points from store-caused cancellations.

``points = store_cancels_this_year * points_per_store_cancel + other_points``.
The level is the highest one whose ``min_points <= points`` (none below the
first). ``cancels_to_next_level`` is the fewest further store cancellations
``k`` with ``points + k * points_per_store_cancel >= min_points(next level)``,
that is ``ceil((min_points - points) / points_per_store_cancel)``; ``None`` at
the top level. Points reset on the data's ``reset_month_day`` (1 January):
with ``today`` given, ``reset_date`` is the next such day after ``today``.
All numbers come from ``points_systems`` in ``policies.json`` (secondary sources).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import messages
from ..dates import format_date, parse_date
from ..inputs import Field
from ..numbers import InvalidInput, format_number
from ..policies import points_system
from ..text import source_kind_phrase

SYSTEM_ID = "rakuten_points"
TITLE = {"ja": "楽天 違反点数", "en": "Rakuten penalty points"}

FIELDS = [
    Field(
        "store_cancels_this_year",
        "count",
        {"ja": "今年のストア都合キャンセル数", "en": "store-caused cancellations this year"},
        {
            "ja": "1 月 1 日から今日までに、在庫切れなどお店の都合でキャンセルした注文の数。",
            "en": "Orders you cancelled for the shop's own reasons (such as a stock-out) since 1 January.",
        },
        example=2,
    ),
    Field(
        "other_points",
        "count",
        {"ja": "ほかの違反点数(任意)", "en": "other penalty points (optional)"},
        {
            "ja": "今年すでに受けている、キャンセル以外の違反点数。空欄なら 0。",
            "en": "Penalty points you already have this year for other reasons. Blank means 0.",
        },
        required=False,
    ),
    Field(
        "today",
        "text",
        {"ja": "今日の日付(任意)", "en": "today's date (optional)"},
        {
            "ja": "入力すると、点数が 0 に戻る日を年まで出します(例: 2026-11-28)。",
            "en": "With a date (e.g. 2026-11-28), the reset day is shown with its year.",
        },
        required=False,
        max_length=100,
    ),
]

OUTPUTS = {
    "points": {"ja": "今年の違反点数", "en": "Points this year"},
    "level": {"ja": "違反レベル", "en": "Penalty level"},
    "restrictions": {"ja": "このレベルの制限", "en": "Restrictions at this level"},
    "fee_yen": {"ja": "違約金", "en": "Penalty fee"},
    "cancels_to_next_level": {"ja": "次のレベルまでのキャンセル数", "en": "Cancellations to the next level"},
    "reset_date": {"ja": "点数が 0 に戻る日", "en": "Points reset on"},
    "points_per_cancel": {"ja": "キャンセル 1 件の点数", "en": "Points per cancellation"},
}


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


def run(values: dict[str, Any], lang: str) -> tuple[dict[str, Any], dict[str, Any]] | list[dict]:
    """Points, level and its costs, cancellations to the next level, reset date; or error records."""
    system = points_system(SYSTEM_ID)
    today = None
    if values.get("today"):
        try:
            today = parse_date(values["today"])
        except InvalidInput as exc:
            return [messages.error(exc.code, lang, "today", **exc.params)]
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
        "restrictions": None if level is None else level["restrictions"][lang],
        "fee_yen": None if level is None else level["fee_yen"],
        "cancels_to_next_level": to_next,
        "next_level": None if following is None else following["level"],
        "reset_month_day": system["reset_month_day"],
        "reset_date": reset.isoformat() if reset else None,
        "points_per_cancel": per_cancel,
        "points_per_cancel_kind": system["points_per_store_cancel_kind"],
    }
    return outputs, _display(system, cancels, other, points, level, following, to_next, today, reset, lang)


def _yen(amount: int, lang: str) -> str:
    return f"{format_number(amount)} 円" if lang == "ja" else f"¥{format_number(amount)}"


def _display(system, cancels, other, points, level, following, to_next, today, reset, lang) -> dict[str, Any]:
    ja = lang == "ja"
    per = system["points_per_store_cancel"]
    first = system["levels"][0]
    source = "(二次情報)" if ja else " (secondary sources)"
    d: dict[str, dict[str, Any]] = {}
    d["points"] = {
        "value": f"{format_number(points)} 点" if ja else f"{format_number(points)} points",
        "explanation": (
            f"{format_number(cancels)} 件 × {per} 点 + ほかの {format_number(other)} 点 = {format_number(points)} 点"
            if ja
            else f"{format_number(cancels)} × {per} points + {format_number(other)} other points = {format_number(points)} points"
        ),
    }
    if level is None:
        d["level"] = {
            "value": "なし" if ja else "None",
            "explanation": (
                f"レベル {first['level']} は {first['min_points']} 点からです{source}。"
                if ja
                else f"Level {first['level']} starts at {first['min_points']} points{source}."
            ),
        }
        below = (
            f"レベル {first['level']} に届くまでは、制限も違約金もありません{source}。"
            if ja
            else f"Below level {first['level']} there are no restrictions and no fee{source}."
        )
        d["restrictions"] = {"value": "なし" if ja else "None", "explanation": below}
        d["fee_yen"] = {"value": "なし" if ja else "None", "explanation": below}
    else:
        d["level"] = {
            "value": f"レベル {level['level']}" if ja else f"Level {level['level']}",
            "explanation": (
                f"{level['min_points']} 点以上でレベル {level['level']} です{source}。"
                if ja
                else f"Level {level['level']} applies from {level['min_points']} points{source}."
            ),
        }
        d["restrictions"] = {
            "value": level["restrictions"][lang],
            "explanation": "楽天の公式ガイドラインは RMS にログインしないと読めないため、二次情報による内容です。"
            if ja
            else "From secondary sources: Rakuten's official guideline needs an RMS login.",
        }
        d["fee_yen"] = {
            "value": _yen(level["fee_yen"], lang),
            "explanation": f"レベル {level['level']} の違約金です{source}。"
            if ja
            else f"The penalty fee at level {level['level']}{source}.",
        }
    if following is None:
        d["cancels_to_next_level"] = {
            "value": "—",
            "explanation": "いちばん上のレベルです。" if ja else "This is the top level.",
        }
    else:
        can = to_next - 1
        goal = (
            f"レベル {following['level']}({following['min_points']} 点)"
            if ja
            else f"level {following['level']} ({following['min_points']} points)"
        )
        if can == 0:
            text = f"次のキャンセル 1 件で{goal}に届きます。" if ja else f"The next cancellation reaches {goal}."
        else:
            text = (
                f"あと {format_number(to_next)} 件のキャンセルで{goal}に届きます。{format_number(can)} 件までなら届きません。"
                if ja
                else f"{format_number(to_next)} more cancellations reach {goal}; up to {format_number(can)} more stay below it."
            )
        d["cancels_to_next_level"] = {
            "value": f"{format_number(to_next)} 件" if ja else f"{format_number(to_next)}",
            "explanation": text,
        }
    month, day = (int(part) for part in system["reset_month_day"].split("-"))
    rule = f"{month}月{day}日" if ja else format_date(date(2000, month, day), "en").rsplit(" ", 1)[0]
    d["reset_date"] = {
        "value": format_date(reset, lang) if reset else rule,
        "explanation": (
            f"点数は 1 年ごと(1 月 1 日〜12 月 31 日)に数え、毎年 {rule}に 0 に戻ります。"
            if ja
            else f"Points count per calendar year and go back to zero every {rule}."
        ),
    }
    d["points_per_cancel"] = {
        "value": (f"{per} 点" if ja else f"{per} points")
        + f"({source_kind_phrase(system['points_per_store_cancel_kind'], lang)})"
        if ja
        else f"{per} points ({source_kind_phrase(system['points_per_store_cancel_kind'], lang)} source)",
        "explanation": system["points_per_store_cancel_note"][lang],
    }
    return d
