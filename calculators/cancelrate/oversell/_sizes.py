"""Lots, levels and the window for orders of any sizes: :mod:`cancelrate.oversell` with a size distribution.

The model is the one of :mod:`cancelrate.oversell` (its docstring), with point 3 replaced: each order is for
``q`` units with probability ``p_q`` (``q`` from 1 to :data:`cancelrate.oversell.MAX_ORDER_UNITS`), independently.
A channel that lists ``l`` units accepts an order for ``q`` when ``q <= l``; orders it refuses are lost sales.

What changes against the two-size formulas
------------------------------------------
*One channel in a period.* From the listing ``L``, the units ``U`` a channel has accepted after ``n`` of its
orders follow the chain ``g_0 = [u = 0]``, ``g_n(u) = g_(n-1)(u) P(q > L - u) + sum_q p_q g_(n-1)(u - q) [q <= L - u + q]``
(an order is accepted when the channel still lists its units), and after ``tau`` of a period
``P(U(tau) = u) = sum_n P(Poisson(mu_j tau) = n) g_n(u)``. Below ``L - M + 1`` (``M`` the largest size) every order
is accepted, so there the law is the compound Poisson one.

*A level.* ``T`` (units accepted in a busy period) is the convolution of the channels' laws at ``tau = 1``;
``P(T = 0 | busy) = e^-mu (e^(mu P(q > L)) - 1) / beta`` (every order too large). The expected oversold orders
that channel ``j`` accepts, with ``X = L + k`` on hand, are

    E[C_j] = (mu_j / beta) int_0^1 sum_q p_q sum_(u <= L - q) P(U_j(t) = u) P(U_-j(t) >= X - q + 1 - u) dt,

with the Gauss-Legendre nodes of :func:`cancelrate.oversell._math.gauss_nodes_for`. A level at which no channel
can realistically be asked for more than ``L - M`` units (chance below ``EPS_CAP``) accepts every order: ``T`` has
the busy-period demand law ``c`` and ``E[C] = sum_i P(N >= i) P(S_i > X) / beta``, split over the channels in
proportion to their orders (every order's channel is then independent of the rest).

*The lot* is a chain on the levels: it starts at ``S - k``, and a busy period at ``L`` moves it to ``L - T``, ends
it when ``T > L - a`` (``a`` the smallest size; with an oversell when ``T > X``), and leaves it where it is when
``T = 0``. With ``A(L)`` the chance the lot ever lists ``L`` and ``n_L = A(L) / P_L(T > 0)`` the busy periods it
spends there, ``A(L) = sum_(L' > L) n_L' P_L'(T = L' - L)``; above the levels that can end the lot (bounded as in
:class:`cancelrate.oversell._lots.Lots`) the chain is the free walk ``V``. Per lot: ``P(oversell) = sum n_L P_L(T > X)``,
busy periods ``sum n_L``, oversold orders ``sum n_L E_L[C]``.

*The window* is the renewal formula of :func:`cancelrate.oversell._window.window_oversell_probability`, with the lot
length's law from the level distribution after each busy period (the chain above, followed step by step).
"""

from __future__ import annotations

import math
import operator
from typing import Any

from . import _math as om
from ._lots import EPS_CAP, EPS_QUAD, EPS_WINDOW, level_cut
from ._window import busy_period_counts


def compound_poisson_sizes(nu: float, sizes: tuple[tuple[int, float], ...], upto: int) -> list[float]:
    """``[P(Q = y) for y in 0..upto]``, ``Q`` the units of ``Poisson(nu)`` orders of ``q`` units with probability
    ``p_q`` each: Panjer's recursion ``f(y) = nu / y sum_q q p_q f(y - q)``, ``f(0) = e^-nu`` (every term positive);
    in log space when ``e^-nu`` would underflow."""
    out = [0.0] * (upto + 1)
    if nu <= 0:
        out[0] = 1.0
        return out
    weights = [(q, q * p) for q, p in sizes if p > 0]
    if nu < 600:
        out[0] = math.exp(-nu)
        for y in range(1, upto + 1):
            out[y] = nu / y * math.fsum(w * out[y - q] for q, w in weights if q <= y)
        return out
    logs = [-math.inf] * (upto + 1)
    logs[0] = -nu
    for y in range(1, upto + 1):
        terms = [math.log(w) + logs[y - q] for q, w in weights if q <= y and logs[y - q] > -math.inf]
        if terms:
            top = max(terms)
            logs[y] = math.log(nu / y) + top + math.log(math.fsum(math.exp(t - top) for t in terms))
    return [math.exp(v) if v > -745 else 0.0 for v in logs]


class SizedPeriod:
    """One sync period with orders of any sizes: the level-independent pieces (demand laws, pooled oversold
    orders, the bounds that decide which levels matter)."""

    def __init__(self, mus: tuple[float, ...], sizes: tuple[tuple[int, float], ...]):
        self.mus = tuple(m for m in mus if m > 0)
        self.channels = tuple(i for i, m in enumerate(mus) if m > 0)
        self.sizes = tuple((q, p) for q, p in sizes if p > 0)
        self.a = min(q for q, _ in self.sizes)
        self.big = max(q for q, _ in self.sizes)
        self.mu = math.fsum(self.mus)
        self.beta, self.n_hi = om.period_reach(self.mu)
        self.instant = self.mu == 0
        self.hi = self.n_hi * self.big + 1
        self.scale = (1 + self.n_hi) / self.beta if self.beta > 0 else 1.0
        self.k_need = 5
        self._levels: dict[int, SizedLevel] = {}
        self._chains: dict[int, list[list[float]]] = {}
        self._cap: dict[int, list[float]] = {}
        self._columns: dict[int, list[list[float]]] = {}
        self._sums()

    def _sums(self) -> None:
        """``S_i`` (units of ``i`` orders) for ``i <= n_hi``: the pooled oversold orders ``G[x] = sum_i P(N >= i)
        P(S_i > x)``, their units ``Gu[x] = sum_i P(N >= i) sum_q p_q q P(S_(i-1) > x - q)``, and the busy-period
        demand tails ``tail_p[x] = P(Q >= x | busy)``, ``tail_n[x] = E[N; Q >= x | busy]``."""
        hi = self.hi
        G, Gu = [0.0] * (hi + 2), [0.0] * (hi + 2)
        tail_p, tail_n = [0.0] * (hi + 2), [0.0] * (hi + 2)
        if self.instant:
            self.G, self.Gu, self.tail_p, self.tail_n = G, Gu, tail_p, tail_n
            return
        sf = om.poisson_sfs(self.mu, self.n_hi + 1)
        size_pmf = (self.a, [0.0] * (self.big - self.a + 1))
        for q, p in self.sizes:
            size_pmf[1][q - self.a] = p
        prev: om.Pmf = (0, [1.0])
        for i in range(1, self.n_hi + 1):
            cur = om.convolve(prev, size_pmf)
            tails = om.dense_tails(cur)  # P(S_i >= y)
            prev_tails = om.dense_tails(prev)
            pn = om.poisson_pmf(i, self.mu) / self.beta
            for x in range(hi + 2):
                above = tails[x + 1] if x + 1 < len(tails) else 0.0
                G[x] += sf[i] * above
                for q, p in self.sizes:
                    y = x - q + 1  # S_(i-1) >= x - q + 1
                    t = 1.0 if y <= 0 else (prev_tails[y] if y < len(prev_tails) else 0.0)
                    Gu[x] += sf[i] * p * q * t
                at = tails[x] if x < len(tails) else 0.0
                tail_p[x] += pn * at
                tail_n[x] += i * pn * at
            prev = cur
        self.G, self.Gu, self.tail_p, self.tail_n = G, Gu, tail_p, tail_n

    def demand(self, upto: int) -> list[float]:
        """``c(y) = P(Q = y | busy)`` for ``y`` in ``0..upto``."""
        units = None if self.instant else compound_poisson_sizes(self.mu, self.sizes, upto)
        return om.given_busy(units, self.sizes, self.beta, upto)

    def cap_prob(self, j: int, z: int) -> float:
        """``P(Q_j >= z)``: channel ``j`` asked for ``z`` units or more in a period."""
        tails = self._cap.get(j)
        if tails is None:
            tails = self._cap[j] = om.dense_tails((0, compound_poisson_sizes(self.mus[j], self.sizes, self.hi)))
        if z <= 0:
            return 1.0
        return tails[z] if z < len(tails) else 0.0

    def chain(self, listed: int) -> list[list[float]]:
        """``g_n(u)`` for ``n = 0..n_hi`` and ``u = 0..listed``: the units one channel has accepted after ``n`` of
        its orders, from a listing of ``listed``."""
        out = self._chains.get(listed)
        if out is None:
            g = [1.0] + [0.0] * listed
            out = [g]
            for _ in range(self.n_hi):
                nxt = [0.0] * (listed + 1)
                for u, x in enumerate(g):
                    if x < 1e-300:
                        continue
                    room = listed - u
                    for q, p in self.sizes:
                        if q <= room:
                            nxt[u + q] += x * p
                        else:
                            nxt[u] += x * p
                g = nxt
                out.append(g)
            self._chains[listed] = out
        return out

    def channel(self, j: int, tau: float, listed: int) -> om.Pmf:
        """The pmf of channel ``j``'s accepted units after ``tau`` of a period, from a listing of ``listed``:
        ``sum_n P(Poisson(mu_j tau) = n) g_n(u)``."""
        nu = self.mus[j] * tau
        columns = self._columns.get(listed)
        if columns is None:
            chain = self.chain(listed)
            columns = self._columns[listed] = [list(col) for col in zip(*chain, strict=True)]
        weights = om.poisson_pmfs(nu, len(columns[0]) - 1)
        mul = operator.mul
        return om.trim((0, [sum(map(mul, weights, col)) for col in columns]))

    def level(self, listed: int) -> SizedLevel:
        lv = self._levels.get(listed)
        if lv is None:
            lv = self._levels[listed] = SizedLevel(self, listed)
        return lv


class SizedLevel:
    """A busy period that starts with every channel listing ``listed``: ``pt`` (the law of ``T``) and, per
    buffer ``k``, the oversold orders and units by channel."""

    def __init__(self, period: SizedPeriod, listed: int):
        self.period = period
        self.listed = L = listed
        self._k_done = -1
        self._by: list[list[float]] = []
        self._by_u: list[list[float]] = []
        self._diff: om.Pmf | None = None
        if period.instant:
            vals = [0.0] * (L + 1)
            for q, p in period.sizes:
                vals[q if q <= L else 0] += p
            self.tier = "instant"
            self.pt = om.trim((0, vals))
        else:
            z = L - period.big + 1
            e1 = math.fsum(period.cap_prob(j, z) for j in range(len(period.mus)))
            if e1 * period.scale < EPS_CAP:
                self.tier = "pooled"
                self.pt = om.trim((0, period.demand(min(period.hi, L + period.hi))))
            else:
                self.tier = "exact"
                total: om.Pmf = (0, [1.0])
                for j in range(len(period.mus)):
                    total = om.convolve(total, period.channel(j, 1.0, L))
                off, vals = total
                busy = [v / period.beta for v in [0.0] * off + vals]
                if period.big <= L:
                    busy[0] = 0.0
                else:
                    refused = math.fsum(p for q, p in period.sizes if q > L)
                    busy[0] = math.exp(-period.mu) * math.expm1(period.mu * refused) / period.beta
                self.pt = om.trim((0, busy))
        self.pt_tails = om.upper_tails(self.pt)

    def p_t(self, t: int) -> float:
        off, vals = self.pt
        i = t - off
        return vals[i] if 0 <= i < len(vals) else 0.0

    def diff(self, c: om.Pmf) -> om.Pmf:
        """``P_L(T = t) - c(t)`` for ``t > L - M`` (it is 0 below: every order fits): what this level's own law adds
        to the free demand ``c``. Empty for a level that accepts every order."""
        out = self._diff
        if out is None:
            if self.tier != "exact":
                out = (0, [])
            else:
                lo = max(0, self.listed - self.period.big + 1)
                (p_off, p_vals), (c_off, c_vals) = self.pt, c
                hi = max(p_off + len(p_vals), c_off + len(c_vals))
                vals = [
                    self.p_t(t) - (c_vals[t - c_off] if 0 <= t - c_off < len(c_vals) else 0.0) for t in range(lo, hi)
                ]
                while vals and abs(vals[-1]) < om.TRIM:
                    vals.pop()
                out = (lo, vals)
            self._diff = out
        return out

    def p_above(self, x: int) -> float:
        """``P(T > x | busy)``."""
        return om.tail_at(self.pt_tails, x + 1)

    def left_over(self, x: int) -> float:
        """``E[(x - T); L - a < T <= x]``: units on the shelf when the period ends the lot without an oversell."""
        off, vals = self.pt
        lo = max(self.listed - self.period.a + 1, off, 1)
        return math.fsum((x - t) * vals[t - off] for t in range(lo, min(x, off + len(vals) - 1) + 1))

    def oversold(self, k: int) -> tuple[list[float], list[float]]:
        """Per channel of ``period.mus``: expected oversold orders and units given a busy period, ``listed + k`` on
        hand."""
        if self._k_done < 0:
            # every buffer at once: past the most units a period can take (T - L), nothing is oversold
            off, vals = self.pt
            self._upto(max(0, off + len(vals) - 1 - self.listed))
        if k > self._k_done:
            n = len(self.period.mus)
            return [0.0] * n, [0.0] * n
        return [row[k] for row in self._by], [row[k] for row in self._by_u]

    def _upto(self, k_hi: int) -> None:
        period, L = self.period, self.listed
        n = len(period.mus)
        by = [[0.0] * (k_hi + 1) for _ in range(n)]
        by_u = [[0.0] * (k_hi + 1) for _ in range(n)]
        if self.tier == "pooled":
            for k in range(k_hi + 1):
                x = L + k
                g = period.G[x] if x < len(period.G) else 0.0
                gu = period.Gu[x] if x < len(period.Gu) else 0.0
                for j, mj in enumerate(period.mus):
                    by[j][k] = g * mj / period.mu / period.beta
                    by_u[j][k] = gu * mj / period.mu / period.beta
        elif self.tier == "exact":
            self._exact(k_hi, by, by_u)
        self._by, self._by_u, self._k_done = by, by_u, k_hi

    def _exact(self, k_hi: int, by: list[list[float]], by_u: list[list[float]]) -> None:
        period, L = self.period, self.listed
        mus = period.mus
        reach = L - period.big + 1
        need = max(0, -(-reach // period.big))  # orders before any oversold one
        nodes, weights = om.gauss_legendre(om.gauss_nodes_for(period.mu, 1 / period.beta, EPS_QUAD, period.mu, need))
        for tau, wt in zip(nodes, weights, strict=True):
            fs = [period.channel(j, tau, L) for j in range(len(mus))]
            prefix: list[om.Pmf] = [(0, [1.0])]
            for f in fs[:-1]:
                prefix.append(om.convolve(prefix[-1], f))
            suffix: list[om.Pmf] = [(0, [1.0])]
            for f in reversed(fs[1:]):
                suffix.append(om.convolve(suffix[-1], f))
            suffix.reverse()
            for j, (own_off, own) in enumerate(fs):
                others = om.dense_tails(om.convolve(prefix[j], suffix[j]))
                mj = mus[j] * wt / period.beta
                # by d = u + q, the units once the order is taken (accepted when d <= L): one correlation for all sizes
                w: dict[int, float] = {}
                w_u: dict[int, float] = {}
                for i, pu in enumerate(own):
                    u = own_off + i
                    for q, p in period.sizes:
                        d = u + q
                        if d <= L:
                            w[d] = w.get(d, 0.0) + mj * p * pu
                            w_u[d] = w_u.get(d, 0.0) + mj * p * q * pu
                if not w:
                    continue
                # oversold when the others' units reach X + 1 - d = L + k + 1 - d
                acc = om.correlation(w, others, L + 1, L + 1 + k_hi)
                acc_u = om.correlation(w_u, others, L + 1, L + 1 + k_hi)
                for k in range(k_hi + 1):
                    by[j][k] += acc[k]
                    by_u[j][k] += acc_u[k]


class SizedLots:
    """Lots of ``stock`` units, orders of any sizes (see the module docstring)."""

    def __init__(self, period: SizedPeriod, stock: int):
        self.period = period
        self.stock = S = stock
        self.c = period.demand(min(max(S, 1), period.hi))
        self.c_full = om.trim((0, period.demand(period.hi)))
        a, big = period.a, period.big
        self.v, self.v_prefix = om.renewal(self.c, S)
        # a period from level L ends the lot or refuses an order only if it asks for L - M + 1 units or more
        self.cut = level_cut(period, S, max(a, big), reach=big, weight=big)

    def chain(self, k: int) -> tuple[list[tuple[int, float]], float]:
        """The levels from ``min(cut, S - k)`` down to ``a`` with the busy periods spent at each, ``n_L``, and the
        busy periods spent above them."""
        period, S = self.period, self.stock
        a, top = period.a, S - k
        start = min(self.cut, top)
        arrive = [0.0] * (start + 1)
        c = self.c
        # from the free levels above start (the walk V), a jump into start or below
        for Lp in range(start + 1, top + 1):
            w = self.v[top - Lp]
            if w < 1e-300:
                continue
            for t in range(Lp - start, min(len(c), Lp + 1)):
                arrive[Lp - t] += w * c[t]
        if start == top:
            arrive[start] += 1.0
        out = []
        for L in range(start, a - 1, -1):
            if arrive[L] <= 0:
                continue
            lv = period.level(L)
            leave = 1 - lv.p_t(0)
            n_l = arrive[L] / leave if leave > 0 else 0.0
            out.append((L, n_l))
            off, vals = lv.pt
            for i, pv in enumerate(vals):
                t = off + i
                if 0 < t <= L - a:
                    arrive[L - t] += n_l * pv
        above = self.v_prefix[top - start]
        return out, above

    def figures(self, k: int) -> tuple[float, float, float, float]:
        """``(P(oversell), busy periods, units left, P(the lot ends))`` per lot for buffer ``k``."""
        a = self.period.a
        if self.stock - k < a:
            return 0.0, math.inf, 0.0, 0.0
        levels, above = self.chain(k)
        p_o = busy = left = end = 0.0
        for L, n_l in levels:
            lv = self.period.level(L)
            p_o += n_l * lv.p_above(L + k)
            end += n_l * lv.p_above(L - a)
            left += n_l * lv.left_over(L + k)
            busy += n_l
        return p_o, busy + above, left, end

    def oversold(self, k: int) -> tuple[float, float]:
        """Expected oversold orders and their units per lot."""
        oc, ou = self.oversold_by_channel(k)
        return math.fsum(oc), math.fsum(ou)

    def oversold_by_channel(self, k: int) -> tuple[list[float], list[float]]:
        """Expected oversold orders and units per lot, by channel of ``period.mus``."""
        n = len(self.period.mus)
        e_c, e_u = [0.0] * n, [0.0] * n
        if self.stock - k < self.period.a:
            return e_c, e_u
        levels, _ = self.chain(k)
        for L, n_l in levels:
            oc, ou = self.period.level(L).oversold(k)
            for j in range(n):
                e_c[j] += n_l * oc[j]
                e_u[j] += n_l * ou[j]
        return e_c, e_u

    def length_law(self, k: int, steps: int) -> tuple[list[float], list[float], list[float]]:
        """For ``d = 0..`` (at most ``steps``): ``P(D = d, no oversell)``, ``P(D = d, oversell)`` and ``P(D <= d)``,
        ``D`` the busy periods a lot lasts, following the lot's distance ``y = S - k - L`` from its first level
        period by period: a busy period at ``L`` moves it by ``T`` (the free demand ``c`` above the levels that can
        end the lot, one convolution); it ends at a level below ``a``, with an oversell below ``-k``."""
        period, S = self.period, self.stock
        a = period.a
        top = S - k
        y_cut = max(0, top - self.cut)  # y < y_cut: free levels
        y_end = top - a  # y > y_end: the lot has ended
        y_over = top + k  # y > y_over: ... with an oversell
        c = self.c_full
        row: om.Pmf = (0, [1.0])
        quiet, over, ended = [0.0], [0.0], [0.0]
        d = 0
        while d < steps and row[1]:
            d += 1
            off, vals = row
            # every level moves by the free demand, T = Q, as long as T <= L - M (every order fits) ...
            c_off, acc = om.convolve(row, c)
            acc = [0.0] * (c_off - off) + acc
            # ... and the levels that can refuse an order add the difference their own law makes past L - M
            for i in range(max(0, y_cut - off), len(vals)):
                m = vals[i]
                if m < 1e-300:
                    continue
                t_off, diff = period.level(top - off - i).diff(c)
                if not diff:
                    continue
                base = i + t_off
                if base + len(diff) > len(acc):
                    acc.extend([0.0] * (base + len(diff) - len(acc)))
                seg = acc[base : base + len(diff)]
                acc[base : base + len(diff)] = [x + m * v for x, v in zip(seg, diff, strict=True)]
            e_d = b_d = 0.0
            keep = []
            for i, x in enumerate(acc):
                y = off + i
                if y > y_over:
                    e_d += x
                elif y > y_end:
                    b_d += x
                else:
                    keep.append(max(0.0, x))
            row = om.trim((off, keep)) if keep and math.fsum(keep) > 1e-25 else (0, [])
            quiet.append(b_d)
            over.append(e_d)
            ended.append(ended[-1] + e_d + b_d)
        return quiet, over, ended


def window_probability(
    lots: SizedLots, k: int, window_days: float, period_days: float, p_oversell: float, busy: float
) -> float:
    """``P(at least one oversell in a window)``, steady state: the renewal sum of
    :func:`cancelrate.oversell._window.window_oversell_probability` with the lot length's law of
    :meth:`SizedLots.length_law`."""
    period = lots.period
    if p_oversell <= 0 or period.instant or window_days <= 0 or period_days <= 0:
        return 0.0
    mix = busy_period_counts(window_days / period_days, period.beta)
    rate = p_oversell / busy
    J = max(mix)
    if J <= 0:
        return 0.0
    expected = rate * math.fsum(w * m for m, w in mix.items())
    if expected <= EPS_WINDOW:
        return expected
    quiet, _, ended = lots.length_law(k, J)
    longest = len(ended) - 1
    fewest = min(m for m, w in mix.items() if w > 1e-17)
    complete = fewest // max(longest, 1) - 1
    if complete > 0:
        none_bound = math.exp(complete * math.log1p(-min(p_oversell, 1.0))) + (fewest + 1) * max(0.0, 1.0 - ended[-1])
        if none_bound <= EPS_WINDOW:
            return 1.0
    survive_end = max(0.0, 1.0 - ended[-1])
    u = [1.0]
    prefix = [0.0, 1.0]
    for m in range(1, J + 1):
        survive = max(0.0, 1.0 - ended[m]) if m < len(ended) else survive_end
        top = min(m, len(quiet) - 1)
        conv = math.fsum(quiet[i] * u[m - i] for i in range(1, top + 1) if quiet[i])
        u.append(survive + conv)
        prefix.append(prefix[-1] + u[-1])
    return min(1.0, rate * math.fsum(w * prefix[m] for m, w in mix.items()))


def describe(period: SizedPeriod) -> dict[str, Any]:
    """The sizes as the model reads them (for tests and the bench)."""
    return {"sizes": period.sizes, "smallest": period.a, "largest": period.big, "orders_per_sync": period.mu}
