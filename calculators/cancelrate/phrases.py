"""Messages: what the calculators and the site say, rendered from the catalogs in one place.

Numbers and words apart: a calculator returns data and :class:`Message` values
(a catalog key with parameters); this module renders them in a language from
that language's catalog (``cancelrate/catalogs/<lang>.toml``, see
:mod:`cancelrate.catalog`). Parameters are **typed values**, each written by
the one function of its kind in :mod:`cancelrate.formatting`, so a catalog
string says ``{orders}`` and never formats anything itself.

The API
=======

- ``text(lang, key, **params) -> str``: one message, now (the site's hooks use this).
- ``Message(key, **params)``: the same, as a value, rendered later by
  :func:`render` (what ``run`` puts into its display).
- ``Sentences(a, b, ...)``: messages that follow each other in one text,
  joined as the language joins sentences (``format.sentences``: no space in
  Japanese, one in English).
- ``Lines(a, b, ...)``: parts that follow each other on separate lines (joined with ``"\n"``, in every
  language): a text the seller takes away, such as an improvement plan.
- ``OtherLanguage(value)``: ``value`` (a message, or a whole output such as ``{"filename", "text"}``)
  rendered in the site's other language, whatever the page's (the plan's English version on the
  Japanese page, and the other way round).
- ``Problem(code, field=None, **params)``: an error (message ``errors.<code>``);
  the API renders it to ``{"field", "code", "message"}``, passing the field's
  label as ``{label}``.
- ``render(value, lang)``, ``render_display(display, lang)``,
  ``render_problem(problem, lang, fields)``: what :mod:`cancelrate.api` calls.
- ``words(key, lang)``: a label given as a catalog key (``TITLE``, ``OUTPUTS``,
  ``Field.label``/``help``), ``""`` for none.

Parameters (the value decides how it is written)
------------------------------------------------

- ``int``, ``Fraction``: :func:`~cancelrate.formatting.format_number` (``1,234``, ``2.5``);
- ``Number(x, places)``: ``format_number(x, places)`` (``0.0001``);
- ``Percent(rate)``: :func:`~cancelrate.formatting.format_percent` (``2.5%``); ``Percent(rate,
  beside=threshold)``: :func:`~cancelrate.formatting.percent_beside` (``0.995%`` next to 1%);
- ``Count(n, unit)``: :func:`~cancelrate.formatting.count_phrase` (``3 件`` / ``1 order``, ``2 orders``);
- ``Target(threshold, comparison)``: :func:`~cancelrate.formatting.target_phrase` (``2.5%未満`` / ``under 2.5%``);
- ``Comparison(comparison)``: :func:`~cancelrate.formatting.comparison_word` (``未満`` / ``under``);
- ``Duration(days)``: :func:`~cancelrate.formatting.duration_phrase` (``7 日間`` / ``7 days``);
- ``Yen(amount)``: :func:`~cancelrate.formatting.format_yen` (``100,000 円`` / ``¥100,000``);
- ``datetime.date``: :func:`~cancelrate.formatting.format_date` (``2026年11月28日`` / ``28 November 2026``);
- ``MonthDay(month, day)``: :func:`~cancelrate.formatting.format_month_day` (``1月1日`` / ``1 January``);
- ``Window(policy)``: :func:`~cancelrate.formatting.window_phrase` (``直近 7 日間`` / ``the last 7 days``);
- ``MinOrders(rule)``: :func:`~cancelrate.formatting.min_orders_phrase` (``10 件を超える`` / ``more than 10``);
- ``PolicyName(policy)``: the policy's platform and metric (``Policy.label``);
- ``Localized({"ja": …, "en": …})``: a text of the data (``policies.json``) in that language;
- ``Message`` / ``Sentences``: rendered in the same language (a label inside a sentence);
- ``str``: as it is, only for text that is no language (a value quoted from the input, a column name).

A new kind of value is a function in :mod:`cancelrate.formatting` (its words in
``[format]``) plus a small class here whose ``format(lang)`` calls it.
A plain ``Mapping`` with the language codes counts as ``Localized`` inside a
message's parameters. ``bool`` and ``None`` are refused (say it with a key).

Filters, in the catalog string: ``{x|cap}`` (first letter upper case: a
sentence that starts with a parameter), ``{x|lower}``, ``{x|number}`` (a
``Count``'s number without its unit: "1 cancelled out of 3 orders").

Plurals: a count with its noun is a ``Count`` (its unit's words are in
``[format.unit]``, with ``one``/``other`` forms in English). A whole message
that depends on a number is a plural table in the catalog,
``{ one = "…", other = "…" }``, and its parameter ``n`` picks the form.

Capitals: never ``.capitalize()`` in code; the catalog says ``{x|cap}``, or
uses a separate key for a word at the start of a sentence.

Conditional sentences: the calculator picks the **key** from its data
(``"rate_check.min_orders.missed_rate_met" if rate_ok else "…missed_rate_missed"``);
a catalog string holds no condition, and no code holds a language. When a
choice depends on a data value (a unit, a route), map the value to literal
keys in a dict (``FIRST = {"orders": "rate_check.headroom.first_order", …}``):
keys are always written out in full, never built with f-strings, so the
tests can find every key the code uses (:mod:`tests.unit.test_catalogs`).

Errors: a missing key or parameter raises :class:`~cancelrate.catalog.MessageError`
(a ``LookupError``): the unit tests fail on it, the site's build fails on it,
and :func:`cancelrate.calculate` logs it and answers ``internal_error``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from . import catalog, formatting, ics
from .catalog import MessageError

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from .policies import MinOrders as MinOrdersRule
    from .policies import Policy

__all__ = [
    "Calendar",
    "Comparison",
    "Count",
    "Deferred",
    "Duration",
    "Lines",
    "Localized",
    "Message",
    "MinOrders",
    "MonthDay",
    "Number",
    "OtherLanguage",
    "Percent",
    "PolicyName",
    "Problem",
    "Sentences",
    "Target",
    "Window",
    "Yen",
    "lines",
    "listed",
    "render",
    "render_display",
    "render_problem",
    "text",
    "words",
]


# --- messages ------------------------------------------------------------------------


class Message:
    """A catalog key with its parameters, rendered later in a language: ``Message("rate_check.rate.computed", rate=Percent(r))``."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        params = "".join(f", {name}={value!r}" for name, value in self.params.items())
        return f"Message({self.key!r}{params})"


class Sentences:
    """Messages (or texts) that follow each other, joined as the language joins sentences (``format.sentences``)."""

    __slots__ = ("parts",)

    def __init__(self, *parts: object) -> None:
        if not parts:
            raise ValueError("Sentences needs at least one part")
        self.parts = parts

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sentences) and self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    def __repr__(self) -> str:
        return f"Sentences{self.parts!r}"


class Lines:
    """Parts on separate lines: rendered each in the language and joined with ``"\n"`` (a line break is no word)."""

    __slots__ = ("parts",)

    def __init__(self, *parts: object) -> None:
        self.parts = parts

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lines) and self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    def __repr__(self) -> str:
        return f"Lines{self.parts!r}"


class OtherLanguage:
    """A value rendered in the site's other language (:func:`cancelrate.catalog.other_language`), not the
    page's: a message, typed value, :class:`Lines`, or a whole output (dicts and lists are walked)."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OtherLanguage) and self.value == other.value

    def __hash__(self) -> int:
        return hash(repr(self.value))

    def __repr__(self) -> str:
        return f"OtherLanguage({self.value!r})"


class Problem:
    """An error of a calculator: ``code`` (the API's error code, message ``errors.<code>``), the field it is about,
    and the message's parameters. The field's label is added as ``{label}`` when the problem is rendered."""

    __slots__ = ("code", "field", "params")

    def __init__(self, code: str, field: str | None = None, /, **params: object) -> None:
        self.code = code
        self.field = field
        self.params = params

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and (self.code, self.field, self.params) == (
            other.code,
            other.field,
            other.params,
        )

    def __hash__(self) -> int:
        return hash((self.code, self.field))

    def __repr__(self) -> str:
        params = "".join(f", {name}={value!r}" for name, value in self.params.items())
        return f"Problem({self.code!r}, {self.field!r}{params})"


# --- typed values: each written by its one function in cancelrate.formatting --------------


class Value:
    """A value with a kind; :meth:`format` writes it in a language."""

    def format(self, lang: str) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError


@dataclass(frozen=True)
class Number(Value):
    """A plain number with up to ``places`` decimals: ``Number(Fraction(1, 10_000), 6)`` -> ``0.0001``."""

    value: int | Fraction | str
    places: int = 2

    def format(self, lang: str) -> str:
        return formatting.format_number(self.value, self.places)


@dataclass(frozen=True)
class Percent(Value):
    """A rate (fraction of 1) as a percent; with ``beside``, as many decimals as it takes not to look equal to it."""

    rate: Fraction | None
    beside: Fraction | None = None

    def format(self, lang: str) -> str:
        if self.beside is None:
            return formatting.format_percent(self.rate)
        return formatting.percent_beside(self.rate, self.beside)


@dataclass(frozen=True)
class Count(Value):
    """A number of things with its unit (``orders``, ``units``, ``points``, …): ``3 件`` / ``1 order``."""

    n: int | Fraction | str
    unit: str

    def format(self, lang: str) -> str:
        return formatting.count_phrase(self.n, self.unit, lang)


@dataclass(frozen=True)
class Target(Value):
    """A rate target: ``2.5%未満`` / ``under 2.5%``."""

    threshold: Fraction
    comparison: str

    def format(self, lang: str) -> str:
        return formatting.target_phrase(self.threshold, self.comparison, lang)


@dataclass(frozen=True)
class Comparison(Value):
    """The word of a comparison alone: ``未満`` / ``under``."""

    comparison: str

    def format(self, lang: str) -> str:
        return formatting.comparison_word(self.comparison, lang)


@dataclass(frozen=True)
class Duration(Value):
    """A length of time in days: ``7 日間`` / ``7 days``."""

    days: int

    def format(self, lang: str) -> str:
        return formatting.duration_phrase(self.days, lang)


@dataclass(frozen=True)
class Yen(Value):
    """An amount of money: ``100,000 円`` / ``¥100,000``."""

    amount: int | str

    def format(self, lang: str) -> str:
        return formatting.format_yen(self.amount, lang)


@dataclass(frozen=True)
class MonthDay(Value):
    """A day of every year: ``1月1日`` / ``1 January``."""

    month: int
    day: int

    def format(self, lang: str) -> str:
        return formatting.format_month_day(self.month, self.day, lang)


@dataclass(frozen=True)
class Window(Value):
    """A policy's window for running text: ``直近 7 日間`` / ``the last 7 days``."""

    policy: Policy

    def format(self, lang: str) -> str:
        return formatting.window_phrase(self.policy, lang)


@dataclass(frozen=True)
class MinOrders(Value):
    """A minimum-orders rule for running text: ``10 件を超える`` / ``more than 10``."""

    rule: MinOrdersRule

    def format(self, lang: str) -> str:
        return formatting.min_orders_phrase(self.rule, lang)


@dataclass(frozen=True)
class PolicyName(Value):
    """A policy's name: platform and metric."""

    policy: Policy

    def format(self, lang: str) -> str:
        return self.policy.label(lang)


@dataclass(frozen=True)
class Localized(Value):
    """A text of the data in each language (``{"ja": …, "en": …}`` from ``policies.json``)."""

    texts: Mapping[str, str]

    def format(self, lang: str) -> str:
        return self.texts[lang]


@dataclass(frozen=True)
class Calendar(Value):
    """An iCalendar file (:func:`cancelrate.ics.calendar`) whose calendar name and events' texts are messages:
    ``events`` holds ``(uid, day, summary, description)``."""

    name: Message
    events: tuple[tuple[str, date, Message | Sentences, Message | Sentences], ...]

    def format(self, lang: str) -> str:
        return ics.calendar(
            (ics.Event(uid, day, render(summary, lang), render(text, lang)) for uid, day, summary, text in self.events),
            render(self.name, lang),
        )


class Deferred:
    """A display value built from rendered parameters: ``Deferred(func, title=Message(…), points=[…])``.

    :func:`render` renders every :class:`Message`, :class:`Sentences` or typed
    parameter to text (other parameters pass unchanged) and returns
    ``func(**params)``: e.g. an SVG chart whose title and labels are messages.
    """

    __slots__ = ("func", "params")

    def __init__(self, func: Callable[..., str], /, **params: object) -> None:
        self.func = func
        self.params = params

    def __repr__(self) -> str:
        return f"Deferred({getattr(self.func, '__name__', self.func)!r}, {sorted(self.params)!r})"


# --- rendering -----------------------------------------------------------------------------

_RENDERED = (Message, Sentences, Lines, OtherLanguage, Value, date, Deferred)


def _param_text(value: object, lang: str, key: str, name: str) -> str:
    if isinstance(value, bool) or value is None:
        raise MessageError(f"{key!r}: parameter {name!r} is {value!r}; choose a key for it instead")
    if isinstance(value, str):
        return value
    if isinstance(value, (int, Fraction)):
        return formatting.format_number(value)
    if isinstance(value, Mapping):
        return Localized(value).format(lang)
    if isinstance(value, _RENDERED):
        return render(value, lang)
    raise MessageError(f"{key!r}: parameter {name!r} has no kind of value ({type(value).__name__})")


def _bare_number(value: object, key: str, name: str) -> str:
    if isinstance(value, Count):
        return formatting.format_number(value.n)
    if isinstance(value, Number):
        return value.format("")
    if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
        return formatting.format_number(value)
    raise MessageError(f"{key!r}: the filter 'number' needs a count or a number, not {name!r}={value!r}")


def _plural_number(params: Mapping[str, object], key: str) -> object:
    n = params.get("n")
    if isinstance(n, Count):
        return n.n
    if isinstance(n, Number):
        return n.value
    return n


def text(lang: str, key: str, /, **params: object) -> str:
    """Message ``key`` in ``lang`` with ``params`` (typed values, see the module docstring).

    Raises :class:`~cancelrate.catalog.MessageError` for an unknown key, a
    parameter the string needs but was not given, or a value of no kind.
    Parameters the string does not use are allowed (a language may leave one out).
    """
    template = catalog.entry(lang, key, _plural_number(params, key))

    def resolve(name: str, filters: tuple[str, ...]) -> str:
        if name not in params:
            raise MessageError(f"{key!r} ({lang}) needs the parameter {name!r}")
        value = params[name]
        if filters[:1] == ("number",):
            return catalog.apply_string_filters(_bare_number(value, key, name), filters[1:], key)
        return catalog.apply_string_filters(_param_text(value, lang, key, name), filters, key)

    return catalog.fill(template, resolve)


def listed(items: Sequence[object], joiner: str = "format.list") -> object:
    """Items in running text, each next one joined by the message ``joiner`` (``{first}`` and ``{next}``;
    ``format.list``: 「a、b」 / "a; b"); ``""`` for no items."""
    if not items:
        return ""
    joined = items[0]
    for item in items[1:]:
        joined = Message(joiner, first=joined, next=item)
    return joined


def lines(lang: str, key: str, /, **params: object) -> list[str]:
    """A message of several lines (a picture's box), as a list of lines."""
    return text(lang, key, **params).split("\n")


def render(value: object, lang: str) -> str:
    """A :class:`Message`, :class:`Sentences`, :class:`Lines`, :class:`OtherLanguage`, typed value, date or
    :class:`Deferred` as text; a ``str`` as it is."""
    if isinstance(value, str):
        return value
    if isinstance(value, Message):
        return text(lang, value.key, **value.params)
    if isinstance(value, Lines):
        return "\n".join(render(part, lang) for part in value.parts)
    if isinstance(value, OtherLanguage):
        return render(value.value, catalog.other_language(lang))
    if isinstance(value, Sentences):
        joined = render(value.parts[0], lang)
        for part in value.parts[1:]:
            joined = catalog.pattern(lang, "format.sentences", first=joined, next=render(part, lang))
        return joined
    if isinstance(value, Value):
        return value.format(lang)
    if isinstance(value, date):
        return formatting.format_date(value, lang)
    if isinstance(value, Deferred):
        params = {name: render(v, lang) if isinstance(v, _RENDERED) else v for name, v in value.params.items()}
        return value.func(**params)
    raise MessageError(f"nothing to render: {value!r}")


def render_display(display: Any, lang: str) -> Any:
    """A calculator's display with every message and typed value rendered in ``lang``.

    Dicts and lists are walked; strings, numbers, ``None`` and booleans pass
    unchanged.
    """
    if isinstance(display, OtherLanguage):
        return render_display(display.value, catalog.other_language(lang))
    if isinstance(display, _RENDERED):
        return render(display, lang)
    if isinstance(display, Mapping):
        return {name: render_display(value, lang) for name, value in display.items()}
    if isinstance(display, (list, tuple)):
        return [render_display(value, lang) for value in display]
    return display


def words(key: str, lang: str) -> str:
    """A label given as a catalog key, in ``lang``; ``""`` for none."""
    return text(lang, key) if key else ""


def render_problem(problem: Problem, lang: str, labels: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``{"field", "code", "message"}``; ``labels`` maps field names to their labels' catalog keys."""
    label = (labels or {}).get(problem.field) if problem.field else None
    params = dict(problem.params)
    params.setdefault("label", words(label, lang) if label else "")
    return {"field": problem.field, "code": problem.code, "message": text(lang, f"errors.{problem.code}", **params)}
