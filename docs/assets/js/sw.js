// Service worker: the site offline, and the calculators' runtime kept by content hash.
// hooks/offline.py writes it to the site root as sw.js, after a header
// `const BUILD = {version, files: {url: revision}, immutable: [url], runtime: manifest}`.
//
// - Pages and assets: from the network first (so a new deploy shows on the next
//   online visit), the offline copy when the network fails or hangs. A URL with
//   `?v=<revision>` that the offline copy holds at that revision, and a file
//   named after its content (Material's bundles), come from the copy.
// - runtime/ (content-hashed URLs, see hooks/runtime.py): from the cache when it
//   has them, else the network. A copy is kept only when this build's manifest
//   names the file and its bytes have the manifest's SHA-256 (checked once, here,
//   never again at start-up): a captive portal's page, a broken proxy's answer or
//   another build's file is passed on once but never kept. Only this site's own
//   runtime cache (named after its path: an origin such as github.io is shared
//   with other sites) is used, by this worker and by the page.
// - Nothing is downloaded in the background until a calculator page asks
//   ({type: "offline", id, snapshot}) after the seller used its calculator; the
//   page does not ask at all when the browser wants to save data, and an update
//   then renews no offline copy either. Runtime files are taken from the HTTP
//   cache when it holds them (the page has just downloaded them): never twice.
// It never adds headers to responses (no faked cross-origin isolation).

/* global BUILD */
const SCOPE = self.registration.scope; // the site root, ends with "/"
// Cache names carry the site's path: on a shared origin (user.github.io) other sites have caches too.
const SITE = new URL(SCOPE).pathname;
const PAGES_PREFIX = `cr-pages:${SITE}:`;
const PAGES = `${PAGES_PREFIX}${BUILD.version}`;
const RUNTIME = `cr-runtime:${SITE}`; // calc-runtime.mjs reads the snapshot from it by this name
const LEGACY = (name) => name === "cr-runtime" || name.startsWith("cr-pages-"); // before the names had the path
const DAY_MS = 24 * 3600 * 1000; // a snapshot that failed is not fetched again for this long
// Bookkeeping entries (cache keys must be http URLs; nothing is served there):
const REVISIONS = new URL("__cr-meta/revisions", SCOPE).href; // in each pages cache: {url: revision}
const BAD_SNAPSHOT = new URL("__cr-meta/bad-snapshot", SCOPE).href; // in the runtime cache
const HANG_MS = 6000; // a page request with no answer by then is served from the offline copy, if it has one

const pageUrl = (path) => new URL(path, SCOPE).href;
const runtimeUrl = (path) => new URL(`runtime/${path}`, SCOPE).href;
const RUNTIME_FILES = new Set(Object.keys(BUILD.runtime.files).map(runtimeUrl));
const HASHES = new Map(Object.entries(BUILD.runtime.files).map(([path, file]) => [runtimeUrl(path), file.sha256]));
const SNAPSHOT = BUILD.runtime.snapshot ? runtimeUrl(BUILD.runtime.snapshot) : null;
const IMMUTABLE = new Set(BUILD.immutable);
const CORE = [...RUNTIME_FILES].filter((url) => url !== SNAPSHOT);
const saveData = () => self.navigator.connection?.saveData === true;

// --- the offline copy of pages and assets ---------------------------------

async function revisionsOf(cache) {
  const entry = await cache.match(REVISIONS);
  return entry ? entry.json() : {};
}

// The body is stored decoded: drop the headers that described the encoded one.
function storedHeaders(response) {
  const headers = new Headers(response.headers);
  for (const name of ["content-encoding", "content-length", "transfer-encoding"]) headers.delete(name);
  return headers;
}

async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Fills this build's pages cache: entries whose revision is unchanged are copied
// from an older copy, the others fetched and checked against their revision
// (a file from another deploy fails the fill rather than mix two builds).
async function fillPages() {
  const cache = await caches.open(PAGES);
  const have = await revisionsOf(cache);
  const older = [];
  for (const name of await caches.keys()) {
    if (name.startsWith(PAGES_PREFIX) && name !== PAGES) {
      const old = await caches.open(name);
      older.push([old, await revisionsOf(old)]);
    }
  }
  const missing = Object.entries(BUILD.files).filter(([path, rev]) => have[path] !== rev);
  const done = { ...have };
  const queue = [...missing];
  const fetchOne = async ([path, rev]) => {
    const url = pageUrl(path);
    for (const [old, revs] of older) {
      const copy = revs[path] === rev && (await old.match(url));
      if (copy) {
        await cache.put(url, copy);
        done[path] = rev;
        return;
      }
    }
    const response = await fetch(url, { cache: "no-cache" });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    const body = await response.arrayBuffer();
    if ((await sha256Hex(body)).slice(0, rev.length) !== rev) throw new Error(`${path}: not this build's file`);
    await cache.put(url, new Response(body, { status: 200, headers: storedHeaders(response) }));
    done[path] = rev;
  };
  const lanes = Array.from({ length: 4 }, async () => {
    while (queue.length) await fetchOne(queue.shift());
  });
  try {
    await Promise.all(lanes);
  } finally {
    await cache.put(REVISIONS, new Response(JSON.stringify(done), { headers: { "content-type": "application/json" } }));
  }
}

async function hasOfflineCopy() {
  return (await caches.keys()).some((name) => name.startsWith(PAGES_PREFIX));
}

// --- the runtime ------------------------------------------------------------

class WrongBytes extends Error {}

// The bytes of a runtime file whose SHA-256 is the manifest's, with the response's headers: from the HTTP
// cache when it has them (the page has usually just downloaded them: no second download), else, or when
// the cached bytes are wrong, from the network; wrong bytes twice throw WrongBytes.
async function checkedBytes(url) {
  let last = null;
  for (const cache of ["force-cache", "reload"]) {
    const response = await fetch(url, { cache });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const body = await response.arrayBuffer();
    if ((await sha256Hex(body)) === HASHES.get(url)) return { body, headers: storedHeaders(response) };
    last = new WrongBytes(`${url}: not the bytes this build shipped`);
  }
  throw last;
}

// Keeps one runtime file whose bytes were checked. The snapshot is kept decompressed (its sparse form,
// 17 MB instead of 6.6: a warm start skips the gunzip), marked with the hash of what it came from, which
// the page compares with its manifest before it uses it.
async function keep(cache, url, { body, headers }) {
  if (url !== SNAPSHOT) return cache.put(url, new Response(body, { status: 200, headers }));
  const raw = new Blob([body]).stream().pipeThrough(new DecompressionStream("gzip"));
  const marks = {
    "content-type": "application/octet-stream",
    "x-cr-snapshot": "decompressed",
    "x-cr-sha256": HASHES.get(url),
  };
  return cache.put(url, new Response(await new Response(raw).blob(), { headers: marks }));
}

async function badSnapshot(cache) {
  const marker = await cache.match(BAD_SNAPSHOT).then((r) => r?.json().catch(() => null));
  return Boolean(marker && marker.url === SNAPSHOT && Date.now() - marker.at < DAY_MS);
}

// The runtime files, checked; a snapshot with the wrong bytes is left out (Python then boots plainly).
async function fillRuntime(withSnapshot) {
  const cache = await caches.open(RUNTIME);
  const wanted = withSnapshot && SNAPSHOT && !(await badSnapshot(cache)) ? [...CORE, SNAPSHOT] : CORE;
  for (const url of wanted) {
    const kept = await cache.match(url);
    if (kept && (url !== SNAPSHOT || kept.headers.get("x-cr-sha256") === HASHES.get(url))) continue;
    try {
      await keep(cache, url, await checkedBytes(url));
    } catch (error) {
      if (url !== SNAPSHOT) throw error;
      console.warn("memory snapshot not kept:", error.message ?? error);
    }
  }
}

// Only this build's runtime files stay (and the marker of a snapshot that failed).
async function pruneRuntime() {
  const cache = await caches.open(RUNTIME);
  for (const request of await cache.keys()) {
    if (!RUNTIME_FILES.has(request.url) && request.url !== BAD_SNAPSHOT) await cache.delete(request);
  }
}

// --- lifecycle ----------------------------------------------------------------

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      // A first install comes from a calculator page that has just run the runtime (in the HTTP
      // cache now): keep it at once (scripts kept during install get their compiled code cached
      // too). An update may start on any page: it fetches no runtime (pages without a calculator
      // download none); the next calculator page asks for this build's. A reader who already has
      // an offline copy gets this build's pages.
      if (!self.registration.active) await fillRuntime(false);
      if ((await hasOfflineCopy()) && !saveData()) await fillPages();
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if ((name.startsWith(PAGES_PREFIX) && name !== PAGES) || LEGACY(name)) await caches.delete(name);
      }
      await pruneRuntime();
      await self.registration.navigationPreload?.enable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const { type, id, snapshot } = event.data ?? {};
  const reply = (state) => event.source?.postMessage({ type: "offline", state });
  if (type === "offline") {
    if (id !== BUILD.runtime.id) {
      // the page is from another build than this worker: look for the new worker instead
      event.waitUntil(self.registration.update().finally(() => reply("stale")));
      return;
    }
    event.waitUntil(
      (async () => {
        await fillPages();
        await fillRuntime(snapshot === true && !saveData());
        reply("ready");
      })().catch((error) => {
        console.warn("offline copy incomplete:", error);
        reply("failed");
      }),
    );
  } else if (type === "bad-snapshot" && SNAPSHOT) {
    // the page could not start Python from it: drop it and do not fetch it again for a day
    event.waitUntil(
      caches.open(RUNTIME).then(async (cache) => {
        await cache.delete(SNAPSHOT);
        await cache.put(BAD_SNAPSHOT, Response.json({ url: SNAPSHOT, at: Date.now() }));
      }),
    );
  } else if (type === "snapshot-ok" && SNAPSHOT) {
    // a start from this snapshot worked: whatever failed before, it is good now
    event.waitUntil(caches.open(RUNTIME).then((cache) => cache.delete(BAD_SNAPSHOT)));
  }
});

// --- requests -----------------------------------------------------------------

async function fromRuntime(event) {
  const url = event.request.url;
  const cache = await caches.open(RUNTIME);
  const cached = await cache.match(url);
  if (cached) return cached;
  const response = await fetch(event.request);
  if (response.ok && RUNTIME_FILES.has(url) && url !== SNAPSHOT) {
    // kept only when its bytes are this build's (checked off the page's path: the page gets the response now)
    const copy = response.clone();
    const check = async () => {
      const body = await copy.arrayBuffer();
      if ((await sha256Hex(body)) !== HASHES.get(url)) throw new WrongBytes(`${url}: not kept, wrong bytes`);
      await keep(cache, url, { body, headers: storedHeaders(copy) });
    };
    event.waitUntil(check().catch((error) => console.warn(error.message ?? error)));
  }
  return response;
}

// Entries are kept under their URL without query: an exact match is quicker than ignoreSearch.
async function fromOfflineCopy(url) {
  const cache = await caches.open(PAGES);
  return (await cache.match(url.split(/[?#]/)[0])) ?? null;
}

async function networkFirst(event) {
  const request = event.request;
  const url = new URL(request.url);
  const path = url.href.slice(SCOPE.length).split(/[?#]/)[0];
  const wanted = url.searchParams.get("v");
  if ((wanted && BUILD.files[path] === wanted) || IMMUTABLE.has(path)) {
    const copy = await fromOfflineCopy(url.href);
    if (copy) return copy; // a versioned or content-named asset of this build: the copy is the same file
  }
  const network = (async () => (await event.preloadResponse) ?? fetch(request))();
  network.catch(() => {}); // answered below, or by the offline copy
  let timer;
  const hung = new Promise((resolve) => {
    timer = setTimeout(resolve, HANG_MS, "hung");
  });
  try {
    const first = await Promise.race([network, hung]);
    if (first !== "hung") return first;
    const copy = await fromOfflineCopy(url.href);
    return copy ?? (await network);
  } catch (error) {
    const copy = await fromOfflineCopy(url.href);
    if (copy) return copy;
    if (request.mode === "navigate") {
      const notFound = await fromOfflineCopy(pageUrl("404.html"));
      if (notFound) return notFound;
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  const path = request.url.slice(SCOPE.length);
  if (path.startsWith("runtime/") && !path.startsWith("runtime/manifest.json")) {
    event.respondWith(fromRuntime(event));
  } else {
    event.respondWith(networkFirst(event));
  }
});
