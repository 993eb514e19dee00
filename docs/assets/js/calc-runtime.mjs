// The calculators' runtime on a page: Python (Pyodide) in a module Web Worker
// (calc-worker.mjs). Calculator pages load this module early, from their
// <head>, right after the runtime manifest they were built with
// (<script type="application/json" id="cr-runtime">, hooks/runtime.py), so
// Python starts while the page is still being set up; calculators.mjs imports
// the same module instance. It knows no form, no language and no policy.
// Pages whose calculator sits below their text (the first-aid page, case
// studies) mark the manifest data-start="on-use": Python starts only once the
// seller uses the form (wanted()), so reading such a page downloads no runtime.
//
// - Start-up: from the build's memory snapshot when the offline copy holds it
//   (read here while the worker starts, then moved to it); if that fails in any
//   way, the worker is replaced and Python boots plainly. The snapshot is taken
//   only from this site's own runtime cache, only while the service worker
//   (which checked its bytes against the manifest's SHA-256 before keeping it,
//   sw.js) is in control, and only when it is marked as this manifest's. A plain
//   start that fails (not a dead line: wrong bytes in a cache, say) is tried once
//   more with every file fetched again from the network.
// - Progress: listeners get the bytes downloaded so far and the total.
// - Stall check: while something is still on its way, a start-up that hears
//   nothing from its worker (no bytes, no step) for the manifest's `stall_ms`
//   gives up with reason "network"; a slow line keeps sending bytes and is never
//   cut off. Once everything is in, only a silence of HANG_MS ends it.
// - Offline copy: keepOfflineCopy() (called once the seller has used a
//   calculator: a live result after an input) registers the service worker
//   (sw.js) in idle time and asks it to keep this build's pages, search and
//   runtime, and the memory snapshot; not at all when the browser asks to save
//   data. <html data-cr-offline> becomes "ready" (or "failed", "unavailable",
//   "save-data"). <html data-cr-boot> says how Python started.

const MANIFEST_ELEMENT = document.getElementById("cr-runtime");
const MANIFEST = JSON.parse(MANIFEST_ELEMENT?.textContent ?? "null");
// A page whose calculator is not its main content (the first-aid page, a case study) starts Python on use.
const ON_USE = MANIFEST_ELEMENT?.dataset.start === "on-use";
// What counts as using a form: focus (keyboard or tap), a press, typing, a file dragged in.
const USE_EVENTS = ["focusin", "pointerdown", "keydown", "input", "change", "dragenter"];
const ROOT = new URL("../../", import.meta.url); // this file is <site>/assets/js/calc-runtime.mjs
// Everything downloaded, and still no word from Python: it is stuck (a broken snapshot, say).
const HANG_MS = 120_000;

let worker = null;
let ready = null;
let nextId = 0;
const pending = new Map();
let lost = null; // the answer every calculation gets once the worker has died after start-up

// A worker that dies once Python is up (out of memory, a crash) answers nothing more: every calculation
// waiting for it, and every later one, is settled with a failure the form shows as the runtime's error.
function workerLost(failure) {
  lost = { ok: false, errors: [], runtime: { reason: "error", message: failure.message } };
  console.error("calculator runtime stopped:", failure.message);
  for (const settle of pending.values()) settle(lost);
  pending.clear();
}
const listeners = new Set();
let progress = null; // the latest {loaded, total}
let timings = null;
const waiting = new Set(); // forms on a start-on-use page that wait for Python (wanted)

/** When each start-up step ended, in ms since the page started loading (for bench/warm_visit.py). */
export function startupTimings() {
  return timings && { ...timings };
}

/** `listener(loaded, total, waiting)`: bytes on the wire so far, of `total`; `waiting`: more to come. */
export function onProgress(listener) {
  listeners.add(listener);
  if (progress) listener(progress.loaded, progress.total, progress.waiting);
}

// The calculator worker, started from a blob: bootstrap that imports calc-worker.mjs by its absolute URL:
// a worker started from a blob: URL is bound by this page's Content-Security-Policy (a worker started from
// its own URL would be bound by none, as a <meta> policy cannot reach it), so no code in it can import() or
// fetch from elsewhere, or run code given as text, whatever it does to its global object (its own lock,
// calc-worker.mjs's lockNetwork, is the second layer). Relative URLs inside resolve against the blob:
// everything the worker is given is absolute.
// Where the service worker is in control (a return visit: the runtime is on this device), the bootstrap
// also imports Pyodide's two modules, alongside the worker's own, so they load while the page looks for the
// snapshot instead of after (the worker's import() of the same URLs then finds them in the module map).
// Not on a first visit: until they are in, the worker could not say it is alive, and on a slow line the
// wasm's bytes, which it reports, would wait behind them.
function newWorker() {
  const url = (path) => JSON.stringify(new URL(path, ROOT).href);
  const early = navigator.serviceWorker?.controller ? ["pyodide.mjs", "pyodide.asm.mjs"] : [];
  const imports = [...early.map((name) => `runtime/${MANIFEST.index}${name}`), MANIFEST.worker];
  const code = imports.map((path) => `import ${url(path)};\n`).join("");
  const bootstrap = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  const started = new Worker(bootstrap, { type: "module" });
  const revoke = () => URL.revokeObjectURL(bootstrap);
  started.addEventListener("message", revoke, { once: true });
  started.addEventListener("error", revoke, { once: true });
  return started;
}

// One worker per page; `snapshot` false after a failed start from the snapshot; `fresh`: every file from the
// network (not the HTTP cache), after a plain start that failed.
function startWorker(snapshot, fresh = false) {
  const created = Math.round(performance.now());
  worker = newWorker();
  let lastSign = performance.now();
  let boot = null; // "snapshot" or "plain", as the worker reports it
  let waiting = true; // is anything still on its way over the network?
  let up = false; // has Python said it is ready?
  return new Promise((resolve, reject) => {
    const stall = setInterval(() => {
      const silent = performance.now() - lastSign;
      if (waiting && silent > MANIFEST.stall_ms) fail({ reason: "network", message: "start-up stalled" });
      else if (silent > HANG_MS) fail({ reason: "error", message: "Python did not start" });
    }, 1000);
    const fail = (failure) => {
      clearInterval(stall);
      if (up) workerLost(failure);
      else reject({ ...failure, snapshot: boot === "snapshot" });
    };
    worker.addEventListener("message", ({ data }) => {
      lastSign = performance.now();
      if (data.type === "progress") {
        boot = data.boot;
        waiting = data.waiting;
        progress = data;
        for (const listener of listeners) listener(data.loaded, data.total, data.waiting);
      } else if (data.type === "ready") {
        clearInterval(stall);
        document.documentElement.dataset.crBoot = data.boot;
        timings = { "worker created": created, ...data.timings, ready: Math.round(performance.now()) };
        up = true;
        resolve();
      } else if (data.type === "failed") fail(data);
      else if (data.type === "result") {
        pending.get(data.id)?.(data.result);
        pending.delete(data.id);
      }
    });
    worker.addEventListener("error", (event) => fail({ reason: "error", message: event.message || "worker error" }));
    // While the worker starts, the page looks for the snapshot and reads it (its bytes then move to the worker).
    // On a return visit it also compiles Pyodide's WebAssembly meanwhile (off the main thread; the compiled
    // module moves to the worker): Pyodide would compile it only once the snapshot is in.
    const wasm = snapshot && navigator.serviceWorker?.controller ? compileWasm() : null;
    (snapshot ? snapshotInOfflineCopy() : Promise.resolve(null)).then((cached) => {
      const init = { runtime: new URL("runtime/", ROOT).href, manifest: MANIFEST, origin: performance.timeOrigin, fresh };
      worker.postMessage({ type: "init", ...init, snapshot: Boolean(cached), wasm: Boolean(cached && wasm) });
      if (!cached) return;
      snapshotBytes(cached).then((bytes) => worker.postMessage({ type: "snapshot", bytes }, bytes ? [bytes] : []));
      wasm?.then((module) => {
        try {
          worker.postMessage({ type: "wasm", module });
        } catch {
          worker.postMessage({ type: "wasm", module: null }); // a browser that cannot move one: the worker compiles
        }
      });
    });
  });
}

// This site's own runtime cache (sw.js names it after the site's path: an origin may hold other sites' caches).
const RUNTIME_CACHE = `cr-runtime:${ROOT.pathname}`;

// The build's memory snapshot, if this site's runtime cache holds it as the service worker kept it
// (decompressed, checked, marked with the SHA-256 of the manifest's file); nothing unchecked is used.
async function snapshotInOfflineCopy() {
  const expected = MANIFEST.snapshot && MANIFEST.files[MANIFEST.snapshot]?.sha256;
  if (!expected || !navigator.serviceWorker?.controller) return null;
  try {
    if (!(await caches.has(RUNTIME_CACHE))) return null;
    const cache = await caches.open(RUNTIME_CACHE);
    const response = await cache.match(new URL(`runtime/${MANIFEST.snapshot}`, ROOT).href);
    const ours = response?.ok && response.headers.get("x-cr-sha256") === expected;
    return ours && response.headers.get("x-cr-snapshot") === "decompressed" ? response : null;
  } catch {
    return null; // site data blocked: no offline copy
  }
}

// Pyodide's WebAssembly, compiled here (null if that fails: the worker then compiles it itself).
function compileWasm() {
  const url = new URL(`runtime/${MANIFEST.index}pyodide.asm.wasm`, ROOT);
  return WebAssembly.compileStreaming(fetch(url)).catch(() => null);
}

async function snapshotBytes(response) {
  try {
    return await response.arrayBuffer();
  } catch {
    return null; // the worker then fails its snapshot start, and Python boots plainly
  }
}

async function startPython() {
  let snapshot = true;
  let fresh = false;
  for (;;) {
    try {
      await startWorker(snapshot, fresh);
      if (document.documentElement.dataset.crBoot === "snapshot") {
        navigator.serviceWorker?.controller?.postMessage({ type: "snapshot-ok" });
      }
      return;
    } catch (failure) {
      worker.terminate();
      if (failure.snapshot) {
        // The fast path depends on a private Pyodide API: anything wrong with it, and Python boots plainly.
        console.warn("Python did not start from the memory snapshot; starting it plainly:", failure.message);
        navigator.serviceWorker?.controller?.postMessage({ type: "bad-snapshot" });
        snapshot = false;
      } else if (failure.reason === "network" || fresh) {
        throw failure;
      } else {
        // Wrong bytes somewhere on the way (a captive portal's page in the HTTP cache, say): once more, fresh.
        console.warn("Python did not start; trying once more with its files fetched again:", failure.message);
        fresh = true;
      }
    }
  }
}

/** Starts Python once per page; resolves when it answers, rejects with {reason: "network" | "error", message}. */
export function startRuntime() {
  if (!MANIFEST) return Promise.reject({ reason: "error", message: "no runtime manifest in this page" });
  if (!ready) {
    ready = startPython();
    for (const use of [...waiting]) use(); // every form of the page goes live, not only the one used
    ready.catch((failure) => console.error("calculator runtime failed to start:", failure.message ?? failure));
  }
  return ready;
}

/** cancelrate.calculate in the worker; a chosen file (Uint8Array) is transferred, not copied. Once the worker
 * has died, the answer is `{ok: false, errors: [], runtime: {reason, message}}` (see workerLost). */
export function calculate(calculator, inputs, lang) {
  if (lost) return Promise.resolve(lost);
  const transfer = Object.values(inputs)
    .filter((value) => value instanceof Uint8Array)
    .map((bytes) => bytes.buffer);
  return new Promise((resolve) => {
    const id = ++nextId;
    pending.set(id, resolve);
    worker.postMessage({ type: "calculate", id, calculator, inputs, lang }, transfer);
  });
}

let offlineAsked = false;
export function keepOfflineCopy() {
  if (offlineAsked || !MANIFEST) return;
  offlineAsked = true;
  const mark = (state) => {
    document.documentElement.dataset.crOffline = state;
  };
  if (!("serviceWorker" in navigator)) return mark("unavailable");
  if (navigator.connection?.saveData === true) return mark("save-data"); // nothing more downloaded
  const idle = window.requestIdleCallback ?? ((callback) => setTimeout(callback, 1000));
  idle(
    async () => {
      try {
        const registration = await navigator.serviceWorker.register(new URL("sw.js", ROOT), { scope: ROOT.href });
        let asked = 0;
        const ask = (active) => {
          asked += 1;
          active?.postMessage({ type: "offline", id: MANIFEST.id, snapshot: true });
        };
        navigator.serviceWorker.addEventListener("message", ({ data }) => {
          if (data?.type !== "offline") return;
          if (data.state === "stale" && asked < 2) {
            // the service worker is from another build: ask its successor once it takes over
            const again = () => ask(navigator.serviceWorker.controller);
            navigator.serviceWorker.addEventListener("controllerchange", again, { once: true });
          } else mark(data.state);
        });
        await navigator.serviceWorker.ready;
        ask(registration.active);
      } catch (error) {
        console.info("no offline copy:", error.message ?? error);
        mark("unavailable");
      }
    },
    { timeout: 5000 },
  );
}

/**
 * Resolves when `form` needs Python: at once on a calculator page; on a page marked to start on use, when the
 * seller first focuses, presses, types into or drags a file onto the form, when a link filled it in
 * (calc-link.mjs marks it stale or fromLink), or once Python has started for another form of the page.
 * Reading past it costs nothing: a seller who just got a warning reads the first-aid page on a phone, and
 * the pre-rendered example stays shown.
 */
export function wanted(form) {
  if (!ON_USE || ready || form.dataset.stale || form.dataset.fromLink) return Promise.resolve();
  return new Promise((resolve) => {
    const use = () => {
      for (const type of USE_EVENTS) form.removeEventListener(type, use, true);
      waiting.delete(use);
      resolve();
    };
    waiting.add(use);
    for (const type of USE_EVENTS) form.addEventListener(type, use, true);
  });
}

// Calculator pages load this module from their <head>: Python starts now (elsewhere, on use).
if (MANIFEST && !ON_USE) startRuntime();
