// Speed of cancelrate.calculate inside Pyodide on Node.js: runs bench/calculators.py
// there (same cases, same output) with the pinned npm Pyodide and our wheel.
//
//   node bench/calculators_pyodide.mjs [--repeat 50]

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bootPyodide, cancelrateWheel, ROOT } from "../tests/pyodide/boot.mjs";

const pyodide = await bootPyodide([cancelrateWheel()]);
pyodide.FS.mkdirTree("/bench");
pyodide.FS.writeFile("/bench/calculators.py", readFileSync(join(ROOT, "bench", "calculators.py")));
const main = pyodide.runPython("import sys; sys.path.insert(0, '/bench'); import calculators; calculators.main");
main(pyodide.toPy(process.argv.slice(2)));
