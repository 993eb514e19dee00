#!/usr/bin/env bash
# Sets everything up (including Debian's chromium when missing), then runs the
# whole test suite: lint, unit and property tests on CPython, the same unit
# tests inside Pyodide (Node.js), and the site build plus browser tests in
# headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export NO_MKDOCS_2_WARNING=1

printf '\033[1m==> %s\033[0m\n' "ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

printf '\033[1m==> %s\033[0m\n' "pytest (unit, site build, browser)"
.venv/bin/python -m pytest "$@"

printf '\033[1m==> %s\033[0m\n' "pytest (unit) inside Pyodide on Node.js"
node tests/pyodide/run_unit_tests.mjs
