"""Oversell risk of one item listed on several channels: the model behind ``oversell_risk``.

A seller lists the same stock on up to five channels (Amazon, Yahoo!ショッピング, 楽天, an own shop, ...).
A stock tool keeps the listed quantities in step, but only every few minutes; in between, a channel
knows only its own orders, so two channels can sell the same last unit. Each such order must then be
cancelled by the seller. This module computes, for a buffer ``k`` (every channel lists ``k`` units
fewer than the seller has), how often that happens and what it does to a cancel-rate target.

The model, in plain words
-------------------------
1. **One item, in lots.** A lot starts with ``S`` units on hand. When the listings can no longer take
   even the smallest order, the seller restocks to ``S`` at once and a new lot starts (the busiest
   case: a seller who restocks later sells fewer lots a month, so oversells less often; the monthly
   figures are an upper bound in that respect). The per-lot figures do not depend on it.
2. **Orders.** Orders for the item reach channel ``i`` at random (a Poisson process), ``lambda_i`` a day
   on average, independently of the other channels and of the past.
3. **Units per order.** Each order is for ``a`` units (probability ``1 - r``) or ``a + 1`` units
   (probability ``r``), independently. From an average ``u`` units per order: ``a = floor(u)``,
   ``r = u - a``. From the share ``s`` of orders for 2 or more units: ``a = 1``, ``r = s`` (those orders
   are taken as 2-unit orders, the most common kind). See :class:`OrderSizes`. The seller may instead give
   the shares of orders by units (:class:`SizeShares`, up to :data:`MAX_ORDER_UNITS`): sizes further apart
   than two neighbours are computed by :mod:`cancelrate.oversell._sizes` (the same model with any
   distribution of sizes; its docstring states what changes). With the same average, a tail of large
   orders makes oversells far likelier at larger buffers.
4. **Sync.** Every ``d`` minutes (the sync delay; ``delta = d / 1440`` days) the stock tool sets every
   channel to list ``max(0, X - k)``, ``X`` being the units then on hand. Between two syncs a channel
   takes the units of each order it accepts off its own listing at once, but does not see the other
   channels' orders: a sale shows on the other channels at the next sync, at most ``d`` minutes later
   (``d / 2`` on average). So ``d`` is the tool's sync interval. A tool that instead passes each sale on
   after a fixed delay ``D`` leaves it unseen for ``D`` on average, like a sync every ``2 D``; a simulation of
   that kind of tool gave the same oversold orders a month as ``d = 2 D`` without a buffer, and fewer with
   one (e.g. 4.0 against 5.1 with a buffer of 1), so entering ``2 D`` is the safe reading.
5. **Accepting.** A channel accepts an order when it lists at least the order's units; otherwise the
   buyer cannot place it (a lost sale, not an oversell).
6. **Oversold orders.** Units go to the accepted orders in the order they arrive. An order that finds
   fewer units on the shelf than it asks for is *oversold*: it cannot be filled in full and becomes a
   seller cancellation (on Amazon, shipping the units you have and refunding the rest avoids it). It
   takes the units left, so every later order before the next sync is oversold too. Equivalently: the
   ``i``-th accepted order of a lot is oversold when the first ``i`` accepted orders ask for more than
   ``S`` units. The stock is then 0, so the lot ends at the next sync. An oversell is dated at that sync
   (when the seller sees it and cancels).
7. **Units held back.** When a lot ends without an oversell, ``R = X`` units (``0 <= R < k + a``) are still
   on the shelf while every listing shows 0: the buffer kept them unlisted. With ``k = 0`` and single-unit
   orders ``R = 0``. Those are the sales the buffer gives up if the seller does not restock (the last
   units of a product) or relist them by hand; with instant restocking they are stock carried into the
   next lot, i.e. tied-up capital. ``held_back_per_lot = E[R]``; ``held_back_per_30_days`` is ``E[R]``
   times the lots in 30 days.
8. **Cancel rate and breach.** A marketplace counts only its own orders: the cancel rate is the share
   ``p = (oversold orders a day accepted on the policy's channel) / (that channel's merchant-fulfilled orders a
   day)`` (units, for policies that count units; for a policy that counts only some of the channel's orders,
   such as Premium Shipping or Prime, both are the seller's share of such orders; the denominator is raised to
   the item's own counted orders if it is given lower). Which channel's order is oversold depends on the order
   of arrival, so every oversold-order formula below is kept per channel (``E[C_j]``); the busier channel
   usually sells the last units first, so fewer than its share of the oversold orders land on it. The chance
   that a policy window misses the target because of them is
   :func:`cancelrate.breach.breach_probability` with ``Poisson(total a day x W)`` orders in the window, each
   cancelled independently with probability ``p``. The long-run share ``p`` is exact; the independence is
   the approximation: real oversells come in bunches at sell-outs, so the count of cancellations in a
   window is lumpier than that. For a seller with few orders, where one cancellation already misses, the
   chance of *any* oversell in the window (output 2, every channel) is the better guide: under the model it is
   an upper bound of the true chance of a miss caused by oversells (no oversell, no cancellation). An
   oversold order is a counted cancellation only when none of it can be shipped; a partly short order can be
   shipped in part and the rest refunded, so every cancel figure here is an upper bound.
9. **Busy days.** The orders may differ by day of the week (:class:`WeekModel`): the busiest day's orders
   ``B`` once a week, the other six days ``(7 lambda - B) / 6`` each (the weekly average is unchanged), every
   channel in proportion. Each kind of day is taken in the steady state of its own rate, and the figures are
   mixed 1 : 6; the chance of any oversell in a window is averaged over the seven days a window can start on,
   its stretches of one kind of day taken as independent (the week-mixed chance, not the worst week's). Lots
   that run across a change of day are left out, so the busy-week figures are an approximation (a few percent
   below the simulation in the tests).

The formulas
------------
Per sync period, channel ``i`` gets ``N_i ~ Poisson(mu_i)`` orders, ``mu_i = lambda_i delta``;
``mu = sum mu_i``; a period is *busy* (has an order) with probability ``beta = 1 - e^-mu``. Only busy
periods change anything, so the lot is followed in busy periods.

*One period from a level.* Say every channel starts a period listing ``L`` units and ``X = L + k`` are on
hand. Channel ``i`` takes orders until what it lists cannot take the next one; the units it accepts,
``U_i``, have the compound Poisson law below ``L - a`` and a few exact boundary terms above
(:func:`cancelrate.oversell._math.channel_units`). Channels are independent, so the units accepted in
the period, ``T = sum U_i``, have the convolution of those laws. The period ends the lot when
``T > L - a`` (fewer than ``a`` would be listed), with an oversell when ``T > X``, leaving ``R = X - T``
units otherwise. The expected number of oversold orders is, by the Poisson property (an order at time
``t`` sees the others' orders before ``t``):

    E[C] = sum_i lambda_i int_0^delta sum_q p_q P(U_i(t) <= L - q, U_i(t) + U_-i(t) >= X - q + 1) dt,

integrated with Gauss-Legendre in ``t``: the integrand is a mix of products of Poisson terms, so it is
entire with a known bound on the complex plane, and the number of nodes is the fewest for which the
classical error bound on a Bernstein ellipse is below :data:`EPS_QUAD`
(:func:`cancelrate.oversell._math.gauss_nodes_for`). For orders of one size (``r = 0``),
``C = (T / a - floor(X / a))^+`` exactly. When no channel can realistically fill its listing (chance
below :data:`EPS_CAP`), every order is accepted and ``E[C] = sum_i P(N >= i) P(S_i > X)``, ``S_i`` the units
of ``i`` orders; when at most one channel at a time can, that pooled value gets one correction per
channel (``Level._linearized_oversold``); otherwise the channels' laws are convolved in full
(``Level._exact_oversold``).

*The lot.* While the stock is above ``k + a``, a busy period accepts all its orders (a channel lists at
least ``a + 1`` units more than it has taken), so after ``d`` busy periods the units sold are ``Q+_d``,
the sum of ``d`` independent busy-period demands ``c(t) = P(Q = t | N >= 1)``, and the stock ``S - y``
is reached with probability ``V(y)``: ``V(0) = 1``, ``V(y) = sum_t c(t) V(y - t)``. Summing over the levels
a lot passes through (``L = S - y - k``):

    P(oversell in a lot) = sum_y V(y) P_L(T > X) + n_a P_a(T > k + a),
    E[oversold orders per lot] = sum_y V(y) E_L[C] + n_a E_a[C],
    E[busy periods per lot] = sum_{y < S - k - a} V(y) + n_a,

``n_a`` being the expected busy periods spent listing exactly ``a`` (when only ``a + 1``-unit orders
come, they are refused and the lot waits). Lots per day ``= (beta / delta) / E[busy periods per lot]``;
every "per 30 days" figure is ``30 x`` a per-day one.

*The window.* Oversells restart the lot, so they form a renewal process; for a window placed at a random
time in the steady state, with ``G`` the busy periods between two oversells and ``u(j) = P(G > j)``,

    P(no oversell in m busy periods) = 1 - sum_{j < m} u(j) / E[G],   E[G] = E[busy periods per lot] / P(oversell in a lot),

and ``u`` follows the renewal equation ``u(m) = P(D > m) + sum_{d <= m} P(D = d, no oversell) u(m - d)`` over
the lot length ``D``, whose law comes from the walk above (``P(at level L after d busy periods) =
P(Q+_(d-1) = S - k - L)``). A window of ``W`` days holds ``floor(W / delta)`` or one more sync, and each
sync period is busy with probability ``beta``, independently, so the busy periods in the window are a
mixture of two binomials. When a lot cannot end within the window's busy periods (Chernoff bound below
1e-13), ``u = 1`` and the probability is ``E[busy periods in the window] P(oversell in a lot) /
E[busy periods per lot]``.

When the window holds several whole lots, none of which may oversell, ``P(no oversell)`` is at most
``(1 - P(oversell in a lot))^(whole lots)``; when that is below 1e-10 the chance is 1. When at most
:data:`EPS_WINDOW` oversells are expected in the window, the chance is that expectation (it lies between 0
and it).

Accuracy
--------
Pmf values below 1e-17 are dropped at array ends; levels, cap effects and terms are left out only when a
stated bound on everything they could add is below 1e-12 (``EPS_*``); the quadrature error is provably
below 1e-13 per period. Every result is within 1e-9 of the model's exact value (the window chance within
1e-10 where it is given by a bound). The tests check the pieces against brute force, whole lots against
closed forms, and everything against an independent event-by-event simulation
(``tests/unit/oversell_sim.py``; ``bench/oversell_montecarlo.py`` prints the agreement figures). The per-channel
split is checked against the simulation's own count per channel. Any sizes (``_sizes``) use the same
truncation bounds for the pooled levels and the quadrature; they agree with the two-size formulas within 1e-7
where both apply (neighbouring sizes) and with the simulation; that module has no separate error proof.

Range
-----
The model takes up to :data:`MAX_STOCK` units, 1 to 5 channels of up to :data:`MAX_DAILY_ORDERS` orders a day,
and up to :data:`MAX_ORDERS_PER_SYNC` expected orders between two syncs (:func:`limits_problem`); its work
grows with the stock and with the orders per sync. Within it, the figures are finite, and one
:func:`assess` call takes a few milliseconds for a small shop (``bench/oversell.py``).

API
---
:class:`Item` (stock, orders a day per channel, sync minutes, :class:`OrderSizes` from
:func:`sizes_from_average` or :func:`sizes_from_multi_unit_share`, or a :class:`SizeShares` from
:func:`sizes_from_shares`) -> :class:`OversellModel` (or :class:`WeekModel`, through :func:`model_for`):
:meth:`~OversellModel.figures` (:class:`BufferFigures`, with the oversold orders by channel),
:meth:`~OversellModel.any_oversell_probability`, :meth:`~OversellModel.smallest_buffer` (:class:`BufferSearch`).
:func:`assess` returns everything the calculator shows as JSON-able data. ``Period``, ``Level`` and ``Lots`` are
the internals of the two-size formulas.

The package: ``_model`` (sizes, :class:`Item`, limits, :class:`OversellModel`, :class:`WeekModel`), ``_lots``
(periods, levels and lots of the two-size formulas), ``_window`` (the window's renewal sum), ``_sizes`` (periods,
levels, lots and window for any sizes) and ``_math`` (pmfs, Poisson terms, quadrature); this module holds the
model's statement and :func:`assess`. Everything public is imported here.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from ..breach import breach_probability
from ._lots import (
    CURVE_BUFFERS,
    CURVE_MAX,
    CURVE_NEGLIGIBLE,
    DAYS_PER_MONTH,
    DEFAULT_TARGET,
    EPS_CAP,
    EPS_LEVEL,
    EPS_QUAD,
    EPS_WINDOW,
    MAX_CHANNELS,
    MINUTES_PER_DAY,
    TINY,
    Level,
    LotFigures,
    Lots,
    Period,
)
from ._model import (
    DAYS_PER_WEEK,
    MAX_DAILY_ORDERS,
    MAX_ORDER_UNITS,
    MAX_ORDERS_PER_SYNC,
    MAX_STOCK,
    BufferFigures,
    BufferSearch,
    Item,
    OrderSizes,
    OversellModel,
    SizeShares,
    WeekModel,
    _check_buffer,
    limits_problem,
    model_for,
    sizes_from_average,
    sizes_from_multi_unit_share,
    sizes_from_shares,
)
from ._window import window_oversell_probability

__all__ = [
    "CURVE_BUFFERS",
    "CURVE_MAX",
    "CURVE_NEGLIGIBLE",
    "DAYS_PER_MONTH",
    "DAYS_PER_WEEK",
    "DEFAULT_TARGET",
    "EPS_CAP",
    "EPS_LEVEL",
    "EPS_QUAD",
    "EPS_WINDOW",
    "MAX_CHANNELS",
    "MAX_DAILY_ORDERS",
    "MAX_ORDERS_PER_SYNC",
    "MAX_ORDER_UNITS",
    "MAX_STOCK",
    "MINUTES_PER_DAY",
    "TINY",
    "BufferFigures",
    "BufferSearch",
    "Item",
    "Level",
    "LotFigures",
    "Lots",
    "OrderSizes",
    "OversellModel",
    "Period",
    "SizeShares",
    "WeekModel",
    "assess",
    "limits_problem",
    "model_for",
    "sizes_from_average",
    "sizes_from_multi_unit_share",
    "sizes_from_shares",
    "window_oversell_probability",
]


def _finite(x: float) -> float:
    return x if math.isfinite(x) else 0.0


def _jsonable(v: Any) -> Any:
    """A figure as JSON data: floats finite, tuples as lists."""
    if isinstance(v, tuple):
        return [_finite(x) for x in v]
    return _finite(v) if isinstance(v, float) else v


def _meets(share: Fraction, threshold: Fraction, comparison: str) -> bool:
    """``share < threshold`` (``"lt"``) or ``share <= threshold`` (``"le"``), exactly."""
    return share < threshold if comparison == "lt" else share <= threshold


def assess(
    item: Item,
    buffer: int,
    *,
    window_days: int,
    threshold: Fraction,
    comparison: str,
    total_daily: Fraction | float,
    unit: str = "orders",
    target: Fraction = DEFAULT_TARGET,
    curve_buffers: int = CURVE_BUFFERS,
    channel: int | None = None,
    channel_share: Fraction = Fraction(1),
    busiest_daily: float | None = None,
) -> dict[str, Any]:
    """Everything ``oversell_risk`` shows, as JSON-able data.

    ``window_days``, ``threshold``, ``comparison`` and ``unit`` come from the policy (or the seller's own
    target, :func:`cancelrate.policies.resolve_target`); ``channel``: the index in ``item.daily_orders`` of the
    policy's channel (``None``: every channel counts); ``channel_share``: the share of that channel's orders the
    policy counts (Premium Shipping or Prime orders of all Amazon orders; the oversold orders are taken to be
    such orders in the same share); ``total_daily``: the orders the policy counts a day, all items (units a day
    when ``unit == "units"``); ``target``: the highest acceptable chance of any oversell in a window (exclusive).

    The cancel rate from oversells is ``p = channel_share x (oversold orders a day accepted on the channel) /
    total_daily`` (the denominator raised to the item's own counted orders, ``channel_share x lambda_channel``,
    if it is given lower). The chance of any oversell in the window counts every channel (each oversold order is
    a cancellation somewhere).

    Raises ``ValueError`` outside the model's range (:func:`limits_problem`) or for a negative buffer; the
    calculator checks both first. Returns ``figures`` (:class:`BufferFigures` for ``buffer``),
    ``any_oversell_probability`` (window; 1.0 when the window is certain to hold one, within 1e-10),
    ``oversell_share`` (the long-run cancel rate from oversells, ``p``), ``share_meets_target`` (``p`` against
    the target, exact), ``breach_probability``, ``smallest_buffer`` and ``curve`` (per buffer, see
    :data:`CURVE_BUFFERS`: the chance of any oversell in the window, the breach chance and the oversold orders
    per 30 days).
    """
    _check_buffer(buffer)
    model = model_for(item, busiest_daily)
    channel_share = Fraction(channel_share)
    counted = model.daily_total if channel is None else float(item.daily_orders[channel]) * float(channel_share)
    own_daily = counted * (item.sizes.average if unit == "units" else 1.0)
    total = max(Fraction(total_daily), Fraction(own_daily))
    lam = float(total) * window_days

    def per_day(f: BufferFigures) -> Fraction:
        if channel is None:
            month = f.oversold_units_per_30_days if unit == "units" else f.oversold_orders_per_30_days
            return Fraction(month / DAYS_PER_MONTH)
        by = f.oversold_units_by_channel_per_30_days if unit == "units" else f.oversold_orders_by_channel_per_30_days
        return channel_share * Fraction(by[channel] / DAYS_PER_MONTH)

    def share(f: BufferFigures) -> Fraction:
        if total <= 0:
            return Fraction(0)
        return min(Fraction(1), per_day(f) / total)

    def breach(f: BufferFigures) -> float:
        return breach_probability(lam, share(f), threshold, comparison) if lam > 0 else 0.0

    search = model.smallest_buffer(window_days, target)
    least = max(curve_buffers, buffer + 1)
    if search.status == "found" and search.buffer is not None:
        least = max(least, search.buffer + 2)
    last = min(CURVE_MAX, item.stock - item.sizes.base)
    model.set_k_need(max(min(least, last), buffer, 0))
    figs = model.figures(buffer)
    p = share(figs)
    curve = []
    for k in range(0, last + 1):
        fk = model.figures(k)
        point = {
            "buffer": k,
            "oversell_possible": fk.oversell_possible,
            "any_oversell_probability": model.any_oversell_probability(k, window_days),
            "breach_probability": breach(fk),
            "oversold_orders_per_30_days": fk.oversold_orders_per_30_days,
        }
        curve.append(point)
        negligible = max(point["any_oversell_probability"], point["breach_probability"]) < CURVE_NEGLIGIBLE
        if k >= least and negligible:
            break
    return {
        "buffer": buffer,
        "window_days": window_days,
        "figures": {k: _jsonable(v) for k, v in figs.__dict__.items()},
        "any_oversell_probability": model.any_oversell_probability(buffer, window_days),
        "oversell_share": float(p),
        "oversold_per_day_counted": float(per_day(figs)),
        "share_meets_target": _meets(p, threshold, comparison),
        "breach_probability": breach(figs),
        "denominator_raised": Fraction(total_daily) < Fraction(own_daily),
        "smallest_buffer": {"status": search.status, "buffer": search.buffer, "probability": search.probability},
        "curve": curve,
        "orders_per_sync": model.orders_per_sync,
    }
