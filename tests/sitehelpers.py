"""Building the site and serving it under a sub-path, as GitHub project pages do; the browser settings."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import ClassVar

SUB_PATH = "/cancel-rate-handbook/"

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def build_site(site_dir: Path, config: Path | None = None) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` into ``site_dir`` (optionally with another config file)."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    if config is not None:
        cmd += ["--config-file", str(config)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def copy_project(dest: Path) -> None:
    """A copy of what the site build reads into ``dest`` (``node_modules`` linked), to change and build it there."""
    for name in ("docs", "hooks", "handbook_site", "data", "calculators", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "package.json", "pyproject.toml"):
        shutil.copy2(ROOT / name, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)


def build_copy(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of a :func:`copy_project` copy, with the copy's packages (not this checkout's)."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": os.pathsep.join([str(project), str(project / "calculators")]),
    }
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, check=False)


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` at ``SUB_PATH`` only; everything else is 404."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".whl": "application/zip",
        ".json": "application/json",
        ".svg": "image/svg+xml",
    }

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(SUB_PATH) or any(clean.endswith(b) for b in self.server.blocked):
            return str(Path(self.directory) / "__outside_sub_path__")
        return super().translate_path("/" + clean[len(SUB_PATH) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


class SiteServer:
    """A threaded HTTP server for ``site_dir`` on 127.0.0.1 (random port)."""

    def __init__(self, site_dir: Path) -> None:
        handler = functools.partial(SubPathHandler, directory=str(site_dir))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.blocked = set()  # path endings answered with 404 (to test failures)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def blocked(self) -> set[str]:
        return self.httpd.blocked

    @property
    def origin(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base(self) -> str:
        return self.origin + SUB_PATH

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
