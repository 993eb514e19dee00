"""Expand ``{{ name(args) }}`` placeholders in Markdown with HTML made from the data.

Only the functions registered in ``MACROS`` (and the page's own extras, such
as ``calculator_index`` on a calculator index page) exist; their arguments are
Python literals. Unknown names or bad arguments fail the build
(``MacroError``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping

from . import figures, forms, policy_pages

PLACEHOLDER = re.compile(r"\{\{\s*(?P<name>[a-z_]+)\((?P<args>[^{}]*)\)\s*\}\}")


class MacroError(ValueError):
    """A placeholder that cannot be expanded."""


MACROS: dict[str, Callable[..., str]] = {
    "calculator": forms.calculator_form,
    **policy_pages.MACROS,  # fact(), policy_overview(), policy_card(), ... (see policy_pages.py)
    "figure": figures.figure,  # knowledge-base pictures
}


def _call(match: re.Match, lang: str, counter: list[int], macros: Mapping[str, Callable[..., str]]) -> str:
    name = match["name"]
    func = macros.get(name)
    if func is None:
        raise MacroError(f"unknown placeholder {name!r}")
    try:
        call = ast.parse(f"f({match['args']})", mode="eval").body
        args = [ast.literal_eval(a) for a in call.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    except (SyntaxError, ValueError) as exc:
        raise MacroError(f"bad arguments in {match[0]!r}: {exc}") from exc
    counter[0] += 1
    try:
        return func(*args, lang=lang, instance=counter[0], **kwargs)
    except (KeyError, TypeError) as exc:
        raise MacroError(f"{match[0]!r}: {exc}") from exc


def expand(markdown: str, lang: str, extra: Mapping[str, Callable[..., str]] | None = None) -> str:
    """Replace every placeholder in ``markdown`` (``extra``: macros of this page only)."""
    counter = [0]
    macros = {**MACROS, **(extra or {})}
    return PLACEHOLDER.sub(lambda m: _call(m, lang, counter, macros), markdown)
