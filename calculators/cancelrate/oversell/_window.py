"""The chance of any oversell in a policy window (the renewal formula of :mod:`cancelrate.oversell`'s docstring)
for the two-size lots of :mod:`cancelrate.oversell._lots`, and the pieces :mod:`cancelrate.oversell._sizes` shares."""

from __future__ import annotations

import math
import operator

from . import _math as om
from ._lots import EPS_LEVEL, EPS_WINDOW, LotFigures, Lots, Period


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


def busy_period_counts(ratio: float, beta: float) -> dict[int, float]:
    """The law of the number of busy periods that start in a window ``ratio`` periods long: ``n = floor(ratio)``
    or ``n + 1`` whole periods (weights ``1 - f`` and ``f``, ``f = ratio - n``), each busy with probability
    ``beta`` (binomial)."""
    n = math.floor(ratio)
    f = ratio - n
    mix: dict[int, float] = {}
    for count, weight in ((n, 1 - f), (n + 1, f)):
        if weight <= 0:
            continue
        lo, w = _binomial_weights(count, beta)
        for i, x in enumerate(w):
            mix[lo + i] = mix.get(lo + i, 0.0) + weight * x
    return mix


def window_oversell_probability(
    lots: Lots, k: int, window_days: float, period_days: float, fig: LotFigures, shortcut: bool = True
) -> float:
    """``P(at least one oversell in a window of window_days)``, the window placed at a random time in the
    steady state (see the module docstring)."""
    period, S = lots.period, lots.stock
    a = period.a
    if fig.p_oversell <= 0 or period.instant or window_days <= 0 or period_days <= 0:
        return 0.0
    mix = busy_period_counts(window_days / period_days, period.beta)
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
