"""Shared phrases for output sentences, in Japanese and English.

The functions live in :mod:`cancelrate.formatting` (one per kind of value,
shared with the site's pages); these names stay for the calculators' imports.
"""

from __future__ import annotations

from .formatting import (
    COMPARISON_WORDS,
    UNIT_WORDS,
    count_phrase,
    min_orders_phrase,
    percent_beside,
    source_kind_phrase,
    target_phrase,
    window_phrase,
)

__all__ = [
    "COMPARISON_WORDS",
    "UNIT_WORDS",
    "count_phrase",
    "min_orders_phrase",
    "percent_beside",
    "source_kind_phrase",
    "target_phrase",
    "window_phrase",
]
