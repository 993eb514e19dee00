"""The ``order_report`` calculator: generated reports through the public entry point."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cancelrate import calculate, calculate_json, describe, reports

COLUMNS = [
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


def amazon_report(rows, *, newline="\n", columns=COLUMNS) -> str:
    """An All Orders report: ``rows`` are ``(order_id, purchase_date, status, channel[, name[, qty]])``."""
    lines = ["\t".join(columns)]
    for row in rows:
        oid, when, status, channel, *rest = row
        name = rest[0] if rest else "テスト商品"
        qty = rest[1] if len(rest) > 1 else "1"
        values = {
            "amazon-order-id": oid,
            "merchant-order-id": "",
            "purchase-date": when,
            "last-updated-date": when,
            "order-status": status,
            "fulfillment-channel": channel,
            "sales-channel": "Amazon.co.jp",
            "product-name": name,
            "item-status": status,
            "quantity": qty,
            "currency": "JPY",
        }
        lines.append("\t".join(values.get(c, "") for c in columns))
    return newline.join(lines) + newline


def run(data, policy="amazon_jp", lang="ja", **extra):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return calculate("order_report", {"policy": policy, "report": data, **extra}, lang)


def ok(data, **kwargs):
    result = run(data, **kwargs)
    assert result["ok"], result
    return result["outputs"]


def error_codes(data, **kwargs):
    result = run(data, **kwargs)
    assert result["ok"] is False, result
    return [(e["field"], e["code"]) for e in result["errors"]]


BASIC = [
    ("503-0000001-0000001", "2026-05-01T01:00:00+00:00", "Shipped", "Merchant", "マグカップ"),
    ("503-0000001-0000001", "2026-05-01T01:00:00+00:00", "Shipped", "Merchant", "コースター"),
    ("503-0000001-0000001", "2026-05-01T01:00:00+00:00", "Shipped", "Merchant", "スプーン"),
    ("503-0000002-0000002", "2026-05-02T01:00:00+00:00", "Cancelled", "Merchant"),
    ("503-0000003-0000003", "2026-05-02T02:00:00+00:00", "Shipped", "Amazon"),
    ("503-0000004-0000004", "2026-05-03T03:00:00+00:00", "Canceled", "Amazon"),
]


def test_counts_merchant_orders_not_rows():
    out = ok(amazon_report(BASIC))
    assert out["format"] == "amazon"
    assert out["orders"] == 2  # three rows of one order are one order; FBA rows ignored
    assert out["seller_cancels"] == 1
    assert out["first_date"] == "2026-05-01"
    assert out["last_date"] == "2026-05-02"
    assert out["skipped_rows"] == 2
    assert out["skipped_reasons"] == {"other_fulfillment": 2}
    assert out["windows"] == [
        {"end_date": "2026-05-01", "orders": 1, "cancels": 0, "rate": 0.0, "meets_target": True},
        {"end_date": "2026-05-02", "orders": 2, "cancels": 1, "rate": 0.5, "meets_target": False},
    ]
    assert out["worst"] == {"end_date": "2026-05-02", "rate": 0.5}
    assert out["breach_dates"] == ["2026-05-02"]


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("cp932"),
        lambda t: t.replace("\n", "\r\n").encode("cp932"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.replace("\n", "\r\n").encode("utf-16"),
    ],
    ids=["utf8", "utf8-bom", "cp932", "cp932-crlf", "utf8-crlf", "utf16-excel"],
)
def test_encodings_and_line_endings_give_the_same_result(encode):
    text = amazon_report(
        [*BASIC, ("503-0000005-0000005", "2026-05-02T03:00:00+00:00", "Shipped", "Merchant", "①髙橋の㈱ソックス")]
    )
    out = ok(encode(text))
    assert (out["orders"], out["seller_cancels"], out["last_date"]) == (3, 1, "2026-05-02")
    assert out["skipped_reasons"] == {"other_fulfillment": 2}


def test_cp932_only_characters_are_decoded_as_cp932():
    # ① and ㈱ are CP932 extensions that plain Shift_JIS lacks
    assert reports.decode("①㈱髙".encode("cp932")) == "①㈱髙"


@pytest.mark.parametrize(
    ("stamp", "local_day"),
    [
        ("2026-05-01T16:30:00+00:00", "2026-05-02"),  # 01:30 JST on the 2nd
        ("2026-05-01T14:59:59+00:00", "2026-05-01"),  # 23:59:59 JST
        ("2026-05-01T15:00:00+00:00", "2026-05-02"),  # midnight JST
        ("2026-05-01T15:00:00Z", "2026-05-02"),
        ("2026-05-01T15:00:00.123+00:00", "2026-05-02"),
        ("2026-05-02T00:30:00+09:00", "2026-05-02"),
        ("2026-05-01T08:30:00-07:00", "2026-05-02"),  # 15:30 UTC
        ("2026-05-01T20:29:00+05:30", "2026-05-01"),  # 14:59 UTC = 23:59 JST
        ("2026-05-02", "2026-05-02"),  # no time: taken as written
        ("2026/05/02 14:59", "2026-05-02"),  # a time without offset in an Amazon report is UTC (GMT)
        ("2026/05/02 23:59", "2026-05-03"),  # 08:59 on the 3rd in Japan
    ],
)
def test_purchase_dates_become_japan_dates(stamp, local_day):
    out = ok(amazon_report([("1", stamp, "Shipped", "Merchant")]))
    assert out["first_date"] == local_day


@pytest.mark.parametrize(
    ("stamp", "local_day"),
    [
        ("2026-01-01T07:30:00+00:00", "2025-12-31"),  # PST (UTC-8): 23:30 on the 31st
        ("2026-01-01T08:00:00+00:00", "2026-01-01"),
        ("2026-07-01T06:30:00+00:00", "2026-06-30"),  # PDT (UTC-7): 23:30
        ("2026-07-01T07:30:00+00:00", "2026-07-01"),  # PDT: 00:30 (PST would say the 30th)
        ("2026-03-08T09:59:00+00:00", "2026-03-08"),  # 01:59 PST, DST starts at 10:00 UTC
        ("2026-03-09T06:30:00+00:00", "2026-03-08"),  # 23:30 PDT
        ("2026-11-01T09:00:00+00:00", "2026-11-01"),  # DST ended: 01:00 PST
        ("2026-11-02T07:30:00+00:00", "2026-11-01"),  # 23:30 PST
    ],
)
def test_us_policy_uses_pacific_time_with_daylight_saving(stamp, local_day):
    out = ok(amazon_report([("1", stamp, "Shipped", "Merchant")]), policy="amazon_us")
    assert out["first_date"] == local_day


def test_time_zones_and_date_orders_come_from_the_policy_data():
    from cancelrate import get_policy

    assert get_policy("amazon_jp").time_zone == "Asia/Tokyo"
    assert get_policy("amazon_us").time_zone == "America/Los_Angeles"
    assert get_policy("yahoo_shopping").time_zone == "Asia/Tokyo"
    assert get_policy("amazon_us").date_order == "mdy"
    assert get_policy("amazon_jp").date_order == "ymd"


def test_windows_slide_over_seven_days_and_gaps_have_no_rate():
    rows = [("c1", "2026-05-01T00:00:00+09:00", "Cancelled", "Merchant")]
    rows += [(f"o{i}", "2026-05-03T00:00:00+09:00", "Shipped", "Merchant") for i in range(39)]
    rows += [("late", "2026-05-20T00:00:00+09:00", "Shipped", "Merchant")]
    out = ok(amazon_report(rows))
    wins = {w["end_date"]: w for w in out["windows"]}
    assert len(out["windows"]) == 20
    assert wins["2026-05-01"]["rate"] == 1.0
    assert wins["2026-05-03"] == {
        "end_date": "2026-05-03",
        "orders": 40,
        "cancels": 1,
        "rate": 0.025,
        "meets_target": False,
    }
    assert wins["2026-05-07"]["cancels"] == 1  # 05-01 .. 05-07
    assert wins["2026-05-08"]["cancels"] == 0  # 05-02 .. 05-08
    assert wins["2026-05-12"] == {
        "end_date": "2026-05-12",
        "orders": 0,
        "cancels": 0,
        "rate": None,
        "meets_target": True,
    }
    assert out["breach_dates"] == [f"2026-05-0{d}" for d in range(1, 8)]  # exactly 2.5% misses "under 2.5%"
    assert out["worst"] == {"end_date": "2026-05-01", "rate": 1.0}


def test_breach_table_lists_the_cancelled_orders_of_each_window():
    rows = [("A", "2026-05-01", "Cancelled", "Merchant"), ("B", "2026-05-03", "Cancelled", "Merchant")]
    rows += [(f"o{i}", "2026-05-09", "Shipped", "Merchant") for i in range(3)]
    result = run(amazon_report(rows), lang="en")
    table = result["display"]["breaches"]["table"]
    assert table["columns"][0] == "Window"
    first, *_, last = table["rows"]
    assert first == ["2026-05-01 – 2026-05-01", "1", "1", "100%", "A"]
    assert last[0] == "2026-05-03 – 2026-05-09" and last[-1] == "B"
    assert any(row[-1] == "A, B" for row in table["rows"])


def test_unit_based_policy_counts_quantities():
    rows = [
        ("1", "2026-05-01", "Shipped", "Merchant", "x", "3"),
        ("1", "2026-05-01", "Shipped", "Merchant", "y", "2"),
        ("2", "2026-05-01", "Cancelled", "Merchant", "z", "0"),  # a cancelled row may show 0: counted as 1
    ]
    out = ok(amazon_report(rows), policy="amazon_jp_sfp")
    assert out["unit"] == "units"
    assert (out["units"], out["cancelled_units"]) == (6, 1)
    assert out["windows"][0]["orders"] == 6 and out["windows"][0]["cancels"] == 1
    assert out["windows"][0]["meets_target"] is False  # 1/6 > 1%
    assert out["orders"] == 2


def test_policy_without_a_threshold_needs_a_target_and_without_a_window_is_not_offered():
    text = amazon_report(BASIC)
    assert error_codes(text, policy="yahoo_shopping") == [("target_percent", "target_required")]
    out = ok(text, policy="yahoo_shopping", target_percent="60")
    assert out["breach_dates"] == [] and out["target_origin"] == "user"
    assert error_codes(text, policy="ebay") == [("policy", "unknown_policy")]


GENERIC = (
    "注文番号,注文日,ステータス,出荷方法,数量\n"
    "Y-1,2026/05/01 10:00,出荷済み,自己発送,1\n"
    "Y-2,2026/05/01,キャンセル,,2\n"
    'Y-3,2026年5月2日,"Shipped, late",FBA,1\n'
    "Y-4,2026-05-02,ストア都合キャンセル,自己発送,1\n"
    "Y-5,２０２６/０５/０３,購入者都合キャンセル,自己発送,1\n"
    "Y-6,,出荷済み,自己発送,1\n"
)


def test_generic_csv_with_japanese_headers():
    out = ok(GENERIC.encode("cp932"), policy="yahoo_shopping", target_percent="10")
    assert out["format"] == "generic"
    assert out["orders"] == 4
    assert out["seller_cancels"] == 2  # buyer cancellations are orders, not seller cancellations
    assert out["skipped_reasons"] == {"bad_date": 1, "other_fulfillment": 1}
    assert out["last_date"] == "2026-05-03"
    assert out["window_days"] == 30


def test_generic_csv_with_english_headers_and_quotes():
    text = 'order_id,order_date,status\r\n"X,1",2026-05-01T23:30:00+00:00,cancelled\r\nX2,2026-05-02,shipped\r\n'
    out = ok(text)
    assert out["orders"] == 2 and out["seller_cancels"] == 1
    assert out["first_date"] == "2026-05-02"  # an explicit offset is moved to Japan time


def _docs_file(*parts: str):
    """A file under docs/ (``None`` where the docs are not around, e.g. inside Pyodide)."""
    from pathlib import Path

    parents = Path(__file__).resolve().parents
    path = parents[2].joinpath("docs", *parts) if len(parents) > 2 else None
    return path if path is not None and path.exists() else None


def test_example_file_on_the_site_is_readable():
    example = _docs_file("assets", "examples", "order-report-example.csv")
    if example is None:
        pytest.skip("docs not available")
    out = ok(example.read_bytes())
    assert out["orders"] > 10 and out["breach_dates"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_report_field_offers_the_site_example_file_in_both_languages(lang):
    [field] = [f for f in describe("order_report", lang)["inputs"] if f["name"] == "report"]
    example = field["example_file"]
    assert example["url"] == "assets/examples/order-report-example.csv"
    assert example["label"] == {"ja": "例の注文レポートで試す", "en": "Try the example report"}[lang]
    assert example["failed"] and example["failed"] != example["label"]
    page = _docs_file(lang, "calculators", "order-report.md")
    if page is None:
        pytest.skip("docs not available")
    assert _docs_file(*example["url"].split("/")) is not None, "the file is in docs/, so the site serves it"
    assert example["label"] in page.read_text("utf-8"), "the page names the button as the form does"
    others = [f["example_file"] for f in describe("order_report", lang)["inputs"] if f["name"] != "report"]
    assert others == [None, None, None]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pages_state_the_size_limit_of_the_code(lang):
    page = _docs_file(lang, "calculators", "order-report.md")
    if page is None:
        pytest.skip("docs not available")
    assert f"**{reports.MAX_BYTES // (1024 * 1024)} MB**" in page.read_text("utf-8")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "report_empty"),
        (b" \r\n\n", "report_empty"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "report_spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "report_spreadsheet"),
        (bytes(range(256)) * 4, "report_binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "report_binary"),
        (b"\x81\x7f\xff\xfe\xfd", "report_binary"),  # neither UTF-8 nor CP932
        (b"name,price\napple,100\n", "report_columns"),
        (b"amazon-order-id\tpurchase-date\torder-status\nA\t2026-05-01\tShipped\n", "report_columns"),
        (
            b"order_id,order_date,status\nA,yesterday,shipped\nB,2026-13-01,shipped\n,2026-05-01,shipped\n",
            "report_no_orders_dates",
        ),
        (amazon_report([("1", "2026-05-01", "Shipped", "Amazon")]).encode(), "report_no_merchant_orders"),
        (b'order_id,order_date,status\nA,2026-05-01,"shipped\n' + b"x" * 200_000, "report_unreadable"),
        (b"x" * (50 * 1024 * 1024), "report_too_large"),
    ],
    ids=[
        "empty",
        "blank",
        "xlsx",
        "xls",
        "binary",
        "png",
        "undecodable",
        "wrong-columns",
        "amazon-missing-columns",
        "bad-dates",
        "fba-only",
        "unclosed-quote",
        "50MB",
    ],
)
def test_bad_files_get_a_clear_message(data, code):
    for lang in ("ja", "en"):
        result = run(data, lang=lang)
        assert result["ok"] is False
        [error] = result["errors"]
        assert (error["field"], error["code"]) == ("report", code)
        assert error["message"]
    if code == "report_spreadsheet":
        assert "CSV" in run(data, lang="en")["errors"][0]["message"]
    if code == "report_too_large":
        assert "40 MB" in run(data, lang="en")["errors"][0]["message"]


def test_missing_columns_are_named():
    result = run(b"order_id,date\n1,2026-05-01\n", lang="en")
    assert "status" in result["errors"][0]["message"]


def test_rows_with_bad_dates_are_skipped_and_counted():
    rows = [
        ("1", "2026-05-01", "Shipped", "Merchant"),
        ("2", "", "Shipped", "Merchant"),
        ("3", "soon", "Shipped", "Merchant"),
    ]
    out = ok(amazon_report(rows))
    assert out["orders"] == 1
    assert out["skipped_reasons"] == {"bad_date": 2}


def test_no_file_asks_for_one():
    result = calculate("order_report", {"policy": "amazon_jp"}, "en")
    assert result["errors"] == [{"field": "report", "code": "file_required", "message": "Please choose a file."}]


def test_nothing_from_the_file_reaches_the_chart_and_the_chart_is_valid_svg():
    rows = [("<b>1</b>", "2026-05-01", "Cancelled", "Merchant", "<script>alert(1)</script>")]
    rows += [(f"o{i}", f"2026-05-{i + 1:02d}", "Shipped", "Merchant") for i in range(20)]
    text = calculate_json(
        "order_report", {"policy": "amazon_jp", "report": memoryview(amazon_report(rows).encode())}, "ja"
    )
    assert "<script" not in text
    result = json.loads(text)
    svg = result["display"]["chart"]["svg"]
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find("{http://www.w3.org/2000/svg}title").text == "期間ごとのキャンセル率"
    assert "<b>" not in svg
    # the order id appears as plain data in the table, for the page to set as text
    assert result["display"]["breaches"]["table"]["rows"][0][-1] == "<b>1</b>"


# Property tests: a generic CSV built from random orders, checked against an independent recount.
orders_strategy = st.lists(st.tuples(st.integers(0, 40), st.booleans()), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(
    orders=orders_strategy,
    policy=st.sampled_from(["amazon_jp", "amazon_jp_sfp", "amazon_jp_premium_shipping", "yahoo_shopping"]),
    target=st.none() | st.integers(1, 100).map(str) | st.sampled_from(["0.5", "2.5", "33.3"]),
)
def test_window_counts_add_up(orders, policy, target):
    base = date(2026, 4, 1)
    lines = ["order_id,order_date,status"]
    lines += [
        f"o{i},{(base + timedelta(days=d)).isoformat()},{'cancelled' if c else 'shipped'}"
        for i, (d, c) in enumerate(orders)
    ]
    if policy == "yahoo_shopping" and target is None:
        target = "5"
    out = ok("\n".join(lines), policy=policy, **({} if target is None else {"target_percent": target}))
    assert out["target_origin"] == ("policy" if target is None else "user")
    w = out["window_days"]
    first, last = min(d for d, _ in orders), max(d for d, _ in orders)
    assert len(out["windows"]) == last - first + 1
    # each order is in the windows ending on its day and the next w-1 days (up to the last day)
    assert sum(x["orders"] for x in out["windows"]) == sum(min(w, last - d + 1) for d, _ in orders)
    assert sum(x["cancels"] for x in out["windows"]) == sum(min(w, last - d + 1) for d, c in orders if c)
    threshold = Fraction(target) / 100 if target is not None else Fraction(out["threshold"]).limit_denominator(1000)
    for x in out["windows"]:
        if x["orders"] == 0:
            assert x["rate"] is None and x["meets_target"] is True
            continue
        assert 0 <= x["rate"] <= 1
        exact = Fraction(x["cancels"], x["orders"])
        expected = exact < threshold if out["comparison"] == "lt" else exact <= threshold
        assert x["meets_target"] is expected
    assert out["breach_dates"] == [x["end_date"] for x in out["windows"] if not x["meets_target"]]
    assert out["worst"]["rate"] == max(x["rate"] for x in out["windows"] if x["rate"] is not None)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(data):
    result = run(data)
    assert result["ok"] in (True, False)
    if not result["ok"]:
        assert all(e["code"].startswith(("report_", "file_")) for e in result["errors"])
