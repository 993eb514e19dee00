"""The Pyodide memory snapshot, made at build time from the pinned package and our wheel.

A calculator page's worker restores Python from it in well under a second
instead of booting it (see ``docs/assets/js/calc-worker.mjs``; the plain boot
stays as the fallback). ``snapshot.mjs`` makes it in Node.js; this module
runs that once per set of inputs and keeps the result under
``build/snapshot/<key>/`` (``key``: SHA-256 of the Pyodide files, the wheel,
``snapshot.mjs``, this module and the warm-up files), so rebuilding the site costs nothing
until one of them changes. ``HANDBOOK_SNAPSHOT=0`` builds a site without one.

The file the site ships is the snapshot (31 MB of WebAssembly memory, nearly
half of it zero pages) in a sparse form, gzip-compressed: ``SPARSE_MAGIC``,
the memory's length and the number of runs (u32 each), the runs of non-zero
4 KiB pages as (offset, length) pairs (u32), then their bytes; all
little-endian. The service worker keeps it decompressed (17 MB to read on a
warm visit instead of 31) and the calculator worker expands it
(``expandSnapshot`` in ``calc-worker.mjs``).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import shutil
import struct
import subprocess
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "snapshot.mjs"
KEEP = 3  # cached snapshots kept under build/snapshot/ (each about 6.6 MB)
SPARSE_MAGIC = b"CRSNAP1\0"
PAGE = 4096


def sparse(memory: bytes) -> bytes:
    """``memory`` without its zero pages: header, (offset, length) runs, then the runs' bytes."""
    runs: list[list[int]] = []
    zero = bytes(PAGE)
    for offset in range(0, len(memory), PAGE):
        page = memory[offset : offset + PAGE]
        if page == zero[: len(page)]:
            continue
        if runs and runs[-1][0] + runs[-1][1] == offset:
            runs[-1][1] += len(page)
        else:
            runs.append([offset, len(page)])
    header = SPARSE_MAGIC + struct.pack("<II", len(memory), len(runs))
    index = b"".join(struct.pack("<II", offset, length) for offset, length in runs)
    return header + index + b"".join(memory[offset : offset + length] for offset, length in runs)


def expand(data: bytes) -> bytes:
    """The memory a :func:`sparse` file holds (what the browser's worker does, for tests)."""
    if data[:8] != SPARSE_MAGIC:
        raise ValueError("not a sparse snapshot")
    total, count = struct.unpack_from("<II", data, 8)
    memory = bytearray(total)
    position = 16 + 8 * count
    for i in range(count):
        offset, length = struct.unpack_from("<II", data, 16 + 8 * i)
        memory[offset : offset + length] = data[position : position + length]
        position += length
    return bytes(memory)


class SnapshotFailed(RuntimeError):
    """Node.js could not make the snapshot."""


def _key(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _warmup_files(root: Path) -> list[Path]:
    """Order reports the snapshot analyses once, so the file path of ``order_report`` is warm too."""
    return sorted((root / "docs" / "assets" / "examples").glob("*.csv"))


def build(root: Path, pyodide: Path, pyodide_files: Iterable[str], wheel: Path) -> Path | None:
    """Make (or reuse) the gzip-compressed snapshot for this Pyodide and wheel; ``None`` when disabled."""
    if os.environ.get("HANDBOOK_SNAPSHOT", "1") == "0":
        return None
    warmups = _warmup_files(root)
    key = _key([*(pyodide / name for name in pyodide_files), wheel, SCRIPT, Path(__file__), *warmups])
    cache = root / "build" / "snapshot"
    out = cache / key
    if (out / "snapshot.bin.gz").is_file():
        return out / "snapshot.bin.gz"

    node = shutil.which("node")
    if node is None:
        raise SnapshotFailed("node is not on PATH (set HANDBOOK_SNAPSHOT=0 to build without a snapshot)")
    work = cache / f"{key}.partial"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    samples = []
    for path in warmups:
        data = path.read_bytes()
        samples.append([path.name, base64.b64encode(data).decode()])
        # the same report as a Japanese spreadsheet would save it
        samples.append([path.name + ".cp932", base64.b64encode(data.decode("utf-8").encode("cp932")).decode()])
    (work / "warmup.json").write_text(json.dumps(samples), "utf-8")
    result = subprocess.run(
        [node, str(SCRIPT), str(pyodide), str(wheel), str(work / "snapshot.bin"), str(work / "warmup.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SnapshotFailed(f"handbook_site/snapshot.mjs failed:\n{result.stdout}\n{result.stderr}")
    memory = (work / "snapshot.bin").read_bytes()
    (work / "snapshot.bin.gz").write_bytes(gzip.compress(sparse(memory), 9, mtime=0))
    (work / "snapshot.bin").unlink()
    (work / "warmup.json").unlink()
    shutil.rmtree(out, ignore_errors=True)
    work.rename(out)
    _prune(cache, keep=out)
    return out / "snapshot.bin.gz"


def _prune(cache: Path, keep: Path) -> None:
    """Keep the newest few snapshots (the tests build the site with more than one wheel)."""
    entries = sorted((p for p in cache.iterdir() if p.is_dir() and p != keep), key=lambda p: p.stat().st_mtime)
    for old in entries[: max(0, len(entries) - (KEEP - 1))]:
        shutil.rmtree(old, ignore_errors=True)
