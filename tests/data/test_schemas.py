"""Every data file matches its JSON Schema (``data/schema/``): no key the schema does not describe."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from sitehelpers import ROOT

SCHEMA_DIR = ROOT / "data" / "schema"
DATA_FILES = {
    "policies.schema.json": ROOT / "calculators" / "cancelrate" / "policies.json",
    "sources.schema.json": ROOT / "data" / "sources.json",
    "facts.schema.json": ROOT / "data" / "facts.json",
    "policy_notes.schema.json": ROOT / "data" / "policy_notes.json",
}


def _load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def _validator(schema_name: str) -> jsonschema.protocols.Validator:
    schemas = [_load(p) for p in sorted(SCHEMA_DIR.glob("*.schema.json"))]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    schema = _load(SCHEMA_DIR / schema_name)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)


def test_every_data_file_has_a_schema():
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json")) == sorted(DATA_FILES)
    assert sorted(p.name for p in (ROOT / "data").glob("*.json")) == ["facts.json", "policy_notes.json", "sources.json"]


@pytest.mark.parametrize("schema_name", DATA_FILES)
def test_data_file_matches_its_schema(schema_name):
    errors = sorted(_validator(schema_name).iter_errors(_load(DATA_FILES[schema_name])), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_the_schemas_reject_what_they_do_not_describe():
    """A key nobody typed, a policy without its threshold's comparison, a source id where a text is due."""
    data = _load(DATA_FILES["policies.schema.json"])
    validator = _validator("policies.schema.json")
    unknown = copy.deepcopy(data)
    unknown["policies"][0]["time_zone_typo"] = "Asia/Tokyo"
    assert not validator.is_valid(unknown)
    bad_comparison = copy.deepcopy(data)
    bad_comparison["policies"][0]["comparison"] = "under"
    assert not validator.is_valid(bad_comparison)
    kb_in_wheel = copy.deepcopy(data)
    kb_in_wheel["facts"] = []
    assert not validator.is_valid(kb_in_wheel)

    facts = _load(DATA_FILES["facts.schema.json"])
    verified_without_source = copy.deepcopy(facts)
    verified_without_source["facts"][0].update(verified=True, sources=[])
    assert not _validator("facts.schema.json").is_valid(verified_without_source)
