// Runs the unit test suite (tests/unit) inside Pyodide on Node.js, no browser:
// boots the pinned npm Pyodide (node_modules/pyodide), loads our cancelrate
// wheel (built by handbook_site/runtime.py) plus the pytest and hypothesis wheels that
// scripts/setup.sh downloaded into build/pyodide-wheels (the versions the
// CPython run uses), copies tests/unit and the pytest settings into Pyodide's
// in-memory file system and calls pytest.main there.
//
//   node tests/pyodide/run_unit_tests.mjs [pytest args...]
//
// Exits non-zero when a test fails, when no test was collected, or when a
// wheel does not load. scripts/test.sh runs it alongside the CPython run (its output printed after).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { bootPyodide, cancelrateWheel, ROOT } from "./boot.mjs";

const WHEEL_DIR = join(ROOT, "build", "pyodide-wheels");

function fail(message) {
  console.error(`run_unit_tests: ${message}`);
  process.exit(2);
}

let testWheels;
try {
  testWheels = readdirSync(WHEEL_DIR)
    .filter((name) => name.endsWith(".whl"))
    .map((name) => join(WHEEL_DIR, name));
} catch {
  fail(`${WHEEL_DIR} is missing: run scripts/setup.sh first`);
}
for (const needed of ["pytest-", "hypothesis-"]) {
  if (!testWheels.some((path) => basename(path).startsWith(needed))) {
    fail(`no ${needed}*.whl in ${WHEEL_DIR}: run scripts/setup.sh first`);
  }
}

const started = performance.now();
let pyodide;
try {
  pyodide = await bootPyodide([cancelrateWheel(), ...testWheels]);
} catch (error) {
  fail(error.message);
}

// tests/unit and the pytest settings (pyproject.toml), copied, so the host
// folders stay untouched (pytest and hypothesis write caches next to them).
function copyTree(hostDir, pyDir) {
  pyodide.FS.mkdirTree(pyDir);
  for (const name of readdirSync(hostDir)) {
    if (name === "__pycache__" || name.startsWith(".")) continue;
    const host = join(hostDir, name);
    if (statSync(host).isDirectory()) copyTree(host, `${pyDir}/${name}`);
    else pyodide.FS.writeFile(`${pyDir}/${name}`, readFileSync(host));
  }
}
copyTree(join(ROOT, "tests", "unit"), "/project/tests/unit");
pyodide.FS.writeFile("/project/pyproject.toml", readFileSync(join(ROOT, "pyproject.toml")));

const run = pyodide.runPython(`
import os, sys, platform
import pytest

os.chdir("/project")
sys.dont_write_bytecode = True

class Counts:
    """Records how many tests were collected and how they ended."""

    collected = 0
    outcomes = {}

    def pytest_sessionstart(self, session):
        # After the plugins are loaded, so Hypothesis is imported by its own
        # pytest plugin first. The first text strategy builds Hypothesis's
        # Unicode table, which takes seconds on WebAssembly and would trip the
        # "too slow" health check of whichever test comes first: build it now.
        # Per-example deadlines measure the machine, not the code: off here
        # (speed targets live in bench/).
        from hypothesis import settings
        from hypothesis.internal.charmap import charmap

        charmap()
        settings.register_profile("pyodide", deadline=None)
        settings.load_profile("pyodide")

    def pytest_collection_finish(self, session):
        Counts.collected = len(session.items)

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.outcome != "passed":
            Counts.outcomes[report.outcome] = Counts.outcomes.get(report.outcome, 0) + 1

def run(args):
    print(f"Python {platform.python_version()} on {sys.platform} (Pyodide), pytest {pytest.__version__}")
    code = pytest.main(["-p", "no:cacheprovider", *args, "tests/unit"], plugins=[Counts()])
    return int(code), Counts.collected, dict(Counts.outcomes)

run
`);
const [code, collected, outcomes] = run(process.argv.slice(2)).toJs({ dict_converter: Object.fromEntries });
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `run_unit_tests: pytest exit code ${code}, ${collected} tests collected, outcomes ${JSON.stringify(outcomes)}, ${seconds} s in Pyodide ${pyodide.version}`,
);
if (collected === 0) fail("no tests were collected");
process.exit(code === 0 ? 0 : 1);
