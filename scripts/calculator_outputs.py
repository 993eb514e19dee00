"""Dump every calculator's answers over its example values and a few hundred generated inputs, to compare versions.

    python scripts/calculator_outputs.py CALCULATORS_DIR OUT.json [--cases N]

``CALCULATORS_DIR`` is the folder holding the ``cancelrate`` package of the
version to run (``calculators`` of a checkout, or of ``git archive REV``).
Both languages; per calculator the example values, every policy, ``N``
generated inputs (default 120; a fixed seed, so two runs draw the same ones:
mostly the examples and valid values, some hostile ones) and ``N`` examples
with one to three fields changed to other valid values (these mostly reach
the calculator's answer rather than an input message). Two dumps compare
with ``diff`` or ``cmp``. It imports from ``CALCULATORS_DIR`` on purpose.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = (ROOT / "docs" / "assets" / "examples" / "order-report-example.csv").read_bytes()


def _valid(field: dict, rng: random.Random) -> object:
    kind = field["kind"]
    if kind == "policy":
        return rng.choice([o["value"] for o in field["options"]])
    if kind == "file":
        return rng.choice(
            [REPORT, REPORT.replace(b"Shipped", b"Cancelled", 3), REPORT.replace(b"Shipped", b"Cancelled", 1)]
        )
    if kind == "count":
        return str(rng.choice([0, 1, 2, 3, 5, 10, 11, 39, 40, 41, 99, 100, 200, 1000, rng.randint(0, 300)]))
    if kind in ("percent", "number", "target"):
        return rng.choice(["", "0.5", "1", "2.5", "3", "10", "50", str(rng.randint(1, 99))])
    if field.get("multiline"):
        return "\n".join(f"2026-11-{rng.randint(1, 28):02d}" for _ in range(rng.randint(0, 4)))
    if "date" in field["name"] or field["name"] == "today":
        return f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return field["example"]


def _hostile(field: dict, rng: random.Random) -> object:
    if field["kind"] == "file":
        return rng.choice([b"", b"garbage\n1,2", REPORT[:100]])
    return rng.choice(["", "x", "-1", "１２", "1,234", "2.5", "2026-02-30", "101", "abc", "1,000"])


def _generated(field: dict, rng: random.Random) -> object:
    draw = rng.random()
    if draw < 0.55 and field["example"] is not None:
        return field["example"]
    return _valid(field, rng) if draw < 0.9 else _hostile(field, rng)


def dump(cases: int) -> list:
    api = importlib.import_module("cancelrate.api")
    policies = list(importlib.import_module("cancelrate").all_policies())
    rng = random.Random(20261129)
    out: list = []
    for calculator_id in sorted(api.CALCULATORS):
        for lang in ("ja", "en"):
            spec = api.describe(calculator_id, lang)
            example = {f["name"]: f["example"] for f in spec["inputs"] if f["example"] is not None}
            if any(f["kind"] == "file" for f in spec["inputs"]):
                example = {**example, "report": REPORT}
            out.append([calculator_id, lang, "describe", spec])
            out.append([calculator_id, lang, "example", api.calculate(calculator_id, example, lang)])
            if any(f["kind"] == "policy" for f in spec["inputs"]):
                for policy in policies:
                    inputs = {**example, "policy": policy}
                    out.append([calculator_id, lang, f"policy {policy}", api.calculate(calculator_id, inputs, lang)])
        spec = api.describe(calculator_id, "ja")
        example = {f["name"]: f["example"] for f in spec["inputs"] if f["example"] is not None}
        if any(f["kind"] == "file" for f in spec["inputs"]):
            example = {**example, "report": REPORT}
        for case in range(2 * cases):
            if case % 2:  # the example with one to three fields changed to other valid values: mostly answered
                changed = rng.sample(spec["inputs"], min(len(spec["inputs"]), rng.randint(1, 3)))
                inputs = {**example, **{f["name"]: _valid(f, rng) for f in changed}}
            else:  # every field drawn: more often a message
                inputs = {f["name"]: _generated(f, rng) for f in spec["inputs"]}
            for lang in ("ja", "en"):
                out.append([calculator_id, lang, repr(inputs)[:300], api.calculate(calculator_id, inputs, lang)])
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("calculators_dir", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--cases", type=int, default=120)
    args = parser.parse_args()
    sys.path.insert(0, str(args.calculators_dir.resolve()))
    results = dump(args.cases)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True, default=repr), "utf-8")
    print(len(results), "answers")
