"""Calendar files (``cancelrate.ics``) and the dates ``recovery`` and ``order_report`` put in them.

The files are also read back with an independent RFC 5545 parser in ``test_ics_parsed.py``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cancelrate import calculate, ics

STAMP = datetime(2026, 11, 29, 5, 46, 19, tzinfo=UTC)


def event(day: date, summary: str = "s", description: str = "d", uid: str = "u@x") -> ics.Event:
    return ics.Event(uid, day, summary, description)


def test_text_values_are_escaped():
    assert ics.escape_text("a,b;c\\d") == "a\\,b\\;c\\\\d"
    assert ics.escape_text("one\r\ntwo\nthree\rfour") == "one\\ntwo\\nthree\\nfour"
    assert ics.escape_text("キャンセル 1 件") == "キャンセル 1 件"


def test_short_lines_are_not_folded_and_end_with_crlf():
    assert ics.fold("SUMMARY:short") == "SUMMARY:short\r\n"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "DESCRIPTION:" + "期間から外れる日" * 20
    folded = ics.fold(line)
    physical = folded.split("\r\n")[:-1]
    assert len(physical) > 1
    assert all(len(p.encode()) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    # 12 ASCII octets, then 3-octet characters: 21 of them fill 75 octets exactly
    assert len(physical[0].encode()) == 75
    assert folded.replace("\r\n ", "") == line + "\r\n"


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=400))
def test_folding_round_trips_any_text(value):
    line = "DESCRIPTION:" + ics.escape_text(value)
    folded = ics.fold(line)
    assert folded.endswith("\r\n")
    for physical in folded.split("\r\n")[:-1]:
        assert len(physical.encode()) <= 75
    assert folded[:-2].replace("\r\n ", "") == line


def test_a_calendar_with_one_all_day_event():
    text = ics.calendar([event(date(2026, 12, 1), "A, B", "x;y", "leaves-1@h")], "名前", STAMP)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert lines[-1] == "END:VCALENDAR"
    for expected in (
        "X-WR-CALNAME:名前",
        "UID:leaves-1@h",
        "DTSTAMP:20261129T054619Z",
        "DTSTART;VALUE=DATE:20261201",
        "DTEND;VALUE=DATE:20261202",
        "SUMMARY:A\\, B",
        "DESCRIPTION:x\\;y",
        "TRIGGER;RELATED=START:PT9H",
    ):
        assert expected in lines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1


def test_dates_at_the_ends_of_the_calendar():
    text = ics.calendar([event(date(1, 1, 1)), event(date.max), event(date(9999, 12, 30))], "n", STAMP)
    assert "DTSTART;VALUE=DATE:00010101" in text
    assert "DTEND;VALUE=DATE:00010102" in text
    assert "DTSTART;VALUE=DATE:99991230" in text
    assert "DTEND;VALUE=DATE:99991231" in text
    assert text.count("BEGIN:VEVENT") == 2  # date.max has no next day, so no all-day event


def test_a_file_holds_at_most_max_events():
    many = [event(date(2027, 1, 1)) for _ in range(ics.MAX_EVENTS + 5)]
    assert ics.calendar(many, "n", STAMP).count("BEGIN:VEVENT") == ics.MAX_EVENTS


def test_uids_are_stable_and_distinct():
    assert ics.stable_uid("leaves", "amazon_jp", "2026-11-24") == ics.stable_uid("leaves", "amazon_jp", "2026-11-24")
    assert ics.stable_uid("leaves", "amazon_jp", "2026-11-24") != ics.stable_uid("leaves", "amazon_jp", "2026-11-25")
    assert ics.stable_uid("leaves", "amazon_jp", "2026-11-24") != ics.stable_uid("leaves", "amazon_us", "2026-11-24")
    assert ics.stable_uid("back", "a", "b").startswith("back-")
    assert ics.stable_uid("back", "a", "b").endswith("@" + ics.UID_DOMAIN)


RECOVERY = {
    "policy": "amazon_jp",
    "orders": "10",
    "seller_cancels": "3",
    "daily_orders": "2",
    "cancel_dates": "2026-11-24, 2026-11-27 2026-11-27",
    "today": "2026-11-29",
}


def test_recovery_events_are_the_leave_days_and_the_back_date():
    result = calculate("recovery", RECOVERY, lang="en")
    events = result["outputs"]["calendar_events"]
    # amazon_jp counts the last 7 days: an order of 24 November is out on 1 December, of 27 November on 4 December,
    # or a day later each if the window does not count today (unverified): the dates are on that later side
    assert [(e["kind"], e["date"], e.get("order_date"), e.get("count")) for e in events] == [
        ("leaves", "2026-12-02", "2026-11-24", 1),
        ("leaves", "2026-12-05", "2026-11-27", 2),
        ("back", "2026-12-05", None, None),
    ]
    assert result["outputs"]["back_under_target_date"] == "2026-12-05"
    file = result["outputs"]["calendar"]
    assert file["filename"] == "cancel-rate-amazon_jp-2026-11-29.ics"
    assert file["media_type"] == "text/calendar"
    assert file["text"].count("BEGIN:VEVENT") == 3
    assert result["display"]["calendar"]["value"] == "3 events"


def test_recovery_without_dates_offers_no_file_in_either_language():
    values = {k: v for k, v in RECOVERY.items() if k not in ("cancel_dates", "today")}
    for lang, words in (("ja", "注文日"), ("en", "order dates")):
        result = calculate("recovery", values, lang=lang)
        assert result["outputs"]["calendar_events"] is None
        assert result["outputs"]["calendar"] is None
        assert words in result["display"]["calendar"]["explanation"]


def test_recovery_already_within_target_has_no_back_event():
    values = {**RECOVERY, "orders": "200"}
    events = calculate("recovery", values, lang="ja")["outputs"]["calendar_events"]
    assert [e["kind"] for e in events] == ["leaves", "leaves"]


def test_the_recovery_file_speaks_the_pages_language():
    ja_result, en_result = calculate("recovery", RECOVERY, lang="ja"), calculate("recovery", RECOVERY, lang="en")
    ja = ja_result["display"]["calendar"]
    unfold = lambda text: text.replace("\r\n ", "")  # noqa: E731
    assert "SUMMARY:キャンセル 2 件が期間から外れる日(Amazon.co.jp: 出荷前キャンセル率)" in unfold(
        ja_result["outputs"]["calendar"]["text"]
    )
    assert "SUMMARY:Cancellations leave the window: 2 orders (Amazon.co.jp: Pre-fulfillment cancel rate)" in unfold(
        en_result["outputs"]["calendar"]["text"]
    )
    assert ja["value"] == "3 件の予定"
    assert en_result["display"]["calendar"]["value"] == "3 events"


REPORT = b"order_id,order_date,status\no1,2026-11-20,cancelled\no2,2026-11-25,shipped\no3,2026-11-26,cancelled\n"


def test_order_report_events_take_the_last_order_day_as_today():
    result = calculate("order_report", {"policy": "amazon_jp", "report": REPORT}, lang="en")
    assert result["outputs"]["last_date"] == "2026-11-26"
    events = result["outputs"]["calendar_events"]
    # the window of 26 November (20-26 November) holds 2 cancels in 3 orders; with no new orders the last
    # cancellation (26 November) leaves on 3 December, when the window is empty; every date is given on the
    # later side of the window's unverified edge, a day later
    assert [(e["kind"], e["date"], e.get("order_date")) for e in events] == [
        ("leaves", "2026-11-28", "2026-11-20"),
        ("leaves", "2026-12-04", "2026-11-26"),
        ("back", "2026-12-04", None),
    ]


def test_order_report_back_date_is_the_first_day_every_later_window_meets():
    # 2 cancels among 100 orders on 1 November, then 1 order on 3 November: 2/100 meets 2.5%, 2/101 meets too,
    # so there is no back event; with 3 cancels (3/101 misses) the window meets once 1 November leaves (8 November,
    # given as 9 November: the later side of the window's edge)
    rows = ["order_id,order_date,status"] + [
        f"a{i},2026-11-01,{'cancelled' if i < 3 else 'shipped'}" for i in range(100)
    ]
    rows.append("b,2026-11-03,shipped")
    result = calculate("order_report", {"policy": "amazon_jp", "report": "\n".join(rows).encode()}, lang="ja")
    events = result["outputs"]["calendar_events"]
    assert [(e["kind"], e["date"]) for e in events] == [("leaves", "2026-11-09"), ("back", "2026-11-09")]
    assert events[0]["count"] == 3


def test_order_report_with_a_lagged_window():
    # Premium Shipping: 30 days, 10 days behind; a cancellation of 1 November is out on 11 December (12 December
    # on the later side of the window's edge)
    report = b"order_id,order_date,status\no1,2026-11-01,cancelled\no2,2026-11-20,shipped\n"
    result = calculate("order_report", {"policy": "amazon_jp_premium_shipping", "report": report}, lang="en")
    events = result["outputs"]["calendar_events"]
    assert events[0] == {
        "uid": ics.stable_uid("leaves", "amazon_jp_premium_shipping", "2026-11-01"),
        "date": "2026-12-12",
        "kind": "leaves",
        "order_date": "2026-11-01",
        "count": 1,
    }
    # the metric on 20 November (the last day) shows the window ending 10 November (1 cancel in 1 order):
    # missed. The last window that misses ends 30 November (1-30 November: 1 cancel in 2 orders); the
    # metric shows the window ending 1 December (2 November - 1 December: 1 order, none cancelled) 10 days
    # later, on 11 December
    assert events[-1]["kind"] == "back"
    assert events[-1]["date"] == "2026-12-12"


def test_the_same_cancellations_give_the_same_uids_in_both_calculators():
    report = b"order_id,order_date,status\no1,2026-11-24,cancelled\no2,2026-11-27,cancelled\no3,2026-11-29,shipped\n"
    from_report = calculate("order_report", {"policy": "amazon_jp", "report": report}, lang="ja")["outputs"]
    values = {**RECOVERY, "orders": "3", "seller_cancels": "2", "cancel_dates": "2026-11-24 2026-11-27"}
    from_recovery = calculate("recovery", values, lang="ja")["outputs"]
    assert [e["uid"] for e in from_report["calendar_events"]] == [e["uid"] for e in from_recovery["calendar_events"]]


def test_an_order_report_within_the_target_with_nothing_pending():
    report = b"order_id,order_date,status\no1,2026-01-01,cancelled\no2,2026-11-20,shipped\n"
    result = calculate("order_report", {"policy": "amazon_jp", "report": report}, lang="en")
    assert result["outputs"]["calendar_events"] == []
    assert result["outputs"]["calendar"] is None
    assert result["display"]["calendar"]["value"] == "—"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_order_report_dates_are_estimates_on_the_later_side_with_the_assumption_unverified(lang):
    result = calculate("order_report", {"policy": "amazon_jp", "report": REPORT}, lang=lang)
    explanation = result["display"]["calendar"]["explanation"]
    text = result["outputs"]["calendar"]["text"].replace("\r\n ", "")
    for words in ["目安", "未確認", "遅い側"] if lang == "ja" else ["estimates", "unverified", "later side"]:
        assert words in explanation
        assert text.count(words) >= len(result["outputs"]["calendar_events"])  # in every event's description
    assert "遅くとも" not in explanation
