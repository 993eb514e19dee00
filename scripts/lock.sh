#!/usr/bin/env bash
# Regenerates the hash-locked requirement files from their .in files:
#   requirements/build.in -> requirements/build.txt  (what `mkdocs build` needs)
#   requirements/test.in  -> requirements/test.txt   (the build's lock plus the test tools)
# Every package, dependencies included, is pinned with the sha256 hashes of its
# files on PyPI, for Python 3.11.5+ on any platform. Versions already in a .txt
# file are kept unless you ask for newer ones, e.g.:
#   bash scripts/lock.sh                            # after editing a .in file
#   bash scripts/lock.sh --upgrade-package ruff     # newest ruff allowed by the .in files
#   bash scripts/lock.sh --upgrade                  # everything
# It uses a pinned uv in build/lock-tools (installed on first use).
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9
tools=build/lock-tools
if [ "$("$tools/bin/uv" --version 2>/dev/null | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  rm -rf "$tools"
  python3 -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi

compile() {
  "$tools/bin/uv" pip compile --quiet --universal --python-version 3.11.5 --generate-hashes \
    --index-url https://pypi.org/simple --custom-compile-command "bash scripts/lock.sh" "$@"
}
compile requirements/build.in -o requirements/build.txt "$@"
compile requirements/test.in -o requirements/test.txt "$@"
