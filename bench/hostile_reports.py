"""Time ``order_report`` on files built to hurt it (CPython): each must end fast, with a result or a clear message.

    python bench/hostile_reports.py [--repeat N]

Cases: two rows dated year 1 and 9999 (centuries between them), a year typed
as 1026, dates at the ends of the calendar with a UTC offset, a 40 MB single
line (no header), a 40 MB product name in a tab-separated row, a 40 MB value
in a CSV row, a 300 KB header field, 100,000 rows each on its own day over
270 years, and a valid header followed by 39 MB of short lines (one field,
two fields, only a tab; tab-separated, CSV, CSV with a quote; lone quotes,
quotes after a character), and 1.65 million tiny real orders. Prints, per case, the best time of ``--repeat``
runs, the peak memory Python allocated (``tracemalloc``, first run) and the answer (the
error code, or the number of windows listed).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "calculators"))

from cancelrate import calculate
from cancelrate.reports import MAX_BYTES

AMAZON = "amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\tproduct-name\n"


def tiny_orders() -> bytes:
    """A generic CSV just under the limit: one order a row, 24 bytes each, over 700 days, 1 in 37 cancelled."""
    rows, size, i = [], 0, 0
    while size < MAX_BYTES - 2000:
        day = (date(2025, 1, 1) + timedelta(days=i % 700)).isoformat()
        line = f"{i:x},{day},{'cancelled' if i % 37 == 0 else 'shipped'}\n"
        rows.append(line)
        size += len(line)
        i += 1
    return ("order_id,order_date,status\n" + "".join(rows)).encode()


def cases() -> dict[str, bytes]:
    day = date(1750, 1, 1)
    spread = "".join(
        f"o{i},{(day + timedelta(days=i)).isoformat()},{'cancelled' if i % 50 == 0 else 'shipped'}\n"
        for i in range(100_000)
    )
    return {
        "year 1 and 9999": (
            AMAZON + "A\t0001-01-01\tShipped\tMerchant\tx\nB\t9999-12-31\tCancelled\tMerchant\tx\n"
        ).encode(),
        "year 1026 typo": (
            AMAZON
            + "A\t1026-05-01T01:00:00+00:00\tShipped\tMerchant\tx\nB\t2026-05-01T01:00:00+00:00\tCancelled\tMerchant\tx\n"
        ).encode(),
        "calendar ends, offsets": (
            AMAZON
            + "A\t0001-01-01T00:00:00+09:00\tShipped\tMerchant\tx\nB\t9999-12-31T23:00:00-08:00\tShipped\tMerchant\tx\n"
        ).encode(),
        "40 MB single line": b"a" * (MAX_BYTES - 1),
        "40 MB product name (TSV)": (AMAZON + "A\t2026-05-01\tCancelled\tMerchant\t").encode()
        + b"n" * (MAX_BYTES - 200)
        + b"\n",
        "40 MB value (CSV)": b"order_id,order_date,status,note\nA,2026-05-01,cancelled,"
        + b"n" * (MAX_BYTES - 200)
        + b"\n",
        "300 KB header field": b"order_id," + b"h" * 300_000 + b",order_date,status\nA,2026-05-01,cancelled\n",
        "100,000 days over 270 years": ("order_id,order_date,status\n" + spread).encode(),
        # a valid header, then millions of short lines (issue 18 §3: 128 s for 39 MB before)
        "39 MB one-field lines (TSV)": AMAZON.encode() + b"a\n" * ((MAX_BYTES - 1000) // 2),
        "39 MB one-field lines (CSV)": b"order_id,order_date,status\n" + b"a\n" * ((MAX_BYTES - 1000) // 2),
        "39 MB one-field lines (quoted CSV)": b'order_id,order_date,status\n"A",x,y\n'
        + b"a\n" * ((MAX_BYTES - 1000) // 2),
        "39 MB two-field lines (TSV)": AMAZON.encode() + b"a\tb\n" * ((MAX_BYTES - 1000) // 4),
        "39 MB tab-only lines (TSV)": AMAZON.encode() + b"\t\n" * ((MAX_BYTES - 1000) // 2),
        "39 MB rows cut before the date (TSV)": AMAZON.encode() + b"A\tx\n" * ((MAX_BYTES - 1000) // 4),
        "39 MB digit pairs (TSV)": AMAZON.encode() + b"1\t1\n" * ((MAX_BYTES - 1000) // 4),
        "39 MB lone quotes (CSV)": b"order_id,order_date,status\n" + b'"\n' * ((MAX_BYTES - 1000) // 2),
        "39 MB quotes after a character (CSV)": b"order_id,order_date,status\n" + b'x"\n' * ((MAX_BYTES - 1000) // 3),
        # every row a real order: nothing to count in bulk, only the per-row work (a real report: 100,000 rows)
        "39 MB of 1.65 million tiny orders (CSV)": tiny_orders(),
    }


def answer(result: dict) -> str:
    if not result["ok"]:
        return result["errors"][0]["code"]
    out = result["outputs"]
    return f"{out['orders']:,} orders, {len(out['windows']):,} of {out['window_count']:,} windows listed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for name, data in cases().items():
        inputs = {"policy": "amazon_us" if "offsets" in name else "amazon_jp", "report": data}
        tracemalloc.start()
        result = calculate("order_report", inputs, "en")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            calculate("order_report", inputs, "en")
            best = min(best, time.perf_counter() - started)
        print(f"{name:30s} {best * 1000:9.1f} ms  peak {peak / 2**20:7.1f} MiB  {answer(result)}")


if __name__ == "__main__":
    main()
