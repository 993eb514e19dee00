"""The hash-locked requirement files (scripts/lock.sh) are complete and agree with each other and with .venv.

- every package in requirements/build.txt and requirements/test.txt is pinned
  with ``==`` and at least one sha256 hash;
- the build lock is the test lock's build part: same versions, same hashes;
- each .in file's direct pins are in its lock;
- every dependency of every locked package (for this interpreter) is locked
  too, read from the installed packages' metadata;
- .venv holds exactly the locked versions (so the suite ran on the lock).
"""

from __future__ import annotations

import re
from importlib import metadata

from packaging.markers import default_environment
from packaging.requirements import Requirement
from sitehelpers import ROOT

REQUIREMENTS = ROOT / "requirements"


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_lock(text: str) -> dict[str, tuple[str, frozenset[str]]]:
    """``{name: (version, hashes)}`` of a ``--generate-hashes`` lock file; raises on an unpinned or unhashed entry."""
    entries: dict[str, tuple[str, set[str]]] = {}
    joined = re.sub(r"\\\n", " ", text)
    for line in joined.splitlines():
        line = line.split("#", 1)[0].strip()  # comments ("# via …"); hashes have no "#"
        if not line or line.startswith("#"):
            continue
        found = re.match(r"^([A-Za-z0-9._-]+)==([^\s;]+)(?:\s*;[^-]*)?\s+(.*)$", line)
        assert found, f"not pinned with == and hashes: {line[:80]}"
        hashes = set(re.findall(r"--hash=sha256:([0-9a-f]{64})", found[3]))
        assert hashes, f"no hash for {found[1]}"
        entries[norm(found[1])] = (found[2], frozenset(hashes))
    return entries


def direct_pins(path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        if found := re.match(r"^([A-Za-z0-9._-]+)==(\S+)", line.strip()):
            pins[norm(found[1])] = found[2]
    return pins


def test_locks_pin_everything_with_hashes_and_agree():
    build = parse_lock((REQUIREMENTS / "build.txt").read_text())
    test = parse_lock((REQUIREMENTS / "test.txt").read_text())
    assert {"mkdocs", "mkdocs-material", "build", "flit-core", "jinja2"} <= set(build)
    assert {"pytest", "hypothesis", "playwright", "ruff"} <= set(test) - set(build)
    for name, entry in build.items():
        assert test.get(name) == entry, name
    for lock, source in ((build, "build.in"), (test, "test.in")):
        for name, version in direct_pins(REQUIREMENTS / source).items():
            assert lock[name][0] == version, (source, name)


def test_every_dependency_of_a_locked_package_is_locked():
    test = parse_lock((REQUIREMENTS / "test.txt").read_text())
    environment = default_environment()
    missing = []
    for name in test:
        for spec in metadata.requires(name) or []:
            requirement = Requirement(spec)
            if requirement.marker and not requirement.marker.evaluate({**environment, "extra": ""}):
                continue
            if norm(requirement.name) not in test:
                missing.append(f"{name} needs {requirement}")
    assert missing == []


def test_the_environment_is_the_lock():
    test = parse_lock((REQUIREMENTS / "test.txt").read_text())
    installed = {norm(d.metadata["Name"]): d.version for d in metadata.distributions()}
    assert {name: installed.get(name) for name in test} == {name: v for name, (v, _) in test.items()}


def test_parse_lock_refuses_unpinned_or_unhashed_lines():
    for text in ("mkdocs>=1.6\n", "mkdocs==1.6.1\n", "mkdocs==1.6.1 \\\n    # via foo\n"):
        try:
            parse_lock(text)
        except AssertionError:
            continue
        raise AssertionError(f"accepted {text!r}")
