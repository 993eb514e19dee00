#!/usr/bin/env bash
# Sets everything up, then serves the site with live reload on
# http://127.0.0.1:8000/ (under the site_url's sub-path, which mkdocs prints).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload "$@"
