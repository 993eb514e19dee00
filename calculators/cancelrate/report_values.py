"""What the values of an order report's status and channel columns mean: a cancellation or not, the
seller's own shipping or someone else's, a buyer's request.

Nothing is silently "not cancelled": a status holding a cancellation word in
any spelling (:data:`CANCEL_MARKERS`) is a cancellation; a known other status
is not; any other value is :data:`UNKNOWN` (counted as not cancelled, and named
on the page). Values are compared after :func:`value_key`.
"""

from __future__ import annotations

import unicodedata

AMAZON_CANCELLED = frozenset({"cancelled", "canceled"})
AMAZON_MERCHANT = frozenset({"merchant", "mfn"})
AMAZON_FBA = frozenset({"amazon", "afn"})

AMAZON_BUYER_REQUESTED = "is-buyer-requested-cancelation"
"""The All Orders report's column of a buyer's official cancellation request, as Amazon spells it."""
BUYER_REQUESTED_HEADERS = frozenset({AMAZON_BUYER_REQUESTED, "is-buyer-requested-cancellation"})
"""The column that marks a buyer's official cancellation request (Amazon's spelling has one "l"), compared after
:func:`cancelrate.reports._header_key` with ``_`` read as ``-``."""
BUYER_TRUE = frozenset({"true", "yes", "y", "1", "t", "はい"})
BUYER_FALSE = frozenset({"false", "no", "n", "0", "f", "いいえ", ""})

CANCELLED, NOT_CANCELLED, UNKNOWN = "cancelled", "not_cancelled", "unknown"
"""How a status value was counted: a cancellation, not a cancellation, or a value recognised neither way
(counted as not cancelled, and named in a warning)."""
MERCHANT, OTHER_FULFILLMENT, UNKNOWN_CHANNEL = "merchant", "other_fulfillment", "unknown_channel"
"""How a channel value was counted: the seller's own shipping, another's (FBA …), unknown (see :func:`parse`)."""

CANCEL_MARKERS = ("cancel", "キャンセル", "取消", "取り消", "とりけし", "取消し")
"""Parts of a status value (after :func:`value_key`) that mean a cancellation in any system's spelling
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
"""Status values (after :func:`value_key`) known to mean "not cancelled"; any other non-cancellation is unknown."""

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
"""Status values (after :func:`value_key`) of the generic format that mark a cancellation the buyer asked for:
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


def value_key(value: str) -> str:
    """A value compared: NFKC, trimmed, lower case, spaces as ``_``; ``"\x00"`` (no known value) for one too long."""
    if len(value) > 200:  # no status or channel is this long; don't normalise megabytes
        return "\x00"
    return unicodedata.normalize("NFKC", value).strip().strip('"').strip().lower().replace(" ", "_")


def status_kind(value: str, generic: bool = False) -> str:
    """How a status value counts: :data:`CANCELLED` when it holds a cancellation word in any spelling
    (:data:`CANCEL_MARKERS`), :data:`NOT_CANCELLED` when it is a known other status, else :data:`UNKNOWN`
    (counted as not cancelled, and named). In the generic format a cancellation marked as the buyer's
    (:data:`GENERIC_BUYER_CANCEL`) is :data:`BUYER_CANCELLED`."""
    key = value_key(value)
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
    key = value_key(value)
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
    key = value_key(value)
    if key in BUYER_TRUE:
        return True
    return False if key in BUYER_FALSE else None
