#!/usr/bin/env bash
# Sets up the build tools and builds the site into site/ (strict: any warning fails).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict "$@"
