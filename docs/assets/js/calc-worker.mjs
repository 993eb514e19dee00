// Module Web Worker: boots the site's own Pyodide, loads the cancelrate wheel
// and answers {type: "calculate"} messages with cancelrate.calculate_json.

let calculateJson = null;
let toPy = null;
let booted = null;

async function boot(runtime) {
  const response = await fetch(new URL("manifest.json", runtime));
  if (!response.ok) throw new Error(`manifest.json: HTTP ${response.status}`);
  const manifest = await response.json();
  const { loadPyodide } = await import(new URL("pyodide.mjs", runtime).href);
  const pyodide = await loadPyodide({
    indexURL: runtime,
    packages: [new URL(manifest.wheel, runtime).href],
  });
  // loadPackage reports failures without throwing: importing proves the wheel loaded.
  calculateJson = pyodide.pyimport("cancelrate").calculate_json;
  toPy = (value) => pyodide.toPy(value); // a Uint8Array (a chosen file) becomes a memoryview
}

// Some start-up failures never settle loadPyodide: Pyodide 314 only logs
// "wasm instantiation failed!" when pyodide.asm.wasm cannot be loaded, and
// other faults surface as unhandled rejections. Both end the start-up, and a
// watchdog covers anything else.
const BOOT_TIMEOUT_MS = 120_000;
let failBoot = null;
self.addEventListener("unhandledrejection", (event) => failBoot?.(event.reason));
const warn = console.warn.bind(console);
console.warn = (...args) => {
  warn(...args);
  if (String(args[0]).includes("wasm instantiation failed")) failBoot?.(new Error("pyodide.asm.wasm did not load"));
};

self.addEventListener("message", async ({ data }) => {
  if (data.type === "init") {
    booted ??= Promise.race([
      boot(data.runtime),
      new Promise((_, reject) => {
        failBoot = reject;
        setTimeout(() => reject(new Error("Python did not start in time")), BOOT_TIMEOUT_MS);
      }),
    ]);
    booted.finally(() => {
      failBoot = null;
    });
    booted.then(
      () => self.postMessage({ type: "ready" }),
      (error) => self.postMessage({ type: "failed", message: String(error?.message ?? error) }),
    );
    return;
  }
  if (data.type === "calculate") {
    let result;
    try {
      await booted;
      const inputs = toPy(data.inputs);
      try {
        result = JSON.parse(calculateJson(data.calculator, inputs, data.lang));
      } finally {
        inputs.destroy();
      }
    } catch (error) {
      console.error(error);
      result = { ok: false, errors: [{ field: null, code: "internal_error", message: "" }] };
    }
    self.postMessage({ type: "result", id: data.id, result });
  }
});
