"""Speed of ``cancelrate.calculate``: the median time per call, per calculator.

Runs every registered calculator (``api.CALCULATORS``) on its fields' example
values, plus ``breach_risk`` at high volumes (its cost grows with the square
root of the orders per window), and prints the median and fastest of
``--repeat`` timed calls after one warm-up call. Not part of the test command.

    .venv/bin/python bench/calculators.py [--repeat 50]
    node bench/calculators_pyodide.mjs [--repeat 50]    # the same file inside Pyodide (Node.js)

Target: well under 50 ms per call in Pyodide for ``breach_risk`` at 1,000 orders a day.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

# On CPython, use the package from the source tree; inside Pyodide the wheel is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "calculators"))

from cancelrate import api

EXTRA_CASES = [
    (
        "breach_risk, 1,000 orders a day, 7-day window",
        "breach_risk",
        {"policy": "amazon_jp", "daily_orders": 1000, "cancel_percent": 2},
    ),
    (
        "breach_risk, 1,000 orders a day, 30-day window",
        "breach_risk",
        {"policy": "amazon_jp_premium_shipping", "daily_orders": 1000, "cancel_percent": 1},
    ),
    (
        "oversell_risk, the slowest corner found: 200 units, 5 x 10 a day, 3 orders per sync, 30-day window",
        "oversell_risk",
        {
            "stock": 200,
            **dict.fromkeys(("daily_amazon", "daily_yahoo", "daily_rakuten", "daily_own_shop", "daily_other"), 10),
            "sync_minutes": "86.4",
            "units_per_order": "1.5",
            "buffer": 0,
            "policy": "amazon_jp_premium_shipping",
            "total_daily_orders": 10000,
        },
    ),
    (
        "oversell_risk, 60 units, 5 x 10 a day, sync 86.4 min (3 per sync), 30-day window",
        "oversell_risk",
        {
            "stock": 60,
            **dict.fromkeys(("daily_amazon", "daily_yahoo", "daily_rakuten", "daily_own_shop", "daily_other"), 10),
            "sync_minutes": "86.4",
            "units_per_order": "1.5",
            "buffer": 0,
            "policy": "amazon_jp_premium_shipping",
            "total_daily_orders": 10000,
        },
    ),
    (
        "oversell_risk, 200 units, 2 x 25 a day, 1-minute sync, 30-day window",
        "oversell_risk",
        {
            "stock": 200,
            "daily_amazon": 25,
            "daily_yahoo": 25,
            "sync_minutes": 1,
            "units_per_order": "1.5",
            "buffer": 0,
            "policy": "amazon_jp_premium_shipping",
            "total_daily_orders": 10000,
        },
    ),
    (
        "oversell_risk, size shares at their limit: 30 units, largest order 10, 5 x 10 a day, 3 per sync, 30-day window",
        "oversell_risk",
        {
            "stock": 30,
            **dict.fromkeys(("daily_amazon", "daily_yahoo", "daily_rakuten", "daily_own_shop", "daily_other"), 10),
            "sync_minutes": "86.4",
            "share_1_unit": 60,
            "share_2_units": 20,
            "share_3_units": 10,
            "share_4plus_units": 10,
            "largest_units": 10,
            "policy": "amazon_jp_premium_shipping",
            "total_daily_orders": 10000,
        },
    ),
    (
        "oversell_risk, size shares and a busy day: 30 units, largest 10, 2 x 7 a day, busiest day 49, 30-day window",
        "oversell_risk",
        {
            "stock": 30,
            "daily_amazon": 7,
            "daily_yahoo": 7,
            "sync_minutes": "88",
            "share_1_unit": 60,
            "share_2_units": 20,
            "share_4plus_units": 20,
            "largest_units": 10,
            "busiest_day_orders": 49,
            "policy": "yahoo_shopping",
            "target_percent": 1,
            "total_daily_orders": 10000,
        },
    ),
    (
        "breach_risk, 10,000 orders a day (the maximum), 30-day window",
        "breach_risk",
        {"policy": "amazon_jp_premium_shipping", "daily_orders": 10000, "cancel_percent": 1},
    ),
]


def cases() -> Iterator[tuple[str, str, dict]]:
    """``(name, calculator_id, inputs)``: each calculator with its examples, then the extra cases."""
    for calculator_id, tool in api.CALCULATORS.items():
        inputs = {f.name: f.example for f in tool.FIELDS if f.example is not None}
        yield f"{calculator_id}, example values", calculator_id, inputs
    yield from EXTRA_CASES


def measure(repeat: int) -> list[tuple[str, float, float, str]]:
    """``(name, median ms, fastest ms, "ok" or the error codes)`` per case."""
    rows = []
    for name, calculator_id, inputs in cases():
        result = api.calculate(calculator_id, inputs, "ja")  # warm-up (imports, caches)
        status = "ok" if result["ok"] else "errors: " + ", ".join(e["code"] for e in result["errors"])
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            api.calculate(calculator_id, inputs, "ja")
            times.append((time.perf_counter() - start) * 1000)
        rows.append((name, statistics.median(times), min(times), status))
    return rows


def main(argv: list[str] | None = None) -> None:
    """Print one line per case."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="timed calls per case (default 50)")
    args = parser.parse_args(argv)
    where = f"{platform.python_implementation()} {platform.python_version()} on {sys.platform}"
    print(f"cancelrate.calculate, {where}, median of {args.repeat} calls")
    for name, median, fastest, status in measure(args.repeat):
        print(f"  {median:8.2f} ms median  {fastest:8.2f} ms fastest  {name}  [{status}]")


if __name__ == "__main__":
    main()
