"""The one entry point: ``calculate(calculator_id, inputs, lang)``.

Returns ``{"ok": True, "outputs": {...}, "display": {...}}`` or
``{"ok": False, "errors": [{"field", "code", "message"}]}``; never raises on
bad input. ``outputs`` holds machine values, ``display`` one
``{"value", "explanation"}`` per output for people, in ``lang``.

A calculator's ``run(values)`` returns ``(outputs, display)`` with the
display's texts as :class:`~cancelrate.phrases.Message` values and typed
values (a text among the outputs, too), or a list of :class:`~cancelrate.phrases.Problem`; this module renders
them in ``lang`` (:func:`cancelrate.phrases.render_display`), the one place
where words meet numbers. The outputs are machine data, rendered the same way
for the few labels they carry (the options an output offers to a ``choices``
field, ``[{"value", "label", "count"}]``).

A fault in a calculator (a bug, never bad input), a missing catalog key
among them, is written to stderr with its traceback (in the browser: the
worker's console) and answered with ``internal_error``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import sys
import traceback
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from . import messages, phrases, tools
from .catalog import norm_lang
from .inputs import read_inputs
from .phrases import Problem, render_problem, words

CALCULATOR_PARTS = ("TITLE", "FIELDS", "OUTPUTS", "run")


def _discover() -> dict[str, ModuleType]:
    """Every module of :mod:`cancelrate.tools`, by module name (the calculator id), sorted by name.

    Each one is a calculator and must define ``TITLE``, ``FIELDS``, ``OUTPUTS``
    and ``run`` (helpers shared by calculators live outside ``tools``).
    """
    found = {}
    for info in sorted(pkgutil.iter_modules(tools.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{tools.__name__}.{info.name}")
        missing = [part for part in CALCULATOR_PARTS if not hasattr(module, part)]
        if missing:
            raise ImportError(f"{module.__name__} is in cancelrate.tools but lacks {', '.join(missing)}")
        found[info.name] = module
    return found


CALCULATORS: dict[str, ModuleType] = _discover()
"""The registry: calculator id -> its module, found in :mod:`cancelrate.tools`."""


def _failure(errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"ok": False, "errors": errors}


def _run(tool: ModuleType, values: dict[str, Any], lang: str) -> dict[str, Any]:
    """Call ``tool.run`` and render its answer in ``lang``."""
    result = tool.run(values)
    if isinstance(result, list):
        labels = {f.name: f.label for f in tool.FIELDS}
        return _failure([render_problem(p, lang, labels) for p in result])
    outputs, display = result
    # Outputs are machine data; a text among them (an option's sentence, a restriction from the data) is a
    # message too, rendered like the display's.
    return {
        "ok": True,
        "outputs": phrases.render_display(outputs, lang),
        "display": phrases.render_display(display, lang),
    }


def calculate(calculator_id: str, inputs: Mapping[str, object], lang: str = "ja") -> dict[str, Any]:
    """Run one calculator on raw inputs (numbers or form strings)."""
    lang = norm_lang(lang)
    tool = CALCULATORS.get(calculator_id) if isinstance(calculator_id, str) else None
    if tool is None:
        return _failure([render_problem(Problem("unknown_calculator"), lang)])
    if not isinstance(inputs, Mapping):
        return _failure([render_problem(Problem("invalid_inputs"), lang)])
    try:
        values, errors = read_inputs(tool.FIELDS, inputs, lang)
        if errors:
            return _failure(errors)
        return _run(tool, values, lang)
    except Exception:
        _log_fault(f"cancelrate: calculator {calculator_id!r} failed")
        return _failure([render_problem(Problem("internal_error"), lang)])


def _log_fault(what: str) -> None:
    print(what, file=sys.stderr)
    traceback.print_exc(file=sys.stderr)


MAX_JSON_DEPTH = 20
"""Inputs are a flat object of values (and lists of strings): deeper JSON is refused unread."""
MAX_JSON_BRACKETS = 1000
"""More brackets than this outside strings is not an object of values either (a list holds at most 50 strings)."""

_JSON_STRING = re.compile(r'"[^"]*"')  # once escaped backslashes and quotes are gone
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep(text: str) -> bool:
    """Whether JSON text nests brackets deeper than :data:`MAX_JSON_DEPTH`, or has more than
    :data:`MAX_JSON_BRACKETS` of them, outside strings.

    Checked before parsing, so ``[[[[…]]]]`` 100,000 deep never reaches the
    recursive parser (a ``RecursionError``, or worse inside WebAssembly). Strings
    are dropped first (escaped backslashes and quotes, then ``"…"``), all in C,
    so megabytes of text cost milliseconds.
    """
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    outside = _JSON_STRING.sub("", text.replace("\\\\", "").replace('\\"', ""))
    if sum(outside.count(b) for b in "[]{}") > MAX_JSON_BRACKETS:
        return True
    depth = 0
    for bracket in _JSON_BRACKET.findall(outside):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            return True
    return False


def calculate_json(calculator_id: str, inputs: str | Mapping[str, object], lang: str = "ja") -> str:
    """:func:`calculate` with the result as JSON text (what the browser worker calls).

    ``inputs`` is JSON text or a mapping (the worker passes a dict in which a
    chosen file arrives as a ``memoryview`` of its bytes). JSON that is not
    an object of values, or nests deeper than :data:`MAX_JSON_DEPTH`, is
    ``invalid_inputs``. The answer never holds NaN or infinity.
    """
    if isinstance(inputs, str):
        try:
            inputs = None if _too_deep(inputs) else json.loads(inputs)
        except (ValueError, RecursionError):
            inputs = None
    result = calculate(calculator_id, inputs, lang)
    try:
        return json.dumps(result, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        _log_fault(f"cancelrate: calculator {calculator_id!r} gave a result that is not finite JSON")
        failure = _failure([render_problem(Problem("internal_error"), norm_lang(lang))])
        return json.dumps(failure, ensure_ascii=False)


def describe(calculator_id: str, lang: str = "ja") -> dict[str, Any]:
    """What a calculator takes and gives, in ``lang``: for rendering its form. An id that names no calculator
    gets the answer :func:`calculate` gives it (``{"ok": False, "errors": [unknown_calculator]}``), never an
    exception."""
    lang = norm_lang(lang)
    tool = CALCULATORS.get(calculator_id) if isinstance(calculator_id, str) else None
    if tool is None:
        return _failure([render_problem(Problem("unknown_calculator"), lang)])
    return {
        "id": calculator_id,
        "title": words(tool.TITLE, lang),
        "inputs": [f.describe(lang) for f in tool.FIELDS],
        "outputs": [_output(name, spec, lang) for name, spec in tool.OUTPUTS.items()],
        # the outputs a form's summary bar shows (the main result): the tool's SUMMARY, or its first output
        "summary": list(getattr(tool, "SUMMARY", ())) or [next(iter(tool.OUTPUTS))],
        "ui": messages.ui_texts(lang),
    }


def _output(name: str, spec: str | Mapping[str, str], lang: str) -> dict[str, str]:
    """An entry of ``OUTPUTS``: a label key, or ``{"label": key, "kind": "table"|"chart"|"text"|"file"|"links"}``
    (``links``: next steps, ``[{"to", "label", "values"?, "handover"?}]``, see the README's DOM contract)."""
    if isinstance(spec, str):
        return {"name": name, "label": words(spec, lang), "kind": "value"}
    return {"name": name, "label": words(spec["label"], lang), "kind": spec.get("kind", "value")}
