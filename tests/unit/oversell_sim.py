"""An event-by-event simulation of one item sold on several channels with a periodic stock sync.

Written from the rules in plain words (the module docstring of ``cancelrate.oversell``), independently of
the formulas: it imports nothing from ``cancelrate``. Events are order arrivals (one exponential clock per
channel, in a priority queue) and syncs (every ``sync_minutes``):

* an order asks for ``q`` units (drawn from ``sizes``); its channel accepts it when it lists at least ``q``
  and then lists ``q`` fewer; units go to accepted orders as they come; an order that finds fewer than
  ``q`` units on the shelf is oversold and takes what is left;
* at a sync, oversold orders of the period are recorded (dated at the sync); if the shelf holds fewer than
  ``buffer`` plus the smallest order size, the seller restocks to ``stock`` (a new lot); every channel then
  lists ``max(0, shelf - buffer)``.

A sync in a period without orders changes nothing (no listing moved, the shelf is as it was at the last
sync, which already restocked if it had to), so the simulation visits only the sync after each period
with an order: event by event, without millions of idle syncs.

Statistics: the run (after a burn-in) is cut into equal batches; each figure is the mean of its batch
values and its standard error is their standard deviation over the square root of the batch count.
"""

from __future__ import annotations

import heapq
import math
import random
import statistics
from dataclasses import dataclass

DAY_MINUTES = 1440


@dataclass
class SimResult:
    """Each figure as ``(estimate, standard error)``."""

    oversold_orders_per_30_days: tuple[float, float]
    oversold_units_per_30_days: tuple[float, float]
    oversells_per_30_days: tuple[float, float]
    lots_per_30_days: tuple[float, float]
    held_back_per_lot: tuple[float, float]
    any_oversell_in_window: tuple[float, float]
    orders: int
    oversell_events: int
    oversold_orders_by_channel: tuple[tuple[float, float], ...] = ()
    """Oversold orders per 30 days that each channel accepted (a marketplace counts only its own)."""


def _mean_se(values: list[float]) -> tuple[float, float]:
    return statistics.fmean(values), statistics.stdev(values) / math.sqrt(len(values))


def simulate(
    stock: int,
    buffer: int,
    daily_orders: tuple[float, ...],
    sync_minutes: float,
    sizes: tuple[tuple[int, float], ...],
    *,
    days: float,
    window_days: float,
    seed: int,
    batches: int = 30,
    burn_in_days: float | None = None,
    weekly: tuple[float, ...] | None = None,
) -> SimResult:
    """Simulate ``days`` (after a burn-in) and estimate the steady-state figures.

    ``weekly``: seven multipliers of every channel's rate, one per day of the week (their mean 1 keeps the
    average): busy days. Orders then come by thinning: clocks at the peak rate, each tick an
    order with probability ``weekly[day] / peak``."""
    rng = random.Random(seed)
    peak = max(weekly) if weekly else 1.0
    period = sync_minutes / DAY_MINUTES
    units, probs = zip(*sizes, strict=True)
    cumulative = []
    acc = 0.0
    for p in probs:
        acc += p
        cumulative.append(acc)
    smallest = min(u for u, p in sizes if p > 0)
    total_rate = sum(daily_orders)
    mean_units = sum(u * p for u, p in sizes)
    if burn_in_days is None:
        lot_days = stock / (total_rate * mean_units) if total_rate > 0 else 0.0
        burn_in_days = window_days + 10 * lot_days + 5 * period
    end = burn_in_days + days
    batch_len = days / batches

    clocks: list[tuple[float, int]] = []
    for channel, rate in enumerate(daily_orders):
        if rate > 0:
            heapq.heappush(clocks, (rng.expovariate(rate * peak), channel))

    shelf = stock
    listing = [max(0, stock - buffer)] * len(daily_orders)
    pending_sync = None  # the sync that ends the current period with orders
    period_oversold = 0
    over_orders = [0.0] * batches
    over_units = [0.0] * batches
    over_by_channel = [[0.0] * batches for _ in daily_orders]
    events = [0.0] * batches
    lots = [0.0] * batches
    left_sum = [0.0] * batches
    event_times: list[float] = []
    orders_seen = 0

    def batch_of(t: float) -> int:
        return min(batches - 1, int((t - burn_in_days) / batch_len)) if t >= burn_in_days else -1

    while clocks:
        t, channel = clocks[0]
        if pending_sync is not None and pending_sync <= t:
            s = pending_sync
            if s >= end:
                break
            b = batch_of(s)
            if period_oversold:
                event_times.append(s)
                if b >= 0:
                    events[b] += 1
            if shelf - buffer < smallest:
                if b >= 0:
                    lots[b] += 1
                    left_sum[b] += shelf
                shelf = stock
            listing = [max(0, shelf - buffer)] * len(daily_orders)
            pending_sync = None
            period_oversold = 0
            continue
        if t >= end:
            break
        heapq.heapreplace(clocks, (t + rng.expovariate(daily_orders[channel] * peak), channel))
        if weekly and rng.random() * peak >= weekly[int(t) % 7]:
            continue  # a quiet day's tick that is no order
        orders_seen += 1
        u = rng.random()
        q = units[-1]
        for size, c in zip(units, cumulative, strict=True):
            if u < c:
                q = size
                break
        if pending_sync is None:
            pending_sync = (math.floor(t / period) + 1) * period
        if listing[channel] < q:
            continue  # the buyer cannot order more than is listed
        listing[channel] -= q
        if shelf >= q:
            shelf -= q
        else:
            shelf = 0
            period_oversold += 1
            b = batch_of(t)
            if b >= 0:
                over_orders[b] += 1
                over_units[b] += q
                over_by_channel[channel][b] += 1

    # the window: starts t in [burn_in, end - window) with an oversell in [t, t + window)
    covered = [0.0] * batches
    reach = end - window_days
    starts = []
    for e in event_times:
        lo, hi = max(burn_in_days, e - window_days), min(e, reach)
        if hi > lo:
            starts.append((lo, hi))
    merged: list[list[float]] = []
    for lo, hi in starts:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    usable = (reach - burn_in_days) / batches
    for lo, hi in merged:
        for b in range(batches):
            b_lo = burn_in_days + b * usable
            b_hi = b_lo + usable
            overlap = min(hi, b_hi) - max(lo, b_lo)
            if overlap > 0:
                covered[b] += overlap

    scale = 30 / batch_len
    held = [left_sum[b] / lots[b] if lots[b] else 0.0 for b in range(batches)]
    return SimResult(
        oversold_orders_per_30_days=_mean_se([x * scale for x in over_orders]),
        oversold_units_per_30_days=_mean_se([x * scale for x in over_units]),
        oversells_per_30_days=_mean_se([x * scale for x in events]),
        lots_per_30_days=_mean_se([x * scale for x in lots]),
        held_back_per_lot=_mean_se(held),
        any_oversell_in_window=_mean_se([c / usable for c in covered]),
        orders=orders_seen,
        oversell_events=len(event_times),
        oversold_orders_by_channel=tuple(_mean_se([x * scale for x in xs]) for xs in over_by_channel),
    )
