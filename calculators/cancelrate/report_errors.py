"""What goes wrong reading an order report, and how the file's values and rows are quoted in a message."""

from __future__ import annotations

from .messages import quoted

MAX_SHOWN = 40
"""Characters of a value from the file quoted in a message."""


class ReportError(ValueError):
    """A file that cannot be read as an order report; ``code`` is an error code, ``params`` the message's
    typed parameters (:mod:`cancelrate.phrases`; a row as :func:`row_number` writes it)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def shown(value: str) -> str:
    """A value from the file as a message may quote it (:func:`cancelrate.messages.quoted`)."""
    return quoted(value, MAX_SHOWN)


def row_number(line: int) -> str:
    """A row of the file as a spreadsheet numbers it in its margin: digits without separators, in every language."""
    return str(line)
