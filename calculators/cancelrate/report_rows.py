"""The rows of an order report's lines, read defensively.

A line that ends early and is continued on the next line(s) (a line break
inside a product name) is joined back (at most
:data:`~cancelrate.reports.MAX_JOINED_LINES` lines); a row with more fields
than the header (a tab inside the product name) has the surplus put back into
the product-name column; optional columns missing at the end of a row read as
empty. Records that no row can reach are counted as short rows in bulk
(:func:`_beyond_joins`), so a valid header followed by millions of short lines
costs little Python work per line. In a CSV a record may span lines (a quoted
value holding line breaks); where it ends is found as :mod:`csv` finds it
(:func:`breaks_inside_quotes`), so even millions of lines of lone quotes are
counted in bulk, as the records they make.
"""

from __future__ import annotations

import csv
import re
from collections import deque
from collections.abc import Iterator
from itertools import repeat
from operator import or_
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

# The line flags of :func:`_beyond_joins`: a blank line between records, the first line of a record that cannot
# start a row, a line inside a record (after a line break within a quoted CSV value), a line that could start a row.
BLANK, RECORD, INSIDE, START = 0, 1, 2, 3
_RUN = re.compile(rb"[\x00-\x02]+")
_JOINABLE = re.compile(rb"(?:[\x00\x02]*\x01){%d}\x02*" % (MAX_JOINED_LINES + 1))
# A quoted CSV value as Python's csv reader reads one: a quote where a value starts (after a comma, a line break or
# at the start), up to the next lone quote ("" inside is a quote) or the end; what follows a closing quote up to
# the next comma or line break is plain text, where quotes are plain characters.
_QUOTED_VALUE = re.compile(rb'(?<![^,\n])("[^"]*+(?:""[^"]*+)*+"?)')
_PLAIN = bytes(b if b in b'",\n' else 0x78 for b in range(256))  # every other byte read as "x"
_BREAK_INSIDE = bytes.maketrans(b"\n", b"\x01")
_BREAK_OUTSIDE = bytes.maketrans(b"\n", b"\x00")
_ONLY_BREAKS = bytes(b for b in range(256) if b not in b"\n\x01")
_DOUBLED = bytes.maketrans(b"\x01", b"\x02")
_INSIDE_BLANK_TOO = bytes.maketrans(b"\x03", b"\x02")
_CHUNK = 1 << 20


def _could_start(delimiter: str, n: int, date_col: int) -> re.Pattern[str]:
    """A line break followed by a line that could start a row: all ``n`` columns, or a digit, a date separator and a
    digit in the date column (``2026-05-01``, ``5/31/2025``, ``2026年5月1日``, full-width too)."""
    d = re.escape(delimiter)
    field = rf"[^{d}\n]*"
    starts = [rf"(?:{field}{d}){{{date_col}}}{field}?\d[-/.年－／．]\d", rf"(?:{field}{d}){{{n - 1}}}"]
    # "\n" first, not "^": the engine then jumps from line break to line break (a literal prefix)
    return re.compile(r"\n(?:" + "|".join(starts) + ")", re.MULTILINE)


def breaks_inside_quotes(text: str) -> bytes:
    """One byte per line break of a CSV ``text`` that starts a record: 1 when the break lies inside a quoted value
    (:data:`_QUOTED_VALUE`, read as :mod:`csv` reads it), else 0.

    C-level work only: the text is split at its quoted values a megabyte at a time (cut after a line break;
    a value still open there is reopened at the start of the next piece), then reduced to its line breaks.
    """
    data = text.encode("utf-8", "surrogatepass").translate(_PLAIN)
    out = bytearray()
    start, reopen = 0, b""
    while start < len(data):
        end = data.find(b"\n", start + _CHUNK) + 1 or len(data)
        parts = _QUOTED_VALUE.split(reopen + data[start:end])
        reopen = b'"' if len(parts) > 1 and not parts[-1] else b""
        parts[1::2] = map(bytes.translate, parts[1::2], repeat(_BREAK_INSIDE))
        out += b"".join(parts)
        start = end
    return out.translate(_BREAK_OUTSIDE, _ONLY_BREAKS)


def _beyond_joins(
    text: str, lines: list[str], first: int, delimiter: str, n: int, date_col: int, quotes: bool
) -> list[tuple[int, int, int]]:
    """``(a, b, k)``: ranges ``lines[a:b]`` that no row can reach, holding ``k`` non-blank records.

    A row starts at a line that could start one (:func:`_could_start`); the records after it are its
    continuation (line breaks inside a value) for at most :data:`MAX_JOINED_LINES` non-blank records. Records
    further than that from any line that could start a row are short rows, counted without looking at each
    line in Python (a valid header followed by millions of short lines). A record is a line, or with
    ``quotes`` the lines joined by breaks inside a quoted CSV value (:func:`breaks_inside_quotes`): a range
    holds whole records only, so leaving it out changes no quote of what follows. The lines that could start a
    row are found by one regular expression over the text (``text`` is ``"\\n".join(lines)``), the rest with
    C-level ``map``, ``bytes`` and ``re`` over one flag per line (:data:`BLANK`, :data:`RECORD`,
    :data:`INSIDE`, :data:`START`).
    """
    rest = lines[first:]
    flags = bytearray(map(bool, rest))
    offset = sum(map(len, lines[:first])) + first
    within = bytes(len(rest))  # 1: the line follows a break inside a quoted value
    if quotes:
        within = b"\x00" + breaks_inside_quotes(text[offset:])
        flags = bytearray(map(or_, flags, within.translate(_DOUBLED))).translate(_INSIDE_BLANK_TOO)
    line, at = 0, offset
    for match in _could_start(delimiter, n, date_col).finditer(text, offset - 1):
        begins = match.start() + 1
        line += text.count("\n", at, begins)
        at = begins
        flags[line] = START
    ranges = []
    for run in _RUN.finditer(flags):
        keep = _JOINABLE.match(flags, run.start(), run.end())
        if keep is None:
            continue
        a, b = keep.end(), run.end()
        if b < len(rest) and within[b]:  # the next row's first line is inside a record: end where that record starts
            b = within.rfind(b"\x00", a, b + 1)
        if a < b:
            ranges.append((first + a, first + b, flags.count(RECORD, a, b)))
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
