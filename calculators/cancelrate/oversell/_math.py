"""Numerical building blocks for :mod:`cancelrate.oversell` (standard library only).

Everything here is a probability mass function (pmf) or a sum of Poisson and
binomial terms, computed in floating point with stated truncation:

* A pmf is an ``(offset, values)`` pair: ``values[i] = P(X = offset + i)``.
  :func:`trim` drops values below :data:`TRIM` from both ends; over a whole
  computation the dropped mass stays far below the 1e-9 the model promises.
* Poisson terms come from log space (``lgamma``), so large means do not
  underflow ``exp(-nu)``.
"""

from __future__ import annotations

import math
import operator
from functools import cache

TRIM = 1e-17
"""Pmf values below this are dropped at the ends of an array (absolute probability)."""

Pmf = tuple[int, list[float]]


def log_poisson(n: int, nu: float) -> float:
    """``log P(N = n)`` for ``N ~ Poisson(nu)``, ``nu > 0``."""
    return -nu + n * math.log(nu) - math.lgamma(n + 1)


def poisson_pmf(n: int, nu: float) -> float:
    """``P(N = n)`` for ``N ~ Poisson(nu)``."""
    if nu <= 0:
        return 1.0 if n == 0 else 0.0
    return math.exp(log_poisson(n, nu))


def log_poisson_sf(m: int, nu: float) -> float:
    """``log P(N >= m)`` for ``N ~ Poisson(nu)``, accurate for tiny tails.

    Below the mean it is ``log(1 - P(N <= m - 1))`` (that sum is at most about
    0.6, so no cancellation); above, ``log P(N = m)`` plus the log of the
    series ``sum_i prod_{l <= i} nu / (m + l)``, whose terms shrink
    geometrically (ratio below 1), summed until they stop counting.
    """
    if m <= 0:
        return 0.0
    if nu <= 0:
        return -math.inf
    if m <= nu:
        below = math.fsum(math.exp(log_poisson(i, nu)) for i in range(m))
        return math.log1p(-min(below, 1.0)) if below < 1.0 else -math.inf
    total, term, i = 1.0, 1.0, 0
    while True:
        i += 1
        term *= nu / (m + i)
        total += term
        if term < 1e-18 * total:
            break
    return log_poisson(m, nu) + math.log(total)


def period_reach(mu: float) -> tuple[float, int]:
    """``(beta, n_hi)`` for the orders of one sync period, ``N ~ Poisson(mu)``: ``beta = P(N >= 1) = 1 - e^-mu``
    (a period that opens a lot) and ``n_hi``, the most orders counted in a period (``P(N > n_hi) <= 1e-18``;
    1 when ``mu`` is 0)."""
    n_hi = 1
    while mu > 0 and poisson_sf(n_hi + 1, mu) > 1e-18:
        n_hi += 1
    return -math.expm1(-mu), n_hi


def given_busy(units: list[float] | None, sizes: tuple[tuple[int, float], ...], beta: float, upto: int) -> list[float]:
    """``P(Q = y | at least one order)`` for ``y`` in ``0..upto``: the units ordered in a busy period, from
    ``units``, the law of a period's units (``P(Q = y)``, compound Poisson), over ``beta = P(N >= 1)``. ``None``:
    instant sync, where a busy period is one order, of size ``q`` with chance ``p`` (``sizes``)."""
    if units is None:
        out = [0.0] * (upto + 1)
        for q, p in sizes:
            if q <= upto:
                out[q] += p
        return out
    return [0.0] + [x / beta for x in units[1:]]


def poisson_sf(m: int, nu: float) -> float:
    """``P(N >= m)`` for ``N ~ Poisson(nu)``."""
    return math.exp(log_poisson_sf(m, nu))


def poisson_pmfs(nu: float, n_hi: int) -> list[float]:
    """``[P(N = n) for n in 0..n_hi]`` for ``N ~ Poisson(nu)``: ``P(n) = P(n - 1) nu / n`` from ``e^-nu``
    (every term from ``lgamma`` when ``e^-nu`` would underflow)."""
    if nu <= 0:
        return [1.0] + [0.0] * n_hi
    if nu > 600:
        return [math.exp(log_poisson(n, nu)) for n in range(n_hi + 1)]
    out = [math.exp(-nu)] * (n_hi + 1)
    x = out[0]
    for n in range(1, n_hi + 1):
        x *= nu / n
        out[n] = x
    return out


def poisson_sfs(nu: float, m_hi: int) -> list[float]:
    """``[P(N >= m) for m in 0..m_hi]`` for ``N ~ Poisson(nu)``: ``1 -`` the running sum below the mean (at
    most about 0.6 there, so no cancellation), the upper sum from the top down above it."""
    if nu <= 0:
        return [1.0] + [0.0] * m_hi
    out = [1.0] * (m_hi + 1)
    if m_hi < 1:
        return out
    pmf = poisson_pmfs(nu, m_hi)
    split = min(m_hi, math.floor(nu))
    cdf = 0.0
    for m in range(1, split + 1):
        cdf += pmf[m - 1]
        out[m] = max(0.0, 1.0 - cdf)
    if split < m_hi:
        upper = poisson_sf(m_hi + 1, nu)
        for m in range(m_hi, split, -1):
            upper += pmf[m]
            out[m] = upper
    return out


def binomial_pmf(k: int, n: int, r: float) -> float:
    """``P(B = k)`` for ``B ~ Binomial(n, r)``."""
    if k < 0 or k > n:
        return 0.0
    if r <= 0:
        return 1.0 if k == 0 else 0.0
    if r >= 1:
        return 1.0 if k == n else 0.0
    return math.exp(
        math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * math.log(r) + (n - k) * math.log1p(-r)
    )


def compound_poisson(nu: float, a: int, r: float, upto: int) -> list[float]:
    """``[P(Q = y) for y in 0..upto]``: ``Q`` is the units of ``Poisson(nu)`` orders, each of ``a`` units
    (probability ``1 - r``) or ``a + 1`` (probability ``r``).

    Panjer's recursion ``f(y) = nu / y * (a (1 - r) f(y - a) + (a + 1) r f(y - a - 1))``, ``f(0) = e^-nu``
    (every term positive, so it is stable); carried in log space when ``e^-nu`` would underflow.
    """
    out = [0.0] * (upto + 1)
    if nu <= 0:
        out[0] = 1.0
        return out
    b = a + 1
    wa, wb = a * (1 - r), b * r
    if nu < 600:
        out[0] = math.exp(-nu)
        for y in range(1, upto + 1):
            s = 0.0
            if y >= a:
                s += wa * out[y - a]
            if y >= b and wb:
                s += wb * out[y - b]
            out[y] = nu / y * s
        return out
    logs = [-math.inf] * (upto + 1)
    logs[0] = -nu
    la = math.log(wa) if wa > 0 else -math.inf
    lb = math.log(wb) if wb > 0 else -math.inf
    for y in range(1, upto + 1):
        x1 = la + logs[y - a] if y >= a else -math.inf
        x2 = lb + logs[y - b] if y >= b else -math.inf
        hi = max(x1, x2)
        if hi == -math.inf:
            continue
        logs[y] = math.log(nu / y) + hi + math.log1p(math.exp(min(x1, x2) - hi))
    return [math.exp(v) if v > -745 else 0.0 for v in logs]


def trim(pmf: Pmf) -> Pmf:
    """Drop values below :data:`TRIM` at both ends (at least one value is kept)."""
    off, vals = pmf
    lo, hi = 0, len(vals)
    while lo < hi - 1 and vals[lo] < TRIM:
        lo += 1
    while hi - 1 > lo and vals[hi - 1] < TRIM:
        hi -= 1
    if lo == 0 and hi == len(vals):
        return pmf
    return off + lo, vals[lo:hi]


def convolve(p: Pmf, q: Pmf) -> Pmf:
    """The pmf of the sum of two independent variables (trimmed)."""
    (o1, v1), (o2, v2) = p, q
    if len(v1) < len(v2):
        v1, v2 = v2, v1
    n1 = len(v1)
    out = [0.0] * (n1 + len(v2) - 1)
    for j, y in enumerate(v2):
        if y < TRIM:
            continue
        out[j : j + n1] = [o + x * y for o, x in zip(out[j : j + n1], v1, strict=False)]
    return trim((o1 + o2, out))


def dense_tails(pmf: Pmf) -> list[float]:
    """``t[y] = P(X >= y)`` for ``y = 0 .. top`` (``X >= 0``); past the end ``P(X >= y) = 0``."""
    off, vals = pmf
    out = [0.0] * (off + len(vals))
    s = 0.0
    for i in range(len(vals) - 1, -1, -1):
        s += vals[i]
        out[off + i] = s
    for y in range(off):
        out[y] = s
    return out


def correlate_into(acc: list[float], weights: dict[int, float], tails: list[float]) -> None:
    """``acc[k] += sum_s weights[s] tails[k + s]`` for every ``k`` (``tails`` is 0 past its end)."""
    n = len(acc)
    for s, w in weights.items():
        seg = tails[s : s + n]
        if seg:
            acc[: len(seg)] = [x + w * t for x, t in zip(acc, seg, strict=False)]


def upper_tails(pmf: Pmf) -> Pmf:
    """``(offset, t)`` with ``t[i] = P(X >= offset + i)``; ``P(X >= y)`` is 1 below ``offset`` and 0 past the end."""
    off, vals = pmf
    out = [0.0] * len(vals)
    s = 0.0
    for i in range(len(vals) - 1, -1, -1):
        s += vals[i]
        out[i] = s
    return off, out


def tail_at(tails: Pmf, y: int) -> float:
    """``P(X >= y)`` from :func:`upper_tails`."""
    off, t = tails
    i = y - off
    if i <= 0:
        return 1.0 if i < 0 or not t else min(1.0, t[0])
    return t[i] if i < len(t) else 0.0


@cache
def gauss_legendre(n: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Nodes and weights of the ``n``-point Gauss-Legendre rule on ``[0, 1]`` (Newton on ``P_n``)."""
    nodes, weights = [], []
    for i in range(1, n + 1):
        x = math.cos(math.pi * (i - 0.25) / (n + 0.5))
        for _ in range(100):
            p0, p1 = 1.0, x
            for k in range(2, n + 1):
                p0, p1 = p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
            dp = n * (x * p1 - p0) / (x * x - 1)
            step = p1 / dp
            x -= step
            if abs(step) < 1e-16:
                break
        p0, p1 = 1.0, x
        for k in range(2, n + 1):
            p0, p1 = p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
        dp = n * (x * p1 - p0) / (x * x - 1)
        nodes.append((1 - x) / 2)
        weights.append(1 / ((1 - x * x) * dp * dp))
    return tuple(nodes), tuple(weights)


def stay_weight(n: int, nu: float, r: float) -> float:
    """``sum_(j >= 0) P(N = n + 1 + j) r^j`` for ``N ~ Poisson(nu)``: the chance that, of the orders after the
    ``(n + 1)``-th, every one is a larger one (probability ``r`` each).

    Summed term by term (ratio ``nu r / (n + 2 + j)``) while ``nu r <= 30``; above, the closed form
    ``e^(-nu (1 - r)) P(Poisson(nu r) >= n + 1) / r^(n + 1)``, where ``nu r`` cannot underflow.
    """
    if r <= 0:
        return poisson_pmf(n + 1, nu)
    x = nu * r
    if x > 30:
        return math.exp(-nu * (1 - r) + log_poisson_sf(n + 1, x) - (n + 1) * math.log(r))
    term = poisson_pmf(n + 1, nu)
    total = term
    j = 0
    while term > 0:
        term *= x / (n + 2 + j)
        j += 1
        total += term
        if term < 1e-18 * total and n + 2 + j > x:
            break
    return total


def landing_paths(s: int, a: int, r: float) -> list[tuple[int, float]]:
    """``[(n, P(S_n = s))]``: the ways ``n`` orders of ``a`` or ``a + 1`` units add up to ``s`` units."""
    b = a + 1
    out = []
    for n in range(-(-s // b), s // a + 1):
        h = binomial_pmf(s - a * n, n, r)
        if h:
            out.append((n, h))
    return out


def channel_zone(
    nu: float,
    listed: int,
    a: int,
    r: float,
    tails: list[float] | None = None,
    stays: list[float] | None = None,
    paths: dict[int, list[tuple[int, float]]] | None = None,
) -> list[float]:
    """``P(U = u)`` for ``u`` in ``z .. listed`` (``z = max(0, listed - a)``): the top of :func:`channel_units`,
    where the channel has reached the units it lists less ``a``. ``tails`` (``P(N >= m)``), ``stays``
    (:func:`stay_weight` by ``n``) and ``paths`` (:func:`landing_paths` by ``s``) may be passed in precomputed."""
    b = a + 1
    z = listed - a
    if z <= 0:  # shows exactly a: only an a-unit order is taken, then nothing
        vals = [0.0] * (listed + 1)
        vals[0] = math.exp(-nu * (1 - r))
        vals[listed] += -math.expm1(-nu * (1 - r))
        return vals
    vals = [0.0] * (a + 1)
    if nu <= 0:
        return vals
    if tails is None or len(tails) < z + 2:
        tails = poisson_sfs(nu, z + 1)
    wait = 0.0
    land = [0.0] * (a + 1)
    for s in range(max(0, z - b), z):
        ways = paths[s] if paths is not None and s in paths else landing_paths(s, a, r)
        for n, h in ways:
            for q, pq in ((a, 1 - r), (b, r)):
                if pq == 0 or s + q < z:
                    continue
                w = h * pq
                land[s + q - z] += w * tails[n + 1]
                if s + q == z:
                    wait += w * (stays[n] if stays is not None and n < len(stays) else stay_weight(n, nu, r))
    vals[0] = wait
    vals[a] = max(0.0, land[0] - wait)
    for i in range(1, a + 1):
        vals[i] += land[i]
    return vals


def channel_units(nu: float, listed: int, a: int, r: float) -> Pmf:
    """The pmf of the units one channel accepts in a stretch with ``Poisson(nu)`` orders, when it starts by
    showing ``listed`` units (``listed >= a``) and takes off each order it accepts.

    Orders are of ``a`` units (probability ``1 - r``) or ``b = a + 1``. An order is accepted when the channel
    shows at least its units. While the accepted units ``s`` stay at most ``listed - b`` every order is
    accepted, so below ``z = listed - a`` the pmf is the compound Poisson one. The first order that takes
    ``s`` to ``z`` or more "lands" at ``y = s + q`` (``s < z``): with ``n`` orders before it,

        P(land at y) = sum over s, q with s + q = y, and n: P(S_n = s) p_q P(N >= n + 1),

    ``S_n = a n + Binomial(n, r)``. Past ``z`` the channel shows fewer than ``a`` units and takes nothing
    more, except at ``y = z`` exactly (it shows ``a``): it waits there for an ``a``-unit order (``b``-unit
    orders are refused), and stays only if every later order is a ``b``-unit one (:func:`stay_weight`).
    """
    z = listed - a
    zone = channel_zone(nu, listed, a, r)
    if z <= 0:
        return trim((0, zone))
    return trim((0, compound_poisson(nu, a, r, z - 1) + zone))


def gauss_nodes_for(mu: float, scale: float, tol: float, tail_mu: float = 0.0, tail_n: int = 0) -> int:
    """The fewest Gauss-Legendre nodes whose error on ``[0, 1]`` is provably below ``tol / scale`` for an integrand
    ``f`` with ``|f(t)| <= mu e^(mu (|t| - Re t)) P(Poisson(tail_mu |t|) >= tail_n)`` on the complex plane.

    Every integrand of the oversold-order integral is ``sum_j mu_j`` times a mix, with weights in ``[0, 1]``, of
    products of Poisson terms ``e^(-nu t) (nu t)^n / n!``, so it has that bound (twice it for a difference), the
    tail factor counting only the terms with at least ``tail_n`` orders among those of rate ``tail_mu`` (an order
    can only be oversold after enough others). For ``f`` analytic in the Bernstein ellipse ``E_rho`` with
    ``|f| <= M`` there, the ``n``-point Gauss error on ``[-1, 1]`` is at most ``(64/15) M rho^(-2n) / (rho^2 - 1)``
    (Trefethen, SIAM Review 50, 2008, Thm 4.5), and half that on ``[0, 1]``; the full constant covers the factor 2
    of a difference. On ``E_rho`` mapped onto ``[0, 1]`` (``t = (1 + A cos th) / 2 + i B sin th / 2``,
    ``A = (rho + 1/rho) / 2``, ``B^2 = A^2 - 1``): ``|t| = (A + cos th) / 2``, so ``|t| - Re t = (A - 1)(1 - cos th) / 2
    <= A - 1`` and ``|t| <= (A + 1) / 2``; the Poisson tail is bounded by Chernoff, ``(e x / n)^n e^-x`` for
    ``n > x``. Minimised over ``rho = 1.02 * 1.05^i``."""
    log_tol = math.log(tol / max(scale, 1e-300))
    base = math.log(64 / 15) + math.log(max(mu, 1e-300))
    extra = []
    rho = 1.02
    while rho < 60:
        big_a = (rho + 1 / rho) / 2
        x = tail_mu * (big_a + 1) / 2
        tail = tail_n * (1 + math.log(x / tail_n)) - x if tail_n > x > 0 else (-math.inf if x == 0 < tail_n else 0.0)
        extra.append((math.log(rho), mu * (big_a - 1) + tail - math.log(rho * rho - 1)))
        rho *= 1.05
    for n in range(1, 200):
        if any(base + e - 2 * n * lr <= log_tol for lr, e in extra):
            return n
    return 200


def correlation(weights: dict[int, float], tails: list[float], lo: int, hi: int) -> list[float]:
    """``A[i] = sum_u weights[u] tails[lo + i - u]`` for ``lo + i`` in ``lo .. hi``, with ``tails[y]`` read as
    ``tails[0]`` for ``y < 0`` and as 0 past its end (upper tails of a pmf)."""
    n = hi - lo + 1
    out = [0.0] * max(0, n)
    if n <= 0 or not tails:
        return out
    top = tails[0]
    end = len(tails)
    for u, w in weights.items():
        if not w:
            continue
        start = lo - u  # tails index for i = 0
        i0 = 0
        if start < 0:
            head = min(n, -start)
            for i in range(head):
                out[i] += w * top
            i0 = head
        a0 = start + i0
        if a0 >= end or i0 >= n:
            continue
        seg = tails[a0 : a0 + n - i0]
        out[i0 : i0 + len(seg)] = [x + w * t for x, t in zip(out[i0 : i0 + len(seg)], seg, strict=True)]
    return out


def renewal(c: list[float], upto: int) -> tuple[list[float], list[float]]:
    """``(v, prefix)``: ``V(0) = 1``, ``V(y) = sum_{t=1..y} c(t) V(y - t)`` for ``y = 1 .. upto`` (a renewal
    sequence: the chance that a walk with steps of law ``c`` lands on ``y``), and its running sums
    ``prefix[y] = V(0) + … + V(y - 1)``."""
    v = [0.0] * (upto + 1)
    if upto >= 0:
        v[0] = 1.0
    for y in range(1, upto + 1):
        hi = min(y, len(c) - 1)
        v[y] = math.fsum(map(operator.mul, c[1 : hi + 1], reversed(v[y - hi : y])))
    prefix = [0.0]
    for x in v:
        prefix.append(prefix[-1] + x)
    return v, prefix
