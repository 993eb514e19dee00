"""Output values of a kind the page does more with than show them.

A ``"text"`` output (``OUTPUTS = {"plan": {"label": key, "kind": "text"}}``) is a
text the seller takes away: its value is ``{"filename", "media_type", "text"}``
and the page shows the text in a read-only box with a "copy" button and a
download link that saves it as ``filename`` (UTF-8, exactly the characters of
``text``: no byte-order mark, line breaks as they are). A ``"file"`` output
has the same value but the page offers only the download link (a calendar
file, :mod:`cancelrate.ics`, is for an app, not for reading). Everything
happens in the browser; nothing is sent anywhere. See the README's DOM contract.
"""

from __future__ import annotations

TEXT_MEDIA_TYPE = "text/plain"


def text_file(filename: object, text: object, media_type: str = TEXT_MEDIA_TYPE) -> dict[str, object]:
    """The value of a ``"text"`` or ``"file"`` output: ``filename`` and ``text`` are messages (rendered in the page's
    language with the rest of the outputs) or plain strings; ``media_type`` is the download's type
    (``"text/plain"``, ``"text/calendar"``; the page adds ``charset=utf-8``)."""
    return {"filename": filename, "media_type": media_type, "text": text}
