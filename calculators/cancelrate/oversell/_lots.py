"""Sync periods, levels and lots of :mod:`cancelrate.oversell` for orders of ``a`` or ``a + 1`` units (the two-size
formulas of its docstring): :class:`Period`, :class:`Level`, :class:`Lots`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from . import _math as om

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
        self.beta, self.n_hi = om.period_reach(self.mu)
        self.instant = self.mu == 0
        self.hi = self.n_hi * self.b + 1
        self.scale = (1 + self.n_hi) / self.beta if self.beta > 0 else 1.0
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
        """:func:`cancelrate.oversell._math.channel_units` for channel ``j`` over ``tau`` of a period, from
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
        units = None if self.instant else om.compound_poisson(self.mu, self.a, self.r, upto)
        return om.given_busy(units, self.sizes, self.beta, upto)


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
        nodes bounds the error, :func:`cancelrate.oversell._math.gauss_nodes_for`)."""
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


def level_cut(period: Any, stock: int, low: int, reach: int, weight: float) -> int:
    """The highest level of a lot worth computing (``low`` when none above it is): from level ``L`` a period
    ends the lot (or refuses an order) only if its orders ask for ``L - reach + 1`` units or more, so
    ``sum_{L > cut} (P(Q >= L - reach + 1) + weight E[N; Q >= L - reach + 1])`` (``period.tail_p``,
    ``period.tail_n``; ``weight``: the most units of an order) bounds everything the levels above ``cut`` could
    add, and is kept under :data:`EPS_LEVEL`."""
    tp, tn = period.tail_p, period.tail_n
    acc = 0.0
    for L in range(stock, low, -1):
        x = L - reach + 1
        acc += (tp[x] + weight * tn[x]) if x < len(tp) else 0.0
        if acc > EPS_LEVEL:
            return L
    return low


class Lots:
    """A lot of ``stock`` units sold down from a sync at which every channel lists ``stock - k``."""

    def __init__(self, period: Period, stock: int):
        self.period = period
        self.stock = S = stock
        self.c = period.busy_demand(min(S, period.hi))
        self.c_pmf = om.trim((0, self.c))
        a, b = period.a, period.b
        self.v, self.v_prefix = om.renewal(self.c, S)  # V(y) = sum_t c(t) V(y - t)
        # a period from level L ends the lot only if its orders ask for L - a + 1 units or more
        self.cut = level_cut(period, S, a, reach=a, weight=b)
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
