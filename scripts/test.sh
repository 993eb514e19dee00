#!/usr/bin/env bash
# Sets everything up (including Debian's chromium when missing), then runs the
# whole test suite: lint, unit and property tests on CPython, the same unit
# tests inside Pyodide (Node.js, alongside pytest), and the site build plus
# browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export NO_MKDOCS_2_WARNING=1

printf '\033[1m==> %s\033[0m\n' "ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

# The unit tests inside Pyodide run alongside pytest (another process, mostly waiting on other cores); their
# output goes to a log that is printed in one piece once pytest is done, so neither interleaves the other.
# The cancelrate wheel is built first, once: both runs then reuse it (build/wheel/<digest>/).
.venv/bin/python -c "from pathlib import Path; from handbook_site import runtime; runtime.build_wheel(Path.cwd())" >/dev/null
pyodide_log=build/pyodide-unit-tests.log
printf '\033[1m==> %s\033[0m\n' "pytest (unit) inside Pyodide on Node.js: started in the background (${pyodide_log})"
node tests/pyodide/run_unit_tests.mjs >"$pyodide_log" 2>&1 &
pyodide_pid=$!

printf '\033[1m==> %s\033[0m\n' "pytest (unit, site build, browser)"
pytest_status=0
.venv/bin/python -m pytest "$@" || pytest_status=$?

printf '\033[1m==> %s\033[0m\n' "pytest (unit) inside Pyodide on Node.js"
pyodide_status=0
wait "$pyodide_pid" || pyodide_status=$?
cat "$pyodide_log"
if [ "$pytest_status" -ne 0 ] || [ "$pyodide_status" -ne 0 ]; then
  printf '\033[1m==> failed: pytest exit %s, Pyodide exit %s\033[0m\n' "$pytest_status" "$pyodide_status"
  exit 1
fi
