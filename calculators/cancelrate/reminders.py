"""Calendar reminders: a calculator's dates as an ``.ics`` file in the page's language.

``recovery`` and ``order_report`` list the dates that matter as events
``[{"uid", "date", "kind", "order_date"?, "count"?}]``: ``kind`` ``leaves``
(the cancellations of one order date leave the window that day) or ``back``
(the rate meets the target again). :func:`calendar_output` turns them into
the value of a ``"file"`` output (:func:`cancelrate.outputs.text_file` of a
:class:`cancelrate.phrases.Calendar`) with the words of the catalogs'
``[common.calendar]`` section; each calculator gives its own sentence for
the ``back`` event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .ics import MEDIA_TYPE
from .outputs import text_file
from .phrases import Calendar, Count, Message, PolicyName, Sentences, Window
from .policies import Policy


def calendar_output(
    policy: Policy,
    events: list[dict[str, Any]],
    today: date,
    goal: Message,
    back_text: Message | Sentences,
    leaves_note: Message | None = None,
) -> dict[str, Any]:
    """``{"filename", "media_type", "text"}``: one all-day event per entry of ``events``; a ``leaves`` event
    names its order date, count and the window (then ``leaves_note``, when given: what its date assumes), a
    ``back`` event says ``back_text``."""
    name = PolicyName(policy)
    rows = []
    for event in events:
        if event["kind"] == "leaves":
            n = Count(event["count"], policy.unit)
            summary = Message("common.calendar.leaves_summary", policy=name, n=n)
            text = Message(
                "common.calendar.leaves_description",
                date=date.fromisoformat(event["order_date"]),
                n=n,
                window=Window(policy),
            )
            if leaves_note is not None:
                text = Sentences(text, leaves_note)
        else:
            summary, text = Message("common.calendar.back_summary", policy=name, goal=goal), back_text
        rows.append((event["uid"], date.fromisoformat(event["date"]), summary, text))
    return text_file(
        f"cancel-rate-{policy.id}-{today.isoformat()}.ics",
        Calendar(Message("common.calendar.name", policy=name), tuple(rows)),
        MEDIA_TYPE,
    )
