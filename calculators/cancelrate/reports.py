"""Reading a seller's order report: bytes in, one record per order out.

Two formats, detected from the header row:

- Amazon's All Orders report (全注文レポート): tab-separated, one row per order
  item, columns ``amazon-order-id``, ``purchase-date``, ``order-status``,
  ``fulfillment-channel`` (and optionally ``item-status``, ``quantity``,
  ``ship-service-level``, ``product-name``). Merchant rows count
  (``Merchant`` or ``MFN``; ``Amazon``/``AFN`` is FBA), any letter case. An
  order is cancelled when a row's ``order-status`` is a cancellation, and
  also, on the safe side, when only some of its items were (a row's
  ``item-status`` cancelled): :attr:`Report.item_only` holds those.
- A generic CSV (or tab-separated) file for any marketplace: ``order_id``,
  ``order_date``, ``status`` and optionally ``channel``, ``quantity``,
  ``ship_service_level`` and a product name (Japanese header names are
  accepted too; see :data:`GENERIC_HEADERS`). An order is cancelled when any
  of its rows is; when only some are, it is in :attr:`Report.item_only`.

Each format is a :class:`Format` (:data:`AMAZON`, :data:`GENERIC`): its column
names, the ones it needs, how its values and times are read; one loop
(:func:`_count`) counts the rows of both.

What each status and channel value means is :mod:`cancelrate.report_values`
(nothing is silently "not cancelled"); a row on an unknown channel counts only
when it is cancelled (a merchant cancellation, the safe side). When the file
has ``is-buyer-requested-cancelation`` (any spelling), a cancelled order marked
true there is a buyer's official request (:attr:`Report.buyer_requested`), not
a seller cancellation.

Bytes are decoded once: a UTF-8 BOM or valid UTF-8 is UTF-8, UTF-8 with a
few bad bytes is UTF-8 with them replaced (and counted), anything else
CP932 (and UTF-16 with a BOM, Excel's "Unicode text"). Header names are
compared with spaces and underscores read as hyphens. The lines become rows
in :mod:`cancelrate.report_rows` (broken lines joined, surplus fields put
back, unreachable lines counted in bulk), the dates local day numbers in
:mod:`cancelrate.report_dates`.

Amazon's reports of orders to ship (the order report used to process
orders, the unshipped-orders report) are recognised by their columns and
refused with what to download instead (:func:`_refuse_other_reports`).

Parsing never raises on bad data: problems come back as :class:`ReportError`
(a whole-file problem) or as counted skip reasons (a row problem), with the
first unreadable date and its line kept for the message.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .report_dates import DateReader
from .report_errors import ReportError, row_number, shown
from .report_rows import CsvProblem, aligned, joined_records, memo, skip
from .report_values import (
    BUYER_REQUESTED_HEADERS,
    CANCELLED,
    MERCHANT,
    OTHER_FULFILLMENT,
    UNKNOWN_CHANNEL,
    buyer_flag,
    channel_kind,
    item_status_kind,
    status_kind,
)
from .timezones import Zone

MAX_BYTES = 40 * 1024 * 1024
"""The largest file read (40 MB: about 100,000 item rows of an All Orders report)."""

MAX_HEADER_CHARS = 10_000
"""The longest first line read as a header (an All Orders header is about 450 characters)."""

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls

AMAZON_COLUMNS = {
    "id": "amazon-order-id",
    "date": "purchase-date",
    "status": "order-status",
    "channel": "fulfillment-channel",
}
AMAZON_OPTIONAL = {
    "item_status": "item-status",
    "quantity": "quantity",
    "service": "ship-service-level",
    "name": "product-name",
}
MAX_VALUES_TRACKED = 1000
"""Distinct values of a column tallied; further new values are counted together as "others"."""

GENERIC_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("order_id", "注文番号", "注文id", "受注番号", "orderid"),
    "date": ("order_date", "注文日", "注文日時", "受注日", "受注日時", "orderdate", "ordertime"),
    "status": ("status", "ステータス", "注文ステータス", "orderstatus"),
    "channel": ("channel", "出荷方法", "発送方法", "チャネル"),
    "quantity": ("quantity", "数量", "個数"),
    "service": ("ship_service_level", "配送サービス", "shipservicelevel"),
    "name": ("product_name", "商品名", "item_name", "productname"),
}
"""Accepted header names of the generic format, compared after :func:`_header_key`."""


@dataclass(frozen=True)
class Format:
    """What tells one kind of file from another when its rows are counted (:func:`_count`)."""

    kind: str
    """``"amazon"`` or ``"generic"`` (:attr:`Report.kind`)."""
    headers: dict[str, tuple[str, ...]]
    """Each column's accepted names (after :func:`_header_key`); the first matching column is read."""
    required: tuple[str, ...]
    """The columns a file of this kind must have."""
    generic: bool
    """Status and channel values read with the generic spellings too (:mod:`cancelrate.report_values`)."""
    naive_utc: bool
    """A time without an offset is UTC (Amazon's reports), not local."""
    id_trim: str
    """Characters trimmed around an order id, after its spaces."""
    item_only_when_kept: bool
    """An order is cancelled only in part when some of its rows are not cancelled (generic), rather than when
    only its ``item-status`` says so (Amazon: its ``order-status`` is not a cancellation)."""


AMAZON = Format(
    "amazon",
    headers={name: (column,) for name, column in {**AMAZON_COLUMNS, **AMAZON_OPTIONAL}.items()},
    required=tuple(AMAZON_COLUMNS),
    generic=False,
    naive_utc=True,
    id_trim='"',
    item_only_when_kept=False,
)
GENERIC = Format(
    "generic",
    headers=GENERIC_HEADERS,
    required=("id", "date", "status"),
    generic=True,
    naive_utc=False,
    id_trim="",
    item_only_when_kept=True,
)

# --- the file ----------------------------------------------------------------


@dataclass
class Report:
    """The counted orders of a report.

    ``days[id]`` is the order's local day; ``cancelled`` the ids of cancelled
    orders, of which ``item_only`` are cancelled only through some of their
    items (the order itself was not); ``units``/``cancelled_units`` per order
    (quantity, at least 1 per item row); ``services[id]`` its
    ``ship-service-level`` (when the file has one: ``has_services``;
    ``has_item_status`` tells whether item cancellations can be seen); ``skipped`` counts the rows
    not counted, by reason, and ``first_bad_date`` is ``(line, value)`` of the
    first unreadable date. ``date_kinds`` counts orders by how their date was
    read (:data:`WITH_OFFSET`, :data:`NAIVE_UTC`, :data:`NAIVE_LOCAL`,
    :data:`DATE_ONLY`); ``year_last_order`` is ``"mdy"``/``"dmy"`` when dates like
    ``5/31/2025`` were read, with ``year_last_evidence`` the line that settled it.
    ``joined_lines`` and ``realigned_rows`` count the repairs of rows broken by
    line breaks or tabs inside a value.

    ``values[column]`` tallies the rows of each value (as written, trimmed) of the
    columns ``order_status``, ``item_status`` and ``channel`` (see :func:`value_kinds`
    for how each was counted). ``unknown_channel_orders`` are the cancelled orders
    counted although their channel is unknown (the safe side).
    ``has_buyer_column`` tells whether the file has ``is-buyer-requested-cancelation``;
    ``buyer_requested`` are the cancelled orders it marks true (a buyer's official
    request: not in ``cancelled``), ``buyer_values`` the rows of cancelled orders whose
    value there was neither true nor false (counted as seller cancellations).
    """

    kind: str
    days: dict[str, int] = field(default_factory=dict)
    cancelled: set[str] = field(default_factory=set)
    item_only: set[str] = field(default_factory=set)
    units: dict[str, int] = field(default_factory=dict)
    cancelled_units: dict[str, int] = field(default_factory=dict)
    services: dict[str, str] = field(default_factory=dict)
    has_services: bool = False
    has_item_status: bool = False
    skipped: dict[str, int] = field(default_factory=dict)
    first_bad_date: tuple[int, str] | None = None
    date_kinds: dict[str, int] = field(default_factory=dict)
    year_last_order: str | None = None
    year_last_evidence: tuple[int, str] | None = None
    joined_lines: int = 0
    realigned_rows: int = 0
    rows: int = 0
    values: dict[str, dict[str, int]] = field(default_factory=dict)
    unknown_channel_orders: set[str] = field(default_factory=set)
    has_buyer_column: bool = False
    buyer_requested: set[str] = field(default_factory=set)
    buyer_values: dict[str, int] = field(default_factory=dict)
    replaced_bytes: int = 0

    def only(self, ids: Iterable[str]) -> Report:
        """The same report restricted to the orders ``ids`` (skips and notes kept)."""
        keep = set(ids) & self.days.keys()
        return Report(
            kind=self.kind,
            days={k: v for k, v in self.days.items() if k in keep},
            cancelled=self.cancelled & keep,
            item_only=self.item_only & keep,
            units={k: v for k, v in self.units.items() if k in keep},
            cancelled_units={k: v for k, v in self.cancelled_units.items() if k in keep},
            services={k: v for k, v in self.services.items() if k in keep},
            has_services=self.has_services,
            has_item_status=self.has_item_status,
            skipped=self.skipped,
            first_bad_date=self.first_bad_date,
            date_kinds=self.date_kinds,
            year_last_order=self.year_last_order,
            year_last_evidence=self.year_last_evidence,
            joined_lines=self.joined_lines,
            realigned_rows=self.realigned_rows,
            rows=self.rows,
            values=self.values,
            unknown_channel_orders=self.unknown_channel_orders & keep,
            has_buyer_column=self.has_buyer_column,
            buyer_requested=self.buyer_requested & keep,
            buyer_values=self.buyer_values,
            replaced_bytes=self.replaced_bytes,
        )


def decode(data: bytes) -> str:
    """The file's text (:func:`decode_counted` without the count of replaced bytes)."""
    return decode_counted(data)[0]


REPAIRABLE_SHARE = 20
"""A file that is not valid UTF-8 is still read as UTF-8 (its bad bytes replaced by U+FFFD) when its valid
non-ASCII characters outnumber the bad sequences this many times: a UTF-8 file with a damaged byte, not a
CP932 file (whose Japanese text is almost all invalid UTF-8)."""


def decode_counted(data: bytes) -> tuple[str, int]:
    """``(text, replaced)``: the file's text: UTF-8 (with or without BOM) if valid; UTF-8 with its few bad
    sequences replaced (``replaced`` of them, see :data:`REPAIRABLE_SHARE`); otherwise CP932 (UTF-16 with a
    BOM too).

    Raises :class:`ReportError`: ``report_empty``, ``report_too_large``,
    ``report_spreadsheet`` (xlsx/ods/xls), ``report_binary``.
    """
    if len(data) > MAX_BYTES:
        raise ReportError("report_too_large", maximum=MAX_BYTES // (1024 * 1024))
    if not data.strip():
        raise ReportError("report_empty")
    if data.startswith(ZIP_SIGNATURE) or data.startswith(OLE_SIGNATURE):
        raise ReportError("report_spreadsheet")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text" is UTF-16 with a BOM
        try:
            return data.decode("utf-16"), 0
        except UnicodeDecodeError:
            raise ReportError("report_binary") from None
    if b"\x00" in data[:65536]:
        raise ReportError("report_binary")
    try:
        return data.decode("utf-8-sig"), 0
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - replaced
    if replaced > 0 and valid >= REPAIRABLE_SHARE * replaced:
        return text, replaced
    try:
        return data.decode("cp932"), 0
    except UnicodeDecodeError:
        raise ReportError("report_binary") from None


UNSHIPPED_MARKERS = frozenset({"quantity-to-ship", "days-past-promise", "promise-date"})
"""Columns of Amazon's unshipped-orders report (fact base §6.1), after :func:`_header_key`."""
ORDER_PROCESSING_MARKERS = frozenset({"order-item-id", "payments-date", "quantity-purchased"})
"""Columns of the order report a seller processes orders with (注文レポート)."""
MAX_SCANNED_LINES = 200_000
"""Lines of a wrong report searched for buyers' official requests."""
MAX_LISTED_IDS = 10


def _refuse_other_reports(keys: list[str], lines: list[str], start: int, delimiter: str, buyer: int | None) -> None:
    """Raise ``report_unshipped`` or ``report_order_processing`` for Amazon's reports of orders to ship, which
    hold no past cancellation; ``…_buyer`` with ``orders`` (the first :data:`MAX_LISTED_IDS` ids, ", "-joined)
    and ``n`` (how many) when the file marks some orders ``is-buyer-requested-cancelation`` true."""
    if "amazon-order-id" in keys or "order-id" not in keys:
        return
    found = set(keys)
    unshipped = bool(found & UNSHIPPED_MARKERS)
    if not unshipped and not found & ORDER_PROCESSING_MARKERS:
        return
    ids: list[str] = []
    if buyer is not None:
        i_id = keys.index("order-id")
        seen: set[str] = set()
        for line in lines[start + 1 : start + 1 + MAX_SCANNED_LINES]:
            fields = line.split(delimiter)
            if len(fields) > max(buyer, i_id) and buyer_flag(fields[buyer]):
                oid = fields[i_id].strip().strip('"')
                if oid and oid not in seen:
                    seen.add(oid)
                    ids.append(oid)
    listed = {"orders": ", ".join(shown(oid) for oid in ids[:MAX_LISTED_IDS]), "n": len(ids)}
    if unshipped:
        raise ReportError("report_unshipped_buyer", **listed) if ids else ReportError("report_unshipped")
    raise ReportError("report_order_processing_buyer", **listed) if ids else ReportError("report_order_processing")


def _header_key(name: str) -> str:
    """A column name compared: NFKC, trimmed, lower case, spaces and underscores as ``-`` (``order status``,
    ``order_status`` and ``order-status`` are the same column)."""
    key = unicodedata.normalize("NFKC", name).strip().strip('"').strip().lower()
    return re.sub(r"[\s_]+", "-", key)


VALUE_COLUMNS = ("order_status", "item_status", "channel")
"""The columns whose values :attr:`Report.values` tallies."""


def value_kinds(report: Report, column: str) -> list[tuple[str, int, str]]:
    """``(value, rows, kind)`` for every value tallied in ``column``, the same value with different spaces
    around it merged, most rows first; values beyond :data:`MAX_VALUES_TRACKED` as one ``("", n, "others")``."""
    generic = report.kind == "generic"
    merged: dict[str, int] = {}
    others = 0
    for value, n in report.values.get(column, {}).items():
        if value is None:
            others += n
            continue
        key = value.strip().strip('"').strip()
        merged[key] = merged.get(key, 0) + n
    if column == "channel":
        kind = lambda v: channel_kind(v, generic)  # noqa: E731
    elif column == "item_status":
        kind = item_status_kind
    else:
        kind = lambda v: status_kind(v, generic)  # noqa: E731
    listed = [(value, n, kind(value)) for value, n in sorted(merged.items(), key=lambda item: (-item[1], item[0]))]
    if others:
        listed.append(("", others, "others"))
    return listed


def _tally(counts: dict, value: str) -> None:
    """One more row of ``value`` (a new value beyond :data:`MAX_VALUES_TRACKED` goes to the ``None`` key)."""
    n = counts.get(value)
    if n is not None:
        counts[value] = n + 1
    elif len(counts) < MAX_VALUES_TRACKED:
        counts[value] = 1
    else:
        counts[None] = counts.get(None, 0) + 1


def _newlines(text: str) -> str:
    """The text with every line ending as ``\\n``."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _lines(text: str) -> list[str]:
    return _newlines(text).split("\n")


def parse(data: bytes, zone: Zone | None = None, date_order: str | None = None) -> Report:
    """Read a report file (bytes) into a :class:`Report`; raises :class:`ReportError`.

    ``zone`` is the marketplace's time zone (``None``: dates as written),
    ``date_order`` the policy's ``"mdy"`` or ``"ymd"`` (see the module docstring).
    """
    decoded, replaced = decode_counted(data)
    text = _newlines(decoded)
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise ReportError("report_empty")
    header_line = lines[start]
    if len(header_line) > MAX_HEADER_CHARS:
        raise ReportError("report_header_too_long", length=len(header_line), maximum=MAX_HEADER_CHARS)
    delimiter = "\t" if "\t" in header_line else ","
    try:
        header = header_line.split("\t") if delimiter == "\t" else next(csv.reader([header_line]))
    except csv.Error:
        raise ReportError("report_unreadable", row=row_number(start + 1)) from None
    keys = [_header_key(h) for h in header]
    buyer_column = next((i for i, key in enumerate(keys) if key in BUYER_REQUESTED_HEADERS), None)
    _refuse_other_reports(keys, lines, start, delimiter, buyer_column)
    fmt = AMAZON if "amazon-order-id" in keys else GENERIC
    columns = _columns(keys, fmt)
    missing = [name for name in fmt.required if name not in columns]
    if missing:
        raise ReportError("report_columns", missing=tuple(missing))
    if buyer_column is not None:
        columns["buyer"] = buyer_column
    report = Report(
        fmt.kind,
        has_services="service" in columns,
        has_item_status="item_status" in columns,
        has_buyer_column=buyer_column is not None,
        replaced_bytes=replaced,
    )
    dates = DateReader(zone, naive_utc=fmt.naive_utc, date_order=date_order)
    records = joined_records(lines, start, delimiter, text, report, len(header), columns["date"])
    rows = aligned(records, len(header), columns.get("name"), columns["date"], dates, delimiter, report)
    try:
        _count(rows, fmt, columns, dates, report)
    except CsvProblem as exc:
        raise ReportError("report_unreadable", row=row_number(exc.row)) from None
    order = dates.resolve()
    report.year_last_order, report.year_last_evidence = order, dates.evidence(order)
    pick = 0 if order == "mdy" else 1
    for oid, day in report.days.items():
        if day.__class__ is tuple:
            report.days[oid] = day[pick]
    return report


def _columns(keys: list[str], fmt: Format) -> dict[str, int]:
    """Where each of the format's columns is: the first header (after :func:`_header_key`) among its names, also
    with ``-`` read as ``_`` (``order-id`` is ``order_id``)."""
    columns = {}
    for name, names in fmt.headers.items():
        for i, key in enumerate(keys):
            if key in names or key.replace("-", "_") in names:
                columns[name] = i
                break
    return columns


def _quantity(value: str) -> int:
    """An item row's units: its quantity, but at least 1 (cancelled rows may show 0)."""
    value = value.strip()
    if value.isdecimal() and len(value) <= 9:
        return max(1, int(value))
    return 1


def _count_date(report: Report, how: str) -> None:
    report.date_kinds[how] = report.date_kinds.get(how, 0) + 1


class _Counter:
    """The per-order bookkeeping shared by both formats (one call of :meth:`add` per counted row)."""

    def __init__(self, report: Report, i_svc: int | None, i_buyer: int | None) -> None:
        self.report, self.i_svc, self.i_buyer = report, i_svc, i_buyer
        self.whole: set[str] = set()
        self.item: set[str] = set()
        self.kept: set[str] = set()
        self.buyer_true: set[str] = set()
        self.buyer_not: set[str] = set()
        self.flag = memo(buyer_flag)

    def add(self, row: list[str], oid: str, day: object, how: str, qty: int, whole: bool, item: bool) -> None:
        report = self.report
        if oid not in report.days:
            report.days[oid] = day
            report.units[oid] = 0
            report.cancelled_units[oid] = 0
            _count_date(report, how)
            if self.i_svc is not None:
                report.services[oid] = row[self.i_svc].strip()
        report.units[oid] += qty
        if whole or item:
            report.cancelled_units[oid] += qty
            (self.whole if whole else self.item).add(oid)
            if self.i_buyer is not None:
                value = row[self.i_buyer]
                flag = self.flag(value)
                if flag:
                    self.buyer_true.add(oid)
                else:
                    self.buyer_not.add(oid)
                    if flag is None:
                        _tally(report.buyer_values, value.strip())
        else:
            self.kept.add(oid)

    def finish(self, item_only_when_kept: bool) -> None:
        """``cancelled``, ``item_only`` and ``buyer_requested``: an order is item-only when only some items were
        cancelled (Amazon: its order-status is not; generic: some of its rows are not)."""
        report = self.report
        cancelled = self.whole | self.item
        item_only = cancelled & self.kept if item_only_when_kept else self.item - self.whole
        buyer = (cancelled & self.buyer_true) - self.buyer_not
        for oid in buyer:
            report.cancelled_units[oid] = 0
        report.cancelled = cancelled - buyer
        report.item_only = item_only - buyer
        report.buyer_requested = buyer
        report.unknown_channel_orders &= report.cancelled | buyer


def _complete_rows(
    rows: Iterable[tuple[int, list[str] | None]], need: int, width: int, report: Report
) -> Iterator[tuple[int, list[str]]]:
    """The rows of either format that reach every column it needs (more than ``need`` fields), as ``width`` fields:
    optional columns missing at the end read as empty. A row :func:`~cancelrate.report_rows.aligned` could not
    realign is skipped as ``shifted_row``, a shorter one as ``short_row``; :attr:`Report.rows` counts them all."""
    n = 0
    for line, row in rows:
        n += 1
        if row is None:
            skip(report, "shifted_row")
            continue
        if len(row) <= need:
            skip(report, "short_row")
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        yield line, row
    report.rows += n


def _dated(report: Report, dates: DateReader, line: int, oid: str, written: str, where: str) -> tuple[int, str] | None:
    """The order's day and how its date was read (:meth:`DateReader.read` of ``written``), for a row of either
    format; ``None`` when the row is skipped: no order id (``missing_order_id``) or a date that cannot be read
    (``bad_date``; the first one is kept for the message). An order on an unknown channel is remembered."""
    if not oid:
        skip(report, "missing_order_id")
        return None
    day, how = dates.read(written, line)
    if day is None:
        skip(report, "bad_date")
        if report.first_bad_date is None:
            report.first_bad_date = (line, shown(written.strip()))
        return None
    if where == UNKNOWN_CHANNEL:
        report.unknown_channel_orders.add(oid)
    return day, how


def _count(rows, fmt: Format, columns: dict[str, int], dates: DateReader, report: Report) -> None:
    """Count the rows of a file of either format: merchant rows, and on the safe side the cancelled rows of an
    unknown channel (a file without a channel column is all merchant rows). A row is a cancellation when its
    ``order-status`` is one, or its ``item-status`` (an item of the order). :attr:`Report.values` tallies the
    values of the status and channel columns."""
    i_id, i_date, i_status = columns["id"], columns["date"], columns["status"]
    i_channel, i_item, i_qty = columns.get("channel"), columns.get("item_status"), columns.get("quantity")
    need = max(columns[name] for name in fmt.required)
    width = max(columns.values()) + 1
    channel = memo(lambda v: channel_kind(v, fmt.generic))
    is_cancel = memo(lambda v: status_kind(v, fmt.generic) == CANCELLED)
    is_item_cancel = memo(lambda v: item_status_kind(v) == CANCELLED)
    quantity = memo(_quantity)
    counter = _Counter(report, columns.get("service"), columns.get("buyer"))
    units, kept = report.units, counter.kept
    present = {"order_status": i_status, "item_status": i_item, "channel": i_channel}
    tallies = {c: report.values.setdefault(c, {}) for c in VALUE_COLUMNS if present[c] is not None}
    t_channel, t_status, t_item = tallies.get("channel"), tallies["order_status"], tallies.get("item_status")
    for line, row in _complete_rows(rows, need, width, report):
        where = MERCHANT
        if i_channel is not None:
            value = row[i_channel]
            _tally(t_channel, value)
            where = channel(value)
            if where == OTHER_FULFILLMENT:
                skip(report, where)
                continue
        value = row[i_status]
        _tally(t_status, value)
        whole = is_cancel(value)
        item = False
        if i_item is not None:
            value = row[i_item]
            _tally(t_item, value)
            item = is_item_cancel(value)
        if where == UNKNOWN_CHANNEL and not (whole or item):
            skip(report, where)
            continue
        oid = row[i_id].strip().strip(fmt.id_trim)
        dated = _dated(report, dates, line, oid, row[i_date].strip(), where)
        if dated is None:
            continue
        day, how = dated
        qty = 1 if i_qty is None else quantity(row[i_qty])
        if whole or item or oid not in units:
            counter.add(row, oid, day, how, qty, whole, item)
        else:  # another uncancelled row of an order already counted: the common row, kept short
            units[oid] += qty
            kept.add(oid)
    counter.finish(fmt.item_only_when_kept)
