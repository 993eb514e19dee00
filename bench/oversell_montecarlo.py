"""Agreement of the oversell model with its event-by-event simulation: every cell of the test grid plus a
random sample of more, each simulated for longer than in the tests, with the z-score of every figure.

    .venv/bin/python bench/oversell_montecarlo.py [--cells 40] [--scale 4] [--seed 2026]

Prints one line per cell (the largest |z| of its six figures), then the grid size, the orders and oversells
simulated, the largest |z| overall and its cell. ``z = (formula - simulation) / standard error``, the standard
error from 30 batch means; a cell passes the test when every ``|formula - simulation| <= 4 se`` plus a small
tolerance (see ``tests/unit/oversell_grid.py``). Not part of the test command; a few minutes on 2 cores.

    .venv/bin/python bench/oversell_montecarlo.py --issue18 [--scale 1]

compares the model's issue 18 §7 inputs with simulations of such sellers: order sizes with a tail (the same
average, 10% four-unit orders; ``cancelrate.oversell._sizes``), a busy day (one day of the week at 2.5 times the
others, the same weekly average; ``WeekModel``) and the channel the oversold orders land on (only the policy's
channel counts), beside the model from the average alone; then the size-share grid of the tests, run longer.
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
    """A seller whose orders have a tail: the model with the seller's size shares, busy day and channel against simulations of
    such a seller, beside the model from the average alone (orders of 1 or 2 units, even days)."""
    from fractions import Fraction

    from oversell_grid import GRID_SIZES, GRID_SIZES_MORE, compare_sizes_with_simulation
    from oversell_sim import simulate

    from cancelrate.oversell import Item, model_for, sizes_from_average, sizes_from_shares

    stock, rates, minutes = ISSUE18_ITEM
    plain = ((1, 0.5), (2, 0.5))
    days = 40_000 * scale
    busiest = BUSY_WEEK[0] * sum(rates)
    average = Item(stock, rates, minutes, sizes_from_average(Fraction(3, 2)))
    tail = Item(stock, rates, minutes, sizes_from_shares({q: Fraction(str(p)) for q, p in TAIL_SIZES}))
    models = {
        "average": model_for(average),
        "tail": model_for(tail),
        "busy": model_for(average, busiest),
    }
    print("stock 8, Amazon 3 + Yahoo! 2 orders a day, sync 30 min, 1.5 units per order, 7-day window")
    print(f"simulated {days:,.0f} days per cell; +- one standard error (30 batches)\n")
    print("chance of any oversell in 7 days")
    print("buffer | average: model | sim 1-2 units     | 10% 4-unit: model | sim               | busy day: model | sim")
    for k in range(0, 5):
        sims = [
            simulate(stock, k, rates, minutes, sizes, days=days, window_days=7, seed=seed + k, weekly=weekly)
            for sizes, weekly in ((plain, None), (TAIL_SIZES, None), (plain, BUSY_WEEK))
        ]
        cells = []
        for name, sim in zip(models, sims, strict=True):
            est, se = sim.any_oversell_in_window
            cells.append(
                f"{100 * models[name].any_oversell_probability(k, 7):8.4f}% | {100 * est:7.4f}% +- {100 * se:.4f}"
            )
        print(f"{k:6d} | " + " | ".join(cells))
        if k == 0:
            rows = []
            for name, sim in zip(models, sims, strict=True):
                f = models[name].figures(0)
                est, se = sim.oversold_orders_per_30_days
                amazon, amazon_se = sim.oversold_orders_by_channel[0]
                rows.append(
                    f"  {name:8s} oversold orders / 30 days: model {f.oversold_orders_per_30_days:.3f}, sim {est:.3f} +- "
                    f"{se:.3f}; on Amazon: model {f.oversold_orders_by_channel_per_30_days[0]:.3f} "
                    f"({100 * f.oversold_orders_by_channel_per_30_days[0] / f.oversold_orders_per_30_days:.0f}%), "
                    f"sim {amazon:.3f} +- {amazon_se:.3f}"
                )
    print("\nbuffer 0, per 30 days (Amazon has 60% of the orders):")
    print("\n".join(rows))
    for name, model in models.items():
        search = model.smallest_buffer(7, Fraction(1, 1000))
        print(f"  {name:8s} smallest buffer for a 0.1% limit: {search.buffer}")
    print("\nsize-share grid (tests/unit/oversell_grid.py), largest |z| per cell:")
    for i, cell in enumerate(GRID_SIZES + GRID_SIZES_MORE):
        rows, n_orders, n_events = compare_sizes_with_simulation(cell, scale=scale * 4, seed=seed + 100 + i)
        worst = max(rows, key=lambda r: abs(r[1] - r[2]) / r[3] if r[3] else 0.0)
        z = (worst[1] - worst[2]) / worst[3] if worst[3] else 0.0
        bad = sum(1 for r in rows if not within(*r))
        print(
            f"  {cell}: {n_orders:,} orders, {n_events:,} oversells, max |z| {abs(z):.2f} ({worst[0]}), outside {bad}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=40, help="random cells added to the test grid")
    parser.add_argument("--scale", type=float, default=4.0, help="simulated time, relative to the tests' budget")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--issue18", action="store_true", help="what the model leaves out")
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
