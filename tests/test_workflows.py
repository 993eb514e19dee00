"""The GitHub workflows are valid (actionlint) and run what the README says."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from sitehelpers import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    assert Path(found).exists(), "actionlint is not installed (requirements-dev.txt)"
    return found


def test_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "pages.yml"}


def test_actionlint_passes():
    result = subprocess.run([actionlint(), *map(str, WORKFLOWS)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        run: echo both\n"
    )
    result = subprocess.run([actionlint(), str(broken)], capture_output=True, text=True, check=False)
    assert result.returncode != 0


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"^#+\s*Quick start\s*$.*?^```[^\n]*\n(.*?)^```", text, re.M | re.S)[1]
    return [line.strip() for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]


def test_readme_quick_start_has_two_commands_and_ci_runs_the_second():
    serve, test = readme_commands()
    assert "serve" in serve
    assert test in (ROOT / ".ci" / "run").read_text()
    assert test in (ROOT / ".github" / "workflows" / "ci.yml").read_text()


def test_pages_workflow_deploys_with_the_official_actions():
    text = (ROOT / ".github" / "workflows" / "pages.yml").read_text()
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in text
