"""The message catalogs (``cancelrate/catalogs/*.toml``) and the phrases API.

Key coverage: every catalog key the code uses exists in both languages, and
every key of the catalogs is used. "Used" is found by reading the code, not
by running it:

- **literal keys**: every string constant of the form ``<section>.<name>…``
  (``"rate_check.rate.computed"``) in the ``cancelrate`` package, in the site's
  ``handbook_site`` package (Python, read with :mod:`ast`) and in the partials
  of ``overrides/partials/handbook`` (quoted strings). Keys are always written
  out in full (``cancelrate.phrases``' rule), so this finds them all;
- **error codes**, the one family of keys built at run time
  (``errors.<code>``): the string constants in the first argument of
  ``InvalidInput(…)``, ``ReportError(…)`` and ``Problem(…)`` (see :data:`DYNAMIC`).

Inside Pyodide (``tests/pyodide``) only ``tests/unit`` and the installed wheel
exist: the catalogs are read from the wheel, the package's own files are
scanned, and the unused-key check (which needs the site's code) is skipped.
"""

from __future__ import annotations

import ast
import inspect
import re
from datetime import date
from fractions import Fraction
from importlib import resources
from pathlib import Path

import pytest

import cancelrate
from cancelrate import CALCULATORS, calculate, catalog, phrases
from cancelrate.catalog import LANGS, MessageError, MissingMessage
from cancelrate.phrases import (
    Count,
    Deferred,
    Duration,
    Message,
    Number,
    Percent,
    Problem,
    Sentences,
    Target,
    render,
    render_display,
    text,
)

PACKAGE = Path(cancelrate.__file__).resolve().parent
ROOT = Path(__file__).resolve().parents[2]
SITE_CODE = ROOT / "handbook_site"
PARTIALS = ROOT / "overrides" / "partials" / "handbook"
HAS_SITE = SITE_CODE.is_dir() and PARTIALS.is_dir()

SHARED_SECTIONS = ["format", "common", "errors", "ui", "fields"]
"""The catalogs' first sections, in this order; then one section per calculator (named by its id), then ``site``."""

ERROR_CALLS = {"InvalidInput", "ReportError", "Problem"}
"""Calls whose first argument is an error code."""
DYNAMIC = {"errors": "errors.<code>: the code is the first argument of InvalidInput, ReportError, Problem"}
"""Keys built at run time, by family, and how the scan finds them (see the module docstring)."""


# --- the scan --------------------------------------------------------------------------------


def _key_pattern() -> re.Pattern[str]:
    sections = "|".join(map(re.escape, catalog.sections("ja")))
    return re.compile(rf"^(?:{sections})(?:\.[a-z0-9_]+)+$")


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _results(expr: ast.AST) -> list[str]:
    """The strings an expression can evaluate to: a constant, or either branch of ``a if test else b``."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, ast.IfExp):
        return _results(expr.body) + _results(expr.orelse)
    return []


def _is_error_call(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in ERROR_CALLS
    if isinstance(func, ast.Attribute):
        return func.attr in ERROR_CALLS
    return False


def keys_in_python(source: str) -> set[str]:
    """Literal keys and ``errors.<code>`` keys of one Python file."""
    pattern = _key_pattern()
    tree = ast.parse(source)
    found = {s for s in _strings(tree) if pattern.match(s)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_error_call(node) and node.args:
            found |= {f"errors.{code}" for code in _results(node.args[0])}
    return found


def keys_in_template(source: str) -> set[str]:
    pattern = _key_pattern()
    return {m[1] for m in re.finditer(r"[\"']([a-z0-9_.]+)[\"']", source) if pattern.match(m[1])}


def used_keys(*, site: bool) -> dict[str, set[str]]:
    """Keys found in the code, each with the files using it."""
    files = sorted(PACKAGE.rglob("*.py"))
    if site:
        files += sorted(SITE_CODE.rglob("*.py")) + sorted(PARTIALS.iterdir())
    used: dict[str, set[str]] = {}
    for path in files:
        source = path.read_text("utf-8")
        keys = keys_in_python(source) if path.suffix == ".py" else keys_in_template(source)
        for key in keys:
            used.setdefault(key, set()).add(path.name)
    return used


def _forms(value: catalog.Entry) -> list[str]:
    return [value] if isinstance(value, str) else list(value.values())


# --- the catalogs themselves ---------------------------------------------------------------


def test_the_catalogs_ship_in_the_package_and_are_read_through_importlib_resources():
    for lang in LANGS:
        assert resources.files("cancelrate").joinpath("catalogs", f"{lang}.toml").is_file()
        assert len(catalog.load(lang)) > 100


def test_both_catalogs_have_the_sections_in_the_fixed_order():
    ja, en = list(catalog.sections("ja")), list(catalog.sections("en"))
    assert ja == en
    assert ja[: len(SHARED_SECTIONS)] == SHARED_SECTIONS and ja[-1] == "site"
    assert sorted(ja[len(SHARED_SECTIONS) : -1]) == sorted(CALCULATORS), "one section per calculator"


def test_a_key_in_one_language_only_fails():
    ja, en = catalog.load("ja"), catalog.load("en")
    assert sorted(set(ja) - set(en)) == [], "keys missing from en.toml"
    assert sorted(set(en) - set(ja)) == [], "keys missing from ja.toml"
    assert list(ja) == list(en), "the keys are in the same order in both files"


def test_placeholders_agree_between_the_languages():
    ja, en = catalog.load("ja"), catalog.load("en")
    differ = {}
    for key in ja:
        names = {
            lang: set().union(*(catalog.placeholders(f) for f in _forms(c[key])))
            for lang, c in (("ja", ja), ("en", en))
        }
        if names["ja"] != names["en"]:
            differ[key] = names
    assert differ == {}


def test_every_catalog_string_is_non_empty_and_well_formed():
    for lang in LANGS:
        for key, value in catalog.load(lang).items():
            for form in _forms(value):
                assert form.strip(), (lang, key)
                rest = catalog.PLACEHOLDER.sub("", form)
                assert "{" not in rest and "}" not in rest, (lang, key, form)
                for match in catalog.PLACEHOLDER.finditer(form):
                    filters = [f for f in match[2].split("|") if f]
                    assert set(filters) <= set(catalog.FILTERS), (lang, key, match[0])
                    assert "number" not in filters[1:], (lang, key, "'number' comes first")


def test_plural_tables_have_the_forms_of_their_language():
    for lang in LANGS:
        for key, value in catalog.load(lang).items():
            if isinstance(value, dict):
                needed = {"one", "other"} if lang == "en" else {"other"}
                assert set(value) == needed, (lang, key)
                assert all("{n}" in form or "{n|" in form for form in value.values()), (lang, key)
    assert isinstance(catalog.load("en")["format.unit.orders"], dict)


def test_a_malformed_catalog_value_is_refused():
    with pytest.raises(MessageError):
        catalog.flatten({"a": {"b": 3}})
    with pytest.raises(MessageError):
        catalog.flatten({"a": {"one": "x", "other": 2}})
    assert catalog.flatten({"a": {"b": "x", "c": {"other": "y"}}, "empty": {}}) == {"a.b": "x", "a.c": {"other": "y"}}


# --- key coverage ---------------------------------------------------------------------------


def test_the_scan_finds_literal_keys_and_error_codes():
    source = (
        'Message("rate_check.rate.computed")\n'
        'raise InvalidInput("required" if x else "not_a_number")\n'
        'errors.append(phrases.Problem("no_shortage", "stock"))\n'
        'x = "rate_check"; y = "cancelrate.tools"; z = "not a key: ui.loading"\n'
    )
    assert keys_in_python(source) == {
        "rate_check.rate.computed",
        "errors.required",
        "errors.not_a_number",
        "errors.no_shortage",
    }
    assert keys_in_template('{{ t("site.checked") }} {{ t(\'site.cite.open\') }} "site"') == {
        "site.checked",
        "site.cite.open",
    }


def test_every_key_the_code_uses_exists():
    used = used_keys(site=HAS_SITE)
    assert "rate_check.rate.computed" in used and "errors.required" in used and "format.unit.orders" in used
    known = set(catalog.load("ja"))
    missing = {key: sorted(files) for key, files in used.items() if key not in known}
    assert missing == {}


@pytest.mark.skipif(not HAS_SITE, reason="needs the site's code (handbook_site, overrides), not shipped in the wheel")
def test_every_catalog_key_is_used():
    used = used_keys(site=True)
    assert "site.checked" in used and "site.figure.trap.caption" in used
    unused = [key for key in catalog.load("ja") if key not in used]
    assert unused == [], f"unused keys (or keys built at run time: register the family in DYNAMIC): {unused}"


def test_a_missing_key_is_a_clear_error():
    with pytest.raises(MissingMessage, match=r"'rate_check\.no_such_key'.*'en'"):
        text("en", "rate_check.no_such_key")
    with pytest.raises(MessageError, match="needs the parameter 'rate'"):
        text("en", "rate_check.rate.computed", orders=Count(3, "orders"), cancels=Count(1, "orders"))
    with pytest.raises(MessageError):
        text("en", "rate_check.threshold.published", policy=None)


def test_a_missing_key_in_a_calculator_is_logged_and_answered_as_internal_error(monkeypatch, capsys):
    def broken(values):
        return {}, {"rate": {"value": "—", "explanation": Message("rate_check.no_such_key")}}

    monkeypatch.setattr(CALCULATORS["rate_check"], "run", broken)
    result = calculate("rate_check", {"policy": "amazon_jp", "orders": 1, "seller_cancels": 0}, "ja")
    assert [e["code"] for e in result["errors"]] == ["internal_error"]
    assert result["errors"][0]["message"] == text("ja", "errors.internal_error")
    err = capsys.readouterr().err
    assert "MissingMessage" in err and "rate_check.no_such_key" in err


# --- the phrases API ---------------------------------------------------------------------------


def test_counts_are_plural_in_english_and_the_number_filter_drops_the_unit():
    one = text("en", "rate_check.rate.computed", orders=Count(1, "orders"), cancels=Count(1, "orders"), rate="100%")
    two = text("en", "rate_check.rate.computed", orders=Count(2, "units"), cancels=Count(1, "units"), rate="50%")
    assert one == "1 cancelled out of 1 order: 1 ÷ 1 = 100%"
    assert two == "1 cancelled out of 2 units: 1 ÷ 2 = 50%"
    ja = text("ja", "rate_check.rate.computed", orders=Count(1234, "units"), cancels=Count(1, "units"), rate="0.08%")
    assert ja == "1,234 個のうち 1 個をキャンセル: 1 ÷ 1,234 = 0.08%"


def test_the_cap_filter_starts_a_sentence_with_a_capital():
    needed = text(
        "en",
        "rate_check.orders_to_recover.needed",
        recover=Count(1, "units"),
        cancels=1,
        total=101,
        rate="0.99%",
        goal=Message("common.goal_user"),
    )
    assert (
        needed
        == "1 unit more without a cancellation in the same window bring it to 1 ÷ 101 = 0.99%, within your target."
    )
    assert text("en", "rate_check.headroom.none_left", goal=Message("common.goal_user")).startswith("Your target is")
    label = Message("fields.label.orders")
    assert text("en", "errors.not_a_number", label=label).startswith("Orders in the window must be")
    assert text("en", "errors.required", label=label) == "Please enter “Orders in the window”."


def test_typed_values_are_written_by_their_one_function():
    assert render(Percent(Fraction(2, 201), beside=Fraction(1, 100)), "en") == "0.995%"
    assert render(Percent(Fraction(1, 40)), "ja") == "2.5%"
    assert render(Target(Fraction(1, 40), "lt"), "ja") == "2.5%未満"
    assert render(Duration(7), "en") == "7 days"
    assert render(Number(Fraction(1, 10_000), 6), "en") == "0.0001"
    assert render(date(2026, 11, 28), "ja") == "2026年11月28日"
    assert text("en", "site.calendar_year", date=phrases.MonthDay(1, 1)) == "calendar year (reset every 1 January)"
    assert (
        text("ja", "errors.too_large", label="x", maximum=10**9)
        == "xが大きすぎます(1,000,000,000 以下にしてください)。"
    )


def test_sentences_are_joined_as_each_language_joins_them():
    first, second = Message("common.met"), Message("common.missed")
    met, missed = text("ja", "common.met"), text("ja", "common.missed")
    assert render(Sentences(first, second), "ja") == met + missed
    assert render(Sentences(first, second, "x"), "en") == "Met Missed x"


def test_the_display_is_rendered_and_plain_values_pass_unchanged():
    shown = render_display(
        {
            "a": {"value": Count(2, "orders"), "explanation": Message("common.met"), "n": 3, "flag": True},
            "b": {"table": {"caption": "plain", "rows": [[Message("common.missed"), "x"]]}},
            "c": Deferred(lambda title, size: f"<svg>{title}:{size}</svg>", title=Message("common.met"), size=3),
        },
        "en",
    )
    assert shown == {
        "a": {"value": "2 orders", "explanation": "Met", "n": 3, "flag": True},
        "b": {"table": {"caption": "plain", "rows": [["Missed", "x"]]}},
        "c": "<svg>Met:3</svg>",
    }


def test_a_problem_is_rendered_with_the_label_of_its_field():
    record = phrases.render_problem(Problem("negative", "orders"), "en", {"orders": "fields.label.orders"})
    assert record == {"field": "orders", "code": "negative", "message": "Orders in the window cannot be negative."}


@pytest.mark.parametrize("calculator_id", sorted(CALCULATORS))
def test_a_calculator_holds_no_language(calculator_id):
    """Its words are keys of the catalogs, picked by its data; ``run`` takes no language."""
    source = (PACKAGE / "tools" / f"{calculator_id}.py").read_text("utf-8")
    assert list(inspect.signature(CALCULATORS[calculator_id].run).parameters) == ["values"]
    code = ast.unparse(ast.parse(source))  # without comments; docstrings stay, so look at names and literals
    assert "lang" not in re.sub(r'"""[\s\S]*?"""', "", code)
    assert not re.search(r"['\"](ja|en)['\"]", code)
    assert ".capitalize(" not in code and ":," not in code
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", source), "no Japanese in the module"
