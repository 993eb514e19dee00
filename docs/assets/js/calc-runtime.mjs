// The calculators' runtime on a page: Python (Pyodide) in a module Web Worker
// (calc-worker.mjs). Calculator pages load this module early, from their
// <head>, right after the runtime manifest they were built with
// (<script type="application/json" id="cr-runtime">, hooks/runtime.py), so
// Python starts while the page is still being set up; calculators.mjs imports
// the same module instance. It knows no form, no language and no policy.
//
// - Start-up: from the build's memory snapshot when the offline copy holds it
//   (read here while the worker starts, then moved to it); if that fails in any
//   way, the worker is replaced and Python boots plainly.
// - Progress: listeners get the bytes downloaded so far and the total.
// - Stall check: while something is still on its way, a start-up that hears
//   nothing from its worker (no bytes, no step) for the manifest's `stall_ms`
//   gives up with reason "network"; a slow line keeps sending bytes and is never
//   cut off. Once everything is in, only a silence of HANG_MS ends it.
// - Offline copy: keepOfflineCopy() (called once a result is live) registers the
//   service worker (sw.js) in idle time and asks it to keep this build's pages,
//   search and runtime, plus the memory snapshot unless the browser asks to
//   save data; <html data-cr-offline> becomes "ready" (or "failed" /
//   "unavailable"). <html data-cr-boot> says how Python started.

const MANIFEST = JSON.parse(document.getElementById("cr-runtime")?.textContent ?? "null");
const ROOT = new URL("../../", import.meta.url); // this file is <site>/assets/js/calc-runtime.mjs
// Everything downloaded, and still no word from Python: it is stuck (a broken snapshot, say).
const HANG_MS = 120_000;

let worker = null;
let ready = null;
let nextId = 0;
const pending = new Map();
const listeners = new Set();
let progress = null; // the latest {loaded, total}
let timings = null;

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
function newWorker() {
  const code = `import ${JSON.stringify(new URL(MANIFEST.worker, ROOT).href)};\n`;
  const bootstrap = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  const started = new Worker(bootstrap, { type: "module" });
  const revoke = () => URL.revokeObjectURL(bootstrap);
  started.addEventListener("message", revoke, { once: true });
  started.addEventListener("error", revoke, { once: true });
  return started;
}

// One worker per page; `snapshot` false after a failed start from the snapshot.
function startWorker(snapshot) {
  const created = Math.round(performance.now());
  worker = newWorker();
  let lastSign = performance.now();
  let boot = null; // "snapshot" or "plain", as the worker reports it
  let waiting = true; // is anything still on its way over the network?
  return new Promise((resolve, reject) => {
    const stall = setInterval(() => {
      const silent = performance.now() - lastSign;
      if (waiting && silent > MANIFEST.stall_ms) fail({ reason: "network", message: "start-up stalled" });
      else if (silent > HANG_MS) fail({ reason: "error", message: "Python did not start" });
    }, 1000);
    const fail = (failure) => {
      clearInterval(stall);
      reject({ ...failure, snapshot: boot === "snapshot" });
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
        resolve();
      } else if (data.type === "failed") fail(data);
      else if (data.type === "result") {
        pending.get(data.id)?.(data.result);
        pending.delete(data.id);
      }
    });
    worker.addEventListener("error", (event) => fail({ reason: "error", message: event.message || "worker error" }));
    // While the worker starts, the page looks for the snapshot and reads it (its bytes then move to the worker).
    (snapshot ? snapshotInOfflineCopy() : Promise.resolve(null)).then((cached) => {
      const init = { runtime: new URL("runtime/", ROOT).href, manifest: MANIFEST, origin: performance.timeOrigin };
      worker.postMessage({ type: "init", ...init, snapshot: Boolean(cached) });
      if (cached)
        snapshotBytes(cached).then((bytes) => worker.postMessage({ type: "snapshot", bytes }, bytes ? [bytes] : []));
    });
  });
}

// The build's memory snapshot, if the offline copy holds it (the service worker keeps it decompressed).
async function snapshotInOfflineCopy() {
  if (!MANIFEST.snapshot) return null;
  try {
    const response = await caches.match(new URL(`runtime/${MANIFEST.snapshot}`, ROOT).href);
    return response?.ok ? response : null;
  } catch {
    return null; // site data blocked: no offline copy
  }
}

async function snapshotBytes(response) {
  try {
    const raw = response.headers.get("x-cr-snapshot") === "decompressed";
    const body = raw ? response.body : response.body.pipeThrough(new DecompressionStream("gzip"));
    return await new Response(body).arrayBuffer();
  } catch {
    return null; // the worker then fails its snapshot start, and Python boots plainly
  }
}

async function startPython() {
  try {
    await startWorker(true);
  } catch (failure) {
    worker.terminate();
    if (!failure.snapshot) throw failure;
    // The fast path depends on a private Pyodide API: anything wrong with it, and Python boots plainly.
    console.warn("Python did not start from the memory snapshot; starting it plainly:", failure.message);
    navigator.serviceWorker?.controller?.postMessage({ type: "bad-snapshot" });
    await startWorker(false);
  }
}

/** Starts Python once per page; resolves when it answers, rejects with {reason: "network" | "error", message}. */
export function startRuntime() {
  if (!MANIFEST) return Promise.reject({ reason: "error", message: "no runtime manifest in this page" });
  if (!ready) {
    ready = startPython();
    ready.catch((failure) => console.error("calculator runtime failed to start:", failure.message ?? failure));
  }
  return ready;
}

/** cancelrate.calculate in the worker; a chosen file (Uint8Array) is transferred, not copied. */
export function calculate(calculator, inputs, lang) {
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
  const idle = window.requestIdleCallback ?? ((callback) => setTimeout(callback, 1000));
  idle(
    async () => {
      try {
        const registration = await navigator.serviceWorker.register(new URL("sw.js", ROOT), { scope: ROOT.href });
        let asked = 0;
        const ask = (active) => {
          asked += 1;
          active?.postMessage({ type: "offline", id: MANIFEST.id, snapshot: navigator.connection?.saveData !== true });
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

// Calculator pages load this module from their <head>: Python starts now.
if (MANIFEST) startRuntime();
