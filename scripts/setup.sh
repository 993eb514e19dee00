#!/usr/bin/env bash
# Sets up everything the build needs, idempotently: a Python venv (.venv) with
# the pinned tools and the pinned npm packages (Pyodide). With --test, also what
# only the tests need: Debian's chromium for the browser tests and the pytest and
# hypothesis wheels for running the unit tests inside Pyodide. Safe to run
# again: it skips what is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "Need root to install Debian packages: $*" >&2
    exit 1
  fi
  if [ -z "${APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

for_tests=0
[ "${1:-}" = "--test" ] && for_tests=1

if [ "$for_tests" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  say "Installing Debian's chromium for the browser tests (apt-get, one time)"
  apt_install chromium
fi

if [ ! -x .venv/bin/python ]; then
  say "Creating the Python virtual environment in .venv"
  if ! python3 -m venv .venv 2>/dev/null; then
    rm -rf .venv
    say "python3 -m venv failed: installing Debian's python3-venv"
    apt_install python3-venv
    python3 -m venv .venv
  fi
fi

stamp=.venv/.requirements.sha256
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "Installing the pinned Python tools (requirements-dev.txt)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  echo "$want" >"$stamp"
fi

# The repository's own Python packages, editable, so that MkDocs, the tests and
# the benchmarks import them without path edits: cancelrate (calculators/) and
# handbook_site (the site's MkDocs hooks; pyproject.toml at the root).
localstamp=.venv/.local-packages.sha256
want=$(cat pyproject.toml calculators/pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$localstamp" 2>/dev/null)" != "$want" ]; then
  say "Installing the project's own packages (editable): cancelrate, handbook_site"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation \
    -e ./calculators -e .
  echo "$want" >"$localstamp"
fi

lockstamp=node_modules/.package-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$lockstamp" 2>/dev/null)" != "$want" ]; then
  say "Installing the pinned npm packages (Pyodide) with npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$lockstamp"
fi

# pytest and hypothesis (and their dependencies) as wheels for Pyodide's Python
# and platform, at the versions .venv has: tests/pyodide/run_unit_tests.mjs
# runs the unit tests inside Pyodide with them.
if [ "$for_tests" = 1 ]; then
  wheeldir=build/pyodide-wheels
  want=$(cat requirements-dev.txt node_modules/pyodide/pyodide-lock.json | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$wheeldir/.stamp" 2>/dev/null)" != "$want" ]; then
    say "Downloading pytest and hypothesis wheels for Pyodide into $wheeldir"
    read -r pyversion platform < <(.venv/bin/python -c '
import json
info = json.load(open("node_modules/pyodide/pyodide-lock.json", encoding="utf-8"))["info"]
print(".".join(info["python"].split(".")[:2]), "pyemscripten_{abi_version}_{arch}".format(**info))')
    rm -rf "$wheeldir"
    mkdir -p "$wheeldir"
    .venv/bin/python -m pip freeze --exclude-editable >"$wheeldir/constraints.txt"
    .venv/bin/python -m pip download --quiet --disable-pip-version-check --only-binary=:all: \
      --python-version "$pyversion" --platform "$platform" --implementation cp --abi "cp${pyversion/./}" \
      -c "$wheeldir/constraints.txt" -d "$wheeldir" pytest hypothesis
    echo "$want" >"$wheeldir/.stamp"
  fi
fi
