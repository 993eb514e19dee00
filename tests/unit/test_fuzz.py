"""Property tests with hostile inputs for every calculator, and exact cross-checks with independent oracles.

Run the thorough profile (10,000 examples per test) with::

    bash scripts/fuzz.sh

The default profile runs a few dozen examples per test (CI, CPython and Pyodide).
Every call is checked by :func:`fuzzing.check_answer`: never ``internal_error``,
errors with a message in the requested language, finite JSON (what JavaScript
reads as finite), bounded size.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest
from fuzzing import FUZZ, HUGE_STRINGS, LANGS, POLICY_IDS, checked, hostile_scalar
from hypothesis import assume, given
from hypothesis import strategies as st

from cancelrate import CALCULATORS, breach, get_policy, rates, reports, windows

pytestmark = pytest.mark.fuzz

FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def _spelled(n: int | Fraction | str) -> st.SearchStrategy:
    """A number as a seller may type it: plain, full width, grouped, padded, or as a JSON number."""
    text = str(n)
    options = [st.just(text), st.just(text.translate(FULL_WIDTH)), st.just(f"  {text} ")]
    if isinstance(n, int):
        options += [st.just(n), st.just(f"{n:,}"), st.just(f"{n:,}".translate(FULL_WIDTH))]
    return st.one_of(options)


counts = st.one_of(st.integers(0, 60), st.integers(0, 10**9)).flatmap(_spelled)
percents = st.one_of(
    st.integers(0, 100).map(str),
    st.decimals(min_value=0, max_value=100, places=2).map(str),
    st.decimals(min_value=0, max_value=100, places=12).map(str),
    st.floats(0, 100),
    st.sampled_from(["99.999999999999995", "0.0000000000000000000000000000000000001", "2.5", "１", "100"]),
)
positives = st.one_of(
    st.decimals(min_value="0.001", max_value=10_000, places=3).map(str),
    st.floats(min_value=5e-324, max_value=10_000),
    st.integers(1, 10_000),
    st.sampled_from(["0.5", "１０", "1,000", 5e-324, "0.00000000000000000001"]),
)
day_texts = (
    st.dates(min_value=date(1899, 1, 1), max_value=date(3001, 1, 1))
    .map(
        lambda d: st.sampled_from(
            [
                d.isoformat(),
                d.strftime("%Y/%m/%d"),
                f"{d.year}年{d.month}月{d.day}日",
                d.isoformat().translate(FULL_WIDTH),
            ]
        )
    )
    .flatmap(lambda s: s)
)


def _valid_value(field) -> st.SearchStrategy:
    if field.kind == "policy":
        return st.sampled_from(POLICY_IDS)
    if field.kind == "count":
        return counts
    if field.kind in ("percent", "target"):
        return percents
    if field.kind == "number":
        return positives
    if field.kind == "text":
        return (
            st.lists(day_texts, max_size=5)
            .map(lambda ds: st.sampled_from([", ", "\n", " ", "、"]).map(lambda sep: sep.join(ds)))
            .flatmap(lambda s: s)
        )
    if field.kind == "choices":
        return st.lists(st.sampled_from(["Standard", "Expedited", "NextDay", "", "x" * 300]), max_size=4)
    if field.kind == "file":
        return st.one_of(amazon_report().map(lambda generated: generated[0]), hostile_files())
    raise AssertionError(field.kind)


def hostile_inputs(calculator: str, *, files: bool = True) -> st.SearchStrategy:
    fields = [f for f in CALCULATORS[calculator].FIELDS if files or f.kind != "file"]
    optional = {f.name: st.one_of(_valid_value(f), _valid_value(f), hostile_scalar) for f in fields}
    optional["unexpected"] = hostile_scalar
    return st.fixed_dictionaries({}, optional=optional)


# --- report files -------------------------------------------------------------------------------

AMAZON_COLUMNS = [
    "amazon-order-id",
    "merchant-order-id",
    "purchase-date",
    "last-updated-date",
    "order-status",
    "fulfillment-channel",
    "sales-channel",
    "order-channel",
    "ship-service-level",
    "product-name",
    "sku",
    "asin",
    "item-status",
    "quantity",
    "currency",
    "item-price",
]
NAMES = ["マグカップ", "Mug", "A\tB", "改行\nあり", "タブ\tと\n改行", "x\n\ny", "", "①㈱髙橋", "tab\t\tend"]
MERCHANT = ["Merchant", "MFN", "mfn", "MERCHANT"]
FBA = ["Amazon", "AFN", "afn"]
UNKNOWN = ["Other", "Merchnt"]
SERVICES = ["Standard", "Expedited", "NextDay", ""]
ENCODINGS = ["utf-8", "utf-8-sig", "cp932", "utf-16"]
US_ZONE = "America/Los_Angeles"


def _us_offset_minutes(local: datetime) -> int | None:
    """Los Angeles' offset from the tz database (``None`` without one: the US is then not generated)."""
    try:
        from zoneinfo import ZoneInfo

        return int(local.replace(tzinfo=ZoneInfo(US_ZONE)).utcoffset().total_seconds() // 60)
    except Exception:
        return None


HAVE_TZ = _us_offset_minutes(datetime(2026, 1, 1, 12)) is not None


def _render(local: datetime, offset: int, style: str, second: int) -> str:
    """The purchase-date text for a local time with the zone's offset (minutes), in one of the styles a report has."""
    utc = local - timedelta(minutes=offset)
    if style == "z":
        return utc.strftime("%Y-%m-%dT%H:%M:") + f"{second:02d}Z"
    if style == "utc":
        return utc.strftime("%Y-%m-%dT%H:%M:") + f"{second:02d}.123+00:00"
    if style == "local":
        sign = "+" if offset >= 0 else "-"
        return local.strftime("%Y-%m-%dT%H:%M:") + f"{second:02d}{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
    if style == "india":
        there = utc + timedelta(minutes=330)
        return there.strftime("%Y-%m-%dT%H:%M:%S") + "+05:30"
    if style == "naive":
        return utc.strftime("%Y-%m-%d %H:%M:") + f"{second:02d}"
    if style == "slash":
        return utc.strftime("%Y/%m/%d %H:%M")
    if style == "date":
        return local.date().isoformat()
    if style == "year_last":
        return f"{utc.month}/{utc.day}/{utc.year} {utc.hour}:{utc.minute:02d}"
    if style == "full_width":
        return (utc.strftime("%Y-%m-%dT%H:%M:") + f"{second:02d}+00:00").translate(
            str.maketrans("0123456789-:T+", "０１２３４５６７８９－：Ｔ＋")
        )
    raise AssertionError(style)


STYLES = ["z", "utc", "local", "india", "naive", "slash", "date", "year_last", "full_width"]


@st.composite
def amazon_report(draw):
    """``(bytes, policy, choices, expected)``: a generated All Orders report and what a recount must find."""
    policies = [
        "amazon_jp",
        "amazon_jp_sfp",
        "amazon_jp_premium_shipping",
        *(["amazon_us", "amazon_us_sfp"] if HAVE_TZ else []),
    ]
    policy = draw(st.sampled_from(policies))
    us = policy.startswith("amazon_us")
    base = draw(st.sampled_from([date(2026, 5, 1), date(2000, 1, 1), date(1999, 12, 25), date(2036, 12, 1)]))
    far = draw(st.sampled_from([0, 0, 0, 400, 3000, 4500]))
    orders = []
    for i in range(draw(st.integers(1, 30))):
        day = base + timedelta(days=draw(st.integers(0, 40)) + (far if draw(st.booleans()) and far else 0))
        minute = draw(st.integers(4 * 60, 23 * 60 + 59) if us else st.integers(0, 1439))
        local = datetime(day.year, day.month, day.day) + timedelta(minutes=minute)
        offset = _us_offset_minutes(local) if us else 540
        style = draw(st.sampled_from(STYLES))
        whole = draw(st.booleans()) and draw(st.booleans())
        channel_kind = draw(st.sampled_from(["m", "m", "m", "m", "f", "u"]))
        channel = draw(st.sampled_from({"m": MERCHANT, "f": FBA, "u": UNKNOWN}[channel_kind]))
        items = []
        for _ in range(draw(st.integers(1, 3))):
            item = (
                "Cancelled"
                if whole
                else draw(st.sampled_from(["Shipped", "Shipped", "Unshipped", "Cancelled", "Canceled"]))
            )
            qty = draw(st.integers(0, 5))
            items.append((item, qty, draw(st.sampled_from(NAMES)), draw(st.sampled_from(["", "１"])) == "１"))
        orders.append(
            {
                "id": f"503-{i:07d}-{draw(st.integers(0, 9999999)):07d}",
                "day": day,
                "text": _render(local, offset, style, draw(st.integers(0, 59))),
                "style": style,
                "status": draw(st.sampled_from(["Cancelled", "Canceled", "CANCELLED"]))
                if whole
                else draw(st.sampled_from(["Shipped", "Pending", "Unshipped"])),
                "channel": channel,
                "kind": channel_kind,
                "service": draw(st.sampled_from(SERVICES)),
                "items": items,
            }
        )
    encoding = draw(st.sampled_from(ENCODINGS))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines = ["\t".join(AMAZON_COLUMNS)]
    rows = []
    for order in orders:
        for item, qty, name, wide in order["items"]:
            values = {
                "amazon-order-id": order["id"],
                "purchase-date": order["text"],
                "last-updated-date": order["text"],
                "order-status": order["status"],
                "fulfillment-channel": order["channel"],
                "sales-channel": "Amazon.co.jp",
                "ship-service-level": order["service"],
                "product-name": name,
                "item-status": item,
                "quantity": str(qty).translate(FULL_WIDTH) if wide else str(qty),
                "currency": "JPY",
            }
            rows.append((order["id"], "\t".join(values.get(c, "") for c in AMAZON_COLUMNS)))
    if draw(st.booleans()):  # rows of different orders interleaved, as reports sort by date
        rows = draw(st.permutations(rows))
    lines += [text for _, text in rows]
    data = (newline.join(lines) + newline).encode(encoding)

    # merchant orders, and on the safe side the cancelled rows of orders on an unknown channel
    merchant = [{**o, "items": _counted_rows(o)} for o in orders if _counted_rows(o)]
    present = sorted({o["service"] for o in merchant})
    choices = draw(st.lists(st.sampled_from([*SERVICES, "Bogus"]), max_size=3, unique=True))
    scope = get_policy(policy).counted_orders
    chosen = [c for c in choices if c in present]
    counted = [o for o in merchant if o["service"] in chosen] if scope and chosen else merchant
    year_last = [o for o in merchant if o["style"] == "year_last"]
    utc_days = [_utc(o) for o in year_last]
    error = None
    if not merchant:
        error = "report_no_merchant_orders" if any(o["kind"] == "f" for o in orders) else "report_no_orders"
    elif year_last and not us and not any(d.day > 12 for d in utc_days) and any(d.day != d.month for d in utc_days):
        error = "report_date_ambiguous"
    expected = {
        "error": error,
        "counted": counted,
        "merchant": merchant,
        "skipped": {
            **(
                {"other_fulfillment": sum(len(o["items"]) for o in orders if o["kind"] == "f")}
                if any(o["kind"] == "f" for o in orders)
                else {}
            ),
            **(
                {"unknown_channel": unknown_skipped}
                if (unknown_skipped := sum(len(o["items"]) - len(_counted_rows(o)) for o in orders if o["kind"] == "u"))
                else {}
            ),
        },
        "rows": sum(len(o["items"]) for o in orders),
    }
    return data, policy, choices, expected


def _counted_rows(order) -> list:
    """The rows of a generated order the reader counts: all of a merchant order's; of an order on an unknown
    channel only the cancelled ones (all when the order is); none of an FBA order's."""
    if order["kind"] == "m":
        return order["items"]
    if order["kind"] == "u":
        if order["status"].lower() in ("cancelled", "canceled"):
            return order["items"]
        return [item for item in order["items"] if item[0].lower() in ("cancelled", "canceled")]
    return []


def _utc(order) -> date:
    month, day, rest = order["text"].split("/")
    return date(int(rest.split()[0]), int(month), int(day))


def _brute_force_windows(counted, policy):
    """Every window with orders, recounted from the orders themselves: ``{end: (orders, cancels)}``."""
    units = policy.unit == "units"
    w = policy.window_days
    weights = []
    for o in counted:
        cancelled_items = [qty for item, qty, _, _ in o["items"] if item.lower() in ("cancelled", "canceled")]
        whole = o["status"].lower() in ("cancelled", "canceled")
        if units:
            weight = sum(max(1, qty) for _, qty, _, _ in o["items"])
            cancel = sum(
                max(1, qty) for item, qty, _, _ in o["items"] if whole or item.lower() in ("cancelled", "canceled")
            )
        else:
            weight, cancel = 1, int(whole or bool(cancelled_items))
        weights.append((o["day"].toordinal(), weight, cancel))
    last = max(d for d, _, _ in weights)
    ends = {d + k for d, _, _ in weights for k in range(w) if d + k <= last}
    result = {}
    for end in ends:
        inside = [(weight, cancel) for d, weight, cancel in weights if end - w < d <= end]
        result[end] = (sum(x for x, _ in inside), sum(c for _, c in inside))
    return result


def _meets(cancels, orders, threshold, comparison):
    return orders == 0 or (
        Fraction(cancels, orders) < threshold if comparison == "lt" else Fraction(cancels, orders) <= threshold
    )


# --- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize("calculator", sorted(CALCULATORS))
@FUZZ
@given(data=st.data(), lang=LANGS)
def test_hostile_inputs_never_crash_hang_or_fool(calculator, data, lang):
    inputs = data.draw(hostile_inputs(calculator))
    checked(calculator, inputs, lang)


@pytest.mark.parametrize("calculator", sorted(CALCULATORS))
@FUZZ
@given(data=st.data(), lang=LANGS)
def test_hostile_json_text_never_crashes(calculator, data, lang):
    inputs = data.draw(hostile_inputs(calculator, files=False))
    try:
        as_text = json.dumps(inputs, default=repr)
    except (RecursionError, ValueError):  # too deep for the encoder itself: nest by hand
        as_text = '{"orders": ' + "[" * 5000 + "]" * 5000 + "}"
    text = data.draw(
        st.one_of(
            st.just(as_text),
            st.integers(1, 150_000).map(lambda n: "[" * n + "]" * n),
            st.integers(1, 150_000).map(lambda n: '{"a":' * n + "1" + "}" * n),
            st.sampled_from(
                [
                    '{"orders": NaN}',
                    '{"orders": Infinity, "policy": "amazon_jp"}',
                    '{"orders": 1e999}',
                    '"amazon_jp"',
                    "[]",
                    "",
                    "{",
                    '{"orders": "' + "9" * 5000 + '"}',
                    '{"x": ' + "1" * 5000 + "}",
                ]
            ),
        )
    )
    checked(calculator, text, lang, as_json=True)


@st.composite
def hostile_files(draw):
    """Report bytes that are broken on purpose: mutations of a good report, binary noise, huge lines, bad dates."""
    kind = draw(st.sampled_from(["mutated", "mutated", "dates", "noise", "huge"]))
    if kind == "noise":
        return draw(st.binary(max_size=3000))
    if kind == "huge":
        return draw(st.sampled_from(_huge_files()))
    data, _policy, _choices, _expected = draw(amazon_report())
    text = data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig", errors="replace")
    if kind == "dates":
        bad = draw(
            st.sampled_from(
                [
                    "0001-01-01T00:00:00+09:00",
                    "9999-12-31T23:00:00-08:00",
                    "0001-01-01",
                    "9999-12-31",
                    "1026-05-01T01:00:00+00:00",
                    "2026-05-01T15:60:00Z",
                    "2026-05-01T15:00:61Z",
                    "2026-05-01T10:00:00+25:00",
                    "3/4/2025",
                    "31/5/2025",
                    "5/31/2025 23:22",
                    "5/31/2025 11:22 PM",
                    "２０２６／０５／０１",
                    "2026-02-29",
                    "",
                    "\x00",
                ]
            )
        )
        lines = text.split("\n")
        for i in draw(st.lists(st.integers(1, max(1, len(lines) - 1)), max_size=4)):
            if i < len(lines):
                fields = lines[i].split("\t")
                if len(fields) > 2:
                    fields[2] = bad
                    lines[i] = "\t".join(fields)
        text = "\n".join(lines)
    else:
        for _ in range(draw(st.integers(1, 6))):
            if not text:
                break
            at = draw(st.integers(0, len(text) - 1))
            text = (
                text[:at]
                + draw(st.sampled_from(["\t", "\n", "\r", '"', ",", "\x00", "\ufeff", "", "Cancelled", "\t\t\t"]))
                + text[at + draw(st.integers(0, 3)) :]
            )
    return text.encode(draw(st.sampled_from(["utf-8", "utf-16", "cp932"])), errors="replace")


_HUGE: list[bytes] = []


def _huge_files() -> list[bytes]:
    if not _HUGE:
        header = "\t".join(AMAZON_COLUMNS)
        _HUGE.extend(
            [
                b"a" * (reports.MAX_BYTES - 10),
                b"order_id," + b"x" * 300_000 + b",order_date,status\n1,2026-05-01,shipped\n",
                (header + "\n" + "A\t\t2026-05-01\t\tShipped\tMerchant\t\t\t\t" + "n" * 5_000_000 + "\n").encode(),
                b"order_id,order_date,status\nA,2026-05-01," + b"y" * 300_000 + b"\n",
                (
                    header
                    + "\n"
                    + "".join(
                        f"o{i}\t\t{d}\t\tCancelled\tMerchant\t\t\t\t\t\t\tCancelled\t1\n"
                        for i, d in enumerate(["0001-01-01", "9999-12-31", "1026-05-01", "2026-05-01"])
                    )
                ).encode(),
                (
                    "order_id,order_date,status\n"
                    + "".join(
                        f"o{i},{(date(2000, 1, 1) + timedelta(days=i)).isoformat()},cancelled\n" for i in range(5000)
                    )
                ).encode(),
                b"\xff\xfe" + "order_id\torder_date\tstatus\nA\t2026-05-01\tcancelled\n".encode("utf-16-le"),
            ]
        )
    return _HUGE


@FUZZ
@given(data=st.data(), lang=LANGS)
def test_order_report_matches_a_brute_force_recount(data, lang):
    report, policy_id, choices, expected = data.draw(amazon_report())
    answer = checked("order_report", {"policy": policy_id, "report": report, "service_levels": choices}, lang)
    if expected["error"]:
        assert [e["code"] for e in answer.get("errors", [])] == [expected["error"]], answer
        return
    assert answer["ok"], answer
    out = answer["outputs"]
    policy = get_policy(policy_id)
    counted = expected["counted"]
    assert out["merchant_orders"] == len(expected["merchant"])
    assert out["orders"] == len(counted)
    assert out["rows"] == expected["rows"]
    assert out["skipped_reasons"] == expected["skipped"]
    cancelled = [
        o
        for o in counted
        if o["status"].lower() in ("cancelled", "canceled")
        or any(i.lower() in ("cancelled", "canceled") for i, *_ in o["items"])
    ]
    item_only = [o for o in cancelled if o["status"].lower() not in ("cancelled", "canceled")]
    assert (out["seller_cancels"], out["item_level_cancels"]) == (len(cancelled), len(item_only))
    assert out["units"] == sum(max(1, q) for o in counted for _, q, _, _ in o["items"])
    days = [o["day"].toordinal() for o in counted]
    first, last = min(days), max(days)
    assert (out["first_date"], out["last_date"]) == (
        date.fromordinal(first).isoformat(),
        date.fromordinal(last).isoformat(),
    )
    assert out["window_count"] == last - first + 1
    brute = _brute_force_windows(counted, policy)
    threshold, comparison = policy.threshold, policy.comparison
    breaches = sorted(end for end, (n, c) in brute.items() if not _meets(c, n, threshold, comparison))
    assert out["breach_count"] == len(breaches)
    assert out["breach_dates"] == [date.fromordinal(d).isoformat() for d in breaches[: windows.MAX_LISTED]]
    worst_end = min(brute, key=lambda end: (-Fraction(brute[end][1], brute[end][0]), end))
    assert out["worst"] == {
        "end_date": date.fromordinal(worst_end).isoformat(),
        "rate": float(Fraction(brute[worst_end][1], brute[worst_end][0])),
    }
    for window in out["windows"]:
        end = date.fromisoformat(window["end_date"]).toordinal()
        n, c = brute.get(end, (0, 0))
        assert (window["orders"], window["cancels"]) == (n, c)
        assert window["meets_target"] is _meets(c, n, threshold, comparison)
        assert window["rate"] == (None if n == 0 else float(Fraction(c, n)))
    if out["window_count"] <= windows.MAX_LISTED:
        assert len(out["windows"]) == out["window_count"]
    else:
        assert len(out["windows"]) == min(len(brute), windows.MAX_LISTED)
    if policy.min_orders:
        passing = sum(1 for n, _ in brute.values() if n > policy.min_orders["count"])
        assert out["few_orders_windows"] == out["window_count"] - passing


@FUZZ
@given(
    policy=st.sampled_from(
        ["amazon_jp", "amazon_jp_premium_shipping", "amazon_jp_sfp", "amazon_us_sfp", "yahoo_shopping"]
    ),
    orders=st.integers(0, 10**6),
    share=st.fractions(0, 1),
    target=st.one_of(st.none(), st.decimals(min_value="0.001", max_value=100, places=3)),
    data=st.data(),
    lang=LANGS,
)
def test_rate_check_matches_exact_fractions(policy, orders, share, target, data, lang):
    cancels = int(orders * share)
    if policy == "yahoo_shopping" and target is None:
        target = "5"
    inputs = {"policy": policy, "orders": data.draw(_spelled(orders)), "seller_cancels": data.draw(_spelled(cancels))}
    if target is not None:
        inputs["target_percent"] = str(target)
    answer = checked("rate_check", inputs, lang)
    assert answer["ok"], answer
    out = answer["outputs"]
    p = get_policy(policy)
    threshold = Fraction(str(target)) / 100 if target is not None else p.threshold
    comparison = p.comparison or "lt"
    assert out["meets_target"] is _meets(cancels, orders, threshold, comparison)
    assert out["rate"] == (None if orders == 0 else float(Fraction(cancels, orders)))
    # headroom: the largest extra k with (cancels + k) / orders still meeting the target
    room = 0
    if orders and _meets(cancels, orders, threshold, comparison):
        room = max(
            k for k in _candidates(orders, threshold, cancels) if _meets(cancels + k, orders, threshold, comparison)
        )
    assert out["headroom"] == room
    m = out["orders_to_recover"]
    assert _meets(cancels, orders + m, threshold, comparison)
    assert m == 0 or not _meets(cancels, orders + m - 1, threshold, comparison)
    if p.min_orders:
        assert out["min_orders_met"] is (orders > p.min_orders["count"])


def _candidates(orders, threshold, cancels):
    """Around the exact boundary ``threshold * orders - cancels`` (the oracle checks each)."""
    centre = math.floor(threshold * orders) - cancels
    return [k for k in range(max(0, centre - 2), min(orders - cancels, centre + 2) + 1)] or [0]


@FUZZ
@given(
    policy=st.sampled_from(["amazon_jp", "amazon_jp_sfp", "amazon_jp_premium_shipping", "ebay", "yahoo_shopping"]),
    qty=st.integers(1, 10**4),
    stock=st.integers(0, 10**4),
    orders=st.integers(0, 10**7),
    share=st.fractions(0, 1),
    lang=LANGS,
)
def test_stock_shortage_rates_are_exact(policy, qty, stock, orders, share, lang):
    assume(stock < qty)
    cancels = int(orders * share)
    inputs = {"policy": policy, "ordered_qty": qty, "in_stock": stock, "orders": orders, "seller_cancels": cancels}
    if policy == "yahoo_shopping":
        inputs["target_percent"] = "3"
    answer = checked("stock_shortage", inputs, lang)
    assert answer["ok"], answer
    p = get_policy(policy)
    added = qty if p.unit == "units" else 1
    threshold = Fraction(3, 100) if policy == "yahoo_shopping" else p.threshold
    for option in answer["outputs"]["options"]:
        exact = Fraction(cancels + (added if option["counts_as_cancel"] else 0), orders + added)
        assert option["rate_after"] == float(exact)
        assert option["meets_target"] is _meets(exact.numerator, exact.denominator, threshold, p.comparison or "lt")
    assert ("partial_ship_refund" in {o["id"] for o in answer["outputs"]["options"]}) is (stock >= 1)


@FUZZ
@given(
    policy=st.sampled_from(["amazon_jp", "amazon_jp_premium_shipping", "amazon_jp_sfp"]),
    orders=st.integers(0, 5000),
    share=st.fractions(0, 1),
    daily=st.one_of(st.integers(1, 500), st.decimals(min_value="0.01", max_value=500, places=2)),
    ago=st.lists(st.integers(0, 6), max_size=6),
    lang=LANGS,
)
def test_recovery_orders_and_days_are_exact(policy, orders, share, daily, ago, lang):
    cancels = int(orders * share)
    inputs = {"policy": policy, "orders": orders, "seller_cancels": cancels, "daily_orders": str(daily)}
    today = date(2026, 11, 28)
    if ago and len(ago) == cancels:
        inputs["cancel_dates"] = " ".join((today - timedelta(days=a)).isoformat() for a in ago)
        inputs["today"] = today.isoformat()
    answer = checked("recovery", inputs, lang)
    assert answer["ok"], answer
    out = answer["outputs"]
    p = get_policy(policy)
    m = out["orders_to_recover"]
    assert _meets(cancels, orders + m, p.threshold, p.comparison)
    assert m == 0 or not _meets(cancels, orders + m - 1, p.threshold, p.comparison)
    assert out["days_to_recover_by_volume"] == math.ceil(Fraction(m) / Fraction(str(daily)))
    if "cancel_dates" in inputs and p.lag_days == 0:
        back = date.fromisoformat(out["back_under_target_date"])  # at the latest when the last one leaves
        assert back <= max(today, today + timedelta(days=p.window_days + windows.EDGE_DAYS))


@FUZZ
@given(
    policy=st.sampled_from(["amazon_jp", "amazon_jp_premium_shipping", "amazon_jp_sfp"]),
    daily=st.decimals(min_value="0.01", max_value="3", places=2),
    share=st.fractions(0, 1, max_denominator=50),
    lang=LANGS,
)
def test_breach_risk_matches_a_brute_force_sum(policy, daily, share, lang):
    answer = checked(
        "breach_risk", {"policy": policy, "daily_orders": str(daily), "cancel_percent": str(float(share * 100))}, lang
    )
    assert answer["ok"], answer
    p = get_policy(policy)
    lam = float(Fraction(str(daily)) * p.window_days)
    share = Fraction(str(float(share * 100))) / 100
    expected = _brute_breach(lam, share, p.threshold, p.comparison)
    assert answer["outputs"]["breach_probability"] == pytest.approx(expected, abs=1e-9)


def _brute_breach(lam, p, threshold, comparison):
    """The double sum, term by term (small ``lam``): every binomial term from ``math.comb``, no recurrences."""
    pf, qf = float(p), float(1 - p)
    total, n, weight = 0.0, 0, math.exp(-lam)
    while n < lam + 15 * math.sqrt(lam) + 60:  # the Poisson mass left out is far below 1e-9
        n += 1
        weight *= lam / n
        k = rates.max_cancels(n, threshold, comparison)
        total += weight * math.fsum(math.comb(n, c) * pf**c * qf ** (n - c) for c in range(k + 1, n + 1))
    return total


@FUZZ
@given(
    cancels=st.integers(0, 10**6),
    other=st.one_of(st.none(), st.integers(0, 10**6)),
    today=st.one_of(st.none(), day_texts),
    lang=LANGS,
)
def test_rakuten_points_add_up(cancels, other, today, lang):
    inputs = {"store_cancels_this_year": cancels}
    if other is not None:
        inputs["other_points"] = other
    if today is not None:
        inputs["today"] = today
    answer = checked("rakuten_points", inputs, lang)
    if answer["ok"]:
        assert answer["outputs"]["points"] == cancels * answer["outputs"]["points_per_cancel"] + (other or 0)


def test_the_huge_hostile_files_are_refused_or_read():
    for data in _huge_files():
        for lang in ("ja", "en"):
            checked("order_report", {"policy": "amazon_jp", "report": data}, lang)


def test_breach_probability_stays_a_probability_at_the_float_edges():
    for share in ("99.999999999999995", 5e-324, "0.0000000000000000000000000000000000001"):
        for daily in (5e-324, "0.001", "10000"):
            checked("breach_risk", {"policy": "amazon_jp", "daily_orders": daily, "cancel_percent": share}, "en")
    assert 0 <= breach.breach_probability(1e6, Fraction(1, 10**30), Fraction(1, 40), "lt") <= 1


def test_million_character_values_everywhere():
    for calculator, tool in CALCULATORS.items():
        for field in tool.FIELDS:
            for value in HUGE_STRINGS:
                checked(calculator, {field.name: value}, "ja")
