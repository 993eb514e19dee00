#!/usr/bin/env bash
# Sets up what the build needs (setup.sh --build: the hash-locked build
# requirements and the Pyodide npm package, no test tools) and builds the site
# into site/ (strict: any warning fails).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --build
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict "$@"
