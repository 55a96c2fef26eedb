// Yizhan's service worker, generated at build time by scripts/make-service-worker.mjs
// from this template: it precaches the app shell by its hashed file names, serves it
// offline, never caches the API (the device's data lives in IndexedDB), and never lets a
// stale index.html hide a new deploy (pages are fetched from the network first).
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
// The builds of the app in this deploy, by backend profile; a device precaches the one it
// runs, never the others' wasm.
const BUILDS = __BUILDS__;
const CACHE = `yizhan-shell-${VERSION}`;
// One bar of signal: after this long, an offline-capable page beats a blank wait.
const NAVIGATION_TIMEOUT_MS = 4000;
// Trunk's content-hashed names: a 64-bit hash in hex without its leading zeros, so
// usually 16 digits and sometimes fewer (one build in sixteen has 15). The same rule as
// the server's `is_hashed_asset`, which sends these as immutable.
const HASHED = /-[0-9a-f]{10,16}(_bg)?\.(js|wasm|css)$/;

const scoped = (path) => new URL(path, self.registration.scope).href;

/* __CHOOSE_BUILD__ */

// A staff device: the workbench's build was opened here (kept under this name in the
// shell's cache), so every new version precaches it too — a grid worker offline at a
// resident's door still has the workbench after a deploy.
const STAFF_MARK = "workbench-device";

async function isStaffDevice() {
  for (const key of await caches.keys()) {
    if (!key.startsWith("yizhan-shell-")) continue;
    if (await (await caches.open(key)).match(scoped(STAFF_MARK))) return true;
  }
  return false;
}

function filesOf(build) {
  return build ? [build.glue, build.wasm].map((path) => path.replace(/^\.\//, "")) : [];
}

// The shell this device needs: everything but the builds it does not run, chosen by the
// config.json the page itself reads (the same function as the loader's).
async function shellForThisDevice() {
  const configText = await fetch(scoped("config.json"), { cache: "no-cache" })
    .then((response) => (response.ok ? response.text() : null))
    .catch(() => null);
  const staff = await isStaffDevice();
  // Unread (the network dropped just now): every build, rather than the wrong one.
  if (configText === null) return { shell: PRECACHE, staff };
  const mine = chooseBuild(BUILDS, configText);
  const others = new Set(
    Object.values(BUILDS)
      .filter((build) => build !== mine && !(staff && build === BUILDS.workbench))
      .flatMap(filesOf),
  );
  return { shell: PRECACHE.filter((path) => !others.has(path)), staff };
}

self.addEventListener("install", (event) => {
  // A hashed file never changes under its name: the copy the page itself just loaded
  // (the browser's HTTP cache holds it, immutable) is the one to keep, so a first visit
  // downloads the wasm once, not again for the precache. The rest is fetched anew.
  event.waitUntil(
    (async () => {
      const { shell, staff } = await shellForThisDevice();
      const cache = await caches.open(CACHE);
      await cache.addAll(
        shell.map((path) => new Request(scoped(path), { cache: HASHED.test(path) ? "default" : "reload" })),
      );
      if (staff) await cache.put(scoped(STAFF_MARK), new Response("1"));
    })(),
  );
  // No skipWaiting here: the resident is asked, and the page reloads when they agree.
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("yizhan-shell-") && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  // The shell is the same whoever asks: a host's CORS layer answers with `Vary: Origin`,
  // and a module script's request, which may carry an Origin, would then miss the copy
  // precached without one (seen offline as a blank page).
  return cache.match(request, { ignoreSearch: true, ignoreVary: true });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  const scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const path = url.pathname.slice(scope.pathname.length);
  // The API is never cached here: the engine keeps what it needs in IndexedDB.
  if (path.startsWith("api/")) return;

  if (request.mode === "navigate") {
    // Every route is the one app page. Network first, so a deploy shows at once; the
    // cached page when offline or too slow. `?v=` cache-busters are ignored.
    event.respondWith(
      withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS).catch(async () => {
        return (await fromCache(scoped("index.html"))) ?? Response.error();
      }),
    );
    return;
  }
  if (HASHED.test(path)) {
    // Content-hashed: the name changes when the content does, so the cache is right. A
    // build of this deploy that was not precached (the staff's workbench, opened on a
    // resident's device) is kept once fetched, so it opens offline too.
    event.respondWith(
      fromCache(request).then(async (hit) => {
        if (hit) return hit;
        const response = await fetch(request);
        if (response.ok && PRECACHE.includes(path)) {
          const cache = await caches.open(CACHE);
          await cache.put(request, response.clone());
          if (filesOf(BUILDS.workbench).includes(path)) await cache.put(scoped(STAFF_MARK), new Response("1"));
        }
        return response;
      }),
    );
    return;
  }
  // config.json, the manifest, icons: fresh when possible, cached when offline.
  event.respondWith(
    fetch(request)
      .then(async (response) => {
        if (response.ok && PRECACHE.includes(path)) {
          const cache = await caches.open(CACHE);
          await cache.put(request, response.clone());
        }
        return response;
      })
      .catch(async () => (await fromCache(request)) ?? Response.error()),
  );
});

// Web Push (issue 18): the server sends what the person was told, encrypted for this
// device; the browser decrypts it and this shows it. The item's id is the tag, so a
// message delivered twice replaces itself instead of showing twice.
self.addEventListener("push", (event) => {
  let message = null;
  try {
    message = event.data ? event.data.json() : null;
  } catch {
    message = null;
  }
  // A message this version cannot read still shows something of ours (the browser would
  // otherwise show its own "updated in the background").
  if (!message || typeof message.body !== "string") {
    message = { title: "驿站", body: "您有新消息，请打开驿站查看。", id: "yizhan-news", url: "/inbox" };
  }
  event.waitUntil(
    self.registration.showNotification(message.title || "驿站", {
      body: message.body,
      tag: message.id,
      lang: message.lang,
      icon: scoped("icons/icon-192.png"),
      data: { url: message.url || "/" },
      requireInteraction: Boolean(message.urgent),
    }),
  );
});

// A tap opens what the message is about: in the app's window if one is open.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const path = String((event.notification.data && event.notification.data.url) || "/");
  const target = new URL(path.replace(/^\//, ""), self.registration.scope).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const client of windows) {
        if ("navigate" in client && new URL(client.url).origin === new URL(target).origin) {
          try {
            await client.focus();
            // Refused for a window this worker does not control (opened before it was).
            return await client.navigate(target);
          } catch {
            break;
          }
        }
      }
      return self.clients.openWindow(target);
    })(),
  );
});
