"""The calendar files read back with ``icalendar``, an independent RFC 5545 parser (test-only dependency).

Every event is checked against the calculator's outputs. ``icalendar`` is not installed inside Pyodide,
so there this module is skipped; ``test_ics.py`` runs in both.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

icalendar = pytest.importorskip("icalendar")

from cancelrate import calculate  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "assets" / "examples" / "order-report-example.csv"


def parse(result: dict) -> tuple[icalendar.Calendar, list]:
    text = result["outputs"]["calendar"]["text"]
    cal = icalendar.Calendar.from_ical(text)
    return cal, list(cal.walk("VEVENT"))


def check_against_outputs(result: dict, before: datetime, lang: str) -> None:
    """Every event of the file is one of ``outputs["calendar"]``, in order, all-day, with its UID and texts."""
    cal, events = parse(result)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]).startswith("-//Cancel-Rate Handbook//")
    expected = result["outputs"]["calendar_events"]
    assert len(events) == len(expected) > 0
    for vevent, out in zip(events, expected, strict=True):
        assert str(vevent["UID"]) == out["uid"]
        start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
        assert type(start) is date and type(end) is date  # all-day: DATE values, not DATE-TIME
        assert start.isoformat() == out["date"]
        assert end - start == timedelta(days=1)
        stamp = vevent.decoded("DTSTAMP")
        assert stamp.tzinfo is not None and stamp.utcoffset() == timedelta(0)
        assert before - timedelta(seconds=1) <= stamp <= datetime.now(UTC) + timedelta(seconds=1)
        summary, description = str(vevent["SUMMARY"]), str(vevent["DESCRIPTION"])
        assert summary and description
        if out["kind"] == "leaves":
            order_day = date.fromisoformat(out["order_date"])
            shown = f"{order_day.year}年{order_day.month}月{order_day.day}日" if lang == "ja" else str(order_day.year)
            assert shown in description
        alarms = list(vevent.walk("VALARM"))
        assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == timedelta(hours=9)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_recovery_file(lang):
    before = datetime.now(UTC).replace(microsecond=0)
    values = {
        "policy": "amazon_jp",
        "orders": "10",
        "seller_cancels": "3",
        "daily_orders": "2",
        "cancel_dates": "2026-11-24, 2026-11-27 2026-11-27",
        "today": "2026-11-29",
    }
    result = calculate("recovery", values, lang=lang)
    check_against_outputs(result, before, lang)
    _, events = parse(result)
    assert [e.decoded("DTSTART") for e in events] == [date(2026, 12, 2), date(2026, 12, 5), date(2026, 12, 5)]
    back = events[-1]
    assert back.decoded("DTSTART").isoformat() == result["outputs"]["back_under_target_date"]
    # the description keeps its commas and semicolons once unescaped
    if lang == "en":
        assert "If no new cancellation comes, the rate is expected back within the target (under 2.5%) around" in str(
            back["DESCRIPTION"]
        )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_order_report_file_from_the_example_report(lang):
    before = datetime.now(UTC).replace(microsecond=0)
    # Premium Shipping (30 days, 10 days behind): the example's cancellation of 2 May is still counted; the
    # dates are on the later side of the window's edge (one day after 11 June)
    values = {"policy": "amazon_jp_premium_shipping", "report": EXAMPLE.read_bytes()}
    result = calculate("order_report", values, lang=lang)
    assert [(e["kind"], e["date"]) for e in result["outputs"]["calendar_events"]] == [
        ("leaves", "2026-06-12"),
        ("back", "2026-06-12"),
    ]
    check_against_outputs(result, before, lang)
    last = date.fromisoformat(result["outputs"]["last_date"])
    _, events = parse(result)
    assert all(e.decoded("DTSTART") > last for e in events)


orders_day = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=60, deadline=None)
@given(
    policy=st.sampled_from(["amazon_jp", "amazon_jp_premium_shipping", "amazon_jp_sfp", "amazon_us"]),
    rows=st.lists(st.tuples(st.integers(0, 60), st.booleans()), min_size=1, max_size=40),
    start=orders_day,
    lang=st.sampled_from(["ja", "en"]),
)
def test_order_report_files_parse_and_match_for_any_report(policy, rows, start, lang):
    lines = ["order_id,order_date,status"]
    lines += [
        f"o{i},{(start + timedelta(days=offset)).isoformat()},{'cancelled' if c else 'shipped'}"
        for i, (offset, c) in enumerate(rows)
    ]
    before = datetime.now(UTC).replace(microsecond=0)
    result = calculate("order_report", {"policy": policy, "report": "\n".join(lines).encode()}, lang=lang)
    assert result["ok"], result
    if result["outputs"]["calendar_events"]:
        check_against_outputs(result, before, lang)
    else:
        assert result["outputs"]["calendar"] is None


# --- a newer file updates the events of the older one ------------------------------------------


def _import(calendar: dict, result: dict) -> None:
    """Import a file into ``calendar`` (UID -> event) as RFC 5545 says an app keeps revisions: an event
    replaces the one with its UID when its SEQUENCE is higher, or equal with a later DTSTAMP."""
    _, events = parse(result)
    for vevent in events:
        uid = str(vevent["UID"])
        held = calendar.get(uid)
        revision = (int(vevent["SEQUENCE"]), vevent.decoded("DTSTAMP"))
        if held is None or revision >= (int(held["SEQUENCE"]), held.decoded("DTSTAMP")):
            calendar[uid] = vevent


def _successive(first: dict, second: dict) -> None:
    """Every event of ``first`` is updated by ``second``: after importing both, the calendar holds exactly
    the second file's events, dated as the second file says (no stale "back" or "leaves" reminder left)."""
    calendar: dict = {}
    _import(calendar, first)
    _import(calendar, second)
    _, old = parse(first)
    _, new = parse(second)
    assert {str(e["UID"]) for e in old} <= {str(e["UID"]) for e in new}
    assert sorted(calendar) == sorted(str(e["UID"]) for e in new)
    for vevent in new:
        held = calendar[str(vevent["UID"])]
        assert held.decoded("DTSTART") == vevent.decoded("DTSTART")
        assert str(held["SUMMARY"]) == str(vevent["SUMMARY"])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_order_report_with_one_more_cancellation_moves_every_event_of_the_older_file(lang):
    rows = "order_id,order_date,status\n" + "".join(f"s{i},2026-11-{20 + i % 9:02d},shipped\n" for i in range(40))
    older = rows + "c1,2026-11-24,cancelled\nc2,2026-11-27,cancelled\n"
    newer = older + "c3,2026-11-28,cancelled\n"
    first = calculate("order_report", {"policy": "amazon_jp", "report": older.encode()}, lang=lang)
    time.sleep(1.1)  # a later DTSTAMP, as a file downloaded later has
    second = calculate("order_report", {"policy": "amazon_jp", "report": newer.encode()}, lang=lang)
    kinds = [e["kind"] for e in first["outputs"]["calendar_events"]]
    assert "back" in kinds and "leaves" in kinds
    back_first = next(e for e in first["outputs"]["calendar_events"] if e["kind"] == "back")
    back_second = next(e for e in second["outputs"]["calendar_events"] if e["kind"] == "back")
    assert back_first["uid"] == back_second["uid"] and back_first["date"] < back_second["date"]
    _successive(first, second)


def test_recovery_with_one_more_cancellation_moves_every_event_of_the_older_file():
    values = {"policy": "amazon_jp", "orders": "40", "daily_orders": "5", "today": "2026-11-29"}
    first = calculate("recovery", {**values, "seller_cancels": "2", "cancel_dates": "2026-11-24 2026-11-27"}, "ja")
    time.sleep(1.1)
    second = calculate(
        "recovery", {**values, "seller_cancels": "3", "cancel_dates": "2026-11-24 2026-11-27 2026-11-28"}, "ja"
    )
    assert any(e["kind"] == "back" for e in first["outputs"]["calendar_events"])
    _successive(first, second)


def test_a_file_made_later_has_a_higher_sequence():
    from cancelrate import ics

    early = ics.calendar([ics.Event("u@x", date(2026, 12, 1), "s", "d")], "n", datetime(2026, 12, 7, 10, tzinfo=UTC))
    late = ics.calendar([ics.Event("u@x", date(2026, 12, 1), "s", "d")], "n", datetime(2026, 12, 7, 10, 5, tzinfo=UTC))
    seq = [int(icalendar.Calendar.from_ical(t).walk("VEVENT")[0]["SEQUENCE"]) for t in (early, late)]
    assert seq[1] == seq[0] + 5 and seq[0] > 0
