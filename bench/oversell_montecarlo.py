"""Agreement of the oversell model with its event-by-event simulation: every cell of the test grid plus a
random sample of more, each simulated for longer than in the tests, with the z-score of every figure.

    .venv/bin/python bench/oversell_montecarlo.py [--cells 40] [--scale 4] [--seed 2026]

Prints one line per cell (the largest |z| of its six figures), then the grid size, the orders and oversells
simulated, the largest |z| overall and its cell. ``z = (formula - simulation) / standard error``, the standard
error from 30 batch means; a cell passes the test when every ``|formula - simulation| <= 4 se`` plus a small
tolerance (see ``tests/unit/oversell_grid.py``). Not part of the test command; a few minutes on 2 cores.

    .venv/bin/python bench/oversell_montecarlo.py --issue18 [--scale 1]

compares instead the model with simulations of what it leaves out (issue 18 §7): order sizes with a tail
(the same average, 10% four-unit orders), busy days (one day of the week at 2.5 times the others, the same
weekly average) and the channel the oversold orders land on (only the policy's channel counts). The model
does not take these inputs yet, so the lines show how far its figures are from such a seller's.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "calculators"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "unit"))

from oversell_grid import GRID_CI, GRID_MORE, compare_with_simulation, within


def sample_cells(count: int, seed: int) -> list[tuple]:
    """Random cells: 2 to 5 channels, 1 to 40 units, buffers 0 to 3, syncs of 10 minutes to a day, single units,
    mixes of 1 and 2, or 2 and 3 units; kept where oversells are neither certain nor negligible."""
    rng = random.Random(seed)
    out: list[tuple] = []
    while len(out) < count:
        m = rng.randint(2, 5)
        rates = tuple(round(rng.choice([0.5, 1, 2, 5, 10, 20]) * rng.uniform(0.3, 1), 2) for _ in range(m))
        minutes = rng.choice([10, 30, 60, 120, 360, 1440])
        a, r = rng.choice([(1, 0.0), (1, 0.1), (1, 0.3), (1, 0.6), (2, 0.4)])
        stock = rng.choice([1, 2, 4, 8, 15, 40])
        k = rng.randint(0, min(3, max(0, stock - a)))
        window = rng.choice([7, 30])
        if stock - k < a or sum(rates) * minutes / 1440 > 8:
            continue
        out.append((stock, k, rates, minutes, (a, r), window))
    return out


ISSUE18_ITEM = (8, (3.0, 2.0), 30.0)
"""Stock 8, Amazon 3 and Yahoo! 2 orders a day, a sync every 30 minutes: the example of issue 18 §7."""
TAIL_SIZES = ((1, 0.7), (2, 0.2), (4, 0.1))
"""Average 1.5 units, as 1 or 2 units half and half, but with 10% four-unit orders."""
BUSY_WEEK = (2.5, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75)
"""One busy day a week at 2.5 times the other days' orders, the same weekly average."""


def issue18(scale: float, seed: int) -> None:
    """The model (orders of 1 or 2 units, even days, all channels counted) against simulations of a seller
    whose orders have a tail, whose week has a busy day, and whose marketplace counts only its own orders."""
    from fractions import Fraction

    from oversell_sim import simulate

    from cancelrate import oversell
    from cancelrate.oversell import Item, sizes_from_average

    stock, rates, minutes = ISSUE18_ITEM
    plain = ((1, 0.5), (2, 0.5))
    days = 40_000 * scale
    print("stock 8, Amazon 3 + Yahoo! 2 orders a day, sync 30 min, 1.5 units per order, 7-day window\n")
    print("buffer | any oversell in 7 days: model | sim 1-2 units | sim with 10% 4-unit | sim busy day")
    for k in range(0, 5):
        item = Item(stock, rates, minutes, sizes_from_average(Fraction(3, 2)))
        model = oversell.assess(
            item, k, window_days=7, threshold=Fraction(1, 40), comparison="lt", total_daily=Fraction(5)
        )
        sims = [
            simulate(stock, k, rates, minutes, sizes, days=days, window_days=7, seed=seed + k, weekly=weekly)
            for sizes, weekly in ((plain, None), (TAIL_SIZES, None), (plain, BUSY_WEEK))
        ]
        cells = "  ".join(
            f"{100 * r.any_oversell_in_window[0]:8.4f}% +- {100 * r.any_oversell_in_window[1]:.4f}" for r in sims
        )
        print(f"{k:6d} | {100 * model['any_oversell_probability']:8.4f}%  {cells}")
        if k == 0:
            flat, busy = sims[0], sims[2]
            print(
                f"         oversold orders / 30 days: model {model['figures']['oversold_orders_per_30_days']:.3f}, "
                f"sim {flat.oversold_orders_per_30_days[0]:.3f} +- {flat.oversold_orders_per_30_days[1]:.3f}, "
                f"busy day {busy.oversold_orders_per_30_days[0]:.3f} +- {busy.oversold_orders_per_30_days[1]:.3f}"
            )
            amazon = flat.oversold_orders_by_channel[0][0]
            share = amazon / flat.oversold_orders_per_30_days[0] if flat.oversold_orders_per_30_days[0] else 0.0
            print(
                f"         oversold orders on Amazon: {100 * share:.1f}% (Amazon has {100 * rates[0] / sum(rates):.0f}% of "
                f"the orders); Amazon's own rate {amazon / 30 / rates[0]:.4%} against the model's "
                f"{model['oversell_share']:.4%} over all 5 orders a day"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=40, help="random cells added to the test grid")
    parser.add_argument("--scale", type=float, default=4.0, help="simulated time, relative to the tests' budget")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--issue18", action="store_true", help="what the model leaves out (issue 18 §7)")
    args = parser.parse_args()
    if args.issue18:
        issue18(args.scale, args.seed)
        return
    cells = GRID_CI + GRID_MORE + sample_cells(args.cells, args.seed)
    worst = (0.0, None, None)
    orders = events = failures = 0
    started = time.perf_counter()
    for i, cell in enumerate(cells):
        rows, n_orders, n_events = compare_with_simulation(cell, scale=args.scale, seed=args.seed + i)
        orders += n_orders
        events += n_events
        cell_worst = (0.0, "")
        for name, formula, estimate, se in rows:
            z = (formula - estimate) / se if se > 0 else 0.0
            if abs(z) > abs(cell_worst[0]):
                cell_worst = (z, name)
            if abs(z) > abs(worst[0]):
                worst = (z, cell, name)
            if not within(name, formula, estimate, se):
                failures += 1
                print(f"    OUTSIDE: {name} formula {formula:.6g} simulation {estimate:.6g} +- {se:.2g}")
        stock, k, rates, minutes, (a, r), window = cell
        print(
            f"S={stock:3d} k={k} {len(rates)}ch {sum(rates):6.2f}/day sync {minutes:5d} min a={a} r={r:.2f} W={window:2d}: "
            f"{n_orders:8d} orders {n_events:6d} oversells, max |z| {abs(cell_worst[0]):4.2f} ({cell_worst[1]})"
        )
    print(
        f"\n{len(cells)} cells x 6 figures, {orders:,} orders and {events:,} oversells simulated "
        f"in {time.perf_counter() - started:.0f} s; 30 batches per cell"
    )
    print(f"largest |z| = {abs(worst[0]):.2f}: {worst[2]} at {worst[1]}")
    print(f"outside 4 se + tolerance: {failures}")


if __name__ == "__main__":
    main()
