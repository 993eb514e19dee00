"""Shared phrases for output sentences (kept for the calculators' imports until phase B).

The functions live in :mod:`cancelrate.formatting` (one per kind of value,
shared with the site's pages); their words are in the catalogs. A converted
calculator passes typed values (:mod:`cancelrate.phrases`) instead of calling these.
"""

from __future__ import annotations

from .formatting import (
    count_phrase,
    min_orders_phrase,
    percent_beside,
    source_kind_phrase,
    target_phrase,
    window_phrase,
)

__all__ = [
    "count_phrase",
    "min_orders_phrase",
    "percent_beside",
    "source_kind_phrase",
    "target_phrase",
    "window_phrase",
]
