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

Nothing is silently "not cancelled" (issue 18): a status holding a
cancellation word in any spelling (:data:`CANCEL_MARKERS`: ``Cancelled``,
``キャンセル``, ``取消`` …) is a cancellation; a known other status is not;
any other value is counted as not cancelled and tallied as unknown, so the
page can name it (:attr:`Report.values`, :func:`value_kinds`). A row on an
unknown channel counts only when it is cancelled (a merchant cancellation,
the safe side). When the file has ``is-buyer-requested-cancelation`` (any
spelling), a cancelled order marked true there is a buyer's official request
(:attr:`Report.buyer_requested`), not a seller cancellation.

Bytes are decoded once: a UTF-8 BOM or valid UTF-8 is UTF-8, UTF-8 with a
few bad bytes is UTF-8 with them replaced (and counted), anything else
CP932 (and UTF-16 with a BOM, Excel's "Unicode text"). Header names are
compared with spaces and underscores read as hyphens.

Rows are read defensively: a line that ends early and is continued on the
next line(s) (a line break inside a product name) is joined back; a row with
more fields than the header (a tab inside the product name) has the surplus
put back into the product-name column; optional columns missing at the end
of a row read as empty. At most :data:`MAX_JOINED_LINES` lines are joined.
Lines that no row can reach (nothing date-like in the date column, fewer
columns than the header, more than :data:`MAX_JOINED_LINES` lines after any
line that could start a row) are counted as short rows in bulk, so a valid
header followed by millions of short lines is read in linear time with
little Python work per line (:func:`_beyond_joins`).

Amazon's reports of orders to ship (the order report used to process
orders, the unshipped-orders report) are recognised by their columns and
refused with what to download instead (:func:`_refuse_other_reports`).

Dates become local day numbers (``date.toordinal()``), see :func:`read_stamp`:

- year first (``2026-05-01``, ``2026/5/1``, ``2026年5月1日``) with an optional
  time (``15:30``, ``15:30:59``, ``3:30 PM``) and UTC offset (``Z``, ``+09:00``,
  ``UTC``);
- year last (``5/31/2025 23:22``, as a spreadsheet re-saves it): month first
  where the policy's ``date_order`` is ``"mdy"`` (US); otherwise only when the
  file itself settles the order (a date such as ``5/31/2025`` can only be
  month first), and never silently: :attr:`Report.year_last_order` records it
  and ambiguous or contradictory files are refused (:class:`ReportError`);
- a time with an offset is moved to the policy's zone (:mod:`cancelrate.timezones`);
  a time without one is taken as UTC in an Amazon report (Amazon writes its
  report times in GMT/UTC) and as local time in a generic file; a date
  without a time is taken as written.

Parsing never raises on bad data: problems come back as :class:`ReportError`
(a whole-file problem) or as counted skip reasons (a row problem), with the
first unreadable date and its line kept for the message.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from .messages import quoted
from .timezones import Zone

MAX_BYTES = 40 * 1024 * 1024
"""The largest file read (40 MB: about 100,000 item rows of an All Orders report)."""

MAX_HEADER_CHARS = 10_000
"""The longest first line read as a header (an All Orders header is about 450 characters)."""

MAX_JOINED_LINES = 10
"""The most lines joined into one row (line breaks inside one product name)."""

MAX_SHOWN = 40
"""Characters of a value from the file quoted in a message."""

MIN_DAY, MAX_DAY = date.min.toordinal(), date.max.toordinal()

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
AMAZON_CANCELLED = frozenset({"cancelled", "canceled"})
AMAZON_MERCHANT = frozenset({"merchant", "mfn"})
AMAZON_FBA = frozenset({"amazon", "afn"})

BUYER_REQUESTED_HEADERS = frozenset({"is-buyer-requested-cancelation", "is-buyer-requested-cancellation"})
"""The column that marks a buyer's official cancellation request (Amazon's spelling has one "l"), compared after
:func:`_header_key` with ``_`` read as ``-``."""
BUYER_TRUE = frozenset({"true", "yes", "y", "1", "t", "はい"})
BUYER_FALSE = frozenset({"false", "no", "n", "0", "f", "いいえ", ""})

CANCELLED, NOT_CANCELLED, UNKNOWN = "cancelled", "not_cancelled", "unknown"
"""How a status value was counted: a cancellation, not a cancellation, or a value recognised neither way
(counted as not cancelled, and named in a warning)."""
MERCHANT, OTHER_FULFILLMENT, UNKNOWN_CHANNEL = "merchant", "other_fulfillment", "unknown_channel"
"""How a channel value was counted: the seller's own shipping, another's (FBA …), unknown (see :func:`parse`)."""

CANCEL_MARKERS = ("cancel", "キャンセル", "取消", "取り消", "とりけし", "取消し")
"""Parts of a status value (after :func:`_value_key`) that mean a cancellation in any system's spelling
(``Cancelled``, ``cancelled_by_seller``, ``キャンセル(ストア都合)``, ``注文取消`` …): counted as one, the safe side."""

NOT_CANCELLED_PREFIXES = ("shipped", "pending")
"""Amazon's ``Shipped - Delivered to Buyer``, ``Pending - Waiting for Pick Up`` …: not cancelled."""

NOT_CANCELLED_VALUES = frozenset(
    {
        # Amazon (flat files and the Orders API) and common English words
        "shipping",
        "unshipped",
        "partiallyshipped",
        "partially_shipped",
        "complete",
        "completed",
        "delivered",
        "invoiceunconfirmed",
        "invoice_unconfirmed",
        "pendingavailability",
        "pending_availability",
        "open",
        "new",
        "processing",
        "paid",
        "fulfilled",
        "on_hold",
        "reserved",
        "confirmed",
        "ordered",
        "awaiting_shipment",
        "ready_to_ship",
        "in_progress",
        # Japanese
        "出荷済",
        "出荷済み",
        "発送済",
        "発送済み",
        "未出荷",
        "未発送",
        "出荷待ち",
        "発送待ち",
        "出荷準備中",
        "発送準備中",
        "出荷完了",
        "発送完了",
        "配送済み",
        "配達済み",
        "保留",
        "保留中",
        "処理中",
        "予約中",
        "完了",
        "取引完了",
        "注文確認待ち",
        "注文確定",
        "新規",
        "新規受付",
        "新規注文",
        "受付",
        "受付済み",
        "入金待ち",
        "入金済み",
        "支払い待ち",
        "決済待ち",
    }
)
"""Status values (after :func:`_value_key`) known to mean "not cancelled"; any other non-cancellation is unknown."""

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

GENERIC_BUYER_CANCEL = frozenset(
    {
        "buyer_cancelled",
        "buyer_canceled",
        "購入者都合キャンセル",
        "購入者キャンセル",
        "お客様都合キャンセル",
        "購入者によるキャンセル",
    }
)
"""Status values (after :func:`_value_key`) of the generic format that mark a cancellation the buyer asked for:
not counted as the seller's (the seller wrote them so, as the order-report page explains)."""
BUYER_CANCELLED = "buyer_cancelled"
"""How a generic status value of :data:`GENERIC_BUYER_CANCEL` was counted."""

GENERIC_SELF_SHIPPED = frozenset({"", "self", "merchant", "mfn", "自己発送", "出品者出荷", "自社出荷"})
"""``channel`` values that count (blank too)."""

GENERIC_OTHER_FULFILLMENT = frozenset(
    {
        "fba",
        "afn",
        "amazon",
        "fulfillment_by_amazon",
        "fba出荷",
        "amazon出荷",
        "rsl",
        "楽天スーパーロジスティクス",
        "楽天スーパーロジ",
        "倉庫",
        "倉庫出荷",
        "委託",
        "出荷代行",
        "発送代行",
    }
)
"""``channel`` values of someone else's shipping (FBA …): skipped. Any other value is unknown (see :func:`parse`)."""

_TIME = r"(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:\s*([AaPp][Mm]))?)?"
_OFFSET = r"(?:\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?"
_YEAR_FIRST = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?" + _TIME + _OFFSET + r"\s*")
_YEAR_LAST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})" + _TIME + _OFFSET + r"\s*")


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


# --- dates --------------------------------------------------------------------

NAIVE_UTC, NAIVE_LOCAL, DATE_ONLY, WITH_OFFSET = "naive_utc", "naive_local", "date_only", "offset"
"""How a date was read: a time without offset taken as UTC / as local time, a date without a time, a time with an offset."""


@dataclass(frozen=True)
class Stamp:
    """A date or timestamp as written: calendar fields, minute of the day (``None`` without a time),
    written offset in minutes (``None`` without one)."""

    year: int
    month: int
    day: int
    minute: int | None
    offset: int | None


def _time_and_offset(hh, mi, ss, ampm, off) -> tuple[int | None, int | None] | None:
    """``(minute_of_day, offset_minutes)`` or ``None`` when the time or offset is impossible (``15:60``, ``:61``)."""
    minute = None
    if hh is not None:
        hour, mins, secs = int(hh), int(mi), int(ss or 0)
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
        if hour > 23 or mins > 59 or secs > 60:  # 60: a leap second
            return None
        minute = hour * 60 + mins
    offset = None
    if off is not None:
        if off in ("Z", "UTC", "GMT"):
            offset = 0
        else:
            digits = off[1:].replace(":", "")
            hours, mins = int(digits[:2]), int(digits[2:] or 0)
            if hours > 23 or mins > 59:
                return None
            offset = (hours * 60 + mins) * (1 if off[0] == "+" else -1)
    return minute, offset


def read_stamp(text: str) -> tuple[Stamp | None, Stamp | None, bool] | None:
    """What a date text can mean: ``(month_first, day_first, year_last)``.

    A year-first date gives ``(stamp, stamp, False)``. A year-last one gives the
    month-first and the day-first reading (either ``None`` where impossible,
    equal when month and day are) and ``True``. ``None`` when the text is not a
    readable date at all (impossible day, ``15:60``, ``:61``, an offset beyond
    23:59). Full-width digits are accepted.
    """
    match = _YEAR_FIRST.fullmatch(text) or _YEAR_LAST.fullmatch(text)
    if match is None:
        if len(text) > 100:  # no date is this long; don't normalise megabytes
            return None
        text = unicodedata.normalize("NFKC", text).strip().strip('"').strip()
        match = _YEAR_FIRST.fullmatch(text) or _YEAR_LAST.fullmatch(text)
        if match is None:
            return None
    if match.re is _YEAR_FIRST:
        y, mo, d, *rest = match.groups()
        tail = _time_and_offset(*rest)
        stamp = None if tail is None else _valid(int(y), int(mo), int(d), *tail)
        return None if stamp is None else (stamp, stamp, False)
    a, _sep, b, y, *rest = match.groups()
    tail = _time_and_offset(*rest)
    if tail is None:
        return None
    month_first = _valid(int(y), int(a), int(b), *tail)
    day_first = _valid(int(y), int(b), int(a), *tail)
    if month_first is None and day_first is None:
        return None
    return month_first, day_first, True


def _valid(year: int, month: int, day: int, minute: int | None, offset: int | None) -> Stamp | None:
    try:
        date(year, month, day)
    except ValueError:
        return None
    return Stamp(year, month, day, minute, offset)


def local_day(stamp: Stamp, zone: Zone | None, naive_utc: bool) -> tuple[int | None, str]:
    """``(day, how)``: the local day (``date.toordinal()``) of a stamp and how it was read.

    With a time and a zone: ``local = written time - offset`` in UTC (the
    offset is 0 for a time without one when ``naive_utc``), then the zone's
    offset at that instant is added. Without a time, or without a zone, or a
    local time without offset: the date as written. ``None`` when the local
    day falls outside the calendar (``0001-01-01T00:00:00+09:00`` in Los Angeles).
    """
    day = date(stamp.year, stamp.month, stamp.day).toordinal()
    if stamp.minute is None:
        return day, DATE_ONLY
    offset, how = stamp.offset, WITH_OFFSET
    if offset is None:
        if not naive_utc:
            return day, NAIVE_LOCAL
        offset, how = 0, NAIVE_UTC
    if zone is None:
        return day, how if how == NAIVE_UTC else DATE_ONLY
    utc = day * 1440 + stamp.minute - offset
    local = zone.local_minute(utc) // 1440
    return (local if MIN_DAY <= local <= MAX_DAY else None), how


_ISO_FAST = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:[0-5]\d:(?:[0-5]\d|60)(?:\.\d{1,9})?(Z|[+-]\d\d:?00)?")


class DateReader:
    """Reads the date column with a cache; collects what the year-last dates say about their order.

    ``read(value, line)`` returns ``None`` (unreadable), a local day (``int``)
    or, for a year-last date whose order the policy does not fix, a
    ``(month_first_day, day_first_day)`` pair resolved later by :meth:`resolve`.
    ``YYYY-MM-DDTHH:MM:SS±HH:00`` timestamps are cached per hour (minutes do
    not move a day when both offsets are whole hours).
    """

    def __init__(self, zone: Zone | None, naive_utc: bool, date_order: str | None) -> None:
        self.zone, self.naive_utc, self.month_first = zone, naive_utc, date_order == "mdy"
        self.cache: dict[str, tuple[object, str]] = {}
        self.first: dict[str, tuple[int, str]] = {}  # evidence kind -> (line, value)

    def read(self, value: str, line: int) -> tuple[object, str]:
        """``(day_or_pair_or_None, how)`` for one cell."""
        hit = self.cache.get(value)
        if hit is None:
            fast = _ISO_FAST.fullmatch(value) if len(value) >= 19 else None
            if fast is not None:
                key = value[:13] + "|" + (fast.group(1) or "")
                hit = self.cache.get(key)
                if hit is None:
                    hit = self.cache[key] = self._parse(value[:13] + ":00:00" + (fast.group(1) or ""))
            else:
                hit = self._parse(value)
            self.cache[value] = hit
        if hit[0].__class__ is tuple:
            self._evidence(hit[0], value, line)
        return hit

    def _parse(self, value: str) -> tuple[object, str]:
        stamps = read_stamp(value)
        if stamps is None:
            return None, ""
        first, second, year_last = stamps
        if not year_last:
            return local_day(first, self.zone, self.naive_utc)
        days = [None if s is None else local_day(s, self.zone, self.naive_utc) for s in (first, second)]
        how = next(d[1] for d in days if d is not None)
        a, b = (None if d is None else d[0] for d in days)
        if a is None and b is None:
            return None, ""
        if a == b:
            return a, how
        return (a, b), how

    def _evidence(self, pair: tuple[int | None, int | None], value: str, line: int) -> None:
        a, b = pair
        kind = "ambiguous" if a is not None and b is not None else ("month_first" if b is None else "day_first")
        self.first.setdefault(kind, (line, value))

    def resolve(self) -> str | None:
        """The order year-last dates are read in (``"mdy"``, ``"dmy"``, ``None`` when there were none).

        Raises :class:`ReportError`: ``report_date_day_first`` (a date only
        day-first can read, under a month-first policy), ``report_date_mixed``
        (some dates only month-first can read, others only day-first),
        ``report_date_ambiguous`` (nothing in the file settles the order and
        the policy does not fix it).
        """
        if not self.first:
            return None
        mdy, dmy, ambiguous = (self.first.get(k) for k in ("month_first", "day_first", "ambiguous"))
        if self.month_first:
            if dmy is not None:
                raise ReportError("report_date_day_first", value=shown(dmy[1]), row=row_number(dmy[0]))
            return "mdy"
        if mdy is not None and dmy is not None:
            first, second = sorted((mdy, dmy))
            raise ReportError(
                "report_date_mixed",
                value=shown(first[1]),
                row=row_number(first[0]),
                other=shown(second[1]),
                other_row=row_number(second[0]),
            )
        if mdy is not None:
            return "mdy"
        if dmy is not None:
            return "dmy"
        assert ambiguous is not None
        raise ReportError("report_date_ambiguous", value=shown(ambiguous[1]), row=row_number(ambiguous[0]))

    def evidence(self, order: str | None) -> tuple[int, str] | None:
        """The first line whose date settled ``order`` (``None`` when the policy fixed it)."""
        if order is None or self.month_first:
            return None
        hit = self.first.get("month_first" if order == "mdy" else "day_first")
        return None if hit is None else (hit[0], shown(hit[1]))


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


def status_kind(value: str, generic: bool = False) -> str:
    """How a status value counts: :data:`CANCELLED` when it holds a cancellation word in any spelling
    (:data:`CANCEL_MARKERS`), :data:`NOT_CANCELLED` when it is a known other status, else :data:`UNKNOWN`
    (counted as not cancelled, and named). In the generic format a cancellation marked as the buyer's
    (:data:`GENERIC_BUYER_CANCEL`) is :data:`BUYER_CANCELLED`."""
    key = _value_key(value)
    if generic and key in GENERIC_BUYER_CANCEL:
        return BUYER_CANCELLED
    if any(marker in key for marker in CANCEL_MARKERS):
        return CANCELLED
    if key in NOT_CANCELLED_VALUES or key.startswith(NOT_CANCELLED_PREFIXES):
        return NOT_CANCELLED
    return UNKNOWN


def item_status_kind(value: str) -> str:
    """An ``item-status`` value: as :func:`status_kind`, a blank one not cancelled (the order's status decides)."""
    return NOT_CANCELLED if not value.strip() else status_kind(value)


def channel_kind(value: str, generic: bool = False) -> str:
    """How a channel value counts: :data:`MERCHANT`, :data:`OTHER_FULFILLMENT` or :data:`UNKNOWN_CHANNEL`."""
    key = _value_key(value)
    if generic:
        if key in GENERIC_SELF_SHIPPED:
            return MERCHANT
        return OTHER_FULFILLMENT if key in GENERIC_OTHER_FULFILLMENT else UNKNOWN_CHANNEL
    if key in AMAZON_MERCHANT:
        return MERCHANT
    return OTHER_FULFILLMENT if key in AMAZON_FBA else UNKNOWN_CHANNEL


def buyer_flag(value: str) -> bool | None:
    """An ``is-buyer-requested-cancelation`` value: ``True`` (true/yes/1, any case), ``False`` (false/no/0 or
    blank), ``None`` when neither."""
    key = _value_key(value)
    if key in BUYER_TRUE:
        return True
    return False if key in BUYER_FALSE else None


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


def _value_key(value: str) -> str:
    if len(value) > 200:  # no status or channel is this long; don't normalise megabytes
        return "\x00"
    return unicodedata.normalize("NFKC", value).strip().strip('"').strip().lower().replace(" ", "_")


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
    if "amazon-order-id" in keys:
        columns = {}
        for name, column in {**AMAZON_COLUMNS, **AMAZON_OPTIONAL}.items():
            if column in keys:
                columns[name] = keys.index(column)
        missing = [name for name in AMAZON_COLUMNS if name not in columns]
        if missing:
            raise ReportError("report_columns", missing=tuple(missing))
        kind, required = "amazon", [columns[k] for k in AMAZON_COLUMNS]
    else:
        columns = {}
        for name, aliases in GENERIC_HEADERS.items():
            for i, key in enumerate(keys):
                if key in aliases or key.replace("-", "_") in aliases:
                    columns[name] = i
                    break
        missing = [name for name in ("id", "date", "status") if name not in columns]
        if missing:
            raise ReportError("report_columns", missing=tuple(missing))
        kind, required = "generic", [columns[k] for k in ("id", "date", "status")]
    if buyer_column is not None:
        columns["buyer"] = buyer_column
    report = Report(
        kind,
        has_services="service" in columns,
        has_item_status="item_status" in columns,
        has_buyer_column=buyer_column is not None,
        replaced_bytes=replaced,
    )
    dates = DateReader(zone, naive_utc=kind == "amazon", date_order=date_order)
    records = _records(lines, start, delimiter, text, report, len(header), columns["date"])
    rows = _aligned(records, len(header), columns.get("name"), columns["date"], dates, delimiter, report)
    try:
        if kind == "amazon":
            _amazon(rows, columns, max(required), dates, report)
        else:
            _generic(rows, columns, max(required), dates, report)
    except _CsvProblem as exc:
        raise ReportError("report_unreadable", row=row_number(exc.row)) from None
    order = dates.resolve()
    report.year_last_order, report.year_last_evidence = order, dates.evidence(order)
    pick = 0 if order == "mdy" else 1
    for oid, day in report.days.items():
        if day.__class__ is tuple:
            report.days[oid] = day[pick]
    return report


class _CsvProblem(Exception):
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
    line in Python (a valid header followed by millions of short lines, issue 18 §3). The lines that could
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


def _records(
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
            raise _CsvProblem((first_line[0] or 0) + 1) from None
        if row is None:
            return
        if row:
            yield first_line[0] + 1, row


def _aligned(records, n: int, free: int | None, date_col: int, dates: DateReader, delimiter: str, report: Report):
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
    of one-field lines is read in linear time (issue 18 §3).
    """
    it = iter(records)
    back: deque = deque()

    def pull():
        return back.popleft() if back else next(it, None)

    is_date = _memo(lambda value: read_stamp(value) is not None)

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


def _skip(report: Report, reason: str) -> None:
    report.skipped[reason] = report.skipped.get(reason, 0) + 1


def _quantity(value: str) -> int:
    """An item row's units: its quantity, but at least 1 (cancelled rows may show 0)."""
    value = value.strip()
    if value.isdecimal() and len(value) <= 9:
        return max(1, int(value))
    return 1


def _memo(func):
    """``func`` over the few distinct values of a column (status, channel, quantity), computed once each."""
    cache: dict[str, object] = {}

    def get(value: str):
        result = cache.get(value)
        if result is None:
            result = cache[value] = func(value)
        return result

    return get


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
        self.flag = _memo(buyer_flag)

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


def _amazon(rows, columns: dict[str, int], need: int, dates: DateReader, report: Report) -> None:
    """Count an All Orders report's rows: merchant rows, and on the safe side the cancelled rows of an unknown channel."""
    i_id, i_date, i_status, i_channel = (columns[k] for k in ("id", "date", "status", "channel"))
    i_item, i_qty = columns.get("item_status"), columns.get("quantity")
    width = max(columns.values()) + 1
    channel = _memo(channel_kind)
    is_cancel = _memo(lambda v: status_kind(v) == CANCELLED)
    is_item_cancel = _memo(lambda v: item_status_kind(v) == CANCELLED)
    quantity = _memo(_quantity)
    counter = _Counter(report, columns.get("service"), columns.get("buyer"))
    units = report.units
    tallies = {c: report.values.setdefault(c, {}) for c in VALUE_COLUMNS if c != "item_status" or i_item is not None}
    t_channel, t_status, t_item = tallies["channel"], tallies["order_status"], tallies.get("item_status")
    n = 0
    for line, row in rows:
        n += 1
        if row is None:
            _skip(report, "shifted_row")
            continue
        if len(row) <= need:
            _skip(report, "short_row")
            continue
        if len(row) < width:  # optional columns missing at the end read as empty
            row = row + [""] * (width - len(row))
        value = row[i_channel]
        seen = t_channel.get(value)  # the tallies, inline: three per row of a 100,000-row report
        if seen is None:
            _tally(t_channel, value)
        else:
            t_channel[value] = seen + 1
        where = channel(value)
        if where == OTHER_FULFILLMENT:
            _skip(report, where)
            continue
        value = row[i_status]
        seen = t_status.get(value)
        if seen is None:
            _tally(t_status, value)
        else:
            t_status[value] = seen + 1
        if i_item is not None:
            value = row[i_item]
            seen = t_item.get(value)
            if seen is None:
                _tally(t_item, value)
            else:
                t_item[value] = seen + 1
        whole = is_cancel(row[i_status])
        item = i_item is not None and is_item_cancel(row[i_item])
        if where == UNKNOWN_CHANNEL and not (whole or item):
            _skip(report, where)
            continue
        oid = row[i_id].strip().strip('"')
        if not oid:
            _skip(report, "missing_order_id")
            continue
        day, how = dates.read(row[i_date], line)
        if day is None:
            _skip(report, "bad_date")
            if report.first_bad_date is None:
                report.first_bad_date = (line, shown(row[i_date].strip()))
            continue
        if where == UNKNOWN_CHANNEL:
            report.unknown_channel_orders.add(oid)
        qty = 1 if i_qty is None else quantity(row[i_qty])
        if whole or item or oid not in units:
            counter.add(row, oid, day, how, qty, whole, item)
        else:  # another uncancelled item of an order already counted: the common row, kept short
            units[oid] += qty
    counter.finish(item_only_when_kept=False)
    report.rows += n


def _generic(rows, columns: dict[str, int], need: int, dates: DateReader, report: Report) -> None:
    """Count a generic file's rows (the same rules; an order is item-only when some of its rows are not cancelled)."""
    i_id, i_date, i_status = columns["id"], columns["date"], columns["status"]
    i_channel, i_qty = columns.get("channel"), columns.get("quantity")
    width = max(columns.values()) + 1
    channel = _memo(lambda v: channel_kind(v, generic=True))
    kind = _memo(lambda v: status_kind(v, generic=True))
    counter = _Counter(report, columns.get("service"), columns.get("buyer"))
    tallies = {c: report.values.setdefault(c, {}) for c in VALUE_COLUMNS if c != "item_status"}
    if i_channel is None:
        del tallies["channel"], report.values["channel"]
    n = 0
    for line, row in rows:
        n += 1
        if row is None:
            _skip(report, "shifted_row")
            continue
        if len(row) <= need:
            _skip(report, "short_row")
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        where = MERCHANT
        if i_channel is not None:
            _tally(tallies["channel"], row[i_channel])
            where = channel(row[i_channel])
            if where == OTHER_FULFILLMENT:
                _skip(report, where)
                continue
        _tally(tallies["order_status"], row[i_status])
        status = kind(row[i_status])
        cancelled = status == CANCELLED
        if where == UNKNOWN_CHANNEL and not cancelled:
            _skip(report, where)
            continue
        oid = row[i_id].strip()
        if not oid:
            _skip(report, "missing_order_id")
            continue
        day, how = dates.read(row[i_date].strip(), line)
        if day is None:
            _skip(report, "bad_date")
            if report.first_bad_date is None:
                report.first_bad_date = (line, shown(row[i_date].strip()))
            continue
        if where == UNKNOWN_CHANNEL:
            report.unknown_channel_orders.add(oid)
        counter.add(row, oid, day, how, 1 if i_qty is None else _quantity(row[i_qty]), cancelled, False)
    counter.finish(item_only_when_kept=True)
    report.rows += n
