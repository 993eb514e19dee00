"""The public model of :mod:`cancelrate.oversell`: order sizes, the item, its limits, :class:`OversellModel` (one
rate) and :class:`WeekModel` (busy days)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from . import _sizes as osz
from ._lots import DAYS_PER_MONTH, MAX_CHANNELS, MINUTES_PER_DAY, LotFigures, Lots, Period
from ._window import window_oversell_probability


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
    are computed by :mod:`cancelrate.oversell._sizes`; two neighbours or one size are an :class:`OrderSizes`
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
        # the caller checks the bounds exactly (fractions); in floats the sum of the channels may round past them
        # (0.1 + 0.2 a day with 0.3 on the busiest day), so rounding's width is let through and clamped
        slack = 1 + 1e-9
        if not (total > 0 and total / slack <= busiest_daily <= DAYS_PER_WEEK * total * slack):
            raise ValueError("the busiest day's orders must lie between the average and 7 times it")
        self.busy_factor = min(max(busiest_daily / total, 1.0), float(DAYS_PER_WEEK))
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
