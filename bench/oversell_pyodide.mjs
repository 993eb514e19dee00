// Speed of the oversell model inside Pyodide on Node.js: runs bench/oversell.py there (same cases, same
// output) with the pinned npm Pyodide and our wheel.
//
//   node bench/oversell_pyodide.mjs [--repeat 20]

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bootPyodide, cancelrateWheel, ROOT } from "../tests/pyodide/boot.mjs";

const pyodide = await bootPyodide([cancelrateWheel()]);
pyodide.FS.mkdirTree("/bench");
pyodide.FS.writeFile("/bench/oversell.py", readFileSync(join(ROOT, "bench", "oversell.py")));
const main = pyodide.runPython("import sys; sys.path.insert(0, '/bench'); import oversell; oversell.main");
main(pyodide.toPy(process.argv.slice(2)));
