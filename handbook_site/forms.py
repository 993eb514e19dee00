"""Calculator forms and the calculator index, from the ``cancelrate`` registry.

``{{ calculator("rate_check", orders=1) }}`` becomes the calculator's form
(``overrides/partials/handbook/calculator_form.html``, the DOM contract of the
README): inputs named after the API inputs, each with a label, help and
``[data-error-for=NAME]``; one ``<output data-output=NAME data-value=JSON>``
and ``[data-explain=NAME]`` per output, pre-filled with the result for the
example values (computed now, by the same ``calculate``; a ``text`` output's
text in its read-only box, with its copy button and download link); the status texts in
the page's language as ``data-text-*`` attributes, so that the browser glue
holds no language and no policy.

``{{ calculator_index() }}`` lists every calculator page of the navigation
section the index page is in, with its title and the ``summary`` of its
front matter (``calculator_index.md``).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

import cancelrate

from .rendering import render, render_in

INPUT_MODES = {"count": "numeric", "percent": "decimal", "number": "decimal"}


def calculator_form(calculator_id: str, *, lang: str, instance: int = 1, **prefill: object) -> str:
    """The form for ``calculator_id`` in ``lang``, pre-filled with the example values (or ``prefill``)."""
    spec = cancelrate.describe(calculator_id, lang)
    uid = f"{calculator_id}-{instance}"
    values = {f["name"]: prefill.get(f["name"], f["example"]) for f in spec["inputs"]}
    unknown = set(prefill) - set(values)
    if unknown:
        raise KeyError(f"unknown inputs {sorted(unknown)}")
    result = cancelrate.calculate(calculator_id, {k: v for k, v in values.items() if v is not None}, lang)
    outputs = result.get("outputs", {}) if result["ok"] else {}
    # A field without an example value (a file) is untouched on the built page: it opens with empty results
    # and no error for that field; the browser says what is missing once the seller acts on the form.
    errors = {e["field"]: e["message"] for e in result.get("errors", []) if values.get(e["field"]) is not None}
    return render(
        "calculator_form.html",
        calculator_id=calculator_id,
        lang=lang,
        uid=uid,
        fields=spec["inputs"],
        values=values,
        errors=errors,
        outputs=spec["outputs"],
        json_values={o["name"]: json.dumps(outputs.get(o["name"]), ensure_ascii=False) for o in spec["outputs"]},
        output_values=outputs,
        display=result.get("display", {}) if result["ok"] else {},
        for_ids=" ".join(f"{uid}-{f['name']}" for f in spec["inputs"]),
        ui=spec["ui"],
        input_modes=INPUT_MODES,
    )


@dataclass(frozen=True)
class CalculatorPage:
    """A calculator's page as the index lists it: link (relative to the index page), title, summary."""

    link: str
    title: str
    summary: str


def calculator_index(pages: Sequence[CalculatorPage], *, lang: str, **_: object) -> str:
    """A Markdown list of the calculator pages (links checked by MkDocs like any other)."""
    missing = [p.link for p in pages if not p.summary]
    if missing:
        raise KeyError(f"calculator pages without a 'summary' in their front matter: {missing}")
    return render_in(lang, "calculator_index.md", pages=pages)


def relative_link(target: str, index: str) -> str:
    """``calculators/rate-check.md`` seen from ``calculators/index.md`` -> ``rate-check.md``."""
    return posixpath.relpath(target, posixpath.dirname(index) or ".")
