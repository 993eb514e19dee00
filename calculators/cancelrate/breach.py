"""The chance that one measurement window misses a cancel-rate target.

Model: the window's order count is ``N ~ Poisson(lam)``; each order is
seller-cancelled independently with probability ``p``, so given ``N = n`` the
cancellation count is ``C ~ Binomial(n, p)``. A window misses the target when
``n >= 1`` and ``C > max_cancels(n)`` (see :func:`cancelrate.rates.max_cancels`,
exact integer arithmetic)::

    P(miss) = sum over n >= 1 of  e^-lam lam^n / n!  *  P(Binomial(n, p) >= max_cancels(n) + 1)

Tolerance: the result is within 1e-9 of the exact series. Only the ``n`` where
the Poisson weights matter are summed: the left-out Poisson mass is below
1e-13 on each side (bounded by a geometric series), so, with every
``P(miss | n)`` in [0, 1], truncation costs less than 2e-13. The binomial
tail is not summed afresh for each ``n``: it is set up once at the first
``n`` (from the binomial's mode outwards, normalised, dropping terms below
1e-17 of the mode) and then carried from ``n`` to ``n + 1`` with the exact
identities ``P(X_{n+1} >= m) = P(X_n >= m) + p P(X_n = m - 1)`` and
``P(X_{n+1} >= m + 1) = P(X_{n+1} >= m) - P(X_{n+1} = m)``, the point
probabilities moving by ratios. So the cost is proportional to the width of
the Poisson range, about 16 sqrt(lam), not to ``lam`` or ``n^2``; float
rounding over those steps stays near 1e-12. ``p = 0`` and ``p = 1`` are
exact shortcuts.

At the float edges the series is not summed: when the expected number of
cancellations ``lam p`` is below :data:`EDGE` (``p`` so small that it may even
round to 0 as a float) the answer is ``lam p`` itself, an upper bound
(``P(miss) <= P(C >= 1) <= E[C]``) within ``EDGE`` of the truth; when the
expected number of orders kept, ``lam (1 - p)``, is below :data:`EDGE` (``p``
rounding to 1) it is ``P(N >= 1)``, again an upper bound within ``EDGE``. Both
err on the safe side, and ``p`` and ``1 - p`` are taken from the exact
fraction, never as ``1.0 - float(p)``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

from .rates import max_cancels

POISSON_TAIL = 1e-13  # Poisson mass left out on each side, at most
BINOMIAL_DROP = 1e-17  # binomial terms dropped at set-up, relative to the mode
EDGE = 1e-12  # below this many expected cancellations (or kept orders) the bound is the answer
SMALLEST = 5e-324  # the smallest positive float: a positive chance never shows as 0


@lru_cache(maxsize=8)
def poisson_weights(lam: float) -> tuple[int, list[float]]:
    """``(n_lo, w)`` with ``w[i] = P(N = n_lo + i)`` for ``N ~ Poisson(lam)``, ``n_lo >= 1``.

    Walks out from the mode with ``P(n + 1) = P(n) lam / (n + 1)`` and
    ``P(n - 1) = P(n) n / lam`` until the rest of each tail is below
    ``POISSON_TAIL`` (geometric bound: past ``n`` the ratio only shrinks). The
    weights are scaled so they add up to ``P(N >= 1) = 1 - e^-lam``, which
    removes the rounding of the log-space starting value (at most 2e-13 off).
    Cached (the last few ``lam``): ``oversell_risk`` asks for the same window with many shares. The list
    is shared between calls, so callers must not change it.
    """
    if lam <= 0:
        return 1, []
    centre = max(1, math.floor(lam))
    start = math.exp(-lam + centre * math.log(lam) - math.lgamma(centre + 1))
    right = [start]
    n, w = centre, start
    while True:
        ratio = lam / (n + 1)
        w *= ratio
        n += 1
        right.append(w)
        if ratio < 1 and w * ratio / (1 - ratio) < POISSON_TAIL:
            break
    left: list[float] = []
    n, w = centre, start
    while n > 1:
        ratio = n / lam
        if ratio < 1 and w * ratio / (1 - ratio) < POISSON_TAIL:
            break
        w *= ratio
        n -= 1
        left.append(w)
    weights = left[::-1] + right
    total = math.fsum(weights)
    if total > 0:
        scale = -math.expm1(-lam) / total
        weights = [x * scale for x in weights]
    return centre - len(left), weights


def binomial_tail_and_point(n: int, m: int, p: float, q: float | None = None) -> tuple[float, float]:
    """``(P(X >= m), P(X = m - 1))`` for ``X ~ Binomial(n, p)``, ``0 < p < 1`` (``q = 1 - p``, given
    separately when ``p`` is close to 1).

    Terms relative to the mode, ``P(j + 1) / P(j) = (n - j) / (j + 1) * p / q``,
    walked out until the rest is below ``BINOMIAL_DROP`` of the mode, then
    normalised by their sum.
    """
    q = 1.0 - p if q is None else q
    up, down = p / q, q / p
    mode = min(n, max(0, math.floor((n + 1) * p)))
    terms = {mode: 1.0}
    j, t = mode, 1.0
    while j < n:
        ratio = (n - j) / (j + 1) * up
        t *= ratio
        j += 1
        terms[j] = t
        if ratio < 1 and t * ratio / (1 - ratio) < BINOMIAL_DROP:
            break
    j, t = mode, 1.0
    while j > 0:
        ratio = j / (n - j + 1) * down
        t *= ratio
        j -= 1
        terms[j] = t
        if ratio < 1 and t * ratio / (1 - ratio) < BINOMIAL_DROP:
            break
    total = math.fsum(terms.values())
    tail = math.fsum(v for k, v in terms.items() if k >= m) / total
    return min(1.0, tail), terms.get(m - 1, 0.0) / total


def breach_probability(lam: float, p: Fraction, threshold: Fraction, comparison: str) -> float:
    """``P(miss)`` for one window with ``Poisson(lam)`` orders, each cancelled with probability ``p``.

    See the module docstring for the formula and the 1e-9 tolerance.
    """
    if max_cancels(1, threshold, comparison) >= 1:
        return 0.0  # a 100% "no more than" target: nothing can miss it
    if max_cancels(1, threshold, comparison) < 0:
        return -math.expm1(-lam)  # a 0% "under" target: every window with orders misses
    if lam <= 0 or p == 0:
        return 0.0  # no orders, or no cancellations: 0 cancels meet any other target
    if p == 1:
        return -math.expm1(-lam)  # every order cancelled: 100% in every window with orders
    exact_lam = Fraction(lam)
    if exact_lam * p < EDGE:  # hardly any cancellation: E[C] bounds the chance
        return max(float(exact_lam * p), SMALLEST)
    if exact_lam * (1 - p) < EDGE:  # hardly any order kept: every window with orders misses
        return -math.expm1(-lam)
    n_lo, weights = poisson_weights(lam)
    if not weights:
        return 0.0
    a, b = threshold.numerator, threshold.denominator
    le = comparison == "le"
    pf = float(p)
    qf = float(1 - p)  # from the exact fraction: 1.0 - pf would be 0 for p = 1 - 5e-17
    up = pf / qf

    n = n_lo
    # m: the fewest cancels that miss; 1 <= m <= n for the targets left (above 0%, below 100% or 100% "under")
    m = max_cancels(n, threshold, comparison) + 1
    tail, point = binomial_tail_and_point(n, m, pf, qf)
    total = weights[0] * tail
    for w in weights[1:]:
        # from n to n + 1 orders, same m: one more order, cancelled with probability p
        if point:
            tail += pf * point
            point *= (n + 1) / (n + 2 - m) * qf  # P(X_{n+1} = m - 1)
        n += 1
        # rates.max_cancels(n) + 1, inlined (no clamping is needed for these targets)
        if ((a * n) // b if le else (a * n - 1) // b) + 1 != m:  # the limit moved up by one cancel
            if point:
                point *= (n + 1 - m) / m * up  # P(X_n = m)
                tail -= point
            m += 1
        total += w * tail
    return min(1.0, max(0.0, total))


def is_zero(lam: float, p: Fraction, threshold: Fraction, comparison: str) -> bool:
    """Whether the chance of a miss is exactly 0 (not just too small for a float): no orders, no
    cancellations, or a target nothing can miss. Otherwise one order, cancelled, misses: a positive chance."""
    return lam <= 0 or p == 0 or max_cancels(1, threshold, comparison) >= 1


def poisson_cdf(k: int, lam: float) -> float:
    """``P(N <= k)`` for ``N ~ Poisson(lam)``: the plain sum of the first ``k + 1`` terms (in log space)."""
    if k < 0:
        return 0.0
    if lam <= 0:
        return 1.0
    log_lam = math.log(lam)
    return min(1.0, math.fsum(math.exp(-lam + n * log_lam - math.lgamma(n + 1)) for n in range(k + 1)))
