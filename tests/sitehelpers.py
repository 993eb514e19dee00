"""Building the site and serving it under a sub-path, as GitHub project pages do; the browser settings."""

from __future__ import annotations

import email.utils
import functools
import gzip
import http.server
import io
import os
import re
import shutil
import subprocess
import sys
import threading
import time
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


def build_copy(project: Path, site_dir: Path, *, snapshot: bool = True) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of a :func:`copy_project` copy, with the copy's packages (not this checkout's).

    ``snapshot=False`` leaves the Pyodide memory snapshot out (``HANDBOOK_SNAPSHOT=0``: about 6 s a build instead
    of 38 s) for a test that never looks at it; the pages then start Python plainly."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": os.pathsep.join([str(project), str(project / "calculators")]),
    }
    if not snapshot:
        env["HANDBOOK_SNAPSHOT"] = "0"
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
        self.server.requested.append(clean)
        self.started = time.time()
        if not clean.startswith(SUB_PATH) or any(clean.endswith(b) for b in self.server.blocked):
            return str(Path(self.directory) / "__outside_sub_path__")
        return super().translate_path("/" + clean[len(SUB_PATH) :])

    def send_head(self):
        if not self.server.github_like:
            return super().send_head()
        return self._github_like_head()

    def _github_like_head(self) -> io.BytesIO | None:
        """What GitHub Pages answers: gzip for text types and wasm, ``max-age=600``, ``Last-Modified``/304."""
        path = Path(self.translate_path(self.path))
        clean = self.path.split("?", 1)[0]
        for ending, left in self.server.portal.items():
            if left > 0 and clean.endswith(ending):  # a captive portal's page instead of the file, once
                self.server.portal[ending] = left - 1
                body = PORTAL_PAGE
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "max-age=600")
                self.end_headers()
                return io.BytesIO(body)
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?", 1)[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            path = path / "index.html"
        try:
            stat = path.stat()
        except OSError:
            self.send_error(404)
            return None
        ctype = self.guess_type(str(path))
        since = self.headers.get("If-Modified-Since")
        if since and "If-None-Match" not in self.headers:
            try:
                if int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                    self.send_response(304)
                    self.send_header("Cache-Control", "max-age=600")
                    self.end_headers()
                    return None
            except (TypeError, ValueError, IndexError, OverflowError):
                pass
        compressed = ctype.startswith(GZIP_TYPES) and "gzip" in self.headers.get("Accept-Encoding", "")
        body = _gzipped(str(path), stat.st_mtime_ns) if compressed else path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Vary", "Accept-Encoding")
        if compressed:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        return io.BytesIO(body)

    def copyfile(self, source, outputfile) -> None:
        clean = self.path.split("?", 1)[0]
        if any(clean.endswith(s) for s in self.server.stalled):
            while not self.server.closing.wait(0.2):  # a dead line: headers, then nothing
                pass
            return
        sent = 0
        chunk = max(1, self.server.rate // 20) if self.server.rate else 1 << 16
        while data := source.read(chunk):
            if self.server.rate:
                self.server.throttle(len(data))
            if self.server.closing.is_set():
                return
            outputfile.write(data)
            sent += len(data)
        self.server.sent.append((self.started, clean, sent))

    def log_message(self, format: str, *args: object) -> None:
        pass


PORTAL_PAGE = b"<!doctype html><title>Wi-Fi login</title><p>Please accept the terms to use this network.</p>"

GZIP_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "application/wasm",
)


@functools.lru_cache(maxsize=256)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), 6)


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that went away mid-answer
            super().handle_error(request, client_address)


class SiteServer:
    """A threaded HTTP server for ``site_dir`` on 127.0.0.1 (random port).

    ``github_like=True`` answers as GitHub Pages does (gzip for text types and
    wasm, ``Cache-Control: max-age=600``); ``rate`` makes the line that slow
    (bytes a second, shared by all responses). ``blocked`` path endings get a
    404, ``stalled`` ones their headers and then nothing (a dead line),
    ``portal[ending] = n``: the next n requests a captive portal's page (200, HTML);
    ``requested`` lists every path asked for and ``sent`` every body sent
    (request time, path, bytes).
    """

    def __init__(self, site_dir: Path, *, github_like: bool = False, rate: int | None = None) -> None:
        handler = functools.partial(SubPathHandler, directory=str(site_dir))
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.httpd.blocked = set()  # path endings answered with 404 (to test failures)
        self.httpd.stalled = set()
        self.httpd.portal = {}  # path ending -> how many more requests get a captive portal's page (200)
        self.httpd.requested = []
        self.httpd.github_like = github_like
        self.httpd.rate = rate
        self.httpd.sent = []  # (time the request came, path, body bytes sent)
        self.httpd.closing = threading.Event()
        line = threading.Lock()
        self.httpd.line_free_at = 0.0

        def throttle(nbytes: int) -> None:
            """One line for all connections: wait until ``nbytes`` more fit through it."""
            with line:
                start = max(time.monotonic(), self.httpd.line_free_at)
                self.httpd.line_free_at = start + nbytes / self.httpd.rate
                until = self.httpd.line_free_at
            self.httpd.closing.wait(max(0.0, until - time.monotonic()))

        self.httpd.throttle = throttle
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def blocked(self) -> set[str]:
        return self.httpd.blocked

    @property
    def portal(self) -> dict[str, int]:
        return self.httpd.portal

    @property
    def stalled(self) -> set[str]:
        return self.httpd.stalled

    @property
    def requested(self) -> list[str]:
        return self.httpd.requested

    @property
    def sent(self) -> list[tuple[float, str, int]]:
        return self.httpd.sent

    @property
    def rate(self) -> int | None:
        return self.httpd.rate

    @rate.setter
    def rate(self, value: int | None) -> None:
        self.httpd.rate = value

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
        self.close()

    def close(self) -> None:
        """Stop serving: from now on the site's address refuses connections (the network is gone)."""
        if self.httpd.closing.is_set():
            return
        self.httpd.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()


# --- the calculators of the site, from the registry and the navigation ------------------------------------------

CALCULATOR_PLACEHOLDER = re.compile(r"""\{\{\s*calculator\(\s*["']([a-z_]+)["']\s*\)\s*\}\}""")


def calculator_pages(root: Path = ROOT) -> dict[str, str]:
    """Calculator id -> the path of its page under the site root (``"calculators/rate-check/"``): the pages of
    ``mkdocs.yml``'s navigation under ``calculators/`` whose Japanese page holds ``{{ calculator("<id>") }}``,
    in the navigation's order (what "Adding a calculator" in the README sets up)."""
    pages = {}
    for page in re.findall(r"^\s*-\s*(calculators/[\w-]+\.md)\s*$", (root / "mkdocs.yml").read_text("utf-8"), re.M):
        for calculator in CALCULATOR_PLACEHOLDER.findall((root / "docs" / "ja" / page).read_text("utf-8")):
            pages.setdefault(calculator, page.removesuffix(".md") + "/")
    return pages


def changed_field(calculator: str) -> str:
    """The field a test changes to make the calculator compute something new: its file field, or else its first
    count or number field whose example is a whole number (the test writes ``example * 10 + 7``)."""
    from cancelrate import CALCULATORS

    fields = CALCULATORS[calculator].FIELDS
    for f in fields:
        if f.kind == "file":
            return f.name
    for f in fields:
        if f.kind in ("count", "number") and isinstance(f.example, int) and not isinstance(f.example, bool):
            return f.name
    raise LookupError(f"{calculator}: no file field and no count or number field with a whole example to change")
