"""Reading numbers the way people type them into a form.

``"１，２３４"`` (full-width) and ``" 1,234 "`` are 1234. Commas must group
thousands (``"12,34"`` is rejected rather than guessed). Values are returned
as exact ``int`` or :class:`~fractions.Fraction`; floats are never compared.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from fractions import Fraction

_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
MAX_TYPED = 200
"""The longest typed number read (spaces included); longer text is not a number."""
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\u30fc": "-"})


__all__ = [
    "InvalidInput",
    "normalize_text",
    "parse_count",
    "parse_number",
    "parse_percent",
]


class InvalidInput(ValueError):
    """A value that is not usable; ``code`` is the error code, ``params`` the message's typed parameters
    (:mod:`cancelrate.phrases`: an ``int`` or ``Fraction`` is written by ``format_number``)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def normalize_text(text: str) -> str:
    """NFKC (full-width to ASCII), unify minus signs, drop spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_MINUS_SIGNS)
    return "".join(text.split())


def parse_number(value: object) -> Fraction:
    """Any typed or JSON number as an exact Fraction.

    Raises :class:`InvalidInput` with code ``required`` (missing or blank) or
    ``not_a_number`` (letters, booleans, NaN, infinity, malformed grouping).
    """
    if value is None:
        raise InvalidInput("required")
    if isinstance(value, bool):
        raise InvalidInput("not_a_number")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput("not_a_number")
        return Fraction(Decimal(repr(value)))
    if not isinstance(value, str):
        raise InvalidInput("not_a_number")
    if len(value) > MAX_TYPED:  # refused before normalising: NFKC over a megabyte is itself the cost
        raise InvalidInput("not_a_number")
    text = normalize_text(value)
    if not text:
        raise InvalidInput("required")
    if len(text) > 40:
        raise InvalidInput("not_a_number")
    if _GROUPED.match(text):
        text = text.replace(",", "")
    elif not _PLAIN.match(text):
        raise InvalidInput("not_a_number")
    try:
        return Fraction(Decimal(text))
    except (InvalidOperation, ValueError):  # pragma: no cover - guarded by the regexes
        raise InvalidInput("not_a_number") from None


def parse_count(value: object, *, maximum: int = 10**9) -> int:
    """A whole number from 0 to ``maximum`` (orders, cancels, units).

    Raises :class:`InvalidInput`: ``required``, ``not_a_number``,
    ``not_whole_number``, ``negative`` or ``too_large``.
    """
    number = parse_number(value)
    if number.denominator != 1:
        raise InvalidInput("not_whole_number")
    if number < 0:
        raise InvalidInput("negative")
    if number > maximum:
        raise InvalidInput("too_large", maximum=maximum)
    return int(number)


def parse_percent(value: object, *, minimum: Fraction = Fraction(0), maximum: Fraction = Fraction(100)) -> Fraction:
    """A percentage from ``minimum`` to ``maximum`` (inclusive) as an exact Fraction of 100."""
    number = parse_number(value)
    if number < minimum or number > maximum:
        raise InvalidInput("out_of_range", minimum=minimum, maximum=maximum)
    return number
