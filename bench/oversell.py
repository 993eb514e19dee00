"""Speed of the oversell model: the median time of one ``oversell.assess`` call (every output the
calculator shows: the figures for the buffer, the chance of any oversell in the window, the breach
chance, the smallest safe buffer and the curve over buffers 0..20), per case.

    .venv/bin/python bench/oversell.py [--repeat 20]
    node bench/oversell_pyodide.mjs [--repeat 20]     # the same file inside Pyodide (Node.js)

Each call builds a fresh model (nothing cached between calls). Target: well under 50 ms in Pyodide
for sane inputs (up to a few hundred units, up to 5 channels).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path

# On CPython, use the package from the source tree; inside Pyodide the wheel is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "calculators"))

from cancelrate import oversell
from cancelrate.oversell import Item, sizes_from_multi_unit_share

CASES = [
    # name, stock, orders a day per channel, sync minutes, share of 2+ unit orders, buffer, window days
    ("reseller: 3 units, 2 channels, 15 min", 3, (1.0, 0.5), 15, 0, 0, 7),
    ("small shop: 20 units, 3 channels, 15 min, 10% multi", 20, (3.0, 2.0, 1.0), 15, Fraction(1, 10), 1, 7),
    ("shop: 50 units, 3 channels, 30 min, 20% multi", 50, (10.0, 5.0, 3.0), 30, Fraction(1, 5), 2, 7),
    ("shop: 100 units, 4 channels, 60 min, 10% multi, 30 d", 100, (8.0, 6.0, 4.0, 2.0), 60, Fraction(1, 10), 2, 30),
    ("busy: 300 units, 5 channels x 20/day, 60 min, 20% multi", 300, (20.0,) * 5, 60, Fraction(1, 5), 3, 7),
    ("busy: 300 units, 5 channels x 20/day, 60 min, single units", 300, (20.0,) * 5, 60, 0, 3, 7),
    ("daily hand sync: 30 units, 2 channels x 5/day, 30% multi", 30, (5.0, 5.0), 1440, Fraction(3, 10), 2, 7),
    ("daily hand sync: 100 units, 4 channels x 5/day, 10% multi", 100, (5.0,) * 4, 1440, Fraction(1, 10), 5, 30),
]


def run(case: tuple) -> None:
    _, stock, rates, minutes, share, buffer, window = case
    item = Item(stock, rates, minutes, sizes_from_multi_unit_share(share))
    oversell.assess(item, buffer, window_days=window, threshold=Fraction(1, 40), comparison="lt", total_daily=100)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    print(f"{platform.python_implementation()} {platform.python_version()} ({sys.platform}), {args.repeat} calls each")
    for case in CASES:
        run(case)  # warm-up (imports, Gauss-Legendre tables)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            run(case)
            times.append(time.perf_counter() - started)
        print(f"  {case[0]:62s} median {1000 * statistics.median(times):8.1f} ms   fastest {1000 * min(times):8.1f} ms")


if __name__ == "__main__":
    main()
