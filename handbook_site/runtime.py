"""The browser runtime that ships with the site: pinned Pyodide, our wheel, a memory snapshot.

``prepare(root)`` (before the pages are written) gathers
- the Pyodide files a page needs, from the npm package pinned in
  ``package.json`` (``node_modules/pyodide``; never a CDN),
- the ``cancelrate`` wheel, built from ``calculators/`` by a standard PEP 517
  build (``build``), rebuilt only when the package's sources change,
- the memory snapshot made from both (``snapshot.py``; optional),
and the manifest that names them. Every file's URL carries a hash of its
content (``runtime/pyodide-<hash>/…``, ``runtime/wheel-<hash>/…``,
``runtime/snapshot-<hash>.bin.gz``), so a cached copy can never stand in for
a new one. Each calculator page embeds the manifest (``page_head``), so a page
always starts the runtime it was built with; ``install(site_dir, runtime)``
copies the files into ``site_dir/runtime/`` and writes
``runtime/manifest.json``:

``{"id", "pyodide": version, "index": Pyodide folder, "wheel", "snapshot"
(or null), "lock": Pyodide's lock file without packages, "worker", "stall_ms",
"files": {path: {"bytes", "wire", "sha256"}}}``

(paths relative to ``runtime/``; ``wire`` is the gzip size where GitHub Pages
compresses, which the page uses to show download progress; ``sha256`` the hex
SHA-256 of the file as served, which the service worker checks once, before it
keeps a copy: see ``docs/assets/js/sw.js``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path

from . import snapshot

# What a page needs from the npm package. Its pyodide-lock.json (357 packages the package does not
# ship, for loading from a CDN) stays behind: pages get its "info" with no packages (the manifest's "lock").
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
LOCK = "pyodide-lock.json"
COMPRESSED = (".mjs", ".js", ".json", ".wasm")  # what GitHub Pages serves gzip-compressed
# Start-up gives up when nothing has arrived or happened for this long (a dead line, not a slow one).
STALL_MS = 30_000


class RuntimeMissing(RuntimeError):
    """A part of the runtime is not installed (run the README's setup)."""


@dataclass(frozen=True)
class Runtime:
    manifest: dict
    files: dict[str, Path]  # path under runtime/ -> the file to copy there


def _sources_digest(package_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package_dir).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _content_digest(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
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
    missing = [name for name in (*PYODIDE_FILES, LOCK) if not (folder / name).is_file()]
    if missing:
        raise RuntimeMissing(f"Pyodide files missing in {folder}: {', '.join(missing)}. Run `npm ci` first.")
    return folder


def _sha256(path: Path) -> str:
    """SHA-256 of the file's bytes, hex: what the service worker checks before it keeps a copy."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _wire_bytes(root: Path, path: Path) -> int:
    """The size on the wire: gzip's for the types GitHub Pages compresses (cached by content)."""
    if not path.name.endswith(COMPRESSED):
        return path.stat().st_size
    cache = root / "build" / "wire-sizes.json"
    sizes = json.loads(cache.read_text("utf-8")) if cache.is_file() else {}
    key = f"{path.name}:{_content_digest(path)}"
    if key not in sizes:
        sizes[key] = len(gzip.compress(path.read_bytes(), 6))
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(sizes, indent=0, sort_keys=True), "utf-8")
    return sizes[key]


def prepare(root: Path, worker: str) -> Runtime:
    """Build what the runtime needs (wheel, snapshot) and the manifest that names it.

    ``worker`` is the calculator worker's URL relative to the site root (with its version).
    """
    source = pyodide_dir(root)
    wheel = build_wheel(root)
    index = f"pyodide-{_content_digest(*(source / name for name in PYODIDE_FILES))}/"
    files = {index + name: source / name for name in PYODIDE_FILES}
    wheel_path = f"wheel-{_content_digest(wheel)}/{wheel.name}"
    files[wheel_path] = wheel
    snap = snapshot.build(root, source, (*PYODIDE_FILES, LOCK), wheel)
    snapshot_path = None
    if snap is not None:
        snapshot_path = f"snapshot-{_content_digest(snap)}.bin.gz"
        files[snapshot_path] = snap
    sizes = {
        path: {"bytes": file.stat().st_size, "wire": _wire_bytes(root, file), "sha256": _sha256(file)}
        for path, file in files.items()
    }
    version = json.loads((source / "package.json").read_text("utf-8"))["version"]
    manifest = {
        "id": hashlib.sha256(json.dumps(sorted(files)).encode()).hexdigest()[:16],
        "pyodide": version,
        "index": index,
        "wheel": wheel_path,
        "snapshot": snapshot_path,
        "lock": {"info": json.loads((source / LOCK).read_text("utf-8"))["info"], "packages": {}},
        "worker": worker,
        "stall_ms": STALL_MS,
        "files": sizes,
    }
    return Runtime(manifest, files)


def _copy_if_changed(src: Path, dest: Path) -> None:
    if dest.exists() and dest.stat().st_size == src.stat().st_size and dest.stat().st_mtime >= src.stat().st_mtime:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)


def install(site_dir: Path, runtime: Runtime) -> Path:
    """Put the runtime into ``site_dir/runtime/`` (and nothing else there) and return that folder."""
    target = site_dir / "runtime"
    target.mkdir(parents=True, exist_ok=True)
    for path, src in runtime.files.items():
        _copy_if_changed(src, target / path)
    wanted = {target / path for path in runtime.files} | {target / path.split("/")[0] for path in runtime.files}
    for old in sorted(target.rglob("*"), reverse=True):
        if old not in wanted and old.name != "manifest.json":
            if old.is_dir():
                shutil.rmtree(old)
            else:
                old.unlink()
    (target / "manifest.json").write_text(json.dumps(runtime.manifest), "utf-8")
    return target


def page_head(runtime: Runtime, start_module: str, *, on_use: bool = False) -> str:
    """What a page with a calculator adds to its ``<head>``: the manifest it starts, then the module that starts it.

    The manifest is a JSON data block (never executed); ``start_module`` is the
    page-relative URL of ``calc-runtime.mjs``, loaded ``async`` so Python starts
    before the rest of the page has been set up. ``on_use``: the calculator is
    not the page's main content (the first-aid page, a case study): the
    manifest is marked ``data-start="on-use"`` and Python starts only when the
    seller touches the form (calc-runtime.mjs), so reading costs no runtime.
    """
    data = json.dumps(runtime.manifest, separators=(",", ":")).replace("</", "<\\/")
    mark = ' data-start="on-use"' if on_use else ""
    return (
        f'<script type="application/json" id="cr-runtime"{mark}>{data}</script>'
        f'<script type="module" async id="cr-runtime-start" src="{escape(start_module)}"></script>'
    )
