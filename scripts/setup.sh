#!/usr/bin/env bash
# Sets up what the project needs, idempotently, in one of three modes:
#   setup.sh --build  what `mkdocs build` needs: a Python venv (.venv) with the
#                     hash-locked requirements/build.txt, and the npm runtime
#                     packages (Pyodide) without the dev ones. Used by
#                     scripts/build.sh and the Pages workflow.
#   setup.sh          a developer's set (scripts/serve.sh): requirements/test.txt
#                     (the build's lock plus the test tools) and every npm package.
#   setup.sh --test   the same, plus what only the tests need: Debian's chromium
#                     and the pytest and hypothesis wheels for running the unit
#                     tests inside Pyodide.
# Python packages come only as wheels whose sha256 is in the lock
# (pip --require-hashes --only-binary=:all:). Safe to run again: it skips what
# is already in place and notices when a lock file changes.
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

mode=dev
case "${1:-}" in
  "") ;;
  --build) mode=build ;;
  --test) mode=test ;;
  *)
    echo "usage: $0 [--build|--test]" >&2
    exit 2
    ;;
esac
for_tests=0
[ "$mode" = test ] && for_tests=1

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

# The stamps record which lock is installed ("<lock> <sha256>"): the test lock
# includes the build lock, so it also serves a build.
lock=requirements/test.txt
[ "$mode" = build ] && lock=requirements/build.txt
stamp=.venv/.requirements-lock
have=$(cat "$stamp" 2>/dev/null || true)
want="$lock $(sha256sum "$lock" | cut -d' ' -f1)"
test_lock="requirements/test.txt $(sha256sum requirements/test.txt | cut -d' ' -f1)"
if [ "$have" != "$want" ] && [ "$have" != "$test_lock" ]; then
  say "Installing the locked Python packages ($lock, hashes checked)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check \
    --require-hashes --only-binary=:all: -r "$lock"
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

npm_mode=all
[ "$mode" = build ] && npm_mode=runtime
lockstamp=node_modules/.package-lock-installed
have=$(cat "$lockstamp" 2>/dev/null || true)
want="$npm_mode $(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$have" != "$want" ] && [ "$have" != "all ${want#* }" ]; then
  if [ "$npm_mode" = runtime ]; then
    say "Installing the pinned npm runtime packages (Pyodide) with npm ci --omit=dev"
    npm ci --omit=dev --no-audit --no-fund --loglevel=error
  else
    say "Installing the pinned npm packages (Pyodide, axe-core) with npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  echo "$want" >"$lockstamp"
fi

# pytest and hypothesis (and their dependencies) as wheels for Pyodide's Python
# and platform, at the versions .venv has: tests/pyodide/run_unit_tests.mjs
# runs the unit tests inside Pyodide with them.
if [ "$for_tests" = 1 ]; then
  wheeldir=build/pyodide-wheels
  want=$(cat requirements/test.txt node_modules/pyodide/pyodide-lock.json | sha256sum | cut -d' ' -f1)
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
    # pure-Python wheels, so the very files requirements/test.txt locks: check their hashes
    .venv/bin/python - "$wheeldir" <<'PY'
import hashlib, pathlib, re, sys
locked, name = {}, None
for line in pathlib.Path("requirements/test.txt").read_text().splitlines():
    if match := re.match(r"^([A-Za-z0-9._-]+)==", line):
        name = re.sub(r"[-_.]+", "-", match[1]).lower()
    for digest in re.findall(r"--hash=sha256:([0-9a-f]{64})", line):
        locked.setdefault(name, set()).add(digest)
for wheel in sorted(pathlib.Path(sys.argv[1]).glob("*.whl")):
    project = re.sub(r"[-_.]+", "-", wheel.name.split("-")[0]).lower()
    if hashlib.sha256(wheel.read_bytes()).hexdigest() not in locked.get(project, ()):
        sys.exit(f"{wheel.name}: its sha256 is not in requirements/test.txt")
PY
    echo "$want" >"$wheeldir/.stamp"
  fi
fi
