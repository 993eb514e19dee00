"""The Monte Carlo grid for the oversell model: cells, and the comparison of the formulas with the
simulation (``oversell_sim.py``). Shared by ``test_oversell.py`` (``GRID_CI``; ``GRID_MORE`` too under
``HYPOTHESIS_PROFILE=thorough``) and ``bench/oversell_montecarlo.py`` (all of it and a random sample more).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator

from oversell_sim import simulate

from cancelrate import calculate
from cancelrate.oversell import Item, OrderSizes, OversellModel
from cancelrate.oversell import _math as om

# (stock, buffer, orders a day per channel, sync minutes, (a, r), window days)
GRID_CI = [
    (1, 0, (4, 3), 60, (1, 0.0), 7),
    (5, 1, (3, 2, 4), 120, (1, 0.0), 7),
    (8, 1, (3, 2, 4), 120, (1, 0.3), 30),
    (6, 0, (10, 5), 240, (1, 0.5), 7),
    (10, 2, (20, 10, 5, 5, 3), 180, (1, 0.2), 7),
    (7, 2, (5, 5, 5), 300, (2, 0.4), 7),
    (20, 0, (3, 2, 1), 60, (1, 0.2), 7),
    (2, 0, (2, 2, 2, 2, 2), 30, (1, 0.1), 7),
]
GRID_MORE = [
    (3, 0, (3, 2), 120, (1, 0.0), 7),
    (4, 0, (14, 14), 1440, (1, 0.3), 30),
    (12, 1, (6, 4, 2, 1), 90, (1, 0.15), 7),
    (15, 3, (8, 8), 720, (1, 0.25), 30),
    (40, 0, (2, 1), 1000, (1, 0.1), 7),
    (25, 2, (6, 3, 3), 240, (1, 0.3), 7),
    (9, 0, (1.5, 0.7, 0.4), 45, (1, 0.0), 30),
    (6, 1, (4, 4, 4, 4), 60, (3, 0.5), 7),
    (30, 5, (12, 9, 6, 3, 1), 480, (1, 0.35), 30),
    (5, 1, (0.81, 0.83, 8.39, 0.23), 60, (1, 0.9), 30),
]
FIGURES = [
    "oversold_orders_per_30_days",
    "oversold_units_per_30_days",
    "oversells_per_30_days",
    "lots_per_30_days",
    "held_back_per_lot",
    "any_oversell_in_window",
]
ABS_TOL = {"any_oversell_in_window": 1e-3}
"""Window chances of 0.999..: the simulation's windows are not independent, so the binomial floor is rough there."""


def compare_with_simulation(cell, scale=1.0, seed=2026):
    """``[(figure, formula, estimate, standard error)]`` for one grid cell, and the simulation's order and
    oversell counts."""
    stock, k, rates, minutes, (a, r), window = cell
    m = OversellModel(Item(stock, tuple(rates), minutes, OrderSizes(a, r)))
    f = m.figures(k)
    formula = {name: getattr(f, name, None) for name in FIGURES}
    formula["any_oversell_in_window"] = m.any_oversell_probability(k, window)
    sizes = ((a, 1 - r), (a + 1, r)) if r else ((a, 1.0),)
    # enough lots to see a few hundred oversells, within an orders budget
    lots_needed = 300 / max(f.oversell_per_lot, 0.02)
    days = max(40 * window, lots_needed * 30 / f.lots_per_30_days)
    days = min(days, 60_000 / sum(rates)) * scale
    sim = simulate(stock, k, rates, minutes, sizes, days=days, window_days=window, seed=seed)
    rows = []
    for name in FIGURES:
        estimate, se = getattr(sim, name)
        rows.append((name, formula[name], estimate, max(se, _se_floor(name, formula[name], days, window, a + 1))))
    # the oversold orders each channel accepted
    for i, value in enumerate(f.oversold_orders_by_channel_per_30_days):
        estimate, se = sim.oversold_orders_by_channel[i]
        floor = _se_floor("oversold_orders_per_30_days", value, days, window, a + 1)
        rows.append((f"oversold_orders_on_channel_{i}", value, estimate, max(se, floor)))
    return rows, sim.orders, sim.oversell_events


def _se_floor(name, value, days, window, largest):
    """The standard error a count that rare can have at least, from the formula: a rate per 30 days counts events
    over ``days / 30`` stretches (Poisson; units up to ``largest`` per order); a window chance is a mean over about
    ``days / window`` independent windows (binomial). Batch means cannot see the spread of events too rare (or
    too certain) to vary between batches; this floor can."""
    if name == "held_back_per_lot":
        return 0.0
    if name == "any_oversell_in_window":
        return math.sqrt(max(value * (1 - value), 0.0) / (days / window))
    per_unit = largest if name == "oversold_units_per_30_days" else 1
    return math.sqrt(max(value, 0.0) * per_unit * 30 / days)


def within(name, formula, estimate, se):
    """``|formula - estimate| <= 4 se`` plus a small tolerance (0.1% of the value; 0.002 for window chances)."""
    return abs(formula - estimate) <= 4 * se + ABS_TOL.get(name, 0.0) + 1e-3 * abs(formula) + 1e-9


# Order sizes with a tail: (stock, buffer, orders a day per channel, sync minutes, ((units, share), ...), window days)
GRID_SIZES = [
    (8, 2, (3, 2), 30, ((1, "0.7"), (2, "0.2"), (4, "0.1")), 7),
    (8, 0, (3, 2), 30, ((1, "0.7"), (2, "0.2"), (4, "0.1")), 7),
    (6, 1, (4, 3, 2), 120, ((1, "0.5"), (3, "0.3"), (5, "0.2")), 7),
    (12, 3, (6, 6), 240, ((1, "0.6"), (2, "0.25"), (3, "0.1"), (6, "0.05")), 30),
]
GRID_SIZES_MORE = [
    (4, 0, (2, 2), 60, ((1, "0.8"), (3, "0.2")), 7),
    (20, 4, (10, 5, 5), 180, ((2, "0.5"), (4, "0.5")), 7),
    (10, 2, (5, 1), 360, ((1, "0.9"), (10, "0.1")), 30),
]


def size_shares(sizes):
    """``SizeShares`` from ``((units, "share"), ...)`` (shares as decimal strings, exact)."""
    from fractions import Fraction

    from cancelrate.oversell import sizes_from_shares

    return sizes_from_shares({q: Fraction(p) for q, p in sizes})


def compare_sizes_with_simulation(cell, scale=1.0, seed=2026, weekly=None, busiest=None):
    """:func:`compare_with_simulation` for a cell of ``GRID_SIZES`` (orders of any sizes), also comparing the
    oversold orders each channel accepted; with ``weekly`` (seven multipliers) the simulated week has busy days and
    the model is the week model with ``busiest`` as the busiest day's orders."""
    from cancelrate.oversell import model_for

    stock, k, rates, minutes, sizes, window = cell
    law = size_shares(sizes)
    m = model_for(Item(stock, tuple(float(x) for x in rates), minutes, law), busiest_daily=busiest)
    f = m.figures(k)
    formula = {name: getattr(f, name, None) for name in FIGURES}
    formula["any_oversell_in_window"] = m.any_oversell_probability(k, window)
    for i, x in enumerate(f.oversold_orders_by_channel_per_30_days):
        formula[f"oversold_orders_on_channel_{i}"] = x
    float_sizes = tuple((q, float(p)) for q, p in sizes)
    largest = max(q for q, _ in sizes)
    lots_needed = 300 / max(f.oversell_per_lot, 0.02)
    days = max(40 * window, lots_needed * 30 / f.lots_per_30_days)
    days = min(days, 60_000 / sum(rates)) * scale
    sim = simulate(stock, k, rates, minutes, float_sizes, days=days, window_days=window, seed=seed, weekly=weekly)
    rows = []
    for name, value in formula.items():
        if name.startswith("oversold_orders_on_channel_"):
            estimate, se = sim.oversold_orders_by_channel[int(name.rsplit("_", 1)[1])]
            floor_name = "oversold_orders_per_30_days"
        else:
            estimate, se = getattr(sim, name)
            floor_name = name
        rows.append((name, value, estimate, max(se, _se_floor(floor_name, value, days, window, largest))))
    return rows, sim.orders, sim.oversell_events


def brute_channel(nu, listed, sizes, orders=120):
    """The units one channel accepts: its listing as a Markov chain over each order (``sizes``: ``(units,
    share)`` pairs), mixed over Poisson(``nu``) orders."""
    dist = {listed: 1.0}
    out = [0.0] * (listed + 1)
    for n in range(orders):
        w = om.poisson_pmf(n, nu)
        for shown, p in dist.items():
            out[listed - shown] += w * p
        nxt: dict[int, float] = {}
        for shown, p in dist.items():
            for q, pq in sizes:
                if pq:
                    after = shown - q if q <= shown else shown
                    nxt[after] = nxt.get(after, 0.0) + p * pq
        dist = nxt
    return out


def sane_results(inputs: dict) -> Iterator[tuple[dict, dict]]:
    """``oversell_risk`` on ``inputs`` in each language: a refusal names its problems (never an internal error);
    an answer has chances and a rate within [0, 1] and no negative counts. Yields ``(result, outputs)`` of each
    answer for the caller's own checks."""
    for lang in ("ja", "en"):
        result = calculate("oversell_risk", inputs, lang)
        text = json.dumps(result, ensure_ascii=False, allow_nan=False)
        if not result["ok"]:
            assert all(e["code"] != "internal_error" and e["message"] for e in result["errors"]), text
            continue
        out = result["outputs"]
        for name in ("any_oversell_probability", "breach_probability", "oversell_rate"):
            assert 0 <= out[name] <= 1, (name, out[name])
        assert out["oversold_orders"] >= 0 and out["held_back"] >= 0
        yield result, out
