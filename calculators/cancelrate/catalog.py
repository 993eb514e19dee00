"""The message catalogs, low level: loading, looking a key up, plural forms and placeholders.

Every word a person reads lives in one catalog per language,
``cancelrate/catalogs/ja.toml`` and ``en.toml`` (TOML, read with the standard
library's :mod:`tomllib` through :mod:`importlib.resources`, so the same files
serve CPython, Pyodide and the site's build). A key is the dotted path of a
string in its file: ``[rate_check.rate]`` + ``computed = "…"`` is
``"rate_check.rate.computed"``.

A catalog string is text with placeholders ``{name}``, optionally followed by
filters: ``{label|cap}`` (first letter upper case, for a sentence that starts
with it), ``{metric|lower}``, and ``{orders|number}`` (a count's number alone,
without its unit; see :mod:`cancelrate.phrases`). No other braces occur.

A string may instead be a **plural table** keyed by CLDR plural categories,
``{ one = "{n} order", other = "{n} orders" }``; the parameter ``n`` picks the
form by the language's rule in :data:`PLURAL_RULES` (Japanese has only
``other``, so a Japanese catalog writes a plain string where English has a table).

This module knows nothing about typed values: :mod:`cancelrate.phrases` is the
API that calculators and the site call; :mod:`cancelrate.formatting` reads the
``[format]`` section (the words and patterns of numbers, dates, counts, ...) here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from fractions import Fraction
from functools import cache
from importlib import resources

LANGS = ("ja", "en")
DEFAULT_LANG = "ja"

PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
PLURAL_RULES: dict[str, Callable[[Fraction], str]] = {
    "ja": lambda n: "other",
    "en": lambda n: "one" if n == 1 else "other",
}
"""The CLDR plural category of a number, per language (the only language logic of the package)."""

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)((?:\|[a-z]+)*)\}")
"""``{name}`` or ``{name|filter|filter}``."""

STRING_FILTERS: dict[str, Callable[[str], str]] = {
    "cap": lambda s: s[:1].upper() + s[1:],
    "lower": str.lower,
}
"""Filters applied to a parameter's text; ``number`` (a count without its unit) is applied by :mod:`.phrases`."""
FILTERS = (*STRING_FILTERS, "number")

Entry = str | dict[str, str]
"""A catalog value: a string, or a plural table ``{category: string}``."""


class MessageError(LookupError):
    """A message that cannot be rendered: an unknown key, a missing parameter, a bad plural or filter.

    In the API's answers this never reaches the page: ``cancelrate.calculate``
    logs it and answers ``internal_error``; the unit tests and the site's build fail on it.
    """


class MissingMessage(MessageError):
    """No such key in a language's catalog."""


def norm_lang(lang: object) -> str:
    """``"en"`` or ``"ja"``; anything else falls back to Japanese."""
    return lang if lang in LANGS else DEFAULT_LANG


def other_language(lang: str) -> str:
    """The site's other language: ``"en"`` for ``"ja"`` and the other way round (the first of :data:`LANGS`
    that is not ``lang``)."""
    return next(code for code in LANGS if code != norm_lang(lang))


def _is_plural(table: Mapping[str, object]) -> bool:
    return bool(table) and "other" in table and set(table) <= set(PLURAL_CATEGORIES)


def flatten(data: Mapping[str, object], prefix: str = "") -> dict[str, Entry]:
    """A parsed catalog as ``{dotted key: string or plural table}`` (empty sections add nothing)."""
    flat: dict[str, Entry] = {}
    for name, value in data.items():
        key = f"{prefix}{name}"
        if isinstance(value, str):
            flat[key] = value
        elif isinstance(value, dict) and _is_plural(value):
            if not all(isinstance(v, str) for v in value.values()):
                raise MessageError(f"{key}: a plural table holds strings only")
            flat[key] = dict(value)
        elif isinstance(value, dict):
            flat.update(flatten(value, key + "."))
        else:
            raise MessageError(f"{key}: a catalog holds strings and tables only, not {type(value).__name__}")
    return flat


@cache
def sections(lang: str) -> dict[str, object]:
    """The parsed catalog of ``lang``, as nested tables in file order."""
    if lang not in LANGS:
        raise MissingMessage(f"no catalog for language {lang!r}")
    data = resources.files(__package__).joinpath("catalogs", f"{lang}.toml").read_text("utf-8")
    return tomllib.loads(data)


@cache
def load(lang: str) -> dict[str, Entry]:
    """Every message of ``lang``'s catalog by dotted key (read once)."""
    return flatten(sections(lang))


def raw(lang: str, key: str) -> Entry:
    """The catalog value of ``key``: a string or a plural table; :class:`MissingMessage` if there is none."""
    try:
        return load(lang)[key]
    except KeyError:
        raise MissingMessage(f"no message {key!r} in the {lang!r} catalog") from None


def entry(lang: str, key: str, plural: object = None) -> str:
    """The string of ``key``; for a plural table, the form for the number ``plural``."""
    value = raw(lang, key)
    if isinstance(value, str):
        return value
    if plural is None:
        raise MessageError(f"{key!r} has plural forms: it needs the parameter n")
    return value.get(PLURAL_RULES[lang](Fraction(plural)), value["other"])


def placeholders(template: str) -> set[str]:
    """The parameter names of a catalog string (without filters)."""
    return {m[1] for m in PLACEHOLDER.finditer(template)}


def fill(template: str, resolve: Callable[[str, tuple[str, ...]], str]) -> str:
    """``template`` with each placeholder replaced by ``resolve(name, filters)``."""
    return PLACEHOLDER.sub(lambda m: resolve(m[1], tuple(f for f in m[2].split("|") if f)), template)


def apply_string_filters(value: str, filters: tuple[str, ...], key: str = "") -> str:
    """Apply ``cap`` / ``lower`` to a parameter's text (``number`` must have been handled before)."""
    for name in filters:
        if name not in STRING_FILTERS:
            raise MessageError(f"{key!r}: filter {name!r} does not apply to text")
        value = STRING_FILTERS[name](value)
    return value


def pattern(lang: str, key: str, plural: object = None, **values: str) -> str:
    """A catalog pattern filled with texts already formatted (what :mod:`.formatting` uses);
    ``plural`` is the number that picks a plural table's form."""

    def resolve(name: str, filters: tuple[str, ...]) -> str:
        if name not in values:
            raise MessageError(f"{key!r} ({lang}) needs the parameter {name!r}")
        return apply_string_filters(values[name], filters, key)

    return fill(entry(lang, key, plural), resolve)
