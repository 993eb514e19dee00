"""Calculator inputs: what each field is, and reading it from a form or JSON.

A calculator declares its fields; :func:`read_inputs` turns raw inputs into
typed values and collects every problem as an error record (never raises).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from . import messages
from .goals import Goal
from .numbers import InvalidInput, parse_count, parse_number, parse_percent
from .phrases import Number, Problem, render_problem, words
from .policies import Policy, all_policies, get_policy, resolve_target


@dataclass(frozen=True)
class ExampleFile:
    """A file a ``file`` field offers to try: ``url`` relative to the site's root (the site serves it
    itself), ``label`` the catalog key of the button that loads it, ``failed`` of the message shown when
    it cannot be fetched."""

    url: str
    label: str
    failed: str


@dataclass(frozen=True)
class Field:
    """One input of a calculator.

    ``kind`` is ``policy``, ``count``, ``percent``, ``target`` (a percent
    above 0), ``number`` (a positive decimal), ``text`` (free text, e.g. a list
    of dates; at most ``max_length`` characters), ``file`` (bytes; ``accept``
    lists the file types offered, ``maximum`` is the largest size in bytes) or
    ``choices`` (several values from a list, see below). ``multiline`` text
    gets a box that keeps line breaks. ``label`` and ``help`` are catalog keys
    (``"fields.label.orders"``, ``"rate_check.help.orders"``). ``example`` is the example value: the page
    shows it as the field's placeholder (「例: 25」), computes its example
    result from it (labelled as the example), and its "fill in the example"
    button puts it into the field; it never stands in for an empty field. A
    date field whose example should not age sets ``example_days_ago``: the
    button puts the local date that many days before today, while the page as
    built uses the fixed ``example``, which the example's sentences name. A
    field with ``today`` means the day of the calculation: the browser starts
    it at its own local date (a real value, not an example). ``picker`` offers
    the device's date picker beside a date field: ``"date"`` (it sets the one
    date) or ``"dates"`` (it adds a line to the list). ``glossary`` is the
    anchor of the glossary entry the field's help links to. ``shown_with`` is
    ``(choices field, value)``: the form shows the field only while that box is
    ticked (a cause's reason once the cause is chosen).

    ``minimum`` is the smallest ``target`` or ``number`` accepted (above 0 in
    any case): below it, outputs would stop being meaningful (a target of
    5e-324 % needs more orders than JavaScript can count). A ``number`` with
    ``zero_ok`` also takes 0 (a negative number is then ``negative``).

    A ``choices`` field reads a list of strings: ``[]`` when nothing is
    chosen, a single string as a one-item list, at most ``max_items`` items
    of at most ``max_length`` characters, repeats dropped. Its options are
    either static (``choices``: ``(value, label key)`` pairs; any other
    value is an ``unknown_choice`` error) or come from an output of the
    previous result (``choices_from``: the output's value is
    ``[{"value", "label", "count"}]``, and the calculator itself checks the
    values against it).

    A ``text`` field with ``plain`` is words a person writes (a cause, a store
    name): line breaks ``\r\n`` and ``\r`` become ``\n``, and any other
    control character (a tab, NUL, escape, a lone surrogate …), or a line break
    in a field that is not ``multiline``, is the error ``control_characters``.

    An ``advanced`` field is one most sellers can leave as it is (optional, with a sensible meaning when
    empty): the form puts it behind a disclosure, 「詳しく設定」 / "More settings" (the ``[ui]`` text
    ``more``), after the essential fields, so that a form stays short on a phone.

    A ``file`` field may offer an ``example_file`` (:class:`ExampleFile`):
    the page shows a button that loads it into the field, so that a seller
    can see the results before finding their own file.

    Every value is checked for length before anything else (a million
    characters are refused at once, not normalised first).
    """

    name: str
    kind: str
    label: str
    help: str = ""
    required: bool = True
    example: Any = None
    maximum: int = 10**9
    policy_filter: Callable[[Policy], bool] | None = None
    accept: str = ""
    multiline: bool = False
    max_length: int = 20_000
    minimum: Fraction | None = None
    choices: tuple[tuple[str, str], ...] = ()
    choices_from: str = ""
    max_items: int = 50
    example_file: ExampleFile | None = None
    example_days_ago: int | None = None
    plain: bool = False
    zero_ok: bool = False
    advanced: bool = False
    today: bool = False
    picker: str = ""
    glossary: str = ""
    shown_with: tuple[str, str] = ()

    def options(self, lang: str) -> list[dict[str, str]]:
        """For ``policy`` fields and static ``choices``: the choices, ``[{"value", "label"}]``."""
        if self.kind == "choices":
            return [{"value": value, "label": words(label, lang)} for value, label in self.choices]
        if self.kind != "policy":
            return []
        return [
            {"value": p.id, "label": p.label(lang)}
            for p in all_policies().values()
            if self.policy_filter is None or self.policy_filter(p)
        ]

    def longest_value(self) -> int | None:
        """The most characters one value of this field may have (a ``choices`` field: each item); ``None`` for a
        file. The page leaves a longer value out of a shared link (it is refused anyway), so links stay short."""
        if self.kind == "file":
            return None
        return self.max_length if self.kind in ("text", "choices") else MAX_VALUE_CHARS

    def describe(self, lang: str) -> dict[str, Any]:
        """JSON-able description for form rendering."""
        return {
            "name": self.name,
            "kind": self.kind,
            "label": words(self.label, lang),
            "help": words(self.help, lang),
            "required": self.required,
            "example": self.example,
            "options": self.options(lang),
            "accept": self.accept,
            "multiline": self.multiline,
            "maximum": self.maximum,
            "max_length": self.longest_value(),
            "options_from": self.choices_from,
            "max_items": self.max_items,
            "example_file": None
            if self.example_file is None
            else {
                "url": self.example_file.url,
                "label": words(self.example_file.label, lang),
                "failed": words(self.example_file.failed, lang),
            },
            "example_days_ago": self.example_days_ago,
            "advanced": self.advanced,
            "today": self.today,
            "picker": self.picker,
            "glossary": self.glossary,
            "shown_with": list(self.shown_with),
        }


TARGET_PERCENT = Field(
    "target_percent",
    "target",
    "fields.label.target_percent",
    "fields.help.target_percent",
    required=False,
    minimum=Fraction(1, 10_000),
)
"""The optional target every rate calculator takes (see :func:`read_target`); at least 0.0001 %, so that
every count derived from it (orders to recover, orders for one cancellation) stays below 2**53."""


TARGET_REQUIRED = Problem("target_required", TARGET_PERCENT.name)
"""The problem of a calculator that needs a goal when the policy publishes none and the seller gave none."""


def read_target(policy: Policy, target_percent: Fraction | None) -> Goal | None:
    """The goal to compare with (:func:`policies.resolve_target`): the seller's ``target_percent`` (compared
    with the policy's own comparison, "under" when it has none), else the policy's published one; ``None`` when
    there is neither (the calculator answers :data:`TARGET_REQUIRED`, or the rate alone)."""
    target = resolve_target(policy, target_percent)
    return None if target is None else Goal(*target)


def today_field(label_key: str, help_key: str, **options: Any) -> Field:
    """The optional "today" field of a calculator that counts from a day: a date typed or picked (``picker``),
    at most 100 characters, started by the browser at its own local date (``today``); its label and help
    are the calculator's own catalog keys. ``options`` are further :class:`Field` settings (the example)."""
    return Field(
        "today", "text", label_key, help_key, required=False, max_length=100, today=True, picker="date", **options
    )


def policy_field(help_key: str, **options: Any) -> Field:
    """The policy field every calculator starts with: its label is shared, its help (a catalog key) its own;
    the example is Amazon.co.jp's cancel rate. ``options`` are further :class:`Field` settings
    (``policy_filter``, ``glossary``)."""
    return Field("policy", "policy", "fields.label.policy", help_key, example="amazon_jp", **options)


MAX_VALUE_CHARS = 200
"""The longest value a ``policy``, number or percent field reads (checked before any normalisation)."""


def _read_choices(f: Field, value: object) -> list[str]:
    if value is None:
        items: list[object] = []
    elif isinstance(value, str):
        items = [value]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise InvalidInput("not_a_choice_list")
    if len(items) > f.max_items:
        raise InvalidInput("too_many_choices", maximum=f.max_items)
    known = {v for v, _ in f.choices}
    chosen: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidInput("not_a_choice_list")
        if len(item) > f.max_length:
            raise InvalidInput("too_long", maximum=f.max_length)
        if f.choices and item not in known:
            raise InvalidInput("unknown_choice", value=messages.quoted(item))
        if item not in chosen:
            chosen.append(item)
    if f.required and not chosen:
        raise InvalidInput("choice_required")
    return chosen


def _plain_text(value: str, multiline: bool) -> str:
    """Text a person wrote: line breaks as ``\n``; no other control character (categories Cc and Cs)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    for c in value:
        if (c == "\n" and not multiline) or (c != "\n" and unicodedata.category(c) in ("Cc", "Cs")):
            raise InvalidInput("control_characters")
    return value


def _at_least(f: Field, number: Fraction) -> None:
    if f.minimum is not None and number < f.minimum:
        raise InvalidInput("below_minimum", minimum=Number(f.minimum, 6))


def _read(f: Field, value: object) -> object:
    if f.kind == "choices":
        return _read_choices(f, value)
    if isinstance(value, str) and f.kind not in ("text", "file") and len(value) > MAX_VALUE_CHARS:
        raise InvalidInput("unknown_policy" if f.kind == "policy" else "not_a_number")
    if f.kind == "policy":
        if value is None or (isinstance(value, str) and not value.strip()):
            raise InvalidInput("choice_required")  # a list to choose from, not a box to type in
        policy = get_policy(value.strip()) if isinstance(value, str) else None
        if policy is None or (f.policy_filter is not None and not f.policy_filter(policy)):
            raise InvalidInput("unknown_policy")
        return policy
    if f.kind == "count":
        return parse_count(value, maximum=f.maximum)
    if f.kind == "percent":
        return parse_percent(value)
    if f.kind == "target":
        number = parse_percent(value)
        if number <= 0:  # "under 0%" can never be met
            raise InvalidInput("too_small", minimum=0)
        _at_least(f, number)
        return number
    if f.kind == "number":
        number = parse_number(value)
        if f.zero_ok and number < 0:
            raise InvalidInput("negative")
        if number <= 0 and not (f.zero_ok and number == 0):
            raise InvalidInput("too_small", minimum=0)
        _at_least(f, number)
        if number > f.maximum:
            raise InvalidInput("too_large", maximum=f.maximum)
        return number
    if f.kind == "text":
        if not isinstance(value, str):
            raise InvalidInput("required" if value is None else "not_a_text")
        if len(value) > f.max_length:
            raise InvalidInput("too_long", maximum=f.max_length)
        return _plain_text(value, f.multiline) if f.plain else value
    if f.kind == "file":
        if isinstance(value, (bytes, bytearray, memoryview)):
            return bytes(value)
        raise InvalidInput("file_required")
    raise ValueError(f"unknown field kind {f.kind!r}")  # pragma: no cover - programming error


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_inputs(
    fields: list[Field], inputs: Mapping[str, object], lang: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Typed values by field name, and the list of error records.

    Optional fields left blank read as ``None``.
    """
    values: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for f in fields:
        raw = inputs.get(f.name)
        if not f.required and _is_blank(raw):
            values[f.name] = [] if f.kind == "choices" else None
            continue
        try:
            values[f.name] = _read(f, raw)
        except InvalidInput as exc:
            errors.append(render_problem(Problem(exc.code, f.name, **exc.params), lang, {f.name: f.label}))
    return values, errors


def fraction_json(value: Fraction | None) -> float | None:
    """An exact value as a JSON float for machines (display text is made separately)."""
    return None if value is None else float(value)
