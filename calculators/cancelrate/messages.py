"""Error records and the form's status texts; the words are in the catalogs (``[errors]``, ``[ui]``).

Every error has a stable snake_case ``code`` (the API) and a message per
language, ``errors.<code>`` in the catalogs (:mod:`cancelrate.phrases`).
A calculator returns :class:`cancelrate.phrases.Problem` values and the API
renders them (:func:`cancelrate.phrases.render_problem`).
"""

from __future__ import annotations

from .phrases import text

__all__ = ["UI_KEYS", "quoted", "ui_texts"]

UI_KEYS = {
    "loading": "ui.loading",
    "ready": "ui.ready",
    "error": "ui.error",
    "internal": "errors.internal_error",
    "busy": "ui.busy",
    "prefilled": "ui.prefilled",
    "link_copy": "ui.link_copy",
    "link_copied": "ui.link_copied",
    "link_select": "ui.link_select",
    "link_field": "ui.link_field",
    "link_note": "ui.link_note",
    "static": "ui.static",
    "progress": "ui.progress",
    "network": "ui.network",
    "copy": "ui.copy",
    "copied": "ui.copied",
    "notcopied": "ui.copy_failed",
    "download": "ui.download",
    "more": "ui.more",
    "example_note": "ui.example_note",
    "example_case": "ui.example_case",
    "example_fill": "ui.example_fill",
    "date_placeholder": "ui.date_placeholder",
    "date_pick": "ui.date_pick",
    "link_pending": "ui.link_pending",
    "policy_choose": "ui.policy_choose",
    "help_toggle": "ui.help_toggle",
    "summary_more": "ui.summary_more",
    "links": "ui.links",
    "glossary": "ui.glossary",
}
"""The texts the browser shows around a calculator (status and fallbacks), by name: the site renders them
into the form (``data-text-NAME``), so the browser glue holds no language."""

# What the page itself fills in (the download's progress, in MB): the texts keep these placeholders.
PAGE_PARAMS = {"loaded": "{loaded}", "total": "{total}"}


def ui_texts(lang: str) -> dict[str, str]:
    """:data:`UI_KEYS` in ``lang`` (``{loaded}`` and ``{total}`` left for the page)."""
    return {name: text(lang, key, **PAGE_PARAMS) for name, key in UI_KEYS.items()}


def quoted(value: str, limit: int = 40) -> str:
    """A value typed or read from a file, as a message may quote it: control characters and lone
    surrogates shown as U+FFFD, at most ``limit`` characters (then "…")."""
    shown = "".join(c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else "\ufffd" for c in value[: limit + 1])
    return shown if len(shown) <= limit else shown[:limit] + "…"
