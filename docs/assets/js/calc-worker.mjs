// Module Web Worker: starts the site's own Pyodide, loads the cancelrate wheel
// and answers {type: "calculate"} messages with cancelrate.calculate_json.
//
// {type: "init", runtime, manifest, snapshot, fresh} starts Python (`fresh`: every
// download bypasses the HTTP cache, for a second try after a failed start). `manifest` is the
// one the page was built with (handbook_site/runtime.py): every runtime file
// has a hash of its content in its URL. With `snapshot: true` the page then
// sends the bytes of the build's memory snapshot, read from the offline copy
// ({type: "snapshot", bytes}), and Python is restored from them; otherwise it
// boots plainly. Either way, once Python is up the worker takes the network
// away from itself (lockNetwork), before it answers anything: the seller's file
// never leaves this worker.
//
// Messages to the page: {type: "progress", loaded, total, boot, waiting} (bytes
// on the wire so far, also a sign of life for the page's stall check; `boot` is
// "snapshot" or "plain"; `waiting`: something is still on its way), {type:
// "ready", boot, timings}, {type: "failed", reason: "network" | "error",
// message}, {type: "result", id, result}.

let calculateJson = null;
let toPy = null;
let booted = null;
let unpackWheel = null; // set while the wheel's files are still to be written

// --- downloads, with progress ------------------------------------------------

// `waiting` tells the page whether anything is still on its way over the network:
// its stall check only applies then (computing may be silent for a while).
function progressReporter(total, boot) {
  let loaded = 0;
  let waiting = 0;
  let last = 0;
  const report = (force) => {
    const now = performance.now();
    if (!force && now - last < 200) return;
    last = now;
    const done = Math.round(Math.min(loaded, total));
    self.postMessage({ type: "progress", loaded: done, total, boot, waiting: waiting > 0 });
  };
  return {
    add(bytes) {
      loaded += bytes;
      report(false);
    },
    step() {
      report(true);
    },
    // a download (or module import) that has started; the function returned ends it
    begin() {
      waiting += 1;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        waiting -= 1;
        report(true);
      };
    },
  };
}

// Reads a clone of the response to count its bytes (scaled to the size on the
// wire); the response itself goes on untouched (its URL lets the browser
// reuse compiled WebAssembly). `end` is called once the last byte is in.
function counted(response, size, progress, end) {
  const scale = size?.bytes ? size.wire / size.bytes : 1;
  const reader = response.clone().body?.getReader();
  if (!reader) {
    end();
    return response;
  }
  (async () => {
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      progress.add(part.value.byteLength * scale);
    }
  })()
    .catch(() => {})
    .finally(end);
  return response;
}

// --- failures Pyodide reports without rejecting -------------------------------

let failBoot = null;
self.addEventListener("unhandledrejection", (event) => failBoot?.(event.reason));
for (const [level, marker] of [
  ["warn", "wasm instantiation failed"],
  ["error", "Error occurred while installing the standard library"],
]) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    original(...args);
    if (String(args[0]).includes(marker)) failBoot?.(new Error(marker));
  };
}

class NetworkError extends Error {}

// --- start-up ------------------------------------------------------------------

// The snapshot's bytes, which the page sends after the init message ({type: "snapshot", bytes}).
let snapshotArrived = null;
const snapshotMessage = new Promise((resolve) => {
  snapshotArrived = resolve;
});
// Pyodide's WebAssembly, compiled by the page ({type: "wasm", module}), when the init message says so.
let wasmArrived = null;
const wasmMessage = new Promise((resolve) => {
  wasmArrived = resolve;
});

// The memory a sparse snapshot holds (handbook_site/snapshot.py): "CRSNAP1\0", the memory's
// length and the number of runs, (offset, length) of each run of non-zero pages, their bytes.
function expandSnapshot(buffer) {
  const view = new DataView(buffer);
  const magic = new TextDecoder().decode(new Uint8Array(buffer, 0, Math.min(8, buffer.byteLength)));
  if (magic !== "CRSNAP1\0") throw new Error("not a snapshot of this site");
  const memory = new Uint8Array(view.getUint32(8, true));
  const runs = view.getUint32(12, true);
  let position = 16 + 8 * runs;
  for (let i = 0; i < runs; i++) {
    const offset = view.getUint32(16 + 8 * i, true);
    const length = view.getUint32(20 + 8 * i, true);
    memory.set(new Uint8Array(buffer, position, length), offset);
    position += length;
  }
  return memory;
}

// When each step ended, in the page's clock (ms since it started loading): for bench/warm_visit.py.
const timings = {};
let pageOrigin = performance.timeOrigin;
const mark = (step) => {
  timings[step] = Math.round(performance.timeOrigin + performance.now() - pageOrigin);
};

async function boot({ runtime, manifest, snapshot, fresh, wasm }) {
  mark("worker");
  const index = new URL(manifest.index, runtime).href;
  const file = (path) => new URL(path, runtime).href;
  const sizeOf = (url) => manifest.files[url.slice(runtime.length)];
  const fromSnapshot = Boolean(snapshot && manifest.snapshot);
  const wire = Object.entries(manifest.files)
    .filter(([path]) => path.startsWith(manifest.index) || path === manifest.wheel)
    .reduce((sum, [, size]) => sum + size.wire, 0);
  const progress = progressReporter(wire, fromSnapshot ? "snapshot" : "plain");
  progress.step();

  // Everything starts at once; Pyodide's own requests get the responses already on their way.
  const realFetch = self.fetch.bind(self);
  const early = new Map();
  const get = (url) => {
    const end = progress.begin();
    const request = realFetch(url, fresh ? { cache: "reload" } : undefined).then((response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`); // the site is broken, not the line
      if (fromSnapshot) {
        end(); // everything comes from the offline copy: nothing to count
        return response;
      }
      return counted(response, sizeOf(url), progress, end);
    });
    request.catch((error) => {
      end();
      failBoot?.(error instanceof TypeError ? new NetworkError(`${url}: ${error}`) : error);
    });
    return request;
  };
  // With `wasm`, the page compiles Pyodide's WebAssembly and sends the module ({type: "wasm", module}: null if
  // it could not); Pyodide's own request for the file then gets an empty answer it never reads.
  const wasmUrl = index + "pyodide.asm.wasm";
  const fromPage = wasm ? wasmMessage : Promise.resolve(null);
  for (const url of [wasmUrl, index + "python_stdlib.zip"]) {
    if (url !== wasmUrl || !wasm) early.set(url, get(url));
  }
  self.fetch = (input, init) => {
    // started from a blob: bootstrap (calc-runtime.mjs), self.location is no base: resolve against the runtime
    const url = new URL(input instanceof Request ? input.url : String(input), runtime).href;
    if (url === wasmUrl && wasm) return Promise.resolve(new Response(null));
    const response = early.get(url);
    early.delete(url);
    return response ?? realFetch(input, init);
  };
  // Pyodide compiles its WebAssembly only once the snapshot is in (loadPyodide awaits it first): compile it
  // now, while the page reads the snapshot and the modules load, and let Pyodide's instantiation use it.
  const compiled = fromPage.then(
    (module) => module ?? (early.get(wasmUrl) ?? get(wasmUrl)).then((response) => WebAssembly.compileStreaming(response)),
  );
  compiled.then(() => mark("wasm compiled"), () => {}); // a failure is Pyodide's to report (below)
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (_source, imports) => {
    WebAssembly.instantiateStreaming = instantiateStreaming; // once: Pyodide's own module
    const module = await compiled;
    const instance = await WebAssembly.instantiate(module, imports);
    mark("wasm instantiated");
    return { module, instance };
  };
  const imported = (name) => {
    const end = progress.begin();
    return import(index + name).then(
      (module) => {
        progress.add(sizeOf(index + name)?.wire ?? 0);
        end();
        return module;
      },
      (error) => {
        end();
        throw new NetworkError(`${name}: ${error}`);
      },
    );
  };
  const wheel = get(file(manifest.wheel)).then((response) => response.arrayBuffer());
  const snapshotBytes = fromSnapshot
    ? snapshotMessage.then((bytes) => {
        if (!bytes) throw new Error("the page could not read the snapshot");
        mark("snapshot read");
        const memory = expandSnapshot(bytes);
        mark("snapshot expanded");
        return memory;
      })
    : undefined;

  try {
    const [{ loadPyodide }, asm] = await Promise.all([imported("pyodide.mjs"), imported("pyodide.asm.mjs")]);
    mark("imports");
    progress.step();
    const pyodide = await loadPyodide({
      indexURL: index,
      createPyodideModule: asm.default,
      lockFileContents: manifest.lock, // no packages: nothing is ever loaded from elsewhere
      packageBaseUrl: index,
      ...(snapshotBytes ? { _loadSnapshot: snapshotBytes } : {}),
    });
    mark("python");
    progress.step();
    const wheelBytes = await wheel;
    // A snapshot holds memory, not files: the wheel's files go (back) into site-packages. After a
    // plain boot before anything else; after a snapshot (which has cancelrate imported and its data
    // read) right after the first answer, or before it if that answer met an internal error.
    unpackWheel = () => {
      unpackWheel = null;
      const sitePackages = pyodide.runPython("import sys; next(p for p in sys.path if p.endswith('site-packages'))");
      pyodide.unpackArchive(wheelBytes, "wheel", { extractDir: sitePackages });
      // What the import system listed in site-packages before is out of date (invalidate_caches()
      // would do it too, but it imports importlib.metadata: half a second).
      pyodide.runPython(`import sys; sys.path_importer_cache.pop(${JSON.stringify(sitePackages)}, None)`);
    };
    if (!fromSnapshot) unpackWheel();
    calculateJson = pyodide.pyimport("cancelrate").calculate_json;
    toPy = (value) => pyodide.toPy(value); // a Uint8Array (a chosen file) becomes a memoryview
    mark("cancelrate");
  } finally {
    self.fetch = realFetch;
    WebAssembly.instantiateStreaming = instantiateStreaming;
  }
  lockNetwork();
  return fromSnapshot ? "snapshot" : "plain";
}

// --- no network once Python is up -------------------------------------------------

// The first layer is the page's Content-Security-Policy: the page starts this
// worker from a blob: bootstrap (calc-runtime.mjs), so the worker inherits the
// policy (scripts, fetches and workers from the site only; no eval, no string
// timers), which alone stops a dynamic import() from elsewhere.
// The second layer, here: every way a worker can reach the network (or make code
// that could: eval, Function and its async and generator cousins, string timers,
// which could import() from anywhere) is replaced by a function that throws, on
// the global object and its prototypes, for good (non-writable,
// non-configurable). setTimeout and setInterval stay, for functions only.
// Python's `js` module is this global object, so nothing in Python can send the
// seller's file anywhere.
const NETWORK = [
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "EventSource",
  "WebTransport",
  "importScripts",
  "Worker",
  "SharedWorker",
  "FontFace",
  "fonts",
  "caches",
  "eval",
  "Function",
];

function refused(name, original) {
  const stub = function () {
    throw new TypeError(`${name} is switched off in the calculator worker: the seller's data stays in this browser`);
  };
  Object.defineProperty(stub, "name", { value: name });
  // `instanceof` checks keep working; a prototype alone cannot make requests (no way to construct)
  if (typeof original === "function" && original.prototype) stub.prototype = original.prototype;
  return Object.freeze(stub);
}

// setTimeout / setInterval that run functions and refuse code given as text.
function functionsOnly(name, original) {
  const timer = function (handler, ...rest) {
    if (typeof handler !== "function") {
      throw new TypeError(`${name} takes a function in the calculator worker, never code as text`);
    }
    return original.call(self, handler, ...rest);
  };
  Object.defineProperty(timer, "name", { value: name });
  return Object.freeze(timer);
}

function lockProperty(owner, name, value) {
  const descriptor = Object.getOwnPropertyDescriptor(owner, name);
  if (descriptor && !descriptor.configurable) {
    if (descriptor.value === value) return;
    throw new Error(`cannot lock ${name}`);
  }
  Object.defineProperty(owner, name, { value, writable: false, configurable: false, enumerable: false });
}

function lockEverywhere(name, value) {
  for (let owner = self; owner; owner = Object.getPrototypeOf(owner)) {
    if (owner === self || Object.prototype.hasOwnProperty.call(owner, name)) lockProperty(owner, name, value);
  }
}

function lockNetwork() {
  for (const name of NETWORK) lockEverywhere(name, refused(name, self[name]));
  for (const name of ["setTimeout", "setInterval"]) lockEverywhere(name, functionsOnly(name, self[name]));
  // A service worker could fetch on the worker's behalf: no way to reach one either.
  for (let owner = self.navigator; owner; owner = Object.getPrototypeOf(owner)) {
    if (owner === self.navigator || Object.prototype.hasOwnProperty.call(owner, "serviceWorker")) {
      lockProperty(owner, "serviceWorker", undefined);
    }
  }
  // Functions made from text (which could import() from anywhere): their constructors go too.
  for (const sample of [function () {}, async function () {}, function* () {}, async function* () {}]) {
    const prototype = Object.getPrototypeOf(sample);
    lockProperty(prototype, "constructor", refused(prototype.constructor.name, prototype.constructor));
  }
}

// --- messages ----------------------------------------------------------------------

function compute({ calculator, inputs, lang }) {
  try {
    const args = toPy(inputs);
    try {
      return JSON.parse(calculateJson(calculator, args, lang));
    } finally {
      args.destroy();
    }
  } catch (error) {
    console.error(error);
    return { ok: false, errors: [{ field: null, code: "internal_error", message: "" }] };
  }
}

self.addEventListener("message", async ({ data }) => {
  if (data.type === "init") {
    pageOrigin = data.origin ?? pageOrigin;
    booted ??= Promise.race([
      boot(data),
      new Promise((_, reject) => {
        failBoot = reject;
      }),
    ]);
    booted.finally(() => {
      failBoot = null;
    });
    booted.then(
      (how) => self.postMessage({ type: "ready", boot: how, timings }),
      (error) =>
        self.postMessage({
          type: "failed",
          reason: error instanceof NetworkError ? "network" : "error",
          message: String(error?.message ?? error),
        }),
    );
    return;
  }
  if (data.type === "snapshot") {
    snapshotArrived(data.bytes);
    return;
  }
  if (data.type === "wasm") {
    wasmArrived(data.module instanceof WebAssembly.Module ? data.module : null);
    return;
  }
  if (data.type === "calculate") {
    try {
      await booted;
    } catch {
      return; // the page shows why Python did not start
    }
    let result = compute(data);
    if (unpackWheel && result.errors?.some((error) => error.code === "internal_error")) {
      unpackWheel(); // perhaps it needed a file of the package: once more with the files in place
      result = compute(data);
    }
    self.postMessage({ type: "result", id: data.id, result });
    if (unpackWheel) setTimeout(() => unpackWheel?.(), 0);
  }
});
