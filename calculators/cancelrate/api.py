"""The one entry point: ``calculate(calculator_id, inputs, lang)``.

Returns ``{"ok": True, "outputs": {...}, "display": {...}}`` or
``{"ok": False, "errors": [{"field", "code", "message"}]}``; never raises on
bad input. ``outputs`` holds machine values, ``display`` one
``{"value", "explanation"}`` per output for people, in ``lang``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from . import messages, tools
from .inputs import read_inputs

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


def calculate(calculator_id: str, inputs: Mapping[str, object], lang: str = "ja") -> dict[str, Any]:
    """Run one calculator on raw inputs (numbers or form strings)."""
    lang = messages.norm_lang(lang)
    tool = CALCULATORS.get(calculator_id) if isinstance(calculator_id, str) else None
    if tool is None:
        return _failure([messages.error("unknown_calculator", lang)])
    if not isinstance(inputs, Mapping):
        return _failure([messages.error("invalid_inputs", lang)])
    try:
        values, errors = read_inputs(tool.FIELDS, inputs, lang)
        if errors:
            return _failure(errors)
        result = tool.run(values, lang)
    except Exception:
        return _failure([messages.error("internal_error", lang)])
    if isinstance(result, list):
        return _failure(result)
    outputs, display = result
    return {"ok": True, "outputs": outputs, "display": display}


def calculate_json(calculator_id: str, inputs: str | Mapping[str, object], lang: str = "ja") -> str:
    """:func:`calculate` with the result as JSON text (what the browser worker calls).

    ``inputs`` is JSON text or a mapping (the worker passes a dict in which a
    chosen file arrives as a ``memoryview`` of its bytes).
    """
    if isinstance(inputs, str):
        try:
            inputs = json.loads(inputs)
        except ValueError:
            inputs = None
    return json.dumps(calculate(calculator_id, inputs, lang), ensure_ascii=False)


def describe(calculator_id: str, lang: str = "ja") -> dict[str, Any]:
    """What a calculator takes and gives, in ``lang``: for rendering its form."""
    lang = messages.norm_lang(lang)
    tool = CALCULATORS[calculator_id]
    return {
        "id": calculator_id,
        "title": tool.TITLE[lang],
        "inputs": [f.describe(lang) for f in tool.FIELDS],
        "outputs": [
            {"name": name, "label": spec[lang], "kind": spec.get("kind", "value")}
            for name, spec in tool.OUTPUTS.items()
        ],
        "ui": {key: text[lang] for key, text in messages.UI.items()},
    }
