"""HTML for a calculator form, following the site's DOM contract.

- ``<form data-calculator="ID" data-calculator-status="static">`` (the page's
  script sets ``loading``, then ``ready`` or ``error``); inputs
  named after the API inputs, each with a label, help and
  ``[data-error-for=NAME]``, tied together with ``aria-describedby``;
- one ``<output data-output=NAME data-value=JSON>`` per output and a
  ``[data-explain=NAME]`` sentence, pre-filled with the result for the
  example values (computed now, by the same ``calculate``);
- status texts in the page's language as ``data-text-*`` attributes, so the
  browser glue holds no language and no policy.
"""

from __future__ import annotations

import json
from html import escape

import cancelrate

INPUT_MODES = {"count": "numeric", "percent": "decimal", "number": "decimal"}


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _field_html(field: dict, uid: str, value: object, error: str = "") -> str:
    name = field["name"]
    fid = f"{uid}-{name}"
    described = f"{fid}-help {fid}-error" if field["help"] else f"{fid}-error"
    common = f'id="{fid}" name="{_attr(name)}" aria-describedby="{described}"'
    if field["kind"] == "file":
        control = (
            f'<input {common} type="file" accept="{_attr(field.get("accept", ""))}" '
            f'data-max-bytes="{_attr(field.get("maximum", ""))}">'
        )
    elif field["kind"] == "policy":
        options = "".join(
            f'<option value="{_attr(o["value"])}"{" selected" if o["value"] == value else ""}>{escape(o["label"])}</option>'
            for o in field["options"]
        )
        control = f"<select {common}>{options}</select>"
    elif field.get("multiline"):
        # free text such as a list of dates: a textarea keeps pasted line breaks (an <input> drops them)
        shown = "" if value is None else str(value)
        control = f'<textarea {common} rows="3" autocomplete="off" spellcheck="false">{escape(shown)}</textarea>'
    else:
        shown = "" if value is None else str(value)
        required = " required" if field["required"] else ""
        control = (
            f'<input {common} type="text" inputmode="{INPUT_MODES.get(field["kind"], "text")}" '
            f'autocomplete="off" value="{_attr(shown)}"{required}>'
        )
    help_html = f'<p class="cr-field__help" id="{fid}-help">{escape(field["help"])}</p>' if field["help"] else ""
    return (
        f'<div class="cr-field cr-field--{field["kind"]}">'
        f'<label for="{fid}">{escape(field["label"])}</label>'
        f"{control}{help_html}"
        f'<p class="cr-field__error" id="{fid}-error" data-error-for="{_attr(name)}" aria-live="polite">{escape(error)}</p>'
        f"</div>"
    )


def _table_html(table: dict | None) -> str:
    if not table:
        return ""
    caption = f"<caption>{escape(table['caption'])}</caption>" if table.get("caption") else ""
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in table["columns"])
    rows = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in table["rows"])
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _output_html(output: dict, uid: str, for_ids: str, outputs: dict, display: dict) -> str:
    """One result: label, ``<output data-output>``, its sentence, and a chart or table slot for those kinds."""
    name = output["name"]
    shown = display.get(name, {})
    extra = ""
    if output["kind"] == "chart":
        # SVG made by our own Python at build time (texts escaped there)
        extra = f'<figure class="cr-chart" data-chart="{_attr(name)}">{shown.get("svg", "")}</figure>'
    elif output["kind"] == "table":
        extra = f'<div class="cr-table" data-table="{_attr(name)}">{_table_html(shown.get("table"))}</div>'
    return (
        f'<div class="cr-result cr-result--{_attr(name)} cr-result--kind-{output["kind"]}">'
        f'<span class="cr-result__label" id="{uid}-out-{name}">{escape(output["label"])}</span>'
        f'<output data-output="{_attr(name)}" for="{for_ids}" aria-labelledby="{uid}-out-{name}" '
        f'data-value="{_attr(json.dumps(outputs.get(name), ensure_ascii=False))}">'
        f"{escape(shown.get('value', '—'))}</output>"
        f"{extra}"
        f'<p class="cr-result__explain" data-explain="{_attr(name)}">{escape(shown.get("explanation", ""))}</p>'
        f"</div>"
    )


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
    display = result.get("display", {}) if result["ok"] else {}
    ui = spec["ui"]

    # Without example values (a file field) the page opens in the calculator's own "choose a file" state.
    errors = {e["field"]: e["message"] for e in result.get("errors", [])}
    fields = "".join(_field_html(f, uid, values[f["name"]], errors.get(f["name"], "")) for f in spec["inputs"])
    for_ids = " ".join(f"{uid}-{f['name']}" for f in spec["inputs"])
    results = "".join(_output_html(o, uid, for_ids, outputs, display) for o in spec["outputs"])
    texts = " ".join(f'data-text-{key}="{_attr(text)}"' for key, text in ui.items())
    return (
        f'<form class="cr-calc" id="{uid}" data-calculator="{_attr(calculator_id)}" '
        f'data-calculator-status="static" data-lang="{lang}" {texts} novalidate autocomplete="off">'
        f'<p class="cr-calc__status" data-status role="status" aria-live="polite">{escape(ui["static"])}</p>'
        f'<div class="cr-calc__fields">{fields}</div>'
        f'<p class="cr-calc__error" data-error-for="_form" role="alert"></p>'
        f'<div class="cr-calc__results" aria-live="polite">{results}</div>'
        f"</form>"
    )
