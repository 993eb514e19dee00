"""The GitHub workflows are valid (actionlint), run what the README says, and hold the supply-chain rules.

- every action is pinned to a full commit SHA, with its release in a comment;
- the token is read-only except in the Pages deploy job, which alone gets
  ``pages: write`` and ``id-token: write``;
- a job's container image is pinned by digest (``image:tag@sha256:<64 hex>``);
- checkouts do not leave the token in ``.git/config`` (``persist-credentials: false``);
- Node.js is a maintained version (22 or later);
- the Pages build installs only what the build needs (``setup.sh --build``).
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from sitehelpers import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    assert Path(found).exists(), "actionlint is not installed (requirements/test.txt)"
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
    # the step that both uses an action and runs a command is found, at its line, by the syntax check
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'broken.yml:6:9: unexpected key "uses" for step to run shell command' in result.stdout, result.stdout
    assert "[syntax-check]" in result.stdout


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


PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
DEPLOY_ONLY = {("pages", "write"), ("id-token", "write")}


def unpinned_actions(text: str) -> list[str]:
    """``uses:`` lines that are not ``owner/repo@<40-hex SHA> # vX.Y.Z`` (local actions excepted)."""
    bad = []
    for line in text.splitlines():
        found = re.match(r"^\s*(?:-\s+)?uses:\s*(.+?)\s*$", line)
        if found and not found[1].startswith("./") and not PINNED.match(found[1]):
            bad.append(found[1])
    return bad


DIGEST = re.compile(r"^[\w./-]+(:[\w.-]+)?@sha256:[0-9a-f]{64}$")


def unpinned_containers(workflow: dict) -> list[str]:
    """Job and service container images that are not pinned by digest."""
    bad = []
    for name, job in workflow["jobs"].items():
        images = [job.get("container"), *(job.get("services") or {}).values()]
        for image in images:
            image = image.get("image") if isinstance(image, dict) else image
            if image is not None and not DIGEST.match(str(image)):
                bad.append(f"{name}: {image}")
    return bad


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, job, step


def permission_problems(workflow: dict) -> list[str]:
    """Write permissions anywhere but a job that deploys Pages; Pages/OIDC writes outside it."""
    problems = []
    top = workflow.get("permissions")
    if not isinstance(top, dict) or any(v != "read" for v in top.values()):
        problems.append(f"top-level permissions must be read-only, got {top!r}")
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions", {})
        if granted in ("write-all", "read-all") or not isinstance(granted, dict):
            problems.append(f"{name}: permissions must be listed, got {granted!r}")
            continue
        deploys = any(str(s.get("uses", "")).startswith("actions/deploy-pages@") for s in job.get("steps", []))
        writes = {(k, v) for k, v in granted.items() if v == "write"}
        if deploys and writes != DEPLOY_ONLY:
            problems.append(f"{name}: the deploy job needs exactly pages and id-token write, got {sorted(writes)}")
        if not deploys and writes:
            problems.append(f"{name}: write permissions outside the deploy job: {sorted(writes)}")
    return problems


def persisting_checkouts(workflow: dict) -> list[str]:
    return [
        name
        for name, _, step in steps(workflow)
        if str(step.get("uses", "")).startswith("actions/checkout@")
        and (step.get("with") or {}).get("persist-credentials") is not False
    ]


def old_node_versions(workflow: dict) -> list[str]:
    found = []
    for name, _, step in steps(workflow):
        if str(step.get("uses", "")).startswith("actions/setup-node@"):
            version = str((step.get("with") or {}).get("node-version", ""))
            if not re.match(r"^\d+", version) or int(re.match(r"^\d+", version)[0]) < 22:
                found.append(f"{name}: node-version {version!r}")
    return found


BAD_WORKFLOW = """
on: push
permissions:
  contents: write
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      pages: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020
        with:
          node-version: 20
    container: python:3.11-bookworm
  deploy:
    runs-on: ubuntu-latest
    permissions: write-all
    container:
      image: python:3.11-bookworm@sha256:b99029c95d3d37fb1e4e76d287f7984373dca77c665885986e31b2c95260c13c
    steps:
      - uses: actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e # v4
"""


def test_actions_are_pinned_to_commit_shas_with_their_release():
    for path in WORKFLOWS:
        assert unpinned_actions(path.read_text()) == [], path.name
    # one SHA per action across the workflows
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for action, sha in re.findall(r"uses:\s*([\w./-]+)@([0-9a-f]{40})", path.read_text()):
            pins.setdefault(action, set()).add(sha)
    assert pins and all(len(shas) == 1 for shas in pins.values()), pins


def test_only_the_deploy_job_may_write():
    for path in WORKFLOWS:
        assert permission_problems(yaml.safe_load(path.read_text())) == [], path.name
    pages = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_checkouts_do_not_persist_credentials_and_node_is_maintained():
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text())
        assert any(str(s.get("uses", "")).startswith("actions/checkout@") for _, _, s in steps(workflow)), path.name
        assert persisting_checkouts(workflow) == [], path.name
        assert old_node_versions(workflow) == [], path.name


def test_the_checks_catch_a_bad_workflow():
    workflow = yaml.safe_load(BAD_WORKFLOW)
    assert unpinned_actions(BAD_WORKFLOW) == [
        "actions/checkout@v4",
        "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020",
        "actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e # v4",
    ]
    assert len(permission_problems(workflow)) == 3  # top-level write, build's pages write, deploy's write-all
    assert persisting_checkouts(workflow) == ["build"]
    assert old_node_versions(workflow) == ["build: node-version '20'"]
    assert unpinned_containers(workflow) == ["build: python:3.11-bookworm"]


def test_container_images_are_pinned_by_digest():
    for path in WORKFLOWS:
        assert unpinned_containers(yaml.safe_load(path.read_text())) == [], path.name
    assert "@sha256:" in (ROOT / ".github" / "workflows" / "ci.yml").read_text()  # the CI runs in a container


def test_the_pages_build_installs_only_the_build_requirements():
    pages = (ROOT / ".github" / "workflows" / "pages.yml").read_text()
    assert "bash scripts/build.sh" in pages
    build = (ROOT / "scripts" / "build.sh").read_text()
    assert "scripts/setup.sh --build" in build
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    assert "--require-hashes" in setup and "requirements/build.txt" in setup


def test_dependabot_covers_the_actions_and_both_locks():
    """Actions, the Python locks (requirements/) and npm (package.json, Pyodide included), weekly."""
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    updates = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert updates >= {("github-actions", "/"), ("pip", "/requirements"), ("npm", "/")}, updates
    assert (ROOT / "requirements" / "build.txt").is_file() and (ROOT / "package-lock.json").is_file()
