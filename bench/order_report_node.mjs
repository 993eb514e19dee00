// Times order_report on a report file in Pyodide under Node, the way the
// browser worker runs it: the file's bytes -> pyodide.toPy (a memoryview, one
// copy into wasm memory) -> cancelrate.calculate_json -> JSON.parse.
//
//   node bench/order_report_node.mjs SITE_DIR REPORT_FILE [RUNS]
//
// SITE_DIR is a built site (its runtime/ holds the pinned Pyodide and our wheel,
// named by runtime/manifest.json).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";

const [siteDir, reportFile, runsArg] = process.argv.slice(2);
if (!siteDir || !reportFile) {
  console.error("usage: node bench/order_report_node.mjs SITE_DIR REPORT_FILE [RUNS]");
  process.exit(2);
}
const runtime = path.resolve(siteDir, "runtime") + "/";
const manifest = JSON.parse(await readFile(runtime + "manifest.json", "utf8"));
const index = runtime + manifest.index;
const { loadPyodide } = await import(index + "pyodide.mjs");
const pyodide = await loadPyodide({ indexURL: index, lockFileContents: manifest.lock, packageBaseUrl: index });
const sitePackages = pyodide.runPython("import sys; next(p for p in sys.path if p.endswith('site-packages'))");
pyodide.unpackArchive(new Uint8Array(await readFile(runtime + manifest.wheel)), "wheel", { extractDir: sitePackages });
const calculateJson = pyodide.pyimport("cancelrate").calculate_json;

const bytes = new Uint8Array(await readFile(reportFile));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const total = [];
const copy = [];
let result;
for (let i = 0; i < Number(runsArg ?? 7); i++) {
  const t0 = performance.now();
  const inputs = pyodide.toPy({ policy: "amazon_jp", report: bytes });
  const t1 = performance.now();
  try {
    result = JSON.parse(calculateJson("order_report", inputs, "ja"));
  } finally {
    inputs.destroy();
  }
  total.push(performance.now() - t0);
  copy.push(t1 - t0);
}
if (!result.ok) throw new Error(JSON.stringify(result.errors));
console.log(
  JSON.stringify({
    file_bytes: bytes.length,
    rows: result.outputs.rows,
    orders: result.outputs.orders,
    windows: result.outputs.windows.length,
    runs: total.length,
    median_ms: Math.round(median(total)),
    median_topy_ms: Math.round(median(copy)),
    all_ms: total.map(Math.round),
  }),
);
