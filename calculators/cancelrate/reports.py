"""Reading a seller's order report: bytes in, one record per order out.

Two formats, detected from the header row:

- Amazon's All Orders report (全注文レポート): tab-separated, one row per order
  item, columns ``amazon-order-id``, ``purchase-date``, ``order-status``,
  ``fulfillment-channel`` (and optionally ``item-status``, ``quantity``).
  Only ``Merchant`` rows count; an order is cancelled when its
  ``order-status`` is ``Cancelled`` (or ``Canceled``).
- A generic CSV (or tab-separated) file for any marketplace: ``order_id``,
  ``order_date``, ``status`` and optionally ``channel`` and ``quantity``
  (Japanese header names are accepted too; see :data:`GENERIC_HEADERS`).

Bytes are decoded once: a UTF-8 BOM or valid UTF-8 is UTF-8, anything else
CP932 (and UTF-16 with a BOM, Excel's "Unicode text"). Dates become local day numbers (``date.toordinal()``): a timestamp
with a UTC offset is moved to the policy's local time (:class:`LocalTime`),
a date without one is taken as written. Parsing never raises on bad data:
problems come back as :class:`ReportError` (a whole-file problem) or as
counted skip reasons (a row problem).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from .policies import Policy

MAX_BYTES = 40 * 1024 * 1024
"""The largest file read (40 MB: about 100,000 item rows of an All Orders report)."""

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls

AMAZON_COLUMNS = {
    "id": "amazon-order-id",
    "date": "purchase-date",
    "status": "order-status",
    "channel": "fulfillment-channel",
}
AMAZON_OPTIONAL = {"item_status": "item-status", "quantity": "quantity"}
AMAZON_CANCELLED = frozenset({"cancelled", "canceled"})
AMAZON_MERCHANT = frozenset({"merchant", "mfn"})

GENERIC_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("order_id", "注文番号", "注文id", "受注番号", "orderid"),
    "date": ("order_date", "注文日", "注文日時", "受注日", "受注日時", "orderdate", "ordertime"),
    "status": ("status", "ステータス", "注文ステータス", "orderstatus"),
    "channel": ("channel", "出荷方法", "発送方法", "チャネル"),
    "quantity": ("quantity", "数量", "個数"),
}
"""Accepted header names of the generic format, compared after :func:`_header_key`."""

GENERIC_SELLER_CANCEL = frozenset(
    {
        "cancelled",
        "canceled",
        "cancel",
        "seller_cancelled",
        "seller_canceled",
        "キャンセル",
        "キャンセル済",
        "キャンセル済み",
        "キャンセル確定",
        "ストア都合キャンセル",
        "出品者都合キャンセル",
        "店舗都合キャンセル",
    }
)
"""Status values (after :func:`_value_key`) that count as a seller cancellation."""

GENERIC_SELF_SHIPPED = frozenset({"", "self", "merchant", "mfn", "自己発送", "出品者出荷", "自社出荷"})
"""``channel`` values that count (blank too); any other value (``FBA`` …) is skipped."""

_DATE = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
    r"(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?\s*"
)


class ReportError(ValueError):
    """A file that cannot be read as an order report; ``code`` is an error code."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class LocalTime:
    """A marketplace's local time: a fixed UTC offset, optionally with US daylight saving.

    ``dst="us"``: one hour ahead from the second Sunday of March to the first
    Sunday of November, switching at 02:00 local time (the US rule since 2007).
    ``offset_minutes=None`` means "take dates as written".
    """

    offset_minutes: int | None
    dst: str | None = None

    def offset_at(self, utc_minute: int) -> int:
        """The offset (minutes) in force at ``utc_minute`` (minutes since day 1 of the proleptic calendar)."""
        offset = self.offset_minutes or 0
        if self.dst != "us":
            return offset
        year = date.fromordinal(utc_minute // 1440).year
        start = _nth_sunday(year, 3, 2) * 1440 + 120 - offset
        end = _nth_sunday(year, 11, 1) * 1440 + 120 - (offset + 60)
        return offset + 60 if start <= utc_minute < end else offset


def _nth_sunday(year: int, month: int, n: int) -> int:
    first = date(year, month, 1)
    return first.toordinal() + (6 - first.weekday()) % 7 + 7 * (n - 1)


def local_time_of(policy: Policy) -> LocalTime:
    """The policy's ``utc_offset_hours`` (and ``dst``) as a :class:`LocalTime`."""
    hours = policy.utc_offset_hours
    return LocalTime(None if hours is None else int(hours * 60), policy.dst)


def parse_day(text: str, tz: LocalTime) -> int | None:
    """The local day (``date.toordinal()``) of a date or timestamp, or ``None`` if unreadable.

    With a UTC offset in ``text`` and a known local time: local = written time
    - written offset + local offset; the day is that minute count // 1440.
    """
    m = _DATE.fullmatch(text)
    if m is None:
        text = unicodedata.normalize("NFKC", text).strip()
        m = _DATE.fullmatch(text)
        if m is None:
            return None
    y, mo, d, hh, mi, _, off = m.groups()
    try:
        day = date(int(y), int(mo), int(d)).toordinal()
    except ValueError:
        return None
    if off is None or tz.offset_minutes is None:
        return day
    hour, minute = int(hh), int(mi)
    if hour > 23 or minute > 59:
        return None
    if off == "Z":
        written = 0
    else:
        digits = off[1:].replace(":", "")
        written = (int(digits[:2]) * 60 + int(digits[2:])) * (1 if off[0] == "+" else -1)
    utc = day * 1440 + hour * 60 + minute - written
    return (utc + tz.offset_at(utc)) // 1440


@dataclass
class Report:
    """The counted orders of a report.

    ``days[id]`` is the order's local day; ``cancelled`` the ids of cancelled
    orders; ``units``/``cancelled_units`` per order (quantity, at least 1 per
    item row); ``skipped`` counts the rows not counted, by reason.
    """

    kind: str
    days: dict[str, int] = field(default_factory=dict)
    cancelled: set[str] = field(default_factory=set)
    units: dict[str, int] = field(default_factory=dict)
    cancelled_units: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    rows: int = 0


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM) if valid, otherwise CP932 (UTF-16 with a BOM too).

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
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReportError("report_binary") from None
    if b"\x00" in data[:65536]:
        raise ReportError("report_binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932")
    except UnicodeDecodeError:
        raise ReportError("report_binary") from None


def _header_key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().strip('"').strip().lower().replace(" ", "_")


def _value_key(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().strip('"').strip().lower().replace(" ", "_")


def _lines(text: str) -> list[str]:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def parse(data: bytes, tz: LocalTime) -> Report:
    """Read a report file (bytes) into a :class:`Report`; raises :class:`ReportError`."""
    text = decode(data)
    lines = _lines(text)
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise ReportError("report_empty")
    header_line = lines[start]
    delimiter = "\t" if "\t" in header_line else ","
    header = header_line.split("\t") if delimiter == "\t" else next(csv.reader([header_line]))
    keys = [_header_key(h) for h in header]
    if "amazon-order-id" in keys:
        columns = {}
        for name, column in {**AMAZON_COLUMNS, **AMAZON_OPTIONAL}.items():
            if column in keys:
                columns[name] = keys.index(column)
        missing = [col for name, col in AMAZON_COLUMNS.items() if name not in columns]
        if missing:
            raise ReportError("report_columns", missing=", ".join(missing))
        try:
            return _amazon(_rows(lines, start, delimiter, text, max(columns.values())), columns, tz)
        except csv.Error:
            raise ReportError("report_unreadable") from None
    columns = {}
    for name, aliases in GENERIC_HEADERS.items():
        for i, key in enumerate(keys):
            if key in aliases or key.replace("-", "_") in aliases:
                columns[name] = i
                break
    missing = [GENERIC_HEADERS[name][0] for name in ("id", "date", "status") if name not in columns]
    if missing:
        raise ReportError("report_columns", missing=", ".join(missing))
    try:
        return _generic(_rows(lines, start, delimiter, text, max(columns.values())), columns, tz)
    except csv.Error:
        raise ReportError("report_unreadable") from None


def _rows(lines: list[str], start: int, delimiter: str, text: str, last: int):
    """Data rows as lists of fields: a plain split for tab files (up to column ``last`` and the rest),
    the csv module for CSV (quotes)."""
    if delimiter == "\t":
        for line in lines[start + 1 :]:
            if line:
                yield line.split("\t", last + 1)
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    for _ in range(start + 1):
        next(reader, None)
    for row in reader:
        if row:
            yield row


def _skip(report: Report, reason: str) -> None:
    report.skipped[reason] = report.skipped.get(reason, 0) + 1


def _quantity(value: str) -> int:
    """An item row's units: its quantity, but at least 1 (cancelled rows may show 0)."""
    value = value.strip()
    if value.isdigit():
        return max(1, int(value))
    return 1


def _day_reader(tz: LocalTime):
    """``parse_day`` with a cache; ``YYYY-MM-DDTHH:MM:SS±HH:00`` timestamps are cached per hour."""
    cache: dict[str, int | None] = {}

    def read(value: str) -> int | None:
        if len(value) >= 19 and value[13] == ":" and (value.endswith(":00") or value[-1] == "Z"):
            tail = value[19:]
            if tail[:1] == ".":
                tail = tail.lstrip(".0123456789")
            key = value[:13] + tail
            day = cache.get(key, -1)
            if day == -1:
                # minutes do not move a day when both offsets are whole hours
                day = parse_day(value[:13] + ":00:00" + tail, tz)
                cache[key] = day
            return day
        day = cache.get(value, -1)
        if day == -1:
            day = parse_day(value.strip().strip('"'), tz)
            cache[value] = day
        return day

    return read


def _memo(func):
    """``func`` over the few distinct values of a column (status, channel, quantity), computed once each."""
    cache: dict[str, object] = {}

    def get(value: str):
        result = cache.get(value)
        if result is None:
            result = cache[value] = func(value)
        return result

    return get


def _amazon(rows, columns: dict[str, int], tz: LocalTime) -> Report:
    report = Report("amazon")
    i_id, i_date, i_status, i_channel = (columns[k] for k in ("id", "date", "status", "channel"))
    i_item = columns.get("item_status")
    i_qty = columns.get("quantity")
    need = max(columns.values())
    read_day = _day_reader(tz)
    is_merchant = _memo(lambda v: _value_key(v) in AMAZON_MERCHANT)
    is_cancel = _memo(lambda v: _value_key(v) in AMAZON_CANCELLED)
    quantity = _memo(_quantity)
    days, cancelled, units, cancelled_units = report.days, report.cancelled, report.units, report.cancelled_units
    n = 0
    for row in rows:
        n += 1
        if len(row) <= need:
            _skip(report, "short_row")
            continue
        if not is_merchant(row[i_channel]):
            _skip(report, "other_fulfillment")
            continue
        oid = row[i_id].strip().strip('"')
        if not oid:
            _skip(report, "missing_order_id")
            continue
        day = read_day(row[i_date])
        if day is None:
            _skip(report, "bad_date")
            continue
        is_cancelled = is_cancel(row[i_status])
        qty = 1 if i_qty is None else quantity(row[i_qty])
        if oid not in days:
            days[oid] = day
            units[oid] = qty
            cancelled_units[oid] = 0
        else:
            units[oid] += qty
        if is_cancelled or (i_item is not None and is_cancel(row[i_item])):
            cancelled_units[oid] += qty
        if is_cancelled:
            cancelled.add(oid)
    report.rows = n
    return report


def _generic(rows, columns: dict[str, int], tz: LocalTime) -> Report:
    report = Report("generic")
    i_id, i_date, i_status = columns["id"], columns["date"], columns["status"]
    i_channel = columns.get("channel")
    i_qty = columns.get("quantity")
    need = max(i_id, i_date, i_status)
    read_day = _day_reader(tz)
    is_self = _memo(lambda v: _value_key(v) in GENERIC_SELF_SHIPPED)
    is_cancel = _memo(lambda v: _value_key(v) in GENERIC_SELLER_CANCEL)
    days, cancelled, units, cancelled_units = report.days, report.cancelled, report.units, report.cancelled_units
    n = 0
    for row in rows:
        n += 1
        if len(row) <= need:
            _skip(report, "short_row")
            continue
        if i_channel is not None and i_channel < len(row) and not is_self(row[i_channel]):
            _skip(report, "other_fulfillment")
            continue
        oid = row[i_id].strip()
        if not oid:
            _skip(report, "missing_order_id")
            continue
        day = read_day(row[i_date].strip())
        if day is None:
            _skip(report, "bad_date")
            continue
        is_cancelled = is_cancel(row[i_status])
        qty = _quantity(row[i_qty]) if i_qty is not None and i_qty < len(row) else 1
        if oid not in days:
            days[oid] = day
            units[oid] = 0
            cancelled_units[oid] = 0
        units[oid] += qty
        if is_cancelled:
            cancelled_units[oid] += qty
            cancelled.add(oid)
    report.rows = n
    return report
