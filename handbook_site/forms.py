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
from cancelrate.phrases import text

from .rendering import render, render_in

INPUT_MODES = {"count": "numeric", "percent": "decimal", "number": "decimal"}


DEFAULT_POLICY = {"ja": "amazon_jp"}
"""The policy a form starts on, by language: the Japanese site's readers sell on Amazon.co.jp; the English
site's as often on Amazon.com, so its forms start unselected until the reader chooses."""

PAGES = {"playbook": "playbook/", "first_aid": "first-aid/"}
"""Pages a result can link to (an output of kind ``links``), by key, relative to the language's root; a
calculator's page is ``calculators/<id with hyphens>/``."""

LANG_ROOT = {"ja": "", "en": "en/"}
"""Where each language's pages live, relative to the site's root."""

EXAMPLES = {"case": "example_case"}
"""``calculator(..., example="case")``: what the page's own values are (the note above the example result)."""


def page_urls(lang: str) -> dict[str, str]:
    """Every target of a next-step link, relative to the site's root: calculators and :data:`PAGES`."""
    root = LANG_ROOT[lang]
    urls = {cid: f"{root}calculators/{cid.replace('_', '-')}/" for cid in cancelrate.api.CALCULATORS}
    return {**urls, **{key: root + path for key, path in PAGES.items()}}


def _shown(field: dict, value: object) -> str:
    """An example value as the note under the example result names it (an option by its label)."""
    labels = {o["value"]: o["label"] for o in field.get("options") or []}
    if isinstance(value, (list, tuple)):
        return ", ".join(labels.get(v, str(v)) for v in value)
    return labels.get(value, str(value))


def calculator_form(calculator_id: str, *, lang: str, instance: int = 1, example: str = "", **prefill: object) -> str:
    """The form for ``calculator_id`` in ``lang``: its fields empty (each example as a placeholder) except
    the values the page sets (``prefill``, e.g. the case study's) and the default policy; below them, the
    result for the example values (``prefill`` over the examples), labelled as the example and naming its
    values (``example="case"``: as the page's case)."""
    spec = cancelrate.describe(calculator_id, lang)
    uid = f"{calculator_id}-{instance}"
    names = [f["name"] for f in spec["inputs"]]
    unknown = set(prefill) - set(names)
    if unknown:
        raise KeyError(f"unknown inputs {sorted(unknown)}")
    if example and example not in EXAMPLES:
        raise KeyError(f"unknown example {example!r}")
    used = {f["name"]: prefill.get(f["name"], f["example"]) for f in spec["inputs"]}
    result = cancelrate.calculate(calculator_id, {k: v for k, v in used.items() if v is not None}, lang)
    outputs = result.get("outputs", {}) if result["ok"] else {}
    values = {}
    for f in spec["inputs"]:
        if f["name"] in prefill:
            values[f["name"]] = prefill[f["name"]]
        elif f["kind"] == "policy":
            values[f["name"]] = DEFAULT_POLICY.get(lang, "")
        else:
            values[f["name"]] = [] if f["kind"] == "choices" else None
    example_values = [
        {"label": f["label"], "value": _shown(f, used[f["name"]])}
        for f in spec["inputs"]
        if used[f["name"]] not in (None, "", [], ()) and f["kind"] != "file"
    ]
    placeholders = {
        f["name"]: (
            spec["ui"]["date_placeholder"]
            if f["picker"]
            else text(lang, "ui.placeholder", value=_shown(f, f["example"]))
            if f["example"] not in (None, "", [], ())
            else ""
        )
        for f in spec["inputs"]
    }
    fill = {
        f["name"]: json.dumps(f["example"], ensure_ascii=False)
        for f in spec["inputs"]
        if f["example"] not in (None, "", [], ()) and f["kind"] != "file"
    }
    return render(
        "calculator_form.html",
        calculator_id=calculator_id,
        lang=lang,
        uid=uid,
        fields=spec["inputs"],
        values=values,
        page_set=set(prefill),
        placeholders=placeholders,
        fill=fill,
        example_note=spec["ui"][EXAMPLES.get(example, "example_note")],
        example_values=example_values if result["ok"] else [],
        outputs=spec["outputs"],
        summary=spec["summary"],
        json_values={o["name"]: json.dumps(outputs.get(o["name"]), ensure_ascii=False) for o in spec["outputs"]},
        output_values=outputs,
        display=result.get("display", {}) if result["ok"] else {},
        for_ids=" ".join(f"{uid}-{f['name']}" for f in spec["inputs"]),
        ui=spec["ui"],
        input_modes=INPUT_MODES,
        pages=json.dumps(page_urls(lang)),
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
