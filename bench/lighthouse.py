"""Lighthouse 12.2.3 (mobile defaults) on the home page and a calculator page, served like GitHub Pages.

    .venv/bin/python bench/lighthouse.py [SITE_DIR] [PAGE ...]

Installs Lighthouse for the benchmarks only, once, into build/bench-tools/
(``npm install --prefix build/bench-tools --save-exact lighthouse@12.2.3``:
never a dependency of the site or of its tests), builds the site (or takes
SITE_DIR), serves it with gzip and ``Cache-Control: max-age=600``
(tests/sitehelpers.py) and runs Lighthouse's CLI with its default mobile
settings (simulated throttling, a moto-g-sized screen) in Debian's Chromium
(CHROME_PATH, default /usr/bin/chromium) on each PAGE (default: the home page
and calculators/rate-check/). Prints the four category scores of each page;
the JSON reports stay in build/bench/lighthouse/. Target: performance at
least 95 on both.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sitehelpers import CHROMIUM, SiteServer, build_site  # noqa: E402

VERSION = "12.2.3"
TOOLS = ROOT / "build" / "bench-tools"
CLI = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
REPORTS = ROOT / "build" / "bench" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic"


def lighthouse() -> Path:
    installed = TOOLS / "node_modules" / "lighthouse" / "package.json"
    if not installed.is_file() or json.loads(installed.read_text("utf-8"))["version"] != VERSION:
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(TOOLS),
                "--save-exact",
                "--no-audit",
                "--no-fund",
                f"lighthouse@{VERSION}",
            ],
            check=True,
        )
    return CLI


def audit(cli: Path, url: str, name: str) -> dict[str, int]:
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = REPORTS / f"{name}.json"
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
    subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        check=True,
        env=env,
    )
    data = json.loads(report.read_text("utf-8"))
    return {key: round(data["categories"][key]["score"] * 100) for key in CATEGORIES}


def run(site: Path, pages: list[str]) -> None:
    cli = lighthouse()
    with SiteServer(site, github_like=True) as server:
        results = [
            (page, audit(cli, server.base + page, page.strip("/").replace("/", "_") or "home")) for page in pages
        ]
    for page, scores in results:
        print(f"{page or 'home page'}: " + ", ".join(f"{key} {scores[key]}" for key in CATEGORIES))


def main() -> None:
    pages = sys.argv[2:] or ["", "calculators/rate-check/"]
    if len(sys.argv) > 1 and sys.argv[1]:
        run(Path(sys.argv[1]), pages)
        return
    with tempfile.TemporaryDirectory() as tmp:
        result = build_site(Path(tmp) / "site")
        if result.returncode:
            raise SystemExit(result.stderr)
        run(Path(tmp) / "site", pages)


if __name__ == "__main__":
    main()
