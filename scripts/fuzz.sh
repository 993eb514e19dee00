#!/usr/bin/env bash
# The thorough property tests: every calculator with hostile inputs and against
# independent oracles, 10,000 examples per test (tests/unit/test_fuzz.py with
# the "thorough" Hypothesis profile), on CPython. Prints the calls per
# calculator, their time and the slowest input found (timed again), and writes
# the same figures to build/fuzz-report.json. Extra arguments go to pytest
# (e.g. -k order_report). FUZZ_EXAMPLES=N overrides the number of examples.
# Takes about half an hour on a 2-core machine; CI runs the same tests with
# a few dozen examples each.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p build
export HYPOTHESIS_PROFILE=thorough FUZZ_REPORT=build/fuzz-report.json
started=$(date +%s)
.venv/bin/python -m pytest tests/unit -m fuzz -p no:cacheprovider -q "$@"
echo "fuzz: $(( $(date +%s) - started )) s in all; figures in $FUZZ_REPORT"
