// Boots the pinned npm Pyodide in Node.js with our cancelrate wheel (and any
// other wheels), for the Pyodide unit-test run and the Node benchmark.

import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The cancelrate wheel, built (or reused) by the site's own build code, handbook_site.runtime.build_wheel. */
export function cancelrateWheel() {
  const code = "from pathlib import Path; from handbook_site import runtime; print(runtime.build_wheel(Path.cwd()))";
  return execFileSync(join(ROOT, ".venv", "bin", "python"), ["-c", code], { cwd: ROOT, encoding: "utf-8" }).trim();
}

/** Pyodide with these wheels loaded; throws when one does not load (loadPackage itself only reports it). */
export async function bootPyodide(wheels) {
  const pyodide = await loadPyodide();
  const problems = [];
  const loaded = await pyodide.loadPackage(wheels, {
    messageCallback: () => {},
    errorCallback: (message) => problems.push(message),
  });
  if (problems.length || loaded.length !== wheels.length) {
    throw new Error(`wheels did not load (${loaded.length} of ${wheels.length}): ${problems.join("; ")}`);
  }
  return pyodide;
}
