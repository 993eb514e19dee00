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
   than two neighbours are computed by :mod:`cancelrate._oversell_sizes` (the same model with any
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
(:func:`cancelrate._oversell_math.channel_units`). Channels are independent, so the units accepted in
the period, ``T = sum U_i``, have the convolution of those laws. The period ends the lot when
``T > L - a`` (fewer than ``a`` would be listed), with an oversell when ``T > X``, leaving ``R = X - T``
units otherwise. The expected number of oversold orders is, by the Poisson property (an order at time
``t`` sees the others' orders before ``t``):

    E[C] = sum_i lambda_i int_0^delta sum_q p_q P(U_i(t) <= L - q, U_i(t) + U_-i(t) >= X - q + 1) dt,

integrated with Gauss-Legendre in ``t``: the integrand is a mix of products of Poisson terms, so it is
entire with a known bound on the complex plane, and the number of nodes is the fewest for which the
classical error bound on a Bernstein ellipse is below :data:`EPS_QUAD`
(:func:`cancelrate._oversell_math.gauss_nodes_for`). For orders of one size (``r = 0``),
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
split is checked against the simulation's own count per channel. Any sizes (``_oversell_sizes``) use the same
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
the internals of the two-size formulas; ``cancelrate._oversell_sizes`` those of any sizes.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from . import _oversell_math as om
from . import _oversell_sizes as osz
from .breach import breach_probability

EPS_CAP = 1e-12
"""Cap effects whose bound is below this are left out: a level is "pooled" when the chance that any channel
fills its listing in a period (times the orders that could then be miscounted) is below it, and "linearized"
(at most one channel at a time) when the chance that two do is."""
EPS_QUAD = 1e-13
"""The quadrature error of every oversold-order integral (per busy period) is provably below this."""
EPS_WINDOW = 1e-10
"""When at most this many oversells are expected in the window, the chance of any is taken as that expectation
(it lies between 0 and it)."""
EPS_LEVEL = 1e-13
"""Levels whose every contribution (ending, oversell, oversold orders) is bounded below this in sum are left out."""


TINY = 1e-22
"""Terms of a correction below this (absolute, before dividing by ``beta``) are not summed."""


def _last_above(vals: list[float], tiny: float) -> int:
    """The last index whose value is at least ``tiny`` (-1 if none)."""
    i = len(vals) - 1
    while i >= 0 and vals[i] < tiny:
        i -= 1
    return i


class _PathCache(dict):
    """``s -> landing_paths(s, a, r)``, filled on first use."""

    def __init__(self, a: int, r: float):
        super().__init__()
        self.a, self.r = a, r

    def __contains__(self, s: object) -> bool:
        return True

    def __missing__(self, s: int) -> list[tuple[int, float]]:
        out = self[s] = om.landing_paths(s, self.a, self.r)
        return out


class Period:
    """One sync period: Poisson orders on each channel, two-point order sizes. Level-independent pieces."""

    def __init__(self, mus: tuple[float, ...], a: int, r: float):
        self.mus = tuple(m for m in mus if m > 0)
        self.channels = tuple(i for i, m in enumerate(mus) if m > 0)
        """The item's channel index of each entry of ``mus`` (channels without orders are left out)."""
        self.mu = math.fsum(self.mus)
        self.a, self.r, self.b = a, r, a + 1
        self.sizes = tuple((q, p) for q, p in ((a, 1 - r), (a + 1, r)) if p > 0)
        self.beta = -math.expm1(-self.mu)
        self.instant = self.mu == 0
        n_hi = 1
        while self.mu > 0 and om.poisson_sf(n_hi + 1, self.mu) > 1e-18:
            n_hi += 1
        self.n_hi = n_hi
        self.hi = n_hi * self.b + 1
        self.scale = (1 + n_hi) / self.beta if self.beta > 0 else 1.0
        self._levels: dict[int, Level] = {}
        self._cp: dict[tuple[int, float], list[float]] = {}
        self._cap: dict[int, list[float]] = {}
        self._node_counts: dict[tuple[float, int], int] = {}
        self.nodes = self.nodes_for()
        self.k_need = CURVE_BUFFERS
        self._paths = _PathCache(a, r)
        self._pooled_oversold()

    # -- cached pieces -----------------------------------------------------------------------------

    def nodes_for(self, tail_mu: float = 0.0, tail_n: int = 0) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """Gauss-Legendre nodes for an oversold-order integral over one period, with a provable error below
        ``EPS_QUAD`` (per busy period); ``tail_mu``, ``tail_n``: the integrand needs ``tail_n`` orders of that rate."""
        key = (tail_mu, tail_n)
        count = self._node_counts.get(key)
        if count is None:
            scale = 1 / self.beta if self.beta > 0 else 1.0
            count = self._node_counts[key] = om.gauss_nodes_for(self.mu, scale, EPS_QUAD, tail_mu, tail_n)
        return om.gauss_legendre(count)

    def cp(self, j: int, tau: float) -> list[float]:
        """Compound Poisson pmf (``0..hi``) of channel ``j``'s units in ``tau`` of a period; ``j = -1``: all
        channels; ``j = -2 - i``: all but channel ``i``."""
        key = (j, tau)
        out = self._cp.get(key)
        if out is None:
            if j >= 0:
                nu = self.mus[j]
            elif j == -1:
                nu = self.mu
            else:
                nu = self.mu - self.mus[-2 - j]
            out = self._cp[key] = om.compound_poisson(max(0.0, nu) * tau, self.a, self.r, self.hi)
        return out

    def channel(self, j: int, tau: float, listed: int) -> om.Pmf:
        """:func:`cancelrate._oversell_math.channel_units` for channel ``j`` over ``tau`` of a period, from
        cached level-independent pieces."""
        z = listed - self.a
        zone = self.zone(j, tau, listed)
        if z <= 0:
            return om.trim((0, zone))
        cp = self.cp(j, tau)
        head = cp[:z] + [0.0] * max(0, z - len(cp))
        return om.trim((0, head + zone))

    def zone(self, j: int, tau: float, listed: int) -> list[float]:
        key = (-1000 - j, tau)
        pieces = self._cp.get(key)
        nu = self.mus[j] * tau
        if pieces is None:
            top = max(self.hi, 8) + 2
            tails = om.poisson_sfs(nu, top)
            stays = [om.stay_weight(n, nu, self.r) for n in range(top)]
            pieces = self._cp[key] = (tails, stays)
        tails, stays = pieces
        z = listed - self.a
        if z + 2 > len(tails):
            tails = om.poisson_sfs(nu, z + 2)
            stays = [om.stay_weight(n, nu, self.r) for n in range(z + 2)]
            self._cp[key] = (tails, stays)
        return om.channel_zone(nu, listed, self.a, self.r, tails, stays, self._paths)

    def others_tails(self, j: int, tau: float) -> list[float]:
        key = (-100 - j, tau)
        out = self._cp.get(key)
        if out is None:
            out = self._cp[key] = om.dense_tails(om.trim((0, self.cp(-2 - j, tau))))
        return out

    def cap_prob(self, j: int, z: int) -> float:
        """``P(Q_j >= z)``: the chance that channel ``j`` is asked for ``z`` or more units in a period."""
        tails = self._cap.get(j)
        if tails is None:
            # the upper sums of the cached pmf (no cancellation); past hi the mass is below 1e-18
            tails = self._cap[j] = om.dense_tails((0, self.cp(j, 1.0)))
        return tails[z] if z < len(tails) else 0.0

    def _pooled_oversold(self) -> None:
        """``G[x] = sum_i P(N >= i) P(S_i > x)`` and ``Gu[x]`` (units): the oversold orders of a period in which
        every order is accepted and ``x`` units are in stock (``S_i`` the units of the first ``i`` orders).
        Also the busy-period demand tails that bound what a level can contribute."""
        a, r, hi = self.a, self.r, self.hi
        G = [0.0] * (hi + 1)
        Gu = [0.0] * (hi + 1)
        tail_p = [0.0] * (hi + 2)
        tail_n = [0.0] * (hi + 2)
        if self.instant:
            self.G, self.Gu = G, Gu
            for q, p in self.sizes:
                for x in range(q + 1):
                    tail_p[x] += p
                    tail_n[x] += p
            self.tail_p, self.tail_n = tail_p, tail_n
            return
        sf = om.poisson_sfs(self.mu, self.n_hi + 1)
        prev = [1.0]
        for i in range(1, self.n_hi + 1):
            w = sf[i]
            tails = om.dense_tails((a * i, [om.binomial_pmf(j, i, r) for j in range(i + 1)]))
            om.correlate_into(G, {1: w}, tails)
            om.correlate_into(Gu, {1 - q: w * p * q for q, p in self.sizes if q <= 1}, prev)
            for q, p in self.sizes:
                if q > 1:
                    # Gu[x] += w p q P(S_(i-1) >= x - q + 1): shift 1 - q < 0
                    for x in range(hi + 1):
                        y = x - q + 1
                        Gu[x] += w * p * q * (prev[y] if 0 <= y < len(prev) else (1.0 if y < 0 else 0.0))
            pn = om.poisson_pmf(i, self.mu) / self.beta
            for x in range(len(tails)):
                tail_p[x] += pn * tails[x]
                tail_n[x] += i * pn * tails[x]
            prev = tails
        self.G, self.Gu = G, Gu
        self.tail_p, self.tail_n = tail_p, tail_n

    def level(self, listed: int) -> Level:
        lv = self._levels.get(listed)
        if lv is None:
            lv = self._levels[listed] = Level(self, listed)
        return lv

    def busy_demand(self, upto: int) -> list[float]:
        """``P(Q = y | at least one order)`` for ``y`` in ``0..upto``: the units ordered in a busy period."""
        if self.instant:
            out = [0.0] * (upto + 1)
            for q, p in self.sizes:
                if q <= upto:
                    out[q] += p
            return out
        f = om.compound_poisson(self.mu, self.a, self.r, upto)
        f[0] = 0.0
        return [x / self.beta for x in f]


class Level:
    """What one busy sync period does when every channel starts it listing ``listed`` units.

    ``pt``: pmf of the units accepted, ``T`` (given at least one order), computed at once.
    :meth:`oversold` ``(k)``: the expected oversold orders and their units when the stock is ``listed + k``
    (given at least one order), computed on first use for buffers up to ``Period.k_need``.
    """

    def __init__(self, period: Period, listed: int, force: str | None = None):
        self.listed = L = listed
        self.period = period
        self.corrected: list[int] = []
        self._ec: list[float] = []
        self._ecu: list[float] = []
        self._by: list[list[float]] = []
        self._by_u: list[list[float]] = []
        self._k_done = -1
        a = period.a
        if period.instant:
            vals = [0.0] * (L + 1)
            for q, p in period.sizes:
                vals[q if q <= L else 0] += p
            self.pt = om.trim((0, vals))
            self.tier = "instant"
        else:
            z = L - a
            caps = [1.0 if z <= 0 else period.cap_prob(j, z) for j in range(len(period.mus))]
            e1 = math.fsum(caps)
            e2 = (e1 * e1 - math.fsum(c * c for c in caps)) / 2
            if force == "exact" or (force is None and e2 * period.scale >= EPS_CAP):
                self.tier = "exact"
                self.pt = self._exact_units(period)
            else:
                if force == "pooled" or (force is None and e1 * period.scale < EPS_CAP):
                    self.tier = "pooled"
                else:
                    self.tier = "linearized"
                    self.corrected = [j for j, c in enumerate(caps) if force or c * period.scale >= EPS_CAP]
                self.pt = self._linearized_units(period)
        self.pt_tails = om.upper_tails(self.pt)

    def _to_busy(self, period: Period, vals: list[float]) -> om.Pmf:
        """Unconditional pmf of ``T`` (from 0) to the pmf given at least one order."""
        vals = [v / period.beta for v in vals]
        # T = 0 with orders: only when showing a (b-unit orders refused): e^-mu (e^(mu r) - 1)
        if self.listed < period.b:
            vals[0] = math.exp(-period.mu) * math.expm1(period.mu * period.r) / period.beta
        else:
            vals[0] = 0.0
        return om.trim((0, vals))

    # -- T -----------------------------------------------------------------------------------------

    def _linearized_units(self, period: Period) -> om.Pmf:
        """At most one channel fills its listing in the period (the chance of two is below ``EPS_CAP``):
        the pooled compound Poisson pmf of ``T`` plus, for each channel ``j`` that may fill its listing,
        ``(B_j - R_j) * Q_-j`` (``B_j`` its accepted units past ``z = L - a``, ``R_j`` its demand past ``z``,
        ``Q_-j`` the others' demand)."""
        L, a = self.listed, period.a
        z = L - a
        pt = list(period.cp(-1, 1.0)) + [0.0] * (L + 1)
        for j in self.corrected:
            zone = period.zone(j, 1.0, L)
            cpj = period.cp(j, 1.0)
            diff = {z + i: zone[i] - (cpj[z + i] if z + i < len(cpj) else 0.0) for i in range(len(zone))}
            for u in range(z + len(zone), _last_above(cpj, TINY) + 1):
                diff[u] = -cpj[u]
            others = period.cp(-2 - j, 1.0)
            for u, d in diff.items():
                if d == 0:
                    continue
                n = max(0, min(len(others), len(pt) - u))
                pt[u : u + n] = [x + d * o for x, o in zip(pt[u : u + n], others, strict=False)]
        return self._to_busy(period, [max(0.0, v) for v in pt])

    def _exact_units(self, period: Period) -> om.Pmf:
        """Channels that may fill their listing together: ``T`` is the convolution of the channels' laws."""
        total = (0, [1.0])
        for j in range(len(period.mus)):
            total = om.convolve(total, period.channel(j, 1.0, self.listed))
        off, vals = total
        return self._to_busy(period, [0.0] * off + vals)

    # -- oversold orders ---------------------------------------------------------------------------

    def oversold(self, k: int) -> tuple[float, float]:
        """``(E[C], E[units of C])`` given at least one order, with ``listed + k`` units in stock."""
        if k > self._k_done:
            self._oversold_upto(max(k, self.period.k_need, 2 * self._k_done + 2))  # grow by doubling
        return (self._ec[k], self._ecu[k]) if k < len(self._ec) else (0.0, 0.0)

    def oversold_by_channel(self, k: int) -> tuple[list[float], list[float]]:
        """Per entry of ``Period.mus``: the expected oversold orders that channel accepted, and their units (given
        at least one order, ``listed + k`` in stock). They add up to :meth:`oversold` within the model's accuracy."""
        if k > self._k_done:
            self._oversold_upto(max(k, self.period.k_need, 2 * self._k_done + 2))
        n = len(self.period.mus)
        if k >= len(self._ec):
            return [0.0] * n, [0.0] * n
        return [x[k] for x in self._by], [x[k] for x in self._by_u]

    def _oversold_upto(self, k_need: int) -> None:
        period, L = self.period, self.listed
        off, vals = self.pt
        k_hi = max(0, min(k_need, off + len(vals) - 1 - L))
        n = len(period.mus)
        if self.tier == "instant":
            ec, ecu = [0.0], [0.0]
            by, by_u = [[0.0] for _ in range(n)], [[0.0] for _ in range(n)]
        elif period.r == 0:
            ec, ecu = self._constant_size(k_hi)
            # which channel's orders are oversold depends on the order of arrival: from the integrals
            _, _, by, by_u = self._exact_oversold(k_hi) if self.tier == "exact" else self._linearized_oversold(k_hi)
        elif self.tier == "exact":
            ec, ecu, by, by_u = self._exact_oversold(k_hi)
        else:
            ec, ecu, by, by_u = self._linearized_oversold(k_hi)
        self._ec, self._ecu, self._k_done = ec, ecu, k_need
        self._by, self._by_u = by, by_u

    def _constant_size(self, k_hi: int) -> tuple[list[float], list[float]]:
        """Every order is ``a`` units: the ``i``-th accepted order is oversold when ``i a > X``, so
        ``C = (T / a - floor(X / a))^+`` whatever the order of arrival."""
        a, L = self.period.a, self.listed
        off, vals = self.pt
        ec, ecu = [], []
        for k in range(k_hi + 1):
            fill = (L + k) // a
            e = math.fsum(v * max(0, (off + i) // a - fill) for i, v in enumerate(vals))
            ec.append(e)
            ecu.append(a * e)
        return ec, ecu

    def _linearized_oversold(self, k_hi: int) -> tuple[list[float], list[float], list[list[float]], list[list[float]]]:
        """The pooled ``G(X)`` (every order accepted) plus, for each channel ``j`` that may fill its listing,
        the difference its listing makes while it is past ``z`` (integrated over the period).

        While ``j`` has taken ``u >= z`` units (``B_j(u)``; pooled: ``R_j(u)``, its demand), its own orders are
        taken only when it shows ``a`` (an ``a``-unit order at ``u = z``), and every order sees ``U_j`` rather
        than ``Q_j`` units before it. An order for ``q`` units is oversold when the units before it reach
        ``X - q + 1``; with ``O`` the others' (pooled) units, the correction at time ``t`` is

            mu_j (1 - r) B_j(z) P(O >= X - a + 1 - z) + sum_q p_q sum_(u >= z) ((mu - mu_j) B_j(u) - mu R_j(u)) P(O >= X - q + 1 - u).
        """
        period, L, a = self.period, self.listed, self.period.a
        z = L - a
        ec = period.G[L : L + k_hi + 1] + [0.0] * max(0, L + k_hi + 1 - len(period.G))
        ecu = period.Gu[L : L + k_hi + 1] + [0.0] * max(0, L + k_hi + 1 - len(period.Gu))
        mu = period.mu
        n = len(period.mus)
        # per channel: its own orders' part of each correction, and the others' part (spread over them by rate)
        own_c = [[0.0] * (k_hi + 1) for _ in range(n)]
        own_u = [[0.0] * (k_hi + 1) for _ in range(n)]
        oth_c = [[0.0] * (k_hi + 1) for _ in range(n)]
        oth_u = [[0.0] * (k_hi + 1) for _ in range(n)]
        shifts = [(L - q + 1, p, q) for q, p in period.sizes]
        lo = min(c for c, _, _ in shifts)
        hi = max(c for c, _, _ in shifts) + k_hi
        for j in self.corrected:
            mj = period.mus[j]
            rest = mu - mj
            # the correction needs channel j past z: ceil(z / b) of its own orders
            nodes, weights = period.nodes_for(mj, -(-z // period.b))
            for tau, wt in zip(nodes, weights, strict=True):
                zone = period.zone(j, tau, L)
                cpj = period.cp(j, tau)
                top = max(_last_above(cpj, TINY) + 1, z + len(zone))
                w: dict[int, float] = {}
                w_own: dict[int, float] = {}
                for u in range(z, top):
                    bu = zone[u - z] if u - z < len(zone) else 0.0
                    ru = cpj[u] if u < len(cpj) else 0.0
                    w[u] = wt * (rest * bu - mu * ru)
                    w_own[u] = -wt * mj * ru
                tails = period.others_tails(j, tau)
                acc = om.correlation(w, tails, lo, hi)
                acc_own = om.correlation(w_own, tails, lo, hi)
                own = wt * mj * (1 - period.r) * zone[0]
                for k in range(k_hi + 1):
                    for c, p, q in shifts:
                        x = p * acc[c + k - lo]
                        ec[k] += x
                        ecu[k] += q * x
                        x_own = p * acc_own[c + k - lo]
                        own_c[j][k] += x_own
                        own_u[j][k] += q * x_own
                        oth_c[j][k] += x - x_own
                        oth_u[j][k] += q * (x - x_own)
                    # own a-unit order taken while showing exactly a: oversold when O >= k + 1
                    t = tails[k + 1] if k + 1 < len(tails) else 0.0
                    ec[k] += own * t
                    ecu[k] += a * own * t
                    own_c[j][k] += own * t
                    own_u[j][k] += a * own * t
        pooled_c = period.G[L : L + k_hi + 1] + [0.0] * max(0, L + k_hi + 1 - len(period.G))
        pooled_u = period.Gu[L : L + k_hi + 1] + [0.0] * max(0, L + k_hi + 1 - len(period.Gu))
        by, by_u = [], []
        for i, mi in enumerate(period.mus):
            row_c, row_u = [], []
            for k in range(k_hi + 1):
                xc = pooled_c[k] * mi / mu + own_c[i][k]
                xu = pooled_u[k] * mi / mu + own_u[i][k]
                for j in self.corrected:
                    if j != i:
                        xc += oth_c[j][k] * mi / (mu - period.mus[j])
                        xu += oth_u[j][k] * mi / (mu - period.mus[j])
                row_c.append(max(0.0, xc) / period.beta)
                row_u.append(max(0.0, xu) / period.beta)
            by.append(row_c)
            by_u.append(row_u)
        return [max(0.0, v) / period.beta for v in ec], [max(0.0, v) / period.beta for v in ecu], by, by_u

    def _exact_oversold(self, k_hi: int) -> tuple[list[float], list[float], list[list[float]], list[list[float]]]:
        """An order for ``q`` units on channel ``j`` at time ``t`` is accepted when ``U_j(t) <= L - q`` and
        oversold when ``U(t) + q > X`` (``U`` the units accepted before it, all channels). Channels are
        independent, so

            E[C] = sum_j lambda_j int_0^delta sum_q p_q sum_(u <= L - q) P(U_j(t) = u) P(U_-j(t) >= X - q + 1 - u) dt,

        integrated by Gauss-Legendre in ``t`` (the integrand is a smooth mix of Poisson terms; the number of
        nodes bounds the error, :func:`cancelrate._oversell_math.gauss_nodes_for`)."""
        period, L, a = self.period, self.listed, self.period.a
        mus = period.mus
        ec = [0.0] * (k_hi + 1)
        ecu = [0.0] * (k_hi + 1)
        by = [[0.0] * (k_hi + 1) for _ in mus]
        by_u = [[0.0] * (k_hi + 1) for _ in mus]
        # an order is oversold only after L - a units at least, so after ceil((L - a) / b) orders
        nodes, weights = period.nodes_for(period.mu, -(-(L - a) // period.b))
        shifts = [(L - q + 1, p, q) for q, p in period.sizes]
        lo = min(c for c, _, _ in shifts)
        hi = max(c for c, _, _ in shifts) + k_hi
        for tau, wt in zip(nodes, weights, strict=True):
            fs = [period.channel(j, tau, L) for j in range(len(mus))]
            prefix = [(0, [1.0])]
            for f in fs[:-1]:
                prefix.append(om.convolve(prefix[-1], f))
            suffix = [(0, [1.0])]
            for f in reversed(fs[1:]):
                suffix.append(om.convolve(suffix[-1], f))
            suffix.reverse()  # suffix[i] = product of fs[i + 1:]
            for j, (own_off, own) in enumerate(fs):
                others = om.dense_tails(om.convolve(prefix[j], suffix[j]))
                mj = mus[j] * wt
                # u <= L - b for every size; u = L - a (showing a) only for a-unit orders
                w = {own_off + i: mj * pu for i, pu in enumerate(own) if own_off + i <= L - a - 1}
                acc = om.correlation(w, others, lo, hi)
                at_a = mj * (own[L - a - own_off] if 0 <= L - a - own_off < len(own) else 0.0)
                row, row_u = by[j], by_u[j]
                for k in range(k_hi + 1):
                    for c, p, q in shifts:
                        x = p * acc[c + k - lo]
                        ec[k] += x
                        ecu[k] += q * x
                        row[k] += x
                        row_u[k] += q * x
                    t = others[k + 1] if k + 1 < len(others) else 0.0  # u = L - a: shift L - a + 1 - u = 1
                    ec[k] += (1 - period.r) * at_a * t
                    ecu[k] += a * (1 - period.r) * at_a * t
                    row[k] += (1 - period.r) * at_a * t
                    row_u[k] += a * (1 - period.r) * at_a * t
        scale = 1 / period.beta
        return (
            [v / period.beta for v in ec],
            [v / period.beta for v in ecu],
            [[v * scale for v in row] for row in by],
            [[v * scale for v in row] for row in by_u],
        )

    # -- reading it --------------------------------------------------------------------------------

    def p_t(self, t: int) -> float:
        off, vals = self.pt
        i = t - off
        return vals[i] if 0 <= i < len(vals) else 0.0

    def p_above(self, x: int) -> float:
        """``P(T > x)`` given at least one order."""
        return om.tail_at(self.pt_tails, x + 1)

    def leave_probability(self) -> float:
        """``P(T >= 1)`` given an order, in closed form while listing exactly ``a`` (the lot leaves the boundary
        when some channel gets an ``a``-unit order): ``(1 - e^(-mu (1 - r))) / beta``, ``1 - r`` when instant."""
        period = self.period
        if self.listed >= period.b:
            return 1.0
        if period.instant:
            return 1 - period.r
        return -math.expm1(-period.mu * (1 - period.r)) / period.beta

    def left_over(self, x: int) -> float:
        """``E[(x - T); L - a < T <= x]``: the units left when the period ends the lot without an oversell."""
        off, vals = self.pt
        lo = max(self.listed - self.period.a + 1, off, 1)
        return math.fsum((x - t) * vals[t - off] for t in range(lo, min(x, off + len(vals) - 1) + 1))


@dataclass
class LotFigures:
    """Per lot: the chance it ends with an oversell, the busy periods it lasts, the units left when every
    listing shows 0, and the total chance that it ends (1 up to the left-out terms; a check)."""

    p_oversell: float
    busy_periods: float
    units_left: float
    end_total: float


class Lots:
    """A lot of ``stock`` units sold down from a sync at which every channel lists ``stock - k``."""

    def __init__(self, period: Period, stock: int):
        self.period = period
        self.stock = S = stock
        self.c = period.busy_demand(min(S, period.hi))
        self.c_pmf = om.trim((0, self.c))
        a, b = period.a, period.b
        v = [0.0] * (S + 1)
        if S >= 0:
            v[0] = 1.0
        c = self.c
        for y in range(1, S + 1):
            hi = min(y, len(c) - 1)  # V(y) = sum_t c(t) V(y - t)
            v[y] = sum(map(operator.mul, c[1 : hi + 1], reversed(v[y - hi : y])))
        self.v = v
        self.v_prefix = [0.0]
        for x in v:
            self.v_prefix.append(self.v_prefix[-1] + x)
        # Levels far above the boundary cannot end the lot: a period from level L ends it only if its orders
        # ask for L - a + 1 units or more, so sum_{L > cut} (P(Q >= L - a + 1) + b E[N; Q >= L - a + 1]) bounds
        # everything the left-out levels could add.
        tp, tn = period.tail_p, period.tail_n
        acc = 0.0
        cut = a
        for L in range(S, a, -1):
            x = L - a + 1
            acc += (tp[x] + b * tn[x]) if x < len(tp) else 0.0
            if acc > EPS_LEVEL:
                cut = L
                break
        self.cut = cut
        self._rows: list[om.Pmf] = [(0, [1.0])]

    def demand(self, t: int) -> float:
        """``c(t)``: the chance that a busy period asks for ``t`` units (0 past the negligible tail)."""
        return self.c[t] if 0 <= t < len(self.c) else 0.0

    def row(self, d: int) -> om.Pmf:
        """The walk's distance from ``stock`` after ``d`` busy periods (every order accepted), on
        ``0 .. stock - a``: ``Q+_d``, the units of ``d`` busy periods. Rows past the end are empty."""
        rows = self._rows
        c = self.c_pmf
        top = self.stock - self.period.a
        while len(rows) <= d:
            off, vals = om.convolve(rows[-1], c) if rows[-1][1] else (0, [])
            keep = max(0, min(len(vals), top - off + 1))
            vals = vals[:keep]
            rows.append(om.trim((off, vals)) if vals and math.fsum(vals) > 1e-18 else (0, []))
        return rows[d]

    def _weights(self, k: int) -> tuple[list[tuple[float, Level]], float, Level]:
        """The levels that can end the lot, with ``V`` (the chance the lot passes through them), and the
        expected busy periods spent listing exactly ``a`` (with that boundary level)."""
        period, S, a = self.period, self.stock, self.period.a
        v = self.v
        boundary = period.level(a)
        reach = v[S - k - a]
        levels = []
        for L in range(a + 1, min(self.cut, S - k) + 1):
            w = v[S - k - L]
            if w < 1e-300:
                continue
            lv = period.level(L)
            reach += w * (lv.p_t(L - a) - self.demand(L - a))
            levels.append((w, lv))
        return levels, reach / boundary.leave_probability(), boundary

    def figures(self, k: int) -> LotFigures:
        """Per-lot figures for buffer ``k`` (the oversold orders are in :meth:`oversold`)."""
        period, S = self.period, self.stock
        a = period.a
        y_top = S - k - a
        if y_top < 0:
            return LotFigures(0.0, math.inf, 0.0, 0.0)
        levels, nb, boundary = self._weights(k)
        p_o = e_r = end = 0.0
        for w, lv in levels:
            L = lv.listed
            p_o += w * lv.p_above(L + k)
            end += w * lv.p_above(L - a)
            e_r += w * lv.left_over(L + k)
        p_o += nb * boundary.p_above(k + a)
        e_r += nb * boundary.left_over(k + a)
        end += nb * boundary.leave_probability()
        busy = self.v_prefix[y_top] + nb
        return LotFigures(p_o, busy, e_r, end)

    def oversold(self, k: int) -> tuple[float, float]:
        """Expected oversold orders and their units per lot: ``sum V E_L[C] + n_a E_a[C]``."""
        if self.stock - k - self.period.a < 0:
            return 0.0, 0.0
        levels, nb, boundary = self._weights(k)
        e_c = e_u = 0.0
        for w, lv in levels:
            oc, ou = lv.oversold(k)
            e_c += w * oc
            e_u += w * ou
        oc, ou = boundary.oversold(k)
        return e_c + nb * oc, e_u + nb * ou

    def oversold_by_channel(self, k: int) -> tuple[list[float], list[float]]:
        """:meth:`oversold` split by the channel that accepted the oversold order (per entry of ``Period.mus``)."""
        n = len(self.period.mus)
        e_c, e_u = [0.0] * n, [0.0] * n
        if self.stock - k - self.period.a < 0:
            return e_c, e_u
        levels, nb, boundary = self._weights(k)
        for w, lv in [*levels, (nb, boundary)]:
            oc, ou = lv.oversold_by_channel(k)
            for i in range(n):
                e_c[i] += w * oc[i]
                e_u[i] += w * ou[i]
        return e_c, e_u


def _log_mgf(period: Period, theta: float) -> float:
    """``log E[e^(theta Q+)]`` for the units ``Q+`` of a busy period."""
    a, r, mu = period.a, period.r, period.mu
    phi = (1 - r) * math.exp(theta * a) + r * math.exp(theta * (a + 1))
    if mu == 0:
        return math.log(phi)
    x = mu * phi

    def log_expm1(v: float) -> float:
        return v + math.log(-math.expm1(-v)) if v > 30 else math.log(math.expm1(v))

    return log_expm1(x) - log_expm1(mu)


def _reach_bound(period: Period, steps: int, units: int) -> float:
    """Chernoff: ``P(Q+_steps >= units) <= min_theta exp(-theta units + steps log E[e^(theta Q+)])``."""
    if units <= 0:
        return 1.0
    best = 0.0
    theta = 1e-3
    while theta < 50:
        best = min(best, -theta * units + steps * _log_mgf(period, theta))
        theta *= 1.25
    return math.exp(best)


def _binomial_weights(n: int, p: float) -> tuple[int, list[float]]:
    """``(lo, w)`` with ``w[i] = P(Binomial(n, p) = lo + i)`` over the range that carries the mass."""
    if n <= 0 or p <= 0:
        return 0, [1.0]
    if p >= 1:
        return n, [1.0]
    mean = n * p
    sd = math.sqrt(n * p * (1 - p))
    lo = max(0, math.floor(mean - 12 * sd - 10))
    hi = min(n, math.ceil(mean + 12 * sd + 10))
    lg = math.lgamma(n + 1)
    lp, lq = math.log(p), math.log1p(-p)
    w = [math.exp(lg - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq) for i in range(lo, hi + 1)]
    return lo, w


def window_oversell_probability(
    lots: Lots, k: int, window_days: float, period_days: float, fig: LotFigures, shortcut: bool = True
) -> float:
    """``P(at least one oversell in a window of window_days)``, the window placed at a random time in the
    steady state (see the module docstring)."""
    period, S = lots.period, lots.stock
    a = period.a
    if fig.p_oversell <= 0 or period.instant or window_days <= 0 or period_days <= 0:
        return 0.0
    ratio = window_days / period_days
    n = math.floor(ratio)
    f = ratio - n
    mix: dict[int, float] = {}
    for count, weight in ((n, 1 - f), (n + 1, f)):
        if weight <= 0:
            continue
        lo, w = _binomial_weights(count, period.beta)
        for i, x in enumerate(w):
            mix[lo + i] = mix.get(lo + i, 0.0) + weight * x
    rate = fig.p_oversell / fig.busy_periods  # oversells per busy period, in the steady state
    J = max(mix)
    if J <= 0:
        return 0.0
    expected = rate * math.fsum(w * m for m, w in mix.items())  # E[oversells in the window]
    if expected <= EPS_WINDOW:
        return expected  # P(any) lies in [0, E[N]]: within EPS_WINDOW
    top = min(lots.cut, S - k)
    y0 = S - k - top  # the walk's distance from S to the highest level that can end the lot
    if shortcut and y0 > 0 and _reach_bound(period, J - 1, y0) + EPS_LEVEL < 1e-13:
        return min(1.0, expected)
    y_top = S - k - a
    bnd = period.level(a)
    leave = bnd.leave_probability()
    stay = 1 - leave
    bnd_over = bnd.p_above(k + a)
    bnd_end = max(0.0, leave - bnd_over)
    # the levels that can end the lot, L = a + 1 .. top, by the walk's distance y = S - k - L (y0 .. y_top - 1)
    over_w, quiet_w, land_w = [], [], []
    for y in range(y0, y_top):
        L = S - k - y
        lv = period.level(L)
        over = lv.p_above(L + k)
        over_w.append(over)
        quiet_w.append(lv.p_above(L - a) - over)
        land_w.append(lv.p_t(L - a) - lots.demand(L - a))

    def dot(row: om.Pmf, weights: list[float]) -> float:
        """``sum_y P(walk at y) weights[y - y0]`` over ``y0 <= y < y_top``."""
        off, vals = row
        i0, i1 = max(y0, off), min(y_top - 1, off + len(vals) - 1)
        if i1 < i0:
            return 0.0
        return sum(map(operator.mul, vals[i0 - off : i1 - off + 1], weights[i0 - y0 : i1 - y0 + 1]))

    def at(row: om.Pmf, y: int) -> float:
        off, vals = row
        i = y - off
        return vals[i] if 0 <= i < len(vals) else 0.0

    # the lot length D: P(D = d, no oversell) and P(D = d, oversell), while the lot can still be running
    b_no: list[float] = [0.0]
    ended = [0.0]  # P(D <= d)
    occ = 0.0
    d = 0
    while d < J:
        d += 1
        row = lots.row(d - 1)
        # arriving at the boundary: the walk lands on it, or a level ends its period exactly there
        arr = (1.0 if y_top == 0 else 0.0) if d == 1 else at(row, y_top) + dot(lots.row(d - 2), land_w)
        occ = occ * stay + arr
        e_d = dot(row, over_w) + occ * bnd_over
        b_d = dot(row, quiet_w) + occ * bnd_end
        b_no.append(b_d)
        ended.append(ended[-1] + e_d + b_d)
        if not row[1] and occ * leave <= 1e-25:
            break
    first = next((i for i, x in enumerate(b_no) if x > 0), 0)
    last = max((i for i, x in enumerate(b_no) if x > 0), default=0)
    longest = len(ended) - 1  # every lot ends within this many busy periods, but for 1 - ended[-1]
    fewest = min(m for m, w in mix.items() if w > 1e-17)
    complete = fewest // max(longest, 1) - 1  # lots that start and end inside any window of the mixture
    if complete > 0:
        # no oversell in the window needs none in those lots (independent, each oversells with p_oversell)
        none_bound = math.exp(complete * math.log1p(-min(fig.p_oversell, 1.0))) + (fewest + 1) * max(
            0.0, 1.0 - ended[-1]
        )
        if none_bound <= EPS_WINDOW:
            return 1.0
    # u(m) = P(D > m) + sum_{first <= i <= min(m, last)} b(i) u(m - i); prefix_u[m] = sum_{j < m} u(j)
    u = [1.0]
    prefix_u = [0.0, 1.0]
    mul = operator.mul
    survive_end = max(0.0, 1.0 - ended[-1])
    for m in range(1, min(J, last) + 1):
        survive = max(0.0, 1.0 - ended[m]) if m < len(ended) else survive_end
        conv = sum(map(mul, b_no[first : m + 1], reversed(u[: m - first + 1]))) if first and m >= first else 0.0
        u.append(survive + conv)
        prefix_u.append(prefix_u[-1] + u[-1])
    if first and last < J:
        backwards = b_no[last : first - 1 : -1] if first > 0 else b_no[last::-1]  # b(last), ..., b(first)
        total = prefix_u[-1]
        for m in range(last + 1, J + 1):
            x = survive_end + sum(map(mul, backwards, u[m - last : m - first + 1]))
            u.append(x)
            total += x
            prefix_u.append(total)
    else:
        for _ in range(len(u), J + 1):
            u.append(survive_end)
            prefix_u.append(prefix_u[-1] + survive_end)
    return min(1.0, rate * math.fsum(w * prefix_u[m] for m, w in mix.items()))


# -- public API ----------------------------------------------------------------------------------------

MINUTES_PER_DAY = 1440
DAYS_PER_MONTH = 30
MAX_CHANNELS = 5
CURVE_BUFFERS = 5
"""The curve covers buffers ``0 .. CURVE_BUFFERS`` at least, and further to the smallest safe buffer plus 2 and to
the seller's own buffer, then on until both chances are below :data:`CURVE_NEGLIGIBLE`; at most :data:`CURVE_MAX`,
never past ``S - a`` (the last buffer that lists an order)."""
CURVE_NEGLIGIBLE = 1e-6
CURVE_MAX = 40
DEFAULT_TARGET = Fraction(1, 20)
"""The default target for the chance of any oversell in a policy window: 5%."""


@dataclass(frozen=True)
class OrderSizes:
    """Units per order: ``base`` units (share ``1 - larger_share``) or ``base + 1`` (share ``larger_share``).

    Two neighbouring sizes with the right average: the narrowest spread an average allows.
    """

    base: int = 1
    larger_share: float = 0.0

    def __post_init__(self) -> None:
        if not (isinstance(self.base, int) and self.base >= 1):
            raise ValueError("base must be an integer >= 1")
        if not (0 <= self.larger_share < 1):
            raise ValueError("larger_share must be in [0, 1)")

    @property
    def average(self) -> float:
        """Average units per order, ``base + larger_share``."""
        return self.base + self.larger_share


def _share_float(x: Fraction) -> float:
    """A share in ``[0, 1)`` as a float that stays below 1 (``0.99999999999999999`` would round to 1.0)."""
    return min(float(x), 1 - 2**-53)


def sizes_from_average(average: Fraction | float | int) -> OrderSizes:
    """``a = floor(average)``, ``r = average - a``: e.g. 1.25 units per order is 1 unit (75%) or 2 (25%)."""
    avg = Fraction(average)
    if avg < 1:
        raise ValueError("an average below 1 unit per order")
    a = math.floor(avg)
    return OrderSizes(a, _share_float(avg - a))


def sizes_from_multi_unit_share(share: Fraction | float | int) -> OrderSizes:
    """``a = 1``, ``r = share``: the orders for 2 or more units are taken as 2-unit orders. A share of 1 (every
    order is for 2 or more) is ``a = 2``, ``r = 0``."""
    sh = Fraction(share)
    if not 0 <= sh <= 1:
        raise ValueError("the share of multi-unit orders must be in [0, 1]")
    if sh == 1:
        return OrderSizes(2, 0.0)
    return OrderSizes(1, _share_float(sh))


MAX_ORDER_UNITS = 10
"""The largest order size a size distribution may have (the work per level grows with it)."""


@dataclass(frozen=True)
class SizeShares:
    """Units per order as a distribution: ``shares`` is ``((units, share), ...)``, the shares exact and adding up to
    1, sizes from 1 to :data:`MAX_ORDER_UNITS`. Orders of sizes further apart than two neighbours (``a``, ``a + 1``)
    are computed by :mod:`cancelrate._oversell_sizes`; two neighbours or one size are an :class:`OrderSizes`
    (:func:`sizes_from_shares`)."""

    shares: tuple[tuple[int, Fraction], ...]

    def __post_init__(self) -> None:
        if sum((p for _, p in self.shares), Fraction(0)) != 1 or any(p < 0 for _, p in self.shares):
            raise ValueError("the shares must be >= 0 and add up to 1")
        if any(not (isinstance(q, int) and 1 <= q <= MAX_ORDER_UNITS) for q, _ in self.shares):
            raise ValueError(f"sizes from 1 to {MAX_ORDER_UNITS} units")

    @property
    def base(self) -> int:
        """The smallest size with a positive share."""
        return min(q for q, p in self.shares if p > 0)

    @property
    def largest(self) -> int:
        return max(q for q, p in self.shares if p > 0)

    @property
    def average(self) -> float:
        """Average units per order, ``sum q p_q``."""
        return float(sum((q * p for q, p in self.shares), Fraction(0)))

    def as_floats(self) -> tuple[tuple[int, float], ...]:
        return tuple((q, float(p)) for q, p in sorted(self.shares) if p > 0)


def sizes_from_shares(shares: dict[int, Fraction]) -> OrderSizes | SizeShares:
    """Sizes from the shares of orders by units (adding up to 1): one size or two neighbouring sizes are the
    two-size model (:class:`OrderSizes`, the same as their average), anything wider a :class:`SizeShares`."""
    law = SizeShares(tuple(sorted((q, Fraction(p)) for q, p in shares.items() if p > 0)))
    if law.largest - law.base <= 1:
        a = law.base
        return OrderSizes(a, _share_float(dict(law.shares).get(a + 1, Fraction(0))))
    return law


@dataclass(frozen=True)
class Item:
    """One item as the seller lists it: units on hand per lot, orders a day per channel, sync delay, units per order."""

    stock: int
    daily_orders: tuple[float, ...]
    sync_minutes: float
    sizes: OrderSizes | SizeShares = field(default_factory=OrderSizes)

    def __post_init__(self) -> None:
        if not (isinstance(self.stock, int) and self.stock >= 0):
            raise ValueError("stock must be an integer >= 0")
        if not 1 <= len(self.daily_orders) <= MAX_CHANNELS:
            raise ValueError(f"1 to {MAX_CHANNELS} channels")
        for x in (*self.daily_orders, self.sync_minutes):
            if not (math.isfinite(float(x)) and float(x) >= 0):
                raise ValueError("orders a day and the sync delay must be finite and >= 0")

    @property
    def active_channels(self) -> int:
        return sum(1 for x in self.daily_orders if float(x) > 0)


MAX_STOCK = 1000
"""Units on hand per lot the model takes (its work grows with the stock when lots are short)."""
MAX_ORDERS_PER_SYNC = 30
"""Expected orders of the item, all channels, between two syncs: beyond this the listings are out of date for so
many orders that the seller should sync more often; the model's work grows with it."""
MAX_DAILY_ORDERS = 1000
"""Orders a day per channel."""


def limits_problem(item: Item) -> str | None:
    """Why the model does not take this item, or ``None``: ``"too_much_stock"`` (more than :data:`MAX_STOCK`),
    ``"too_many_daily_orders"`` (a channel above :data:`MAX_DAILY_ORDERS`), ``"too_many_orders_per_sync"`` (more
    than :data:`MAX_ORDERS_PER_SYNC` expected between two syncs). The calculator turns these into messages."""
    if item.stock > MAX_STOCK:
        return "too_much_stock"
    if any(float(x) > MAX_DAILY_ORDERS for x in item.daily_orders):
        return "too_many_daily_orders"
    if (
        math.fsum(float(x) for x in item.daily_orders) * float(item.sync_minutes) / MINUTES_PER_DAY
        > MAX_ORDERS_PER_SYNC
    ):
        return "too_many_orders_per_sync"
    return None


@dataclass(frozen=True)
class BufferFigures:
    """What a buffer ``k`` does in the steady state (see the module docstring).

    ``lots_per_30_days``: sell-outs (restocks) in 30 days. ``oversell_per_lot``: chance that a lot ends
    with an oversell. ``oversold_orders_per_lot`` / ``oversold_units_per_lot``: expected oversold orders
    and their units per lot. ``held_back_per_lot``: expected units still on the shelf when every listing
    shows 0 (``E[R]``). The ``*_per_30_days`` figures are the per-lot ones times ``lots_per_30_days``.
    ``sells``: whether anything can sell at all (a channel with orders, and ``S - k >= a``).
    ``oversell_possible``: ``False`` when no oversell can happen at all (nothing sells, fewer than two channels
    get orders, an instant sync, or ``k >= ceil((m - 1) S / m)``, see :meth:`OversellModel.zero_from`): then every
    oversell figure is exactly 0; otherwise a figure shown as 0 is only below the model's accuracy.
    """

    buffer: int
    listed: int
    sells: bool
    oversell_possible: bool
    lots_per_30_days: float
    oversell_per_lot: float
    oversold_orders_per_lot: float
    oversold_units_per_lot: float
    held_back_per_lot: float
    oversold_orders_per_30_days: float
    oversold_units_per_30_days: float
    oversells_per_30_days: float
    held_back_per_30_days: float
    oversold_orders_by_channel_per_30_days: tuple[float, ...] = ()
    """``oversold_orders_per_30_days`` by the channel that accepted the order (the item's channel order)."""
    oversold_units_by_channel_per_30_days: tuple[float, ...] = ()


@dataclass(frozen=True)
class BufferSearch:
    """The smallest buffer that keeps the chance of any oversell in the window below the target.

    ``status``: ``"found"`` (``buffer`` is it), ``"never_oversells"`` (no buffer is needed: fewer than two
    channels get orders, or the sync is instant; ``buffer`` is 0), ``"not_reached"`` (even listing the
    smallest order's worth, ``S - a``, is not enough; ``buffer`` is ``None``; only listing nothing is safe),
    ``"nothing_sells"`` (no orders, or ``S < a``; ``buffer`` is 0). ``probability``: the chance at ``buffer``.
    """

    status: str
    buffer: int | None
    probability: float | None


class OversellModel:
    """The model for one :class:`Item`; caches what every buffer shares, so asking for many buffers is cheap."""

    def __init__(self, item: Item):
        problem = limits_problem(item)
        if problem:
            raise ValueError(f"outside the model's range: {problem}")
        self.item = item
        self.period_days = float(item.sync_minutes) / MINUTES_PER_DAY
        self.sizes = item.sizes
        rates = [float(x) for x in item.daily_orders]
        self.daily_total = math.fsum(rates)
        self.never = item.active_channels < 2 or self.period_days == 0
        mus = tuple(x * self.period_days for x in rates)
        self.general = isinstance(item.sizes, SizeShares)
        self.period: Any
        self.lots: Any
        if isinstance(item.sizes, SizeShares):
            self.period = osz.SizedPeriod(mus, item.sizes.as_floats())
            self.lots = osz.SizedLots(self.period, item.stock) if self.daily_total > 0 else None
        else:
            self.period = Period(mus, item.sizes.base, item.sizes.larger_share)
            self.lots = Lots(self.period, item.stock) if self.daily_total > 0 else None
        if self.period.instant:
            self.busy_per_day = self.daily_total
        else:
            self.busy_per_day = self.period.beta / self.period_days
        self._figures: dict[int, BufferFigures] = {}
        self._lot_figures: dict[int, LotFigures] = {}
        self._window: dict[tuple[int, float], float] = {}

    @property
    def orders_per_sync(self) -> float:
        """Expected orders of the item, all channels, between two syncs."""
        return self.period.mu

    def set_k_need(self, k: int) -> None:
        """Compute the oversold orders of every level for buffers up to ``k`` at once (they share the work)."""
        self.period.k_need = k

    def sells(self, buffer: int) -> bool:
        return self.lots is not None and self.item.stock - buffer >= self.sizes.base

    def _lot(self, buffer: int) -> LotFigures:
        fig = self._lot_figures.get(buffer)
        if fig is None:
            assert self.lots is not None
            if self.general:
                fig = self._lot_figures[buffer] = LotFigures(*self.lots.figures(buffer))
            else:
                fig = self._lot_figures[buffer] = self.lots.figures(buffer)
        return fig

    def figures(self, buffer: int) -> BufferFigures:
        """Per-lot and per-30-day figures for ``buffer`` (``>= 0``)."""
        _check_buffer(buffer)
        out = self._figures.get(buffer)
        if out is not None:
            return out
        listed = max(0, self.item.stock - buffer)
        zeros = (0.0,) * len(self.item.daily_orders)
        if not self.sells(buffer):
            out = BufferFigures(buffer, listed, False, False, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, zeros, zeros)
        else:
            fig = self._lot(buffer)
            lots = DAYS_PER_MONTH * self.busy_per_day / fig.busy_periods
            possible = not self.never and buffer < self.zero_from()
            by_c, by_u = list(zeros), list(zeros)
            if not possible:
                over, orders, units = 0.0, 0.0, 0.0
            else:
                assert self.lots is not None
                over = fig.p_oversell
                orders, units = self.lots.oversold(buffer)
                oc, ou = self.lots.oversold_by_channel(buffer)
                for i, channel in enumerate(self.period.channels):
                    by_c[channel], by_u[channel] = oc[i] * lots, ou[i] * lots
            out = BufferFigures(
                buffer=buffer,
                listed=listed,
                sells=True,
                oversell_possible=possible,
                lots_per_30_days=lots,
                oversell_per_lot=min(1.0, over),
                oversold_orders_per_lot=orders,
                oversold_units_per_lot=units,
                held_back_per_lot=fig.units_left,
                oversold_orders_per_30_days=orders * lots,
                oversold_units_per_30_days=units * lots,
                oversells_per_30_days=over * lots,
                held_back_per_30_days=fig.units_left * lots,
                oversold_orders_by_channel_per_30_days=tuple(by_c),
                oversold_units_by_channel_per_30_days=tuple(by_u),
            )
        self._figures[buffer] = out
        return out

    def any_oversell_probability(self, buffer: int, window_days: float) -> float:
        """The chance of at least one oversold order in a window of ``window_days``, in the steady state."""
        _check_buffer(buffer)
        key = (buffer, float(window_days))
        out = self._window.get(key)
        if out is None:
            if not self.figures(buffer).oversell_possible:
                out = 0.0
            else:
                assert self.lots is not None
                fig = self._lot(buffer)
                if self.general:
                    out = osz.window_probability(
                        self.lots, buffer, float(window_days), self.period_days, fig.p_oversell, fig.busy_periods
                    )
                else:
                    out = window_oversell_probability(self.lots, buffer, float(window_days), self.period_days, fig)
            self._window[key] = out
        return out

    def zero_from(self) -> int:
        """The smallest buffer from which no oversell is possible at all: each channel accepts at most what it
        lists, ``L``, so a period takes at most ``m L`` units, which exceeds ``L + k`` only while
        ``k < (m - 1) L <= (m - 1) (S - k)``; from ``ceil((m - 1) S / m)`` on, nothing can be oversold."""
        m = self.item.active_channels
        if self.never:
            return 0
        return -(-(m - 1) * self.item.stock // m)

    def smallest_buffer(self, window_days: float, target: Fraction) -> BufferSearch:
        """The smallest ``k`` with ``P(any oversell in the window) < target`` (compared exactly), scanning
        upwards from 0 to the last buffer that still lists an order's worth (``S - a``) or :meth:`zero_from`.

        A scan, not a bisection: the chance per lot never grows with the buffer, but the chance per window
        can (a larger buffer ends lots sooner, so there are more sell-outs; see the tests), so the first
        buffer below the target is found by looking at each one in turn.
        """
        S, a = self.item.stock, self.sizes.base
        if self.lots is None or a > S:
            return BufferSearch("nothing_sells", 0, 0.0)
        if self.never:
            return BufferSearch("never_oversells", 0, 0.0)
        for k in range(0, min(S - a, self.zero_from()) + 1):
            p = self.any_oversell_probability(k, window_days)
            if Fraction(p) < target:
                return BufferSearch("found", k, p)
        return BufferSearch("not_reached", None, None)


DAYS_PER_WEEK = 7


class WeekModel(OversellModel):
    """Busy days: the item's orders on the busiest day of the week are ``busiest_daily`` (all channels), the other
    six days share the rest of the week's orders equally, so the weekly average is unchanged. Every channel keeps
    its share of the day's orders.

    Each kind of day is taken in the steady state of its own rate (a day holds several sync periods, and a lot
    usually lasts about a day or less): the per-30-day figures are ``1/7`` of the busy day's plus ``6/7`` of a
    quiet day's, the per-lot figures those totals over the sell-outs. The chance of any oversell in a window of
    whole days is averaged over the seven days a window can start on: the window's days fall into stretches of one
    kind, and ``P(none) = prod_stretches (1 - P(any in the stretch))``, each stretch's chance from its own rate (the
    stretches taken as independent). This is the week-mixed chance, not the chance of the worst week."""

    def __init__(self, item: Item, busiest_daily: float):
        total = math.fsum(float(x) for x in item.daily_orders)
        if not (total > 0 and total <= busiest_daily <= DAYS_PER_WEEK * total):
            raise ValueError("the busiest day's orders must lie between the average and 7 times it")
        self.busy_factor = busiest_daily / total
        self.quiet_factor = max(0.0, (DAYS_PER_WEEK - self.busy_factor) / (DAYS_PER_WEEK - 1))
        self.busy = OversellModel(
            replace(item, daily_orders=tuple(float(x) * self.busy_factor for x in item.daily_orders))
        )
        self.quiet = OversellModel(
            replace(item, daily_orders=tuple(float(x) * self.quiet_factor for x in item.daily_orders))
        )
        self.item = item
        self.sizes = item.sizes
        self.daily_total = total
        self.period_days = self.busy.period_days
        self.never = self.busy.never
        self.lots = self.busy.lots
        self.period = self.busy.period
        self._figures = {}
        self._window = {}

    @property
    def orders_per_sync(self) -> float:
        return self.daily_total * self.period_days

    def set_k_need(self, k: int) -> None:
        self.busy.set_k_need(k)
        self.quiet.set_k_need(k)

    def figures(self, buffer: int) -> BufferFigures:
        """The busy day's and the quiet days' figures, mixed 1 : 6 per day (see the class docstring)."""
        _check_buffer(buffer)
        out = self._figures.get(buffer)
        if out is not None:
            return out
        b, q = self.busy.figures(buffer), self.quiet.figures(buffer)
        wb, wq = 1 / DAYS_PER_WEEK, (DAYS_PER_WEEK - 1) / DAYS_PER_WEEK

        def mix(name: str) -> float:
            return wb * getattr(b, name) + wq * getattr(q, name)

        def mix_all(name: str) -> tuple[float, ...]:
            return tuple(wb * x + wq * y for x, y in zip(getattr(b, name), getattr(q, name), strict=True))

        lots = mix("lots_per_30_days")
        oversells = mix("oversells_per_30_days")
        orders = mix("oversold_orders_per_30_days")
        units = mix("oversold_units_per_30_days")
        held = mix("held_back_per_30_days")

        def per_lot(x: float) -> float:
            return x / lots if lots > 0 else 0.0

        out = BufferFigures(
            buffer=buffer,
            listed=b.listed,
            sells=b.sells or q.sells,
            oversell_possible=b.oversell_possible or q.oversell_possible,
            lots_per_30_days=lots,
            oversell_per_lot=min(1.0, per_lot(oversells)),
            oversold_orders_per_lot=per_lot(orders),
            oversold_units_per_lot=per_lot(units),
            held_back_per_lot=per_lot(held),
            oversold_orders_per_30_days=orders,
            oversold_units_per_30_days=units,
            oversells_per_30_days=oversells,
            held_back_per_30_days=held,
            oversold_orders_by_channel_per_30_days=mix_all("oversold_orders_by_channel_per_30_days"),
            oversold_units_by_channel_per_30_days=mix_all("oversold_units_by_channel_per_30_days"),
        )
        self._figures[buffer] = out
        return out

    def any_oversell_probability(self, buffer: int, window_days: float) -> float:
        """The week-mixed chance of any oversell in a window of whole days (see the class docstring)."""
        _check_buffer(buffer)
        key = (buffer, float(window_days))
        out = self._window.get(key)
        if out is None:
            days = round(float(window_days))
            total = 0.0
            for start in range(DAYS_PER_WEEK):
                none = 1.0
                run_busy, run = start % DAYS_PER_WEEK == 0, 0
                for d in range(start, start + days + 1):
                    is_busy = d % DAYS_PER_WEEK == 0
                    if d < start + days and is_busy == run_busy:
                        run += 1
                        continue
                    model = self.busy if run_busy else self.quiet
                    none *= 1 - model.any_oversell_probability(buffer, run)
                    run_busy, run = is_busy, 1
                total += 1 - none
            out = self._window[key] = min(1.0, total / DAYS_PER_WEEK)
        return out


def model_for(item: Item, busiest_daily: float | None = None) -> OversellModel:
    """The model for an item: :class:`WeekModel` when the busiest day's orders are given and above the average,
    else :class:`OversellModel`."""
    total = math.fsum(float(x) for x in item.daily_orders)
    if busiest_daily is None or total <= 0 or busiest_daily <= total:
        return OversellModel(item)
    return WeekModel(item, float(busiest_daily))


def _check_buffer(buffer: int) -> None:
    if not (isinstance(buffer, int) and buffer >= 0):
        raise ValueError("the buffer must be an integer >= 0")


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
    return _assess(
        model,
        item,
        buffer,
        window_days,
        threshold,
        comparison,
        total_daily,
        unit,
        target,
        curve_buffers,
        channel,
        Fraction(channel_share),
    )


def _assess(
    model: Any,
    item: Item,
    buffer: int,
    window_days: int,
    threshold: Fraction,
    comparison: str,
    total_daily: Fraction | float,
    unit: str,
    target: Fraction,
    curve_buffers: int,
    channel: int | None,
    channel_share: Fraction,
) -> dict[str, Any]:
    """:func:`assess` for a model with the interface of :class:`OversellModel`."""
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
