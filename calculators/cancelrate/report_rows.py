"""The rows of an order report's lines, read defensively.

A line that ends early and is continued on the next line(s) (a line break
inside a product name) is joined back (at most
:data:`~cancelrate.reports.MAX_JOINED_LINES` lines); a row with more fields
than the header (a tab inside the product name) has the surplus put back into
the product-name column; optional columns missing at the end of a row read as
empty. Lines that no row can reach are counted as short rows in bulk
(:func:`_beyond_joins`), so a valid header followed by millions of short lines
costs little Python work per line.
"""

from __future__ import annotations

import csv
import re
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .report_dates import DateReader, read_stamp

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from .reports import Report

MAX_JOINED_LINES = 10
"""The most lines joined into one row (line breaks inside one product name)."""


class CsvProblem(Exception):
    def __init__(self, row: int) -> None:
        self.row = row


BULK_LINE_CHARS = 40
"""Below this average line length :func:`_kept` looks for lines no row can reach."""

_RUN = re.compile(rb"[\x00\x01]+")
_JOINABLE = re.compile(rb"(?:\x00*\x01){%d}" % (MAX_JOINED_LINES + 1))


def _could_start(delimiter: str, n: int, date_col: int, quotes: bool) -> re.Pattern[str]:
    """A line break followed by a line that could start a row: all ``n`` columns, or a digit, a date separator and a
    digit in the date column (``2026-05-01``, ``5/31/2025``, ``2026年5月1日``, full-width too); with
    ``quotes``, also a line with an odd number of quotes (it opens or closes a CSV value that holds line
    breaks; a line inside such a value that is left out changes only that value, not the rows)."""
    d = re.escape(delimiter)
    field = rf"[^{d}\n]*"
    starts = [rf"(?:{field}{d}){{{date_col}}}{field}?\d[-/.年－／．]\d", rf"(?:{field}{d}){{{n - 1}}}"]
    if quotes:  # a line with an odd number of quotes opens or closes a value that holds line breaks
        starts.append(r'[^"\n]*"(?:[^"\n]*"[^"\n]*")*[^"\n]*$')
    # "\n" first, not "^": the engine then jumps from line break to line break (a literal prefix)
    return re.compile(r"\n(?:" + "|".join(starts) + ")", re.MULTILINE)


def _beyond_joins(
    text: str, lines: list[str], first: int, delimiter: str, n: int, date_col: int, quotes: bool
) -> list[tuple[int, int, int]]:
    """``(a, b, k)``: ranges ``lines[a:b]`` that no row can reach, with their ``k`` non-blank lines.

    A row starts at a line that could start one (:func:`_could_start`); the lines after it are its
    continuation (line breaks inside a value) for at most :data:`MAX_JOINED_LINES` non-blank lines. Lines
    further than that from any line that could start a row are short rows, counted without looking at each
    line in Python (a valid header followed by millions of short lines). The lines that could
    start a row are found by one regular expression over the text (``text`` is ``"\\n".join(lines)``),
    the rest with C-level ``map``, ``bytes`` and ``re`` over one flag per line (0 blank, 1 cannot start a
    row, 2 can).
    """
    rest = lines[first:]
    flags = bytearray(map(bool, rest))
    offset = sum(map(len, lines[:first])) + first
    line, at = 0, offset
    for match in _could_start(delimiter, n, date_col, quotes).finditer(text, offset - 1):
        begins = match.start() + 1
        line += text.count("\n", at, begins)
        at = begins
        flags[line] = 2
    ranges = []
    for run in _RUN.finditer(flags):
        keep = _JOINABLE.match(flags, run.start(), run.end())
        if keep is not None and keep.end() < run.end():
            a, b = keep.end(), run.end()
            ranges.append((first + a, first + b, flags.count(1, a, b)))
    return ranges


def _kept(
    text: str, lines: list[str], first: int, delimiter: str, n: int, date_col: int, quotes: bool, report: Report
) -> Iterator[int]:
    """The indexes of the lines from ``first`` on that are looked at; the lines of :func:`_beyond_joins` are
    counted as short rows instead (``report.skipped``, ``report.rows``). The scan runs only when the lines are
    short on average (under :data:`BULK_LINE_CHARS` characters): in a file of real rows (an All Orders row is
    about 300) junk lines are too few to cost more than the scan."""
    if len(lines) * BULK_LINE_CHARS <= len(text):
        yield from range(first, len(lines))
        return
    position = first
    for a, b, k in _beyond_joins(text, lines, first, delimiter, n, date_col, quotes):
        yield from range(position, a)
        if k:
            report.skipped["short_row"] = report.skipped.get("short_row", 0) + k
            report.rows += k
        position = b
    yield from range(position, len(lines))


def joined_records(
    lines: list[str], start: int, delimiter: str, text: str, report: Report, n: int, date_col: int
) -> Iterator[tuple[int, list[str]]]:
    """``(line_number, fields)`` for every non-blank data line (1-based line numbers, as a spreadsheet counts rows).

    A tab-separated file, and a CSV without any quote, is split line by line; a CSV with quotes goes through
    :mod:`csv` (a quoted value may hold line breaks). Either way the runs of lines no join can reach
    (:func:`_beyond_joins`) are counted in bulk as short rows and not yielded.
    """
    if delimiter == "\t" or '"' not in text:
        for i in _kept(text, lines, start + 1, delimiter, n, date_col, False, report):
            line = lines[i]
            if line:
                yield i + 1, line.split(delimiter)
        return
    first_line: list[int | None] = [None]

    def feed() -> Iterator[str]:
        for i in _kept(text, lines, start + 1, delimiter, n, date_col, True, report):
            if first_line[0] is None:
                first_line[0] = i
            yield lines[i] + "\n"

    reader = csv.reader(feed())
    while True:
        first_line[0] = None
        try:
            row = next(reader, None)
        except csv.Error:
            raise CsvProblem((first_line[0] or 0) + 1) from None
        if row is None:
            return
        if row:
            yield first_line[0] + 1, row


def aligned(records, n: int, free: int | None, date_col: int, dates: DateReader, delimiter: str, report: Report):
    """Rows of exactly the header's width where that can be known.

    A row shorter than the header is joined with the following lines while
    they are short too and do not start a row of their own (their date column
    is not a date), up to :data:`MAX_JOINED_LINES` lines: the line break was
    inside a value. The join is kept only if it gives exactly the header's
    width (or more, when the surplus can go into the product name). A row
    longer than the header gives its surplus fields back to the product-name
    column ``free`` (a tab inside the name). Anything else is passed on as is.

    The lines a failed join took are passed on one by one and start no join
    themselves (none of them starts a row: that stopped the join), so every
    line is looked at a bounded number of times: a header followed by millions
    of one-field lines is read in linear time.
    """
    it = iter(records)
    back: deque = deque()

    def pull():
        return back.popleft() if back else next(it, None)

    is_date = memo(lambda value: read_stamp(value) is not None)

    def starts_row(fields: list[str]) -> bool:
        return len(fields) >= n or (len(fields) > date_col and is_date(fields[date_col]))

    no_join = 0  # lines given back by a failed join: none of them starts a join of its own
    current = pull()
    while current is not None:
        line, fields = current
        if no_join:
            no_join -= 1
        elif len(fields) < n:
            joined, taken = fields, []
            while len(joined) < n and len(taken) < MAX_JOINED_LINES:
                following = pull()
                if following is None:
                    break
                if starts_row(following[1]):
                    back.appendleft(following)
                    break
                taken.append(following)
                nxt = following[1]
                joined = [*joined[:-1], joined[-1] + "\n" + nxt[0], *nxt[1:]]
            if taken and (len(joined) == n or (len(joined) > n and free is not None)):
                fields = joined
                report.joined_lines += len(taken)
            elif taken:
                back.extendleft(reversed(taken))
                no_join = len(taken)
        if len(fields) > n:
            extra = len(fields) - n
            if free is not None and free < n:
                fields = [*fields[:free], delimiter.join(fields[free : free + extra + 1]), *fields[free + extra + 1 :]]
                report.realigned_rows += 1
            elif not any(f.strip() for f in fields[n:]):
                fields = fields[:n]
            else:
                fields = None  # shifted by a separator inside some value: no way to tell which
        yield line, fields
        current = pull()


def memo(func):
    """``func`` over the few distinct values of a column (status, channel, quantity), computed once each."""
    cache: dict[str, object] = {}

    def get(value: str):
        result = cache.get(value)
        if result is None:
            result = cache[value] = func(value)
        return result

    return get


def skip(report: Report, reason: str) -> None:
    report.skipped[reason] = report.skipped.get(reason, 0) + 1
