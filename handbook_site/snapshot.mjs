// Makes the Pyodide memory snapshot the site's calculator worker restores from
// (handbook_site/snapshot.py runs this at build time; never committed).
//
//   node handbook_site/snapshot.mjs PYODIDE_DIR WHEEL OUT [WARMUP.json]
//
// Boots the pinned Pyodide from PYODIDE_DIR with the private `_makeSnapshot`
// option, unpacks the cancelrate WHEEL into site-packages (the worker unpacks
// the same wheel into the same folder after restoring: file contents are not
// part of a memory snapshot), imports cancelrate and runs every calculator
// once per language on its example values and on an empty form (and
// order_report on each file listed in WARMUP.json), so what a first answer
// needs is already imported and initialised. Then it writes the snapshot to OUT
// (snapshot.py turns it into the file the site ships).

import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheel, out, warmup] = process.argv.slice(2);
if (!out) {
  console.error("usage: node handbook_site/snapshot.mjs PYODIDE_DIR WHEEL OUT [WARMUP.json]");
  process.exit(2);
}

const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, _makeSnapshot: true });
const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });

const files = warmup ? JSON.parse(readFileSync(warmup, "utf-8")) : [];
pyodide.globals.set("warmup_files", JSON.stringify(files));
pyodide.runPython(`
import base64, json
import cancelrate

for calculator_id in cancelrate.CALCULATORS:
    for lang in ("ja", "en"):
        spec = cancelrate.describe(calculator_id, lang)
        example = {f["name"]: f["example"] for f in spec["inputs"] if f["example"] is not None}
        for inputs in (example, {}):
            result = json.loads(cancelrate.calculate_json(calculator_id, inputs, lang))
            assert "ok" in result, (calculator_id, result)
for name, data in json.loads(warmup_files):
    cancelrate.calculate_json("order_report", {"report": base64.b64decode(data)}, "ja")
del warmup_files
`);
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(out, snapshot);
console.log(JSON.stringify({ bytes: snapshot.length }));
