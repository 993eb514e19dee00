"""The oversell model and calculator with the policy's channel, order sizes with a tail, and busy days.

Each point is checked against the event-by-event simulation (``oversell_sim.py``, seeded; tolerances from the
sampling error, :func:`oversell_grid.within`), and the new code paths against the old ones where they meet.
"""

from __future__ import annotations

import math
import os
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oversell_grid import (
    GRID_SIZES,
    GRID_SIZES_MORE,
    brute_channel,
    compare_sizes_with_simulation,
    compare_with_simulation,
    sane_results,
    within,
)

from cancelrate import calculate, oversell
from cancelrate.oversell import Item, OrderSizes, OversellModel, SizeShares, WeekModel, model_for, sizes_from_shares
from cancelrate.oversell import _sizes as osz

THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
BUSY_WEEK = (2.5,) + (0.75,) * 6
"""One day at 2.5 times the other six, weekly mean 1 (the simulation's multipliers)."""
WEEK_ALLOWANCE = 0.15
"""How far (relative) the busy-week figures may be from the simulation beyond its sampling error: each kind of day
is taken in its own steady state, which leaves out the lots that run across a change of day (measured with
``bench/oversell_montecarlo.py --issue18``: from about 5% low to 14% high). Leaving the busy day out altogether
is 30% low in the first cell, so the test still fails for that."""


def shares(*pairs):
    return SizeShares(tuple((q, Fraction(p)) for q, p in pairs))


# -- the policy's channel ------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", [(8, 0, (3, 2), 30, (1, 0.5), 7), (6, 0, (10, 5), 240, (1, 0.5), 7)])
def test_each_channels_oversold_orders_agree_with_the_simulation(cell):
    rows, _, _ = compare_with_simulation(cell, scale=2.0)
    by_channel = [row for row in rows if row[0].startswith("oversold_orders_on_channel_")]
    assert len(by_channel) == len(cell[2])
    for name, formula, estimate, se in by_channel:
        assert within(name, formula, estimate, se), (name, formula, estimate, se)


@pytest.mark.parametrize(("a", "r"), [(1, 0.0), (1, 0.5), (2, 0.3)])
@pytest.mark.parametrize(
    ("stock", "rates", "minutes"), [(8, (3.0, 2.0), 30), (5, (4.0, 3.0, 2.0), 120), (3, (9.0, 1.0), 720)]
)
def test_the_channels_add_up_and_the_busier_one_gets_less_than_its_share(a, r, stock, rates, minutes):
    """Every tier (pooled, linearized, exact, one size) splits the oversold orders over the channels; the busier
    channel sells the last units first, so fewer of its orders are the oversold ones than its share of orders."""
    m = OversellModel(Item(stock, rates, minutes, OrderSizes(a, r)))
    for k in range(3):
        f = m.figures(k)
        by = f.oversold_orders_by_channel_per_30_days
        assert math.isclose(sum(by), f.oversold_orders_per_30_days, rel_tol=1e-7, abs_tol=1e-12)
        assert math.isclose(
            sum(f.oversold_units_by_channel_per_30_days), f.oversold_units_per_30_days, rel_tol=1e-7, abs_tol=1e-12
        )
        if f.oversold_orders_per_30_days > 1e-6:
            assert by[0] / f.oversold_orders_per_30_days < rates[0] / sum(rates)


def test_the_cancel_rate_counts_only_the_policys_channel_over_its_own_orders():
    item = Item(8, (3.0, 2.0), 30, OrderSizes(1, 0.5))
    kw = {"window_days": 7, "threshold": Fraction(1, 40), "comparison": "lt"}
    whole = oversell.assess(item, 0, total_daily=15, **kw)  # every channel's orders typed as the total
    amazon = oversell.assess(item, 0, total_daily=3, channel=0, **kw)
    prime = oversell.assess(item, 0, total_daily=3, channel=0, channel_share=Fraction(1, 2), **kw)
    f = OversellModel(item).figures(0)
    assert amazon["oversell_share"] == float(Fraction(f.oversold_orders_by_channel_per_30_days[0] / 30) / 3)
    assert prime["oversell_share"] == float(Fraction(f.oversold_orders_by_channel_per_30_days[0] / 30) / 3 / 2)
    # over Amazon's own 3 orders a day, Amazon's rate is higher than every oversell over every channel's 15
    assert amazon["oversell_share"] > 2 * whole["oversell_share"]
    assert amazon["any_oversell_probability"] == whole["any_oversell_probability"]


def test_a_seller_who_types_amazons_own_orders_gets_a_result():
    """Typing Amazon's 3 orders a day used to blank every result (below the item's 5 in total)."""
    values = {
        "stock": 8,
        "daily_amazon": 3,
        "daily_yahoo": 2,
        "sync_minutes": 30,
        "policy": "amazon_jp",
        "total_daily_orders": 3,
    }
    for lang in ("ja", "en"):
        result = calculate("oversell_risk", values, lang)
        assert result["ok"], result
        assert result["outputs"]["counted_channel"] == "daily_amazon"
        assert ("Amazon" in result["display"]["oversell_rate"]["explanation"]) is True
    yahoo = calculate("oversell_risk", {**values, "policy": "yahoo_shopping", "target_percent": 1}, "ja")
    assert yahoo["ok"] and yahoo["outputs"]["counted_channel"] == "daily_yahoo"


def test_the_counted_share_applies_only_to_policies_that_count_some_orders():
    values = {
        "stock": 5,
        "daily_amazon": 4,
        "daily_yahoo": 4,
        "sync_minutes": 120,
        "total_daily_orders": 10,
        "counted_share_percent": 40,
    }
    full = calculate("oversell_risk", {**values, "policy": "amazon_jp_premium_shipping", "counted_share_percent": ""})
    part = calculate("oversell_risk", {**values, "policy": "amazon_jp_premium_shipping"})
    plain = calculate("oversell_risk", {**values, "policy": "amazon_jp"})
    plain_blank = calculate("oversell_risk", {**values, "policy": "amazon_jp", "counted_share_percent": ""})
    assert part["outputs"]["oversell_rate"] == pytest.approx(0.4 * full["outputs"]["oversell_rate"], rel=1e-12)
    assert plain["outputs"]["oversell_rate"] == plain_blank["outputs"]["oversell_rate"]


# -- order sizes with a tail ---------------------------------------------------------------------------


@pytest.mark.parametrize("listed", [1, 3, 4, 9])
@pytest.mark.parametrize("tau", [0.3, 1.0])
def test_a_channel_with_any_sizes_is_the_listing_chain(listed, tau):
    sizes = ((1, 0.6), (2, 0.25), (4, 0.15))
    period = osz.SizedPeriod((2.5, 1.0), sizes)
    off, vals = period.channel(0, tau, listed)
    got = [0.0] * off + vals + [0.0] * (listed + 1 - off - len(vals))
    want = brute_channel(2.5 * tau, listed, sizes, orders=80)
    assert got == pytest.approx(want, abs=1e-15)


@pytest.mark.parametrize(
    ("stock", "rates", "minutes", "r"),
    [(8, (3.0, 2.0), 30, 0.5), (5, (4.0, 3.0, 2.0), 120, 0.2), (3, (9.0, 1.0), 720, 0.7), (12, (2.0, 2.0), 240, 0.1)],
)
def test_two_neighbouring_sizes_agree_with_the_two_size_model(stock, rates, minutes, r):
    """The general engine, given orders of 1 or 2 units, against the two-size formulas (independent code)."""
    two = OversellModel(Item(stock, rates, minutes, OrderSizes(1, r)))
    law = SizeShares(((1, 1 - Fraction(r)), (2, Fraction(r))))
    general = OversellModel(Item(stock, rates, minutes, law))
    assert general.general and not two.general
    for k in range(0, 4):
        a, b = two.figures(k), general.figures(k)
        for name in ("lots_per_30_days", "oversell_per_lot", "oversold_orders_per_30_days", "held_back_per_lot"):
            assert getattr(b, name) == pytest.approx(getattr(a, name), rel=1e-7, abs=1e-12), (k, name)
        assert b.oversold_orders_by_channel_per_30_days == pytest.approx(
            a.oversold_orders_by_channel_per_30_days, rel=1e-7, abs=1e-12
        )
        for window in (7, 30):
            assert general.any_oversell_probability(k, window) == pytest.approx(
                two.any_oversell_probability(k, window), rel=1e-6, abs=1e-11
            )


def test_shares_of_one_or_two_neighbouring_sizes_are_the_average():
    assert sizes_from_shares({1: Fraction(1, 2), 2: Fraction(1, 2)}) == OrderSizes(1, 0.5)
    assert sizes_from_shares({3: Fraction(1)}) == OrderSizes(3, 0.0)
    assert isinstance(sizes_from_shares({1: Fraction(9, 10), 4: Fraction(1, 10)}), SizeShares)
    with pytest.raises(ValueError, match="add up"):
        SizeShares(((1, Fraction(1, 2)), (3, Fraction(1, 3))))
    with pytest.raises(ValueError, match="sizes"):
        SizeShares(((1, Fraction(1, 2)), (11, Fraction(1, 2))))


@pytest.mark.parametrize("cell", GRID_SIZES + (GRID_SIZES_MORE if THOROUGH else []), ids=str)
def test_sized_formulas_agree_with_the_simulation(cell):
    rows, _, _ = compare_sizes_with_simulation(cell, scale=4.0 if THOROUGH else 1.0)
    for name, formula, estimate, se in rows:
        assert within(name, formula, estimate, se), (name, formula, estimate, se)


def test_a_tail_of_large_orders_needs_a_larger_buffer():
    """A seller whose orders have a tail: stock 8, Amazon 3 and Yahoo! 2 a day, sync 30 min, 1.5 units per order, a 0.1% limit.
    From the average alone 2 units are enough; with 10% four-unit orders (same average) 4 are needed."""
    values = {
        "stock": 8,
        "daily_amazon": 3,
        "daily_yahoo": 2,
        "sync_minutes": 30,
        "buffer": 2,
        "policy": "amazon_jp",
        "total_daily_orders": 3,
        "oversell_limit_percent": "0.1",
    }
    plain = calculate("oversell_risk", {**values, "units_per_order": "1.5"})["outputs"]
    tail = calculate("oversell_risk", {**values, "share_1_unit": 70, "share_2_units": 20, "share_4plus_units": 10})[
        "outputs"
    ]
    assert plain["smallest_buffer"] == 2 and tail["smallest_buffer"] == 4
    assert plain["any_oversell_probability"] < 0.0001 < 0.001 < tail["any_oversell_probability"]
    assert tail["order_sizes"] == [[1, 0.7], [2, 0.2], [4, 0.1]]
    # the "4 or more" share is taken at the largest size given: larger is never safer
    larger = calculate(
        "oversell_risk",
        {**values, "share_1_unit": 70, "share_2_units": 20, "share_4plus_units": 10, "largest_units": 6},
    )["outputs"]
    assert larger["order_sizes"][-1] == [6, 0.1]
    assert larger["oversold_units_per_30_days"] > tail["oversold_units_per_30_days"]


# -- busy days -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        (8, 0, (3, 2), 30, ((1, "0.5"), (2, "0.5")), 7),
        (8, 2, (3, 2), 30, ((1, "0.7"), (2, "0.2"), (4, "0.1")), 7),
        (5, 0, (2, 1, 1), 120, ((1, "1"),), 30),
    ],
    ids=str,
)
def test_busy_week_figures_agree_with_the_simulation(cell):
    busiest = BUSY_WEEK[0] * sum(cell[2])
    rows, _, _ = compare_sizes_with_simulation(cell, scale=1.0, weekly=BUSY_WEEK, busiest=busiest)
    for name, formula, estimate, se in rows:
        allowance = WEEK_ALLOWANCE * abs(formula) if name != "held_back_per_lot" else 0.0
        assert within(name, formula, estimate, se + allowance / 4), (name, formula, estimate, se)


def test_a_busy_day_raises_the_oversells_and_an_even_week_is_the_plain_model():
    item = Item(8, (3.0, 2.0), 30, OrderSizes(1, 0.5))
    plain = OversellModel(item)
    assert type(model_for(item, 5.0)) is OversellModel
    assert type(model_for(item, None)) is OversellModel
    nearly = WeekModel(item, 5.0 * (1 + 1e-9))
    busy = WeekModel(item, 12.5)
    for k in range(3):
        assert nearly.figures(k).oversold_orders_per_30_days == pytest.approx(
            plain.figures(k).oversold_orders_per_30_days, rel=1e-6
        )
        # the window is cut into stretches of one kind of day, taken as independent: 0.02% off at an even week
        assert nearly.any_oversell_probability(k, 7) == pytest.approx(plain.any_oversell_probability(k, 7), rel=1e-3)
        assert busy.figures(k).oversold_orders_per_30_days > plain.figures(k).oversold_orders_per_30_days
    with pytest.raises(ValueError, match="busiest"):
        WeekModel(item, 36.0)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    stock=st.integers(1, 30),
    amazon=st.decimals("0.1", 10, places=1).map(str),
    yahoo=st.decimals("0.1", 10, places=1).map(str),
    minutes=st.sampled_from(["5", "30", "120"]),
    split=st.lists(st.integers(0, 100), min_size=3, max_size=3),
    largest=st.one_of(st.none(), st.integers(4, 10)),
    busy=st.one_of(st.none(), st.decimals(1, 7, places=2)),
    policy=st.sampled_from(["amazon_jp", "amazon_jp_sfp", "amazon_jp_premium_shipping", "yahoo_shopping"]),
    counted=st.one_of(st.none(), st.integers(0, 100)),
)
def test_the_new_inputs_stay_finite_and_in_range(stock, amazon, yahoo, minutes, split, largest, busy, policy, counted):
    """Size shares, a busiest day and a counted share together: a finite answer or a clear error, both languages."""
    a, b, c = sorted(split)
    inputs = {
        "stock": stock,
        "daily_amazon": amazon,
        "daily_yahoo": yahoo,
        "sync_minutes": minutes,
        "share_1_unit": a,
        "share_2_units": b - a,
        "share_3_units": c - b,
        "share_4plus_units": 100 - c,
        "policy": policy,
        "target_percent": 2,
        "total_daily_orders": 50,
    }
    if largest is not None:
        inputs["largest_units"] = largest
    if busy is not None:
        inputs["busiest_day_orders"] = str((Fraction(amazon) + Fraction(yahoo)) * Fraction(str(busy)))
    if counted is not None:
        inputs["counted_share_percent"] = counted
    for _, out in sane_results(inputs):
        assert out["oversold_counted_per_30_days"] <= out["oversold_orders"] * 10 + 1e-12
        assert sum(p for _, p in out["order_sizes"]) == pytest.approx(1.0)
