"""The browser runtime that ships with the site: pinned Pyodide plus our wheel.

``install(root, site_dir)`` fills ``site_dir/runtime/`` with
- the Pyodide files a page needs, from the npm package pinned in
  ``package.json`` (``node_modules/pyodide``; never a CDN),
- the ``cancelrate`` wheel, built from ``calculators/`` by a standard PEP 517
  build (``build``), rebuilt only when the package's sources change,
- ``manifest.json``: ``{"wheel": file name, "pyodide": version}``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


class RuntimeMissing(RuntimeError):
    """A part of the runtime is not installed (run the README's setup)."""


def _sources_digest(package_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package_dir).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_wheel(root: Path) -> Path:
    """Build (or reuse) the ``cancelrate`` wheel under ``build/wheel/<digest>/``."""
    from build import ProjectBuilder

    project = root / "calculators"
    out = root / "build" / "wheel" / _sources_digest(project)
    wheels = sorted(out.glob("cancelrate-*-py3-none-any.whl"))
    if wheels:
        return wheels[-1]
    if out.parent.exists():
        shutil.rmtree(out.parent)
    out.mkdir(parents=True)
    return Path(ProjectBuilder(project).build("wheel", out))


def pyodide_dir(root: Path) -> Path:
    """The pinned npm ``pyodide`` package, checked for the files a page needs."""
    folder = root / "node_modules" / "pyodide"
    missing = [name for name in PYODIDE_FILES if not (folder / name).is_file()]
    if missing:
        raise RuntimeMissing(f"Pyodide files missing in {folder}: {', '.join(missing)}. Run `npm ci` first.")
    return folder


def _copy_if_changed(src: Path, dest: Path) -> None:
    if dest.exists() and dest.stat().st_size == src.stat().st_size and dest.stat().st_mtime >= src.stat().st_mtime:
        return
    shutil.copy2(src, dest)


def install(root: Path, site_dir: Path) -> Path:
    """Put the runtime into ``site_dir/runtime/`` and return that folder."""
    source = pyodide_dir(root)
    wheel = build_wheel(root)
    target = site_dir / "runtime"
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        _copy_if_changed(source / name, target / name)
    for old in target.glob("cancelrate-*.whl"):
        if old.name != wheel.name:
            old.unlink()
    _copy_if_changed(wheel, target / wheel.name)
    version = json.loads((source / "package.json").read_text("utf-8"))["version"]
    manifest = {"wheel": wheel.name, "pyodide": version}
    (target / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return target
