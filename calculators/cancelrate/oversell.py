"""Oversell risk of one item listed on several channels (draft: core computations)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import _oversell_math as om

EPS_CAP = 1e-15
"""A channel whose chance of filling its listing within one sync period is below this is pooled with the
others (its orders are always accepted)."""
EPS_LEVEL = 1e-13
"""Levels whose every contribution (ending, oversell, oversold orders) is bounded below this in sum are left out."""


class Period:
    """One sync period: Poisson orders on each channel, two-point order sizes."""

    def __init__(self, mus: tuple[float, ...], a: int, r: float):
        self.mus = tuple(m for m in mus if m > 0)
        self.mu = math.fsum(self.mus)
        self.a, self.r, self.b = a, r, a + 1
        self.sizes = tuple((q, p) for q, p in ((a, 1 - r), (a + 1, r)) if p > 0)
        self.beta = -math.expm1(-self.mu)
        self.instant = self.mu == 0
        n_hi = 0
        while self.mu > 0 and om.poisson_sf(n_hi + 1, self.mu) > 1e-17:
            n_hi += 1
        self.n_hi = n_hi
        self.nodes = om.gauss_legendre(max(4, (n_hi + 1) // 2 + 3))
        self._levels: dict[int, Level] = {}

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

    def level(self, listed: int) -> Level:
        lv = self._levels.get(listed)
        if lv is None:
            lv = self._levels[listed] = Level(self, listed)
        return lv


class Level:
    """What one busy sync period does when every channel starts it listing ``listed`` units.

    ``pt``: pmf of the units accepted, ``T`` (given at least one order). ``ec[k]``, ``ecu[k]``: the expected
    oversold orders and their units when the stock is ``listed + k`` (given at least one order).
    """

    def __init__(self, period: Period, listed: int):
        self.listed = L = listed
        a, r = period.a, period.r
        self.period = period
        if period.instant:
            vals = [0.0] * (L + 1)
            for q, p in period.sizes:
                vals[q if q <= L else 0] += p
            self.pt = om.trim((0, vals))
            self.ec = [0.0]
            self.ecu = [0.0]
        else:
            z = L - a
            n_need = -(-max(z, 0) // period.b)
            capped = [m for m in period.mus if z <= 0 or om.poisson_sf(n_need, m) > EPS_CAP]
            pooled = math.fsum(m for m in period.mus if not (z <= 0 or om.poisson_sf(n_need, m) > EPS_CAP))
            if not capped:
                self._all_pooled(period, pooled)
            elif r == 0:
                self._constant_size(period, capped, pooled)
            else:
                self._quadrature(period, capped, pooled)
        self.pt_tails = om.upper_tails(self.pt)

    # -- the three ways to get pt, ec, ecu ---------------------------------------------------------

    def _unconditional_to_busy(self, period: Period, pt: om.Pmf) -> om.Pmf:
        off, vals = pt
        vals = [v / period.beta for v in vals]
        if off == 0:
            # T = 0 with orders: only when showing a (b-unit orders refused): e^-mu (e^(mu r) - 1)
            vals[0] = math.exp(-period.mu) * math.expm1(period.mu * period.r) / period.beta if self.listed < period.b else 0.0
        return om.trim((off, vals))

    def _all_pooled(self, period: Period, mu: float) -> None:
        """No channel can fill its listing: every order is accepted, ``T`` is compound Poisson and the
        ``i``-th order is oversold when ``S_i > X`` (``S_i`` the units of the first ``i`` orders):
        ``E[C] = sum_i P(N >= i) P(S_i > X)``."""
        a, r, L = period.a, period.r, self.listed
        hi = period.n_hi * period.b + 1
        pt = (0, om.compound_poisson(mu, a, r, hi))
        self.pt = self._unconditional_to_busy(period, om.trim(pt))
        sf = om.poisson_sfs(mu, period.n_hi + 1)
        k_hi = max(0, period.b * period.n_hi - L)
        ec = [0.0] * (k_hi + 1)
        ecu = [0.0] * (k_hi + 1)
        prev_tails = om.upper_tails((0, [1.0]))  # S_0 = 0
        for i in range(1, period.n_hi + 1):
            w = sf[i]
            if w < 1e-300:
                break
            s_i = (a * i, [om.binomial_pmf(j, i, r) for j in range(i + 1)])
            tails = om.upper_tails(s_i)
            for k in range(k_hi + 1):
                x = L + k
                ec[k] += w * om.tail_at(tails, x + 1)
                ecu[k] += w * math.fsum(p * q * om.tail_at(prev_tails, x - q + 1) for q, p in period.sizes)
            prev_tails = tails
        self.ec = [v / period.beta for v in ec]
        self.ecu = [v / period.beta for v in ecu]

    def _factors(self, period: Period, capped: list[float], pooled: float, tau: float) -> list[om.Pmf]:
        a, r, L = period.a, period.r, self.listed
        out = [om.channel_units(m * tau, L, a, r) for m in capped]
        if pooled > 0:
            hi = period.n_hi * period.b + 1
            out.append(om.trim((0, om.compound_poisson(pooled * tau, a, r, hi))))
        return out

    def _constant_size(self, period: Period, capped: list[float], pooled: float) -> None:
        """Every order is ``a`` units: the ``i``-th accepted order is oversold when ``i a > X``, so
        ``C = (T / a - floor(X / a))^+`` whatever the order of arrival."""
        a, L = period.a, self.listed
        total = (0, [1.0])
        for f in self._factors(period, capped, pooled, 1.0):
            total = om.convolve(total, f)
        self.pt = self._unconditional_to_busy(period, total)
        off, vals = self.pt
        t_max = off + len(vals) - 1
        k_hi = max(0, t_max - L)
        self.ec = []
        self.ecu = []
        for k in range(k_hi + 1):
            x = L + k
            e = math.fsum(v * max(0, (off + i) // a - x // a) for i, v in enumerate(vals))
            self.ec.append(e)
            self.ecu.append(a * e)

    def _quadrature(self, period: Period, capped: list[float], pooled: float) -> None:
        """Orders of two sizes with channels that can fill their listing: an order for ``q`` units on channel
        ``j`` at time ``t`` is accepted when ``U_j(t) <= L - q`` and oversold when ``U(t) + q > X`` (``U`` the
        units accepted before it, all channels). Channels are independent, so

            E[C] = sum_j lambda_j int_0^delta sum_q p_q sum_(u <= L - q) P(U_j(t) = u) P(U_-j(t) >= X - q + 1 - u) dt,

        integrated by Gauss-Legendre in ``t`` (the integrand is a smooth mix of Poisson terms)."""
        a, L = period.a, self.listed
        factors = self._factors(period, capped, pooled, 1.0)
        total = (0, [1.0])
        for f in factors:
            total = om.convolve(total, f)
        self.pt = self._unconditional_to_busy(period, total)
        off, vals = total
        k_hi = max(0, off + len(vals) - 1 - L)
        ec = [0.0] * (k_hi + 1)
        ecu = [0.0] * (k_hi + 1)
        nodes, weights = period.nodes
        n_cap = len(capped)
        for tau, wt in zip(nodes, weights, strict=True):
            fs = self._factors(period, capped, pooled, tau)
            prefix = [(0, [1.0])]
            for f in fs:
                prefix.append(om.convolve(prefix[-1], f))
            suffix = [(0, [1.0])]
            for f in reversed(fs):
                suffix.append(om.convolve(suffix[-1], f))
            suffix.reverse()  # suffix[i] = product of fs[i:]
            if pooled > 0:
                whole = om.upper_tails(prefix[-1])
                for k in range(k_hi + 1):
                    x = L + k
                    for q, p in period.sizes:
                        t = om.tail_at(whole, x - q + 1)
                        ec[k] += wt * pooled * p * t
                        ecu[k] += wt * pooled * p * q * t
            for j in range(n_cap):
                others = om.upper_tails(om.convolve(prefix[j], suffix[j + 1]))
                own_off, own = fs[j]
                mj = capped[j] * wt
                for q, p in period.sizes:
                    for i, pu in enumerate(own):
                        u = own_off + i
                        if u > L - q:
                            break
                        w = mj * p * pu
                        if w < 1e-300:
                            continue
                        for k in range(k_hi + 1):
                            t = om.tail_at(others, L + k - q + 1 - u)
                            if t == 0:
                                break
                            ec[k] += w * t
                            ecu[k] += w * q * t
        self.ec = [v / period.beta for v in ec]
        self.ecu = [v / period.beta for v in ecu]

    # -- reading it --------------------------------------------------------------------------------

    def p_t(self, t: int) -> float:
        off, vals = self.pt
        i = t - off
        return vals[i] if 0 <= i < len(vals) else 0.0

    def p_above(self, x: int) -> float:
        """``P(T > x)`` given at least one order."""
        return om.tail_at(self.pt_tails, x + 1)

    def oversold(self, k: int) -> tuple[float, float]:
        return (self.ec[k], self.ecu[k]) if k < len(self.ec) else (0.0, 0.0)


@dataclass
class LotFigures:
    p_oversell: float
    oversold_orders: float
    oversold_units: float
    busy_periods: float
    units_left: float
    end_total: float


class Lots:
    """A lot of ``stock`` units sold down from a sync at which every channel lists ``stock - k``."""

    def __init__(self, period: Period, stock: int):
        self.period = period
        self.stock = S = stock
        self.c = period.busy_demand(S)
        a, b = period.a, period.b
        v = [0.0] * (S + 1)
        if S >= 0:
            v[0] = 1.0
        support = [(t, p) for t, p in enumerate(self.c) if p > 1e-300]
        for y in range(1, S + 1):
            v[y] = math.fsum(p * v[y - t] for t, p in support if t <= y)
        self.v = v
        self.v_prefix = [0.0]
        for x in v:
            self.v_prefix.append(self.v_prefix[-1] + x)
        # Levels far above the boundary cannot end the lot: bound sum_{L > cut} P(end from L) by
        # P(N >= ceil((L - a + 1) / b)) (1 + mu) / beta.
        self.cut = a
        if not period.instant:
            bound_sum = 0.0
            L = S
            terms = []
            for L in range(a + 1, S + 1):
                n_need = -(-(L - a + 1) // b)
                terms.append(om.poisson_sf(n_need, period.mu) * (1 + period.mu) / period.beta)
            acc = 0.0
            cut = S
            for i in range(len(terms) - 1, -1, -1):
                acc += terms[i]
                if acc > EPS_LEVEL:
                    cut = a + 1 + i
                    break
            else:
                cut = a
            self.cut = cut
            del bound_sum
        else:
            self.cut = a + 1 if S >= a + 1 else a

    def figures(self, k: int) -> LotFigures:
        period, S = self.period, self.stock
        a = period.a
        y_top = S - k - a
        if y_top < 0:
            return LotFigures(0.0, 0.0, 0.0, math.inf, 0.0, 0.0)
        v, c = self.v, self.c
        boundary = period.level(a)
        reach = v[y_top]
        p_o = e_c = e_cu = e_r = end = 0.0
        for L in range(a + 1, min(self.cut, S - k) + 1):
            w = v[S - k - L]
            if w < 1e-300:
                continue
            lv = period.level(L)
            reach += w * (lv.p_t(L - a) - c[L - a])
            x = L + k
            p_o += w * lv.p_above(x)
            oc, ou = lv.oversold(k)
            e_c += w * oc
            e_cu += w * ou
            end += w * (lv.p_above(L - a))
            e_r += w * math.fsum((x - t) * lv.p_t(t) for t in range(L - a + 1, x + 1))
        stay = boundary.p_t(0)
        nb = reach / (1 - stay)
        x = k + a
        p_o += nb * boundary.p_above(x)
        oc, ou = boundary.oversold(k)
        e_c += nb * oc
        e_cu += nb * ou
        e_r += nb * math.fsum((x - t) * boundary.p_t(t) for t in range(1, x + 1))
        end += reach
        busy = self.v_prefix[y_top] + nb
        return LotFigures(p_o, e_c, e_cu, busy, e_r, end)
