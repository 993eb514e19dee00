"""``oversell_risk``: how much stock buffer keeps a seller who lists one item on several channels safe?

The model is :mod:`cancelrate.oversell` (stated in its docstring, checked against an event-by-event
simulation in the tests): Poisson orders per channel, a stock sync every ``sync_minutes`` (between two
syncs a channel does not see the others' sales), orders of ``a`` or ``a + 1`` units from the average
units per order or, when the seller gives them, the shares of orders by units (1, 2, 3 and "4 or more", the
last at the largest order size given: :mod:`cancelrate.oversell._sizes`), optionally a busiest day of the week
(:class:`cancelrate.oversell.WeekModel`), a restock to the same stock at every sell-out, and a buffer ``k``: every
channel lists ``k`` units fewer than the shelf holds. :func:`cancelrate.oversell.assess` gives every figure; this
module reads the form, keeps the inputs inside a range in which one call stays well under a second or two
(see :data:`MAX_STOCK`, :data:`MAX_ITEM_ORDERS`, :data:`MAX_ORDERS_PER_SYNC`, :data:`MAX_SIZED_STOCK`), and says it
in words.

The cancel rate counts only the policy's channel (:data:`POLICY_CHANNEL`): the oversold orders that channel
accepted over its own orders, which the seller types as ``total_daily_orders``; for a policy that counts only some
of them (``Policy.counted_orders``: Premium Shipping, Prime), times the share the seller gives (blank: all).

The channels are five optional number fields with fixed names (Amazon, Yahoo! Shopping, Rakuten, own
shop, other): on a phone, typing a number next to a name is one step, while a free name and its rate
would be two fields per channel with nothing gained. A seller on other channels puts them into any free row
(Amazon's and Yahoo!'s rows are the ones the policies count); a blank or 0 row is a channel not used.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from .. import oversell
from ..charts import line_chart
from ..formatting import format_number, format_percent
from ..goals import Goal
from ..inputs import TARGET_PERCENT, TARGET_REQUIRED, Field, read_target
from ..oversell import BufferFigures, BufferSearch, Item, OrderSizes, SizeShares, sizes_from_average, sizes_from_shares
from ..phrases import Count, Deferred, Message, Number, Percent, Problem, Sentences, Window
from ..policies import Policy, has_fixed_window

TITLE = "oversell_risk.title"

MAX_STOCK = 200
"""Units on hand the calculator takes (the model's own range, :data:`cancelrate.oversell.MAX_STOCK`, goes
further, but its work grows with the stock). With the limits below, the slowest inputs take about 0.35 s
on CPython (``bench/calculators.py``)."""
MAX_ITEM_ORDERS = 50
"""Orders a day of the item, all channels together: the window's chance costs time in proportion to the
orders in a window."""
MAX_ORDERS_PER_SYNC = 3
"""Expected orders of the item, all channels, between two syncs: beyond that the listings are so often out
of date that the advice is to sync more often, and the model's work grows quickly with it."""
MAX_SYNC_MINUTES = 10_080
"""A week: a sync slower than that is no sync."""
MAX_UNITS_PER_ORDER = 3
"""The largest average units per order (orders of ``a`` and ``a + 1`` units: the model's work grows with ``a``)."""
MAX_ORDER_UNITS = oversell.MAX_ORDER_UNITS
"""The largest order size the size shares take (10 units)."""
MAX_SIZED_STOCK = 30
"""Units on hand the calculator takes with size shares (sizes further apart than two neighbours): the lot chain of
:mod:`cancelrate.oversell._sizes` costs time with about the stock squared; at 30 units, largest order 10 and 3
orders per sync, a call takes 1.5 to 2.5 times the slowest two-size corner (``bench/calculators.py``, measured side
by side)."""
LARGEST_FROM = 4
"""The share of orders of ``LARGEST_FROM`` units or more is computed at the largest order size the seller gives
(at least this; empty: this), the safe side for the orders between."""
MAX_TOTAL_ORDERS = 10_000
"""The seller's merchant-fulfilled orders a day, all items (as in ``breach_risk``)."""
DEFAULT_LIMIT = Fraction(5)
"""The default limit for the chance of any oversell in a window, in percent."""

CHANNELS = ("daily_amazon", "daily_yahoo", "daily_rakuten", "daily_own_shop", "daily_other")
"""The channel fields, in the form's order."""
POLICY_CHANNEL = {"amazon": "daily_amazon", "yahoo": "daily_yahoo"}
"""The channel a policy counts, by the start of its id: Amazon's policies count only Amazon's orders, Yahoo!'s
only Yahoo!'s (each marketplace sees only its own orders)."""
SIZE_SHARES = ("share_1_unit", "share_2_units", "share_3_units", "share_4plus_units")
"""The shares of orders by units: 1, 2, 3, and 4 or more (at ``largest_units``)."""
SIZE_SHARE_LABELS = {
    "share_1_unit": "oversell_risk.label.share_1_unit",
    "share_2_units": "oversell_risk.label.share_2_units",
    "share_3_units": "oversell_risk.label.share_3_units",
    "share_4plus_units": "oversell_risk.label.share_4plus_units",
}
CHANNEL_NAMES = {
    "daily_amazon": "oversell_risk.channel.daily_amazon",
    "daily_yahoo": "oversell_risk.channel.daily_yahoo",
    "all": "oversell_risk.channel.all",
}
"""The name of the channel a policy counts, by :data:`POLICY_CHANNEL`'s field (``"all"``: every channel)."""


def _channel(name: str, label: str, example: int | None, advanced: bool = False) -> Field:
    """A channel's orders a day of the item: optional, empty is none there (0)."""
    return Field(
        name,
        "number",
        label,
        "oversell_risk.help.daily_channel" if name == CHANNELS[0] else "",
        required=False,
        example=example,
        maximum=MAX_ITEM_ORDERS,
        zero_ok=True,
        advanced=advanced,
    )


FIELDS = [
    Field(
        "stock",
        "count",
        "oversell_risk.label.stock",
        "oversell_risk.help.stock",
        glossary="overselling",
        example=3,
        maximum=MAX_STOCK,
    ),
    _channel("daily_amazon", "oversell_risk.label.daily_amazon", 2),
    _channel("daily_yahoo", "oversell_risk.label.daily_yahoo", 1),
    _channel("daily_rakuten", "oversell_risk.label.daily_rakuten", 1),
    _channel("daily_own_shop", "oversell_risk.label.daily_own_shop", None, advanced=True),
    _channel("daily_other", "oversell_risk.label.daily_other", None, advanced=True),
    Field(
        "sync_minutes",
        "number",
        "oversell_risk.label.sync_minutes",
        "oversell_risk.help.sync_minutes",
        glossary="stock-sync",
        example=30,
        maximum=MAX_SYNC_MINUTES,
        zero_ok=True,
    ),
    Field(
        "units_per_order",
        "number",
        "oversell_risk.label.units_per_order",
        "oversell_risk.help.units_per_order",
        required=False,
        example="1.1",
        maximum=MAX_UNITS_PER_ORDER,
        minimum=Fraction(1),
        advanced=True,
    ),
    *(
        Field(
            name,
            "percent",
            SIZE_SHARE_LABELS[name],
            "oversell_risk.help.size_shares" if name == SIZE_SHARES[0] else "",
            required=False,
            example=example,
            advanced=True,
        )
        for name, example in zip(SIZE_SHARES, (90, 10, None, None), strict=True)
    ),
    Field(
        "largest_units",
        "count",
        "oversell_risk.label.largest_units",
        "oversell_risk.help.largest_units",
        required=False,
        example=6,
        maximum=MAX_ORDER_UNITS,
        advanced=True,
    ),
    Field(
        "busiest_day_orders",
        "number",
        "oversell_risk.label.busiest_day_orders",
        "oversell_risk.help.busiest_day_orders",
        required=False,
        example=4,
        maximum=7 * MAX_ITEM_ORDERS,
        advanced=True,
    ),
    Field(
        "buffer",
        "count",
        "oversell_risk.label.buffer",
        "oversell_risk.help.buffer",
        required=False,
        example=0,
        maximum=MAX_STOCK,
        advanced=True,
        glossary="safety-stock",
    ),
    Field(
        "policy",
        "policy",
        "fields.label.policy",
        "oversell_risk.help.policy",
        example="amazon_jp",
        policy_filter=has_fixed_window,
    ),
    Field(
        "total_daily_orders",
        "number",
        "oversell_risk.label.total_daily_orders",
        "oversell_risk.help.total_daily_orders",
        example=5,
        maximum=MAX_TOTAL_ORDERS,
    ),
    Field(
        "counted_share_percent",
        "percent",
        "oversell_risk.label.counted_share_percent",
        "oversell_risk.help.counted_share_percent",
        required=False,
        example=50,
        advanced=True,
    ),
    replace(TARGET_PERCENT, advanced=True),
    Field(
        "oversell_limit_percent",
        "target",
        "oversell_risk.label.oversell_limit_percent",
        "oversell_risk.help.oversell_limit_percent",
        required=False,
        example=5,
        minimum=Fraction(1, 100),
        advanced=True,
    ),
]

OUTPUTS = {
    "oversold_orders": "oversell_risk.output.oversold_orders",
    "any_oversell_probability": "oversell_risk.output.any_oversell_probability",
    "oversell_rate": "oversell_risk.output.oversell_rate",
    "breach_probability": "oversell_risk.output.breach_probability",
    "smallest_buffer": "oversell_risk.output.smallest_buffer",
    "held_back": "oversell_risk.output.held_back",
    "curve": {"label": "oversell_risk.output.curve", "kind": "chart"},
}

MET = {True: "oversell_risk.rate.met", False: "oversell_risk.rate.missed"}
"""The long-run rate against the target, exact."""
LIMIT_SIDE = {True: "oversell_risk.any.below_limit", False: "oversell_risk.any.above_limit"}
"""The chance of any oversell against the seller's limit."""
RATE_UNIT = {"orders": "oversell_risk.rate.orders", "units": "oversell_risk.rate.units"}
WHY_NONE = {
    "nothing_sells": "oversell_risk.none.nothing_sells",
    "one_channel": "oversell_risk.none.one_channel",
    "instant": "oversell_risk.none.instant",
    "covered": "oversell_risk.none.covered",
}
"""Why no oversell can happen at the seller's buffer."""
SMALLEST = {
    "found": "oversell_risk.smallest.found",
    "found_zero": "oversell_risk.smallest.found_zero",
    "never_oversells": "oversell_risk.smallest.never_oversells",
    "not_reached": "oversell_risk.smallest.not_reached",
    "nothing_sells": "oversell_risk.smallest.nothing_sells",
}
Y_SCALES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)

Display = dict[str, dict[str, Any]]


def _limits(values: dict[str, Any], rates: list[Fraction]) -> list[Problem]:
    """Inputs each valid alone but not together, or outside the range the calculator answers fast in."""
    problems = []
    stock: int = values["stock"]
    if stock == 0:
        problems.append(Problem("too_small", "stock", minimum=0))
    elif (values["buffer"] or 0) > stock:
        problems.append(Problem("too_large", "buffer", maximum=stock))
    item_daily = sum(rates, Fraction(0))
    if not item_daily:
        problems.append(Problem("oversell_no_channel", CHANNELS[0]))
    elif item_daily > MAX_ITEM_ORDERS:
        problems.append(
            Problem("oversell_item_too_busy", CHANNELS[0], total=Number(item_daily), maximum=MAX_ITEM_ORDERS)
        )
        return problems
    busiest: Fraction | None = values["busiest_day_orders"]
    if busiest is not None and item_daily and busiest < item_daily:
        problems.append(Problem("oversell_busiest_below_average", "busiest_day_orders", item=Number(item_daily)))
    elif busiest is not None and item_daily and busiest > 7 * item_daily:
        problems.append(Problem("oversell_busiest_above_week", "busiest_day_orders", maximum=Number(7 * item_daily)))
    peak = max(item_daily, busiest or 0)
    per_sync = peak * values["sync_minutes"] / oversell.MINUTES_PER_DAY
    if peak and per_sync > MAX_ORDERS_PER_SYNC:
        problems.append(
            Problem(
                "oversell_sync_too_slow",
                "sync_minutes",
                orders=Number(per_sync, 1),
                maximum=MAX_ORDERS_PER_SYNC,
                minutes=Number(MAX_ORDERS_PER_SYNC * oversell.MINUTES_PER_DAY / peak, 1),
            )
        )
    problems.extend(_size_problems(values))
    return problems


def _size_problems(values: dict[str, Any]) -> list[Problem]:
    """The size shares add up to 100% (when any is given); a largest size is at least :data:`LARGEST_FROM`."""
    problems = []
    largest = values["largest_units"]
    if largest is not None and largest < LARGEST_FROM:
        problems.append(Problem("too_small", "largest_units", minimum=LARGEST_FROM - 1))
    shares = [values[name] for name in SIZE_SHARES]
    if any(x is not None for x in shares):
        total = sum((x or Fraction(0) for x in shares), Fraction(0))
        if total != 100:
            problems.append(Problem("oversell_shares_sum", SIZE_SHARES[0], total=Percent(total / 100)))
        elif values["stock"] > MAX_SIZED_STOCK and isinstance(_sizes(values), SizeShares):
            problems.append(Problem("oversell_sized_stock", "stock", maximum=MAX_SIZED_STOCK))
    return problems


def _sizes(values: dict[str, Any]) -> OrderSizes | SizeShares:
    """The order sizes: the shares when given (the 4-or-more share at the largest size, at least 4), else the
    average's two neighbouring sizes (empty: one unit per order)."""
    shares = [values[name] for name in SIZE_SHARES]
    if any(x is not None for x in shares):
        largest = values["largest_units"] or LARGEST_FROM
        by_size: dict[int, Fraction] = {}
        for units, share in zip((1, 2, 3, largest), shares, strict=True):
            if share:
                by_size[units] = by_size.get(units, Fraction(0)) + share / 100
        return sizes_from_shares(by_size)
    return sizes_from_average(values["units_per_order"] or Fraction(1))


def _counted_channel(policy: Policy) -> str | None:
    """The channel field whose orders ``policy`` counts (:data:`POLICY_CHANNEL`), or ``None`` for all."""
    return next((name for prefix, name in POLICY_CHANNEL.items() if policy.id.startswith(prefix)), None)


def run(values: dict[str, Any]) -> tuple[dict[str, Any], Display] | list[Problem]:
    """Compute the outputs and one sentence per output; or return problems."""
    policy: Policy = values["policy"]
    rates = [values[name] or Fraction(0) for name in CHANNELS]
    problems = _limits(values, rates)
    if problems:
        return problems
    goal = read_target(policy, values["target_percent"])
    if goal is None:
        return [TARGET_REQUIRED]
    sizes = _sizes(values)
    channel = _counted_channel(policy)
    counted_share = Fraction(1)
    if policy.counted_orders is not None and values["counted_share_percent"] is not None:
        counted_share = values["counted_share_percent"] / 100
    counted_rates = rates[CHANNELS.index(channel)] * counted_share if channel else sum(rates, Fraction(0))
    own_daily = counted_rates * (Fraction(sizes.average) if policy.unit == "units" else 1)
    total: Fraction = values["total_daily_orders"]
    if total < own_daily:
        where = Message(CHANNEL_NAMES[channel or "all"])
        return [
            Problem(
                "oversell_total_below_item",
                "total_daily_orders",
                item=Count(_shown(own_daily), policy.unit),
                channel=where,
            )
        ]
    limit_percent = values["oversell_limit_percent"]
    limit = (DEFAULT_LIMIT if limit_percent is None else limit_percent) / 100

    stock: int = values["stock"]
    buffer: int = values["buffer"] or 0  # empty: no units held back
    item = Item(stock, tuple(float(r) for r in rates), float(values["sync_minutes"]), sizes)
    busiest = values["busiest_day_orders"]
    busiest_daily = float(busiest) if busiest is not None else None
    window = policy.window_days
    result = oversell.assess(
        item,
        buffer,
        window_days=window,
        threshold=goal.threshold,
        comparison=goal.comparison,
        total_daily=total,
        unit=policy.unit,
        target=limit,
        channel=CHANNELS.index(channel) if channel else None,
        channel_share=counted_share,
        busiest_daily=busiest_daily,
    )
    figs = result["figures"]
    search = result["smallest_buffer"]
    by_channel = dict(zip(CHANNELS, figs["oversold_orders_by_channel_per_30_days"], strict=True))
    outputs = {
        **goal.outputs(policy),
        "buffer": buffer,
        "listed": figs["listed"],
        "oversell_possible": figs["oversell_possible"],
        "oversold_orders": figs["oversold_orders_per_30_days"],
        "oversold_units_per_30_days": figs["oversold_units_per_30_days"],
        "sell_outs_per_30_days": figs["lots_per_30_days"],
        "any_oversell_probability": result["any_oversell_probability"],
        "oversell_limit": float(limit),
        "oversell_rate": result["oversell_share"],
        "meets_target": result["share_meets_target"],
        "breach_probability": result["breach_probability"],
        "smallest_buffer": search["buffer"],
        "smallest_buffer_status": search["status"],
        "smallest_buffer_probability": search["probability"],
        "held_back": figs["held_back_per_lot"],
        "held_back_per_30_days": figs["held_back_per_30_days"],
        "orders_per_sync": result["orders_per_sync"],
        "counted_channel": channel or "all",
        "counted_share": float(counted_share),
        "oversold_counted_per_30_days": result["oversold_per_day_counted"] * 30,
        "busiest_day_orders": busiest_daily,
        "order_sizes": [[q, float(p)] for q, p in _size_pairs(sizes)],
        "curve": [
            {
                "buffer": pt["buffer"],
                "any_oversell_probability": pt["any_oversell_probability"],
                "breach_probability": pt["breach_probability"],
                "oversold_orders_per_30_days": pt["oversold_orders_per_30_days"],
            }
            for pt in result["curve"]
        ],
    }
    facts = Facts(
        policy=policy,
        goal=goal,
        item=item,
        item_daily=sum(rates, Fraction(0)),
        busiest_daily=busiest_daily,
        buffer=buffer,
        total_daily_orders=total,
        limit=limit,
        counted_channel=channel or "all",
        counted_share=float(counted_share),
        figures=BufferFigures(**{k: tuple(v) if isinstance(v, list) else v for k, v in figs.items()}),
        oversold_on_channel=by_channel[channel] if channel else None,
        any_oversell_probability=result["any_oversell_probability"],
        oversell_rate=result["oversell_share"],
        counted_per_day=result["oversold_per_day_counted"],
        meets_target=bool(result["share_meets_target"]),
        breach_probability=result["breach_probability"],
        smallest=BufferSearch(**search),
        curve=outputs["curve"],
    )
    return outputs, _display(facts)


@dataclass(frozen=True)
class Facts:
    """What the display says, computed by :func:`run` (the model's figures and the curve as in the outputs)."""

    policy: Policy
    goal: Goal
    item: Item
    item_daily: Fraction
    busiest_daily: float | None
    """The item's orders on its busiest day of the week, as the model reads them; ``None``: not given."""
    buffer: int
    total_daily_orders: Fraction
    limit: Fraction
    """The highest acceptable chance of any oversell in a window (a share, not a percentage)."""
    counted_channel: str
    """The channel field the policy counts (:data:`POLICY_CHANNEL`), ``"all"`` for every channel."""
    counted_share: float
    """The share of that channel's orders the policy counts (1: all), a float as in the outputs."""
    figures: BufferFigures
    """What the seller's buffer does (the model's figures, read back from the outputs' data)."""
    oversold_on_channel: float | None
    """The oversold orders per 30 days the counted channel accepted; ``None`` when every channel counts."""
    any_oversell_probability: float
    oversell_rate: float
    counted_per_day: float
    """The oversold orders (units) a day the policy counts."""
    meets_target: bool
    breach_probability: float
    smallest: BufferSearch
    curve: list[dict[str, Any]]


def _size_pairs(sizes: OrderSizes | SizeShares) -> list[tuple[int, Fraction]]:
    """``[(units, share)]`` as the model reads the sizes."""
    if isinstance(sizes, SizeShares):
        return [(q, p) for q, p in sizes.shares if p > 0]
    r = Fraction(sizes.larger_share)
    return [(q, p) for q, p in ((sizes.base, 1 - r), (sizes.base + 1, r)) if p > 0]


def _shown(value: Fraction | float) -> Fraction:
    """A count as it is written (two decimals), so that its plural follows the digits shown."""
    return Fraction(format_number(Fraction(value)).replace(",", ""))


def _count(value: float, unit: str) -> Count | Message:
    """A possibly fractional count with its unit; ``under 0.01`` for a positive count that would show as 0."""
    exact = Fraction(value)
    if 0 < exact < Fraction(1, 200):
        return Message("oversell_risk.count_below", amount=Count(Fraction(1, 100), unit))
    return Count(_shown(exact), unit)


def _probability(x: float, zero: bool) -> Percent | Message:
    """A chance as a percentage; "under 0.01%" / "over 99.99%" instead of a misleading 0% or 100%.
    "0%" only when no oversell can happen at all (``zero``)."""
    if zero or x <= 0:
        return Percent(Fraction(0))
    if x < 0.0001:
        return Message("oversell_risk.probability.below", limit=Percent(Fraction(1, 10_000)))
    if x > 0.9999:
        return Message("oversell_risk.probability.above", limit=Percent(Fraction(9999, 10_000)))
    return Percent(Fraction(x))


def _why_none(item: Item, buffer: int) -> str:
    """Which reason of :data:`WHY_NONE` says why no oversell can happen at ``buffer``."""
    if item.stock - buffer < item.sizes.base:
        return "nothing_sells"
    if item.active_channels < 2:
        return "one_channel"
    if float(item.sync_minutes) == 0:
        return "instant"
    return "covered"


def _display(f: Facts) -> Display:
    policy, item, buffer, figs, possible = f.policy, f.item, f.buffer, f.figures, f.figures.oversell_possible
    unit = policy.unit
    goal, target, limit, window = f.goal.word, f.goal.target, Percent(f.limit), Window(policy)
    d: Display = {}
    setting = Message(
        "oversell_risk.setting",
        stock=Count(item.stock, "units"),
        buffer=Count(buffer, "units"),
        listed=Count(figs.listed, "units"),
        minutes=Count(_shown(Fraction(item.sync_minutes)), "minutes"),
    )

    # 1. oversold orders per 30 days
    if possible:
        notes: list[Any] = []
        busiest, daily = f.busiest_daily, f.item_daily
        if busiest is not None and Fraction(busiest) > daily:
            quiet = (7 * daily - Fraction(busiest)) / 6
            notes.append(
                Message("oversell_risk.monthly.busy_week", busiest=Number(_shown(busiest)), quiet=Number(_shown(quiet)))
            )
        if isinstance(item.sizes, SizeShares):
            notes.append(
                Message(
                    "oversell_risk.monthly.sizes",
                    average=Number(_shown(item.sizes.average)),
                    largest=Number(item.sizes.largest),
                )
            )
        monthly = Sentences(
            setting,
            Message(
                "oversell_risk.monthly.possible",
                orders=_count(figs.oversold_orders_per_30_days, "orders"),
                sell_outs=Number(_shown(figs.lots_per_30_days), 1),
            ),
            Message("oversell_risk.monthly.restock"),
            *notes,
        )
        d["oversold_orders"] = {"value": _count(figs.oversold_orders_per_30_days, "orders"), "explanation": monthly}
    else:
        why = Message(WHY_NONE[_why_none(item, buffer)])
        d["oversold_orders"] = {"value": Count(0, "orders"), "explanation": Sentences(setting, why)}

    # 2. the chance of any oversell in the window
    p_any, below = f.any_oversell_probability, Fraction(f.any_oversell_probability) < f.limit
    any_words = Message("oversell_risk.any.chance", window=window, prob=_probability(p_any, not possible))
    d["any_oversell_probability"] = {
        "value": _probability(p_any, not possible),
        "explanation": Sentences(
            any_words, Message(LIMIT_SIDE[below], limit=limit), Message("oversell_risk.any.model")
        ),
    }

    # 3. the cancel rate from oversells alone (only the policy's channel counts)
    rate = Percent(Fraction(f.oversell_rate), beside=f.goal.threshold)
    per_day, total = _count(f.counted_per_day, unit), Count(_shown(f.total_daily_orders), unit)
    where = Message(CHANNEL_NAMES[f.counted_channel])
    parts: list[Any] = [Message(RATE_UNIT[unit], per_day=per_day, channel=where, total=total, rate=rate)]
    if f.oversold_on_channel is not None:
        parts.append(
            Message(
                "oversell_risk.rate.channel",
                channel=where,
                all=_count(figs.oversold_orders_per_30_days, "orders"),
                counted=_count(f.oversold_on_channel, "orders"),
            )
        )
    if f.counted_share != 1:
        parts.append(Message("oversell_risk.rate.counted_share", share=Percent(Fraction(f.counted_share))))
    parts += [
        Message(MET[f.meets_target], goal=goal, target=target),
        Message("oversell_risk.rate.upper_bound"),
    ]
    d["oversell_rate"] = {"value": rate, "explanation": Sentences(*parts)}

    # 4. the chance of missing the target because of them
    p_breach = f.breach_probability
    d["breach_probability"] = {
        "value": _probability(p_breach, p_breach == 0),
        "explanation": Sentences(
            Message(
                "oversell_risk.breach.chance",
                window=window,
                goal=goal,
                target=target,
                prob=_probability(p_breach, p_breach == 0),
            ),
            Message("oversell_risk.breach.model"),
        ),
    }

    # 5. the smallest buffer keeping the chance of any oversell below the limit
    status, k_safe, p_safe = f.smallest.status, f.smallest.buffer, f.smallest.probability
    key = "found_zero" if status == "found" and k_safe == 0 else status
    safe_words = Message(
        SMALLEST[key],
        limit=limit,
        window=window,
        buffer=Count(k_safe if k_safe is not None else 0, "units"),
        listed=Count(max(0, item.stock - (k_safe or 0)), "units"),
        prob=_probability(p_safe or 0.0, not p_safe),
        top=Count(max(0, item.stock - item.sizes.base), "units"),
    )
    value: Any = Count(k_safe, "units") if k_safe is not None else Message("oversell_risk.smallest.none")
    d["smallest_buffer"] = {"value": value, "explanation": safe_words}

    # 6. units held back
    if figs.sells and figs.held_back_per_lot == 0 and buffer == 0:
        held_words = Message("oversell_risk.held.none")
    elif figs.sells:
        held_words = Message(
            "oversell_risk.held.explanation",
            held=_count(figs.held_back_per_lot, "units"),
            per_month=_count(figs.held_back_per_30_days, "units"),
            sell_outs=Number(_shown(figs.lots_per_30_days), 1),
        )
    else:
        held_words = Message("oversell_risk.none.nothing_sells")
    d["held_back"] = {"value": _count(figs.held_back_per_lot, "units"), "explanation": held_words}

    d["curve"] = _curve_display(f)
    return d


def _chart(*, legend_any: str, legend_breach: str, **chart: Any) -> str:
    """The curve's chart, its two lines named (the legend's texts are messages, rendered first)."""
    return line_chart(**chart, legend=(legend_any, legend_breach))


def _curve_display(f: Facts) -> dict[str, Any]:
    policy, curve, limit, goal = f.policy, f.curve, f.limit, f.goal.word
    if not curve:
        return {
            "value": "—",
            "explanation": Message("oversell_risk.none.nothing_sells"),
        }
    last = curve[-1]["buffer"]
    step = 1 if last <= 10 else 5 if last <= 40 else 10
    ticks = [(float(k), format_number(k)) for k in range(0, last + 1, step)]
    top = max(float(limit), *(max(pt["any_oversell_probability"], pt["breach_probability"]) for pt in curve))
    y_max = next(s for s in Y_SCALES if top <= s)
    listed = [
        Message(
            "oversell_risk.curve.at",
            buffer=Count(pt["buffer"], "units"),
            chance=_probability(pt["any_oversell_probability"], pt["any_oversell_probability"] == 0),
        )
        for pt in curve
    ]
    joined: Message | str = listed[0]
    for part in listed[1:]:
        joined = Message("oversell_risk.curve.list", first=joined, next=part)
    mark = [(float(f.buffer), f.any_oversell_probability)] if f.buffer <= last else []
    range_text = Message("oversell_risk.curve.range", low=0, high=Count(last, "units"))
    svg = Deferred(
        _chart,
        chart_id="oversell-risk-curve",
        title=Message("oversell_risk.curve.title", window=Window(policy)),
        desc=Sentences(
            Message("oversell_risk.curve.desc", window=Window(policy), points=joined, limit=Percent(limit)),
            Message("oversell_risk.curve.desc_breach", goal=goal),
        ),
        x_label=Message("oversell_risk.curve.x_label"),
        y_label=Message("oversell_risk.curve.y_label"),
        points=[(float(pt["buffer"]), pt["any_oversell_probability"]) for pt in curve],
        second=[(float(pt["buffer"]), pt["breach_probability"]) for pt in curve],
        legend_any=Message("oversell_risk.curve.legend_any"),
        legend_breach=Message("oversell_risk.curve.legend_breach", goal=goal),
        x_ticks=ticks,
        y_max=y_max,
        y_tick_format=lambda y: format_percent(Fraction(y).limit_denominator(10**6)),
        target=(float(limit), format_percent(limit)),
        marked=mark,
        x_range=(0.0, float(max(last, 1))),
    )
    explanation = Message("oversell_risk.curve.explanation", limit=Percent(limit))
    return {"value": range_text, "explanation": explanation, "svg": svg}
