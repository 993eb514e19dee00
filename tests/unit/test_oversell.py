"""The oversell model (``cancelrate.oversell``): exact pieces against brute force, closed forms, an
independent event-by-event simulation (``oversell_sim.py``) and properties.

``HYPOTHESIS_PROFILE=thorough`` runs more examples per property and the larger Monte Carlo grid with
longer runs; ``bench/oversell_montecarlo.py`` prints the agreement figures (largest |z|, worst cell).
"""

from __future__ import annotations

import itertools
import json
import math
import os
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from oversell_grid import GRID_CI, GRID_MORE, brute_channel, compare_with_simulation, within

from cancelrate import breach, oversell
from cancelrate.oversell import Item, OrderSizes, OversellModel
from cancelrate.oversell import _math as om

THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
PROPERTY = settings(
    max_examples=400 if THOROUGH else 12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def model(stock, rates, minutes, a=1, r=0.0):
    return OversellModel(Item(stock, tuple(rates), minutes, OrderSizes(a, r)))


# -- the pieces ----------------------------------------------------------------------------------------


def two_size_channel(nu, listed, a, r):
    """:func:`oversell_grid.brute_channel` for orders of ``a`` units, a share ``r`` of them ``a + 1``."""
    return brute_channel(nu, listed, ((a, 1 - r), (a + 1, r)))


@pytest.mark.parametrize("nu", [0.0, 0.004, 0.3, 1.7, 6.0, 14.0])
@pytest.mark.parametrize(("a", "r"), [(1, 0.0), (1, 0.25), (1, 0.9), (2, 0.4), (3, 0.0)])
def test_channel_units_match_the_listing_chain(nu, a, r):
    for listed in range(a, 13):
        off, vals = om.channel_units(nu, listed, a, r)
        got = [0.0] * off + vals + [0.0] * (listed + 1 - off - len(vals))
        assert got == pytest.approx(two_size_channel(nu, listed, a, r), abs=1e-13)
        assert math.fsum(vals) == pytest.approx(1, abs=1e-13)


@pytest.mark.parametrize(
    ("nu", "a", "r"), [(0.3, 1, 0.2), (3.0, 1, 0.5), (0.01, 2, 0.3), (50.0, 1, 0.1), (900.0, 1, 0.3)]
)
def test_compound_poisson_against_the_double_sum(nu, a, r):
    upto = int(3 * nu + 80)
    got = om.compound_poisson(nu, a, r, upto)
    for y in range(0, upto + 1, 7 if nu < 100 else 97):
        direct = math.fsum(om.poisson_pmf(n, nu) * om.binomial_pmf(y - a * n, n, r) for n in range(0, y // a + 1))
        assert got[y] == pytest.approx(direct, rel=1e-9, abs=1e-300)
    tails = om.dense_tails((0, got))
    for x in (1, 5, 20):
        # P(Q >= x) = sum_n P(N = n) P(a n + Binomial(n, r) >= x); the second factor is 1 once a n >= x
        direct = om.poisson_sf(-(-x // a), nu) + math.fsum(
            om.poisson_pmf(n, nu) * math.fsum(om.binomial_pmf(j, n, r) for j in range(x - a * n, n + 1))
            for n in range(0, -(-x // a))
        )
        assert tails[x] == pytest.approx(direct, rel=1e-9)


def test_cached_channel_laws_are_the_reference_ones():
    period = oversell.Period((0.7, 0.2, 1.5), 1, 0.3)
    for tau in (0.2, 1.0):
        for j, mu in enumerate(period.mus):
            for listed in range(1, 25):
                off, vals = period.channel(j, tau, listed)
                ref_off, ref = om.channel_units(mu * tau, listed, 1, 0.3)
                assert [0.0] * off + vals == pytest.approx([0.0] * ref_off + ref, abs=1e-15)


def test_poisson_tails():
    for nu in (0.001, 0.7, 12.0, 300.0):
        sf = om.poisson_sfs(nu, 40)
        for m in range(41):
            direct = 1 - math.fsum(om.poisson_pmf(i, nu) for i in range(m)) if m <= nu else None
            if direct is None:
                direct = math.fsum(om.poisson_pmf(i, nu) for i in range(m, m + 400))
            assert sf[m] == pytest.approx(direct, rel=1e-9, abs=1e-300)
            assert om.poisson_sf(m, nu) == pytest.approx(direct, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("n", [0, 3, 20])
@pytest.mark.parametrize(
    ("nu", "r"), [(35, 0.9), (40, 0.8), (100, 0.29), (100, 0.31), (0.5, 1e-300), (0.5, 5e-324), (3, 0.0)]
)
def test_stay_weight_against_its_series(n, nu, r):
    series = math.fsum(om.poisson_pmf(n + 1 + j, nu) * r**j for j in range(3000))
    assert om.stay_weight(n, nu, r) == pytest.approx(series, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("tiny", [5e-324, 1e-300, 1e-12])
def test_a_vanishing_share_of_larger_orders_is_the_same_as_none(tiny):
    none = model(3, (1.0, 1.0), 1.0)
    almost = model(3, (1.0, 1.0), 1.0, 1, tiny)
    for k in range(3):
        assert almost.any_oversell_probability(k, 7) == pytest.approx(none.any_oversell_probability(k, 7), rel=1e-9)
        assert almost.figures(k).oversold_orders_per_30_days == pytest.approx(
            none.figures(k).oversold_orders_per_30_days, rel=1e-9
        )


def test_order_sizes_from_the_inputs():
    assert oversell.sizes_from_average(Fraction(5, 4)) == OrderSizes(1, 0.25)
    assert oversell.sizes_from_average(3) == OrderSizes(3, 0.0)
    assert oversell.sizes_from_multi_unit_share(Fraction(1, 10)) == OrderSizes(1, 0.1)
    assert oversell.sizes_from_multi_unit_share(1) == OrderSizes(2, 0.0)
    almost_one = oversell.sizes_from_multi_unit_share(Fraction(10**17 - 1, 10**17))
    assert almost_one.larger_share < 1
    assert oversell.sizes_from_average(Fraction(3 * 10**17 - 1, 10**17)).larger_share < 1
    for bad in (Fraction(1, 2), 0):
        with pytest.raises(ValueError):
            oversell.sizes_from_average(bad)
    with pytest.raises(ValueError):
        oversell.sizes_from_multi_unit_share(Fraction(11, 10))


def test_nearly_all_larger_orders_stay_finite():
    m = model(4, (5.0, 5.0), 60, 1, 1 - 2**-53)
    out = oversell.assess(m.item, 0, window_days=7, threshold=Fraction(1, 40), comparison="lt", total_daily=20)
    assert finite_json(out) == out


def test_gauss_legendre_integrates_polynomials_exactly():
    for n in (4, 9, 20):
        nodes, weights = om.gauss_legendre(n)
        for degree in range(2 * n):
            assert math.fsum(w * t**degree for t, w in zip(nodes, weights, strict=True)) == pytest.approx(
                1 / (degree + 1), rel=1e-12
            )


# -- one period from a level ---------------------------------------------------------------------------

PERIODS = [
    ((0.05, 0.03, 0.02), 1, 0.2),
    ((0.5, 0.3), 1, 0.3),
    ((0.8, 0.6, 0.4, 0.3, 0.2), 1, 0.2),
    ((2.0, 1.0), 2, 0.4),
    ((3.0, 3.0, 0.1), 1, 0.0),
]


@pytest.mark.parametrize(("mus", "a", "r"), PERIODS)
def test_every_tier_agrees_with_the_exact_one(mus, a, r):
    period = oversell.Period(mus, a, r)
    seen = set()
    checked = {"linearized": 0, "pooled": 0}
    for listed in range(a, a + 30):
        auto = period.level(listed)
        seen.add(auto.tier)
        if auto.tier == "exact" or (not THOROUGH and checked[auto.tier] >= 3):
            continue
        checked[auto.tier] += 1
        exact = oversell.Level(period, listed, force="exact")
        for t in range(0, listed + 40):
            assert auto.p_t(t) == pytest.approx(exact.p_t(t), abs=1e-12)
        for k in range(0, 40):
            assert auto.oversold(k) == pytest.approx(exact.oversold(k), abs=1e-12)
    assert "exact" in seen


@pytest.mark.parametrize(("mus", "a", "r"), PERIODS[:4])
@pytest.mark.parametrize("tier", ["exact", "linearized"])
def test_quadrature_has_converged(mus, a, r, tier):
    """The node counts come from an error bound (``gauss_nodes_for``): a 40-point rule agrees within it."""
    coarse = oversell.Period(mus, a, r)
    fine = oversell.Period(mus, a, r)
    fine.nodes_for = lambda *args: om.gauss_legendre(40 if THOROUGH else 24)
    for listed in range(a, a + (14 if THOROUGH else 7)):
        c = oversell.Level(coarse, listed, force=tier)
        f = oversell.Level(fine, listed, force=tier)
        for k in range(0, 20):
            assert c.oversold(k) == pytest.approx(f.oversold(k), abs=2e-13)


def test_the_node_bound_holds_for_a_hard_integrand():
    """``gauss_nodes_for`` against e^(-mu t) (mu t)^n / n! integrated exactly (a Poisson term, the worst case)."""
    for mu in (0.05, 1.0, 6.0, 30.0):
        for n0 in (0, 3, 12):
            nodes, weights = om.gauss_legendre(om.gauss_nodes_for(mu, 1.0, 1e-13, mu, n0))
            for n in range(n0, n0 + 30):
                exact = om.poisson_sf(n + 1, mu) / mu  # int_0^1 e^(-mu t) (mu t)^n / n! dt
                got = math.fsum(w * om.poisson_pmf(n, mu * t) for t, w in zip(nodes, weights, strict=True))
                assert abs(mu * (got - exact)) <= 1e-13


def brute_period(mus, a, r, listed, stock, orders=30):
    """One period order by order: a distribution over (what each channel lists, units taken so far), each
    order from channel ``j`` with probability ``mu_j / mu`` and of each size independently; the ``i``-th
    order exists with probability ``P(N >= i)``. Returns ``E[oversold orders | at least one order]``."""
    mu = sum(mus)
    dist = {(tuple([listed] * len(mus)), 0): 1.0}
    expected = 0.0
    tails = om.poisson_sfs(mu, orders + 1)
    for i in range(1, orders + 1):
        step = 0.0
        nxt: dict = {}
        for (shown, used), p in dist.items():
            for j, m in enumerate(mus):
                for q, pq in ((a, 1 - r), (a + 1, r)):
                    if not pq:
                        continue
                    w = p * (m / mu) * pq
                    if shown[j] >= q:
                        new = list(shown)
                        new[j] -= q
                        key = (tuple(new), used + q)
                        step += w * (used + q > stock)
                    else:
                        key = (shown, used)
                    nxt[key] = nxt.get(key, 0.0) + w
        expected += tails[i] * step
        dist = nxt
    return expected / -math.expm1(-mu)


def test_oversold_orders_of_one_period_order_by_order():
    for mus, a, r in [((0.3, 0.2), 1, 0.4), ((0.4, 0.2, 0.1), 1, 0.3), ((0.3, 0.3), 2, 0.5)]:
        period = oversell.Period(mus, a, r)
        for listed in (a, a + 1, a + 2, a + 4):
            for k in (0, 1, 2):
                got = period.level(listed).oversold(k)[0]
                assert got == pytest.approx(brute_period(mus, a, r, listed, listed + k), abs=1e-12)


# -- closed forms for whole lots -----------------------------------------------------------------------


@pytest.mark.parametrize("rates", [(4.0, 3.0), (2.0, 2.0, 1.0), (10.0, 0.5, 3.0, 1.0, 6.0)])
@pytest.mark.parametrize("r", [0.0, 0.3])
@pytest.mark.parametrize("k", [0, 1, 2])
@pytest.mark.parametrize(("minutes", "window"), [(60, 7), (95, 30), (1440, 7), (2000, 7)])
def test_stock_of_one_more_than_the_buffer(rates, r, k, minutes, window):
    """``S = k + 1``: every channel lists 1 unit, so a period takes one 1-unit order per channel (2-unit ones
    are refused); with ``A_i`` = channel i got one, ``T = sum A_i``, the lot ends when ``T >= 1`` and
    oversells ``(T - k - 1)^+`` orders; the state is the same at every sync, so oversells are independent
    from one sync to the next."""
    delta = minutes / 1440
    probs = [-math.expm1(-x * delta * (1 - r)) for x in rates]
    pmf = [1.0]
    for p in probs:
        pmf = [
            (pmf[t] if t < len(pmf) else 0) * (1 - p) + (pmf[t - 1] * p if t >= 1 else 0) for t in range(len(pmf) + 1)
        ]
    ends = 1 - pmf[0]
    over = math.fsum(max(0, t - k - 1) * p for t, p in enumerate(pmf))
    event = math.fsum(p for t, p in enumerate(pmf) if t > k + 1)
    left = math.fsum((k + 1 - t) * p for t, p in enumerate(pmf) if 1 <= t <= k + 1) / ends
    m = model(k + 1, rates, minutes, 1, r)
    f = m.figures(k)
    assert f.lots_per_30_days == pytest.approx(30 * ends / delta, rel=1e-10)
    assert f.oversold_orders_per_30_days == pytest.approx(30 * over / delta, rel=1e-9, abs=1e-14)
    assert f.oversold_units_per_30_days == pytest.approx(30 * over / delta, rel=1e-9, abs=1e-14)
    assert f.oversells_per_30_days == pytest.approx(30 * event / delta, rel=1e-9, abs=1e-14)
    assert f.held_back_per_lot == pytest.approx(left, rel=1e-10, abs=1e-14)
    n, frac = divmod(window / delta, 1)
    n = int(n)
    expected = (1 - frac) * (1 - (1 - event) ** n) + frac * (1 - (1 - event) ** (n + 1))
    assert m.any_oversell_probability(k, window) == pytest.approx(expected, rel=1e-9, abs=1e-14)


@pytest.mark.parametrize(("stock", "k"), [(1, 0), (10, 0), (10, 3), (60, 7)])
def test_instant_sync_never_oversells_and_holds_back_the_buffer(stock, k):
    m = model(stock, (3.0, 5.0, 1.0), 0)
    f = m.figures(k)
    assert (f.oversell_per_lot, f.oversold_orders_per_30_days, m.any_oversell_probability(k, 7)) == (0, 0, 0)
    assert f.held_back_per_lot == pytest.approx(k, abs=1e-12)
    assert f.lots_per_30_days == pytest.approx(30 * 9 / (stock - k), rel=1e-12)
    assert m.smallest_buffer(7, Fraction(1, 20)).status == "never_oversells"


def test_one_channel_never_oversells():
    m = model(5, (30.0, 0.0, 0.0), 1440, 1, 0.5)
    assert m.figures(0).oversold_orders_per_30_days == 0
    assert m.any_oversell_probability(0, 30) == 0
    assert m.smallest_buffer(30, Fraction(1, 20)).status == "never_oversells"


@pytest.mark.parametrize(
    ("stock", "rates", "a", "k"),
    [(0, (3.0, 2.0), 1, 0), (5, (3.0, 2.0), 1, 5), (5, (3.0, 2.0), 3, 3), (5, (0.0, 0.0), 1, 0)],
)
def test_nothing_sells(stock, rates, a, k):
    m = model(stock, rates, 30, a, 0.0)
    f = m.figures(k)
    assert not f.sells
    assert f.lots_per_30_days == f.oversold_orders_per_30_days == f.held_back_per_lot == 0
    assert m.any_oversell_probability(k, 7) == 0
    if k == 0:
        assert m.smallest_buffer(7, Fraction(1, 20)).status == "nothing_sells"


def test_the_lot_always_ends_and_held_back_units_stay_under_the_buffer():
    for stock, rates, minutes, a, r in [
        (30, (5, 4, 1), 60, 1, 0.2),
        (12, (20, 10), 720, 2, 0.5),
        (200, (3, 3, 3, 3, 3), 15, 1, 0.1),
    ]:
        m = model(stock, rates, minutes, a, r)
        for k in range(0, min(stock - a, 12) + 1):
            lot = m.lots.figures(k)
            assert lot.end_total == pytest.approx(1, abs=1e-11)
            assert 0 <= m.figures(k).held_back_per_lot <= k + a - 1 + 1e-12
        if a == 1:
            assert m.figures(0).held_back_per_lot == pytest.approx(0, abs=1e-12)


def test_window_shortcut_matches_the_renewal_sum():
    """A lot that cannot end inside the window: the renewal sum and its shortcut agree."""
    m = model(200, (3.0, 2.0, 1.0), 60, 1, 0.2)
    fig = m.lots.figures(2)
    with_shortcut = oversell.window_oversell_probability(m.lots, 2, 7, m.period_days, fig)
    full = oversell.window_oversell_probability(m.lots, 2, 7, m.period_days, fig, shortcut=False)
    assert with_shortcut == pytest.approx(full, rel=1e-9)


# -- against the event-by-event simulation --------------------------------------------------------------

GRID = GRID_CI + (GRID_MORE if THOROUGH else [])


@pytest.mark.parametrize("cell", GRID, ids=lambda c: f"S{c[0]}-k{c[1]}-{len(c[2])}ch-{c[3]}min-a{c[4][0]}r{c[4][1]}")
def test_formulas_agree_with_the_simulation(cell):
    rows, _, _ = compare_with_simulation(cell, scale=4.0 if THOROUGH else 0.5)
    for name, formula, estimate, se in rows:
        assert within(name, formula, estimate, se), (name, formula, estimate, se)


# -- properties ----------------------------------------------------------------------------------------


@st.composite
def items(draw, max_orders_per_sync=4.0, max_stock=30):
    m = draw(st.integers(1, 5))
    rates = draw(st.lists(st.one_of(st.just(0.0), st.floats(0.01, 40)), min_size=m, max_size=m))
    minutes = draw(st.one_of(st.just(0.0), st.floats(0.5, 2880)))
    assume(sum(rates) * minutes / 1440 <= max_orders_per_sync)
    stock = draw(st.integers(0, max_stock))
    a = draw(st.sampled_from([1, 1, 1, 2, 3]))
    r = draw(st.one_of(st.sampled_from([0.0, 0.1, 0.5, 0.9]), st.floats(0, 0.95)))
    return Item(stock, tuple(rates), minutes, OrderSizes(a, r))


def finite_json(value):
    text = json.dumps(value, allow_nan=False)
    return json.loads(text)


@PROPERTY
@given(items(), st.integers(0, 40), st.sampled_from([7, 30]))
def test_assess_is_finite_json_and_consistent(item, buffer, window):
    out = oversell.assess(
        item, buffer, window_days=window, threshold=Fraction(1, 40), comparison="lt", total_daily=Fraction(50)
    )
    assert finite_json(out) == out
    for value in (out["any_oversell_probability"], out["breach_probability"], out["oversell_share"]):
        assert 0 <= value <= 1
    assert all(v >= 0 for v in out["figures"].values() if isinstance(v, float))
    for point in [*out["curve"], {**out["figures"], "any_oversell_probability": out["any_oversell_probability"]}]:
        if not point["oversell_possible"]:
            assert point["any_oversell_probability"] == point["oversold_orders_per_30_days"] == 0
    top = min(item.stock - item.sizes.base, oversell.CURVE_MAX)
    curve = out["curve"]
    assert [p["buffer"] for p in curve] == list(range(len(curve)))
    assert len(curve) - 1 <= max(top, -1)
    if curve and curve[-1]["buffer"] < top:  # stopped early: past the minimum, and nothing left to show
        least = max(oversell.CURVE_BUFFERS, buffer + 1)
        if out["smallest_buffer"]["status"] == "found":
            least = max(least, out["smallest_buffer"]["buffer"] + 2)
        assert curve[-1]["buffer"] >= least
        assert max(curve[-1]["any_oversell_probability"], curve[-1]["breach_probability"]) < oversell.CURVE_NEGLIGIBLE
    search = out["smallest_buffer"]
    target = oversell.DEFAULT_TARGET
    if search["status"] == "found":
        k = search["buffer"]
        for point in out["curve"]:
            if point["buffer"] < k:
                assert Fraction(point["any_oversell_probability"]) >= target
            if point["buffer"] == k:
                assert Fraction(point["any_oversell_probability"]) < target
    elif search["status"] == "not_reached":
        assert all(Fraction(p["any_oversell_probability"]) >= target for p in out["curve"])
    else:
        assert all(p["any_oversell_probability"] == 0 for p in out["curve"])


@PROPERTY
@given(items())
def test_more_buffer_never_raises_the_risk_per_lot(item):
    m = OversellModel(item)
    risks = [m.figures(k).oversell_per_lot for k in range(0, item.stock + 1)]
    assert all(b <= a + 1e-12 for a, b in itertools.pairwise(risks))


@PROPERTY
@given(items(max_orders_per_sync=2.0), st.floats(1.05, 4), st.integers(0, 10))
def test_a_longer_sync_delay_never_lowers_the_risk_per_lot(item, factor, buffer):
    assume(item.sync_minutes > 0 and item.stock - buffer >= item.sizes.base)
    slower = Item(item.stock, item.daily_orders, item.sync_minutes * factor, item.sizes)
    assert (
        OversellModel(slower).figures(buffer).oversell_per_lot
        >= OversellModel(item).figures(buffer).oversell_per_lot - 1e-12
    )


@PROPERTY
@given(items(max_orders_per_sync=2.0), st.floats(1.05, 4), st.integers(0, 4), st.integers(0, 10))
def test_more_orders_never_lower_the_oversells_per_30_days(item, factor, channel, buffer):
    assume(channel < len(item.daily_orders) and item.stock - buffer >= item.sizes.base)
    busier = Item(
        item.stock,
        tuple(x * factor if i == channel else x for i, x in enumerate(item.daily_orders)),
        item.sync_minutes,
        item.sizes,
    )
    before = OversellModel(item).figures(buffer).oversold_orders_per_30_days
    after = OversellModel(busier).figures(buffer).oversold_orders_per_30_days
    assert after >= before * (1 - 1e-9) - 1e-15


@PROPERTY
@given(items(), st.sampled_from([7, 30]))
def test_with_mostly_single_units_more_buffer_never_raises_the_window_risk(item, window):
    assume(item.sizes.base == 1 and item.sizes.larger_share <= 0.5)
    m = OversellModel(item)
    ks = range(0, item.stock)
    chances = [m.any_oversell_probability(k, window) for k in ks]
    monthly = [m.figures(k).oversold_orders_per_30_days for k in ks]
    assert all(b <= a + 1e-12 for a, b in itertools.pairwise(chances))
    assert all(b <= a * (1 + 1e-9) + 1e-15 for a, b in itertools.pairwise(monthly))


def test_a_larger_buffer_can_mean_more_sell_outs_and_more_risk_per_window():
    """Not a defect: with mostly 2-unit orders, a buffer of 1 ends lots sooner than none, so lots (and chances
    to oversell) come more often; the risk per lot still falls. The simulation sees the same rise."""
    m = model(5, (0.81, 0.83, 8.39, 0.23), 60, 1, 0.9)
    assert m.figures(1).oversell_per_lot < m.figures(0).oversell_per_lot
    assert m.figures(1).lots_per_30_days > m.figures(0).lots_per_30_days
    assert m.any_oversell_probability(1, 30) > m.any_oversell_probability(0, 30) + 0.1


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        (Item(1001, (1.0, 1.0), 15), "too_much_stock"),
        (Item(10, (1000.5, 1.0), 1), "too_many_daily_orders"),
        (Item(10, (20.0, 11.0), 1440), "too_many_orders_per_sync"),
        (Item(1000, (1000.0,) * 5, 8.64), None),
    ],
)
def test_the_model_states_its_range(item, problem):
    assert oversell.limits_problem(item) == problem
    if problem:
        with pytest.raises(ValueError, match=problem):
            OversellModel(item)


def test_the_extremes_of_the_range_stay_finite():
    items = [Item(1000, (1000.0,) * 5, 8.64), Item(0, (0.0,), 0), Item(1000, (0.01, 0.02), 10080)]
    if THOROUGH:  # the slowest corner (about a second): 30 orders between syncs with 2-unit orders
        items.append(Item(1000, (6.0,) * 5, 1440, OrderSizes(1, 0.2)))
    for item in items:
        out = oversell.assess(item, 2, window_days=30, threshold=Fraction(1, 100), comparison="lt", total_daily=5000)
        assert finite_json(out) == out


def test_oversells_are_impossible_from_zero_from_on():
    m = model(20, (3.0, 2.0, 1.0), 240, 1, 0.3)
    assert m.zero_from() == 14
    assert m.figures(13).oversell_possible and m.figures(13).oversold_orders_per_30_days > 0
    for k in (14, 15, 18):
        f = m.figures(k)
        assert not f.oversell_possible
        assert f.oversold_orders_per_30_days == f.oversell_per_lot == m.any_oversell_probability(k, 7) == 0
    # the model's own sums agree: past zero_from, no period can take more than the stock
    lots = m.lots
    for k in (14, 15):
        assert lots.figures(k).p_oversell == 0 and lots.oversold(k) == (0.0, 0.0)


def test_buffer_search_statuses():
    assert model(1, (9, 9, 9), 1440).smallest_buffer(30, Fraction(1, 20)).status == "not_reached"
    found = model(20, (3, 2, 1), 15, 1, 0.1).smallest_buffer(7, Fraction(1, 100))
    assert (found.status, found.buffer) == ("found", 1)
    assert model(20, (3, 2, 1), 15).zero_from() == 14


# -- assess: the cancel rate --------------------------------------------------------------------------


@pytest.mark.parametrize(("unit", "total"), [("orders", 40), ("units", 55)])
def test_breach_uses_the_long_run_share_and_the_exact_method(unit, total):
    item = Item(6, (10.0, 5.0), 240, OrderSizes(1, 0.5))
    out = oversell.assess(
        item, 0, window_days=7, threshold=Fraction(1, 40), comparison="lt", total_daily=total, unit=unit
    )
    f = OversellModel(item).figures(0)
    per_day = (f.oversold_units_per_30_days if unit == "units" else f.oversold_orders_per_30_days) / 30
    p = Fraction(per_day) / total
    assert out["oversell_share"] == float(p)
    assert out["share_meets_target"] is (p < Fraction(1, 40))
    assert out["breach_probability"] == breach.breach_probability(total * 7, p, Fraction(1, 40), "lt")
    assert out["breach_probability"] <= 1


def test_a_negative_buffer_is_refused():
    m = model(5, (3.0, 2.0), 60)
    for call in (lambda: m.figures(-1), lambda: m.any_oversell_probability(-1, 7)):
        with pytest.raises(ValueError, match="buffer"):
            call()
    with pytest.raises(ValueError, match="buffer"):
        oversell.assess(m.item, -1, window_days=7, threshold=Fraction(1, 40), comparison="lt", total_daily=10)


def test_a_buffer_past_the_stock_lists_nothing():
    out = oversell.assess(
        Item(5, (3.0, 2.0), 60), 10**9, window_days=7, threshold=Fraction(1, 40), comparison="lt", total_daily=10
    )
    assert out["figures"]["sells"] is False
    assert out["any_oversell_probability"] == out["breach_probability"] == 0
    assert finite_json(out) == out


def test_the_denominator_is_at_least_the_item_itself():
    item = Item(2, (10.0, 10.0), 1440)
    out = oversell.assess(item, 0, window_days=7, threshold=Fraction(1, 40), comparison="lt", total_daily=3)
    assert out["denominator_raised"] is True
    assert 0 < out["oversell_share"] <= 1


def test_the_simulation_splits_oversold_orders_by_channel_and_keeps_the_average_on_busy_days():
    """The simulation's extensions (used by bench/oversell_montecarlo.py --issue18): the channels'
    oversold orders add up to the total, and a busy-day week with mean 1 keeps the orders' average."""
    from oversell_sim import simulate

    flat = simulate(8, 0, (3.0, 2.0), 30.0, ((1, 0.5), (2, 0.5)), days=4000, window_days=7, seed=1)
    by_channel = flat.oversold_orders_by_channel
    assert len(by_channel) == 2 and all(est > 0 for est, _ in by_channel)
    assert math.isclose(sum(est for est, _ in by_channel), flat.oversold_orders_per_30_days[0], rel_tol=1e-9)
    busy = simulate(
        8, 0, (3.0, 2.0), 30.0, ((1, 0.5), (2, 0.5)), days=4000, window_days=7, seed=1, weekly=(2.5,) + (0.75,) * 6
    )
    assert abs(busy.orders - flat.orders) < 5 * math.sqrt(flat.orders)
