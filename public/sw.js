// Tværs service worker: keeps the app shell available offline.
//
// Pages and /api answers hold personal data and are sent with Cache-Control: no-store, so they
// are never cached here and always go to the network. Only the hashed build files (/pkg/*: a
// new build has new names, so a cached copy is never stale), the icons, the manifest and a
// small offline page are kept.
//
// Bump VERSION whenever a precached file (offline page, icons, manifest) changes: the new
// worker then fills a new cache and deletes the old ones when it activates.
const VERSION = "v2";
const CACHE = `tvaers-shell-${VERSION}`;
const OFFLINE_PAGE = "/offline.html";
const PRECACHE = [
  OFFLINE_PAGE,
  "/manifest.webmanifest",
  "/icons/icon.svg",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/icon-maskable-512.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // cache: "reload" skips the HTTP cache, so a new version never precaches an old file.
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((key) => key.startsWith("tvaers-") && key !== CACHE).map((key) => caches.delete(key))),
      )
      .then(() => self.clients.claim()),
  );
});

/** Only complete, same-origin answers that the server allows to be stored. */
function cacheable(response) {
  if (!response || response.status !== 200 || response.type !== "basic") return false;
  const control = (response.headers.get("cache-control") || "").toLowerCase();
  return !control.includes("no-store") && !control.includes("private");
}

/** "/pkg/tvaers.K_ngBhGwWgxsLJG-Y6ReYg.wasm" -> "/pkg/tvaers.wasm": one build file, any build. */
function family(pathname) {
  return pathname.replace(/\.[A-Za-z0-9_-]{16,}(?=\.[A-Za-z0-9]+$)/, "");
}

/** Stores a build file and drops the same file of earlier builds, so the cache does not grow. */
async function store(request, response) {
  const cache = await caches.open(CACHE);
  const url = new URL(request.url);
  if (url.pathname.startsWith("/pkg/")) {
    const name = family(url.pathname);
    for (const old of await cache.keys()) {
      const oldPath = new URL(old.url).pathname;
      if (oldPath !== url.pathname && oldPath.startsWith("/pkg/") && family(oldPath) === name) {
        await cache.delete(old);
      }
    }
  }
  await cache.put(request, response);
}

/** Cache first, then the network; a good network answer is kept for next time. */
async function cacheFirst(event) {
  const request = event.request;
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (cacheable(response)) {
    event.waitUntil(store(request, response.clone()));
  }
  return response;
}

/** Network only; when the network is gone, the offline page instead of the browser's error. */
async function pageOrOffline(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const offline = await caches.match(OFFLINE_PAGE);
    return offline || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  // Never touch POSTs (logins, server functions) or anything else that changes data.
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (url.pathname.startsWith("/pkg/") || url.pathname.startsWith("/icons/")) {
    // A partial (Range) answer cannot be cached; let the browser handle those.
    if (request.headers.has("range")) return;
    event.respondWith(cacheFirst(event));
    return;
  }

  if (request.mode === "navigate") {
    event.respondWith(pageOrOffline(request));
  }
  // Everything else, /api/* above all, is not handled here: straight to the network.
});
