"""Calendar files (iCalendar, RFC 5545) with one all-day event per date that matters.

A calculator that knows dates (``recovery``: when each cancellation leaves the
window, when the rate is back within the target; ``order_report``: the same
for the report's counted cancellations) offers them as an ``.ics`` file the
seller opens in any calendar app. The file is made here, in the browser's
Python, and never leaves the browser.

What the file holds, per RFC 5545:

- ``VCALENDAR`` with ``VERSION:2.0``, a ``PRODID`` and ``METHOD:PUBLISH``;
- per date one ``VEVENT``: ``UID`` (stable: the cancellations of one order
  date, and the "back within the target" event of one policy, get the same
  UID on every download, so a calendar that imports a newer file updates the
  event instead of adding a copy; :func:`leaves_uid`, :func:`back_uid`),
  ``DTSTAMP`` (when the file was made, UTC), ``SEQUENCE`` (minutes since 2026
  at that moment: a later file is a higher revision), ``DTSTART;VALUE=DATE`` and
  ``DTEND;VALUE=DATE`` (the next day: an all-day event, RFC 5545 §3.6.1),
  ``SUMMARY``, ``DESCRIPTION``, ``TRANSP:TRANSPARENT`` (a reminder does not
  make the seller busy) and a ``VALARM`` at 09:00 that day;
- text values escaped (``\\``, ``;``, ``,``, newlines; §3.3.11), lines ended
  with CRLF and folded at 75 octets without splitting a UTF-8 character
  (§3.1).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

MEDIA_TYPE = "text/calendar"
PRODID = "-//Cancel-Rate Handbook//cancelrate//EN"
UID_DOMAIN = "cancel-rate-handbook.invalid"
"""The right-hand side of every UID (RFC 5545 §3.8.4.7 suggests ``id@domain``; ``.invalid`` is no real host)."""
ALARM = "PT9H"
"""The reminder: 09:00 on the day (an all-day event starts at midnight, local time)."""
MAX_EVENTS = 400
"""The most events in one file (a file stays small; a report lists at most this many dates)."""


@dataclass(frozen=True)
class Event:
    """One all-day event: ``day``, a ``summary`` (the title) and a ``description``, identified by ``uid``."""

    uid: str
    day: date
    summary: str
    description: str


def back_uid(policy_id: str) -> str:
    """The UID of a policy's "back within the target" event: one per policy, so a newer file (one more
    cancellation, a later date) moves the event instead of adding a second one."""
    return stable_uid("back", policy_id)


def leaves_uid(policy_id: str, order_date: str) -> str:
    """The UID of the event on which the cancellations of one order date leave the policy's window."""
    return stable_uid("leaves", policy_id, order_date)


SEQUENCE_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def sequence(moment: datetime) -> int:
    """``SEQUENCE`` (RFC 5545 §3.8.7.4) of an event in a file made at ``moment``: whole minutes since 2026,
    so a file made later carries a higher revision of the same UID (an app that compares revisions keeps the
    newer one); never negative, and within a signed 32-bit integer for 4,000 years."""
    return max(0, int((moment - SEQUENCE_EPOCH).total_seconds()) // 60)


def stable_uid(kind: str, *parts: object) -> str:
    """``<kind>-<12 hex digits>@…``: the same ``kind`` and ``parts`` give the same UID, on every download."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in (kind, *parts)).encode()).hexdigest()[:12]
    return f"{kind}-{digest}@{UID_DOMAIN}"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped; any line break as ``\\n``."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded (RFC 5545 §3.1): at most 75 octets per line, a UTF-8 character never split,
    each continuation line starting with one space. Lines end with CRLF."""
    out: list[str] = []
    current, size, limit = [], 0, 75
    for char in line:
        n = len(char.encode())
        if size + n > limit:
            out.append("".join(current))
            current, size, limit = [" "], 1, 75
        current.append(char)
        size += n
    out.append("".join(current))
    return "\r\n".join(out) + "\r\n"


def _day(day: date) -> str:
    """A DATE value (RFC 5545 §3.3.4): ``YYYYMMDD``, the year in four digits."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: Iterable[Event], name: str, stamp: datetime | None = None) -> str:
    """The iCalendar text of ``events`` (at most :data:`MAX_EVENTS`; a day without a next day, ``date.max``, has no all-day event and is left out), ``name`` the calendar's name
    (``X-WR-CALNAME``, shown by most apps). ``stamp`` is ``DTSTAMP`` (default: now, UTC)."""
    made = stamp or datetime.now(UTC)
    moment, revision = _stamp(made), sequence(made.astimezone(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in [e for e in events if e.day < date.max][:MAX_EVENTS]:
        summary, description = escape_text(event.summary), escape_text(event.description)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{moment}",
            f"SEQUENCE:{revision}",
            f"DTSTART;VALUE=DATE:{_day(event.day)}",
            f"DTEND;VALUE=DATE:{_day(event.day + timedelta(days=1))}",
            f"SUMMARY:{summary}",
            f"DESCRIPTION:{description}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER;RELATED=START:{ALARM}",
            f"DESCRIPTION:{summary}",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
