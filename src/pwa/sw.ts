/// <reference lib="webworker" />
// The app's service worker: the app shell, the Pyodide core and the vendored wheels
// work offline, and every response it serves carries the app's security headers
// (COOP/COEP, so the page becomes cross-origin isolated and Python interruptible, and
// the document and Python-worker CSPs) even on static hosts that send no headers.
// WebLLM keeps its own caches (`webllm/*`); nothing here touches them.
import { cleanupOutdatedCaches, PrecacheController, PrecacheRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import type { WorkboxPlugin } from 'workbox-core';
import { PYODIDE_CDN, PYODIDE_VERSION } from '../../scripts/headers.mjs';
import { withSecurityHeaders } from './security-headers';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
  /** Stored after install (scripts/precache-manifest.mjs): all but the app shell. */
  __CODEACT_LATER: Array<{ url: string; revision: string }>;
};

const addHeaders: WorkboxPlugin = {
  handlerWillRespond: async ({ request, response }) => withSecurityHeaders(response, request),
};

// The app shell, stored at install as precaching does: Chromium then also stores the compiled
// code of its scripts, so the next visit starts sooner. Except on a first install where the host
// sends no CSP: a first visit's Python waits for this worker to control the page there
// (src/pwa/browser-lock.ts), and storing the shell took a few hundred milliseconds of that wait on
// a 2-core machine. There it is stored with the rest, once the page says Python is ready
// (CACHE_LATER), and served from the network until then, with the headers added all the same.
const shell = new PrecacheController({ plugins: [addHeaders] });
shell.addToCacheList(self.__WB_MANIFEST);
registerRoute(new PrecacheRoute(shell, { ignoreURLParametersMatching: [/.*/] }));
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      if (self.registration.active || (await hostSendsCsp())) await shell.install(event);
      else pyodideFromHost = true;
    })(),
  );
});
/**
 * The host sends the CSPs itself. One that sent this script no COOP/COEP (this worker is not
 * cross-origin isolated) is taken to send no headers at all, as src/preboot.ts does for the page:
 * asking would put a request to the host (57 ms in one trace) on a first visit's critical path.
 * Otherwise the page's response tells.
 */
async function hostSendsCsp(): Promise<boolean> {
  if (!self.crossOriginIsolated) return false;
  try {
    const page = await fetch(self.registration.scope, { method: 'HEAD', cache: 'no-store' });
    return page.headers.has('content-security-policy');
  } catch {
    return true; // unknown: store the shell at install, as precaching does
  }
}
self.addEventListener('activate', (event) => event.waitUntil(shell.activate(event)));
cleanupOutdatedCaches();

/** Stores the shell entries not stored yet (a first install stored none), under their precache keys. */
async function cacheShell(): Promise<boolean> {
  const cache = await caches.open(shell.strategy.cacheName);
  let complete = true;
  for (const [url, key] of shell.getURLsToCacheKeys()) {
    if (await cache.match(key)) continue;
    const res = await fetch(url, { cache: 'reload' });
    if (res.ok && !res.redirected) await cache.put(key, res);
    else complete = false;
  }
  return complete;
}

// Pyodide's own start files on a first visit whose install stored nothing (above): the Python
// worker, made once this worker controls the page, fetches them at once, and they go straight to
// the host (no respondWith) until the page says Python is ready (CACHE_LATER, which stores them).
// Through here, on a 2-core machine, the standard library alone took some 300 ms instead of 80, on
// the first visit's critical path. Not one of them is a worker script: the worker CSP comes with
// the worker's script, served here. Kept in memory only: a restarted service worker serves them
// from its cache (or the network) again.
let pyodideFromHost = false;
const PYODIDE_START_FILES = new Set(
  ['pyodide.asm.wasm', 'pyodide.asm.mjs', 'python_stdlib.zip', 'pyodide-lock.json'].map(
    (f) => new URL(`pyodide/${f}`, self.registration.scope).href,
  ),
);
const toHost = (url: URL) => pyodideFromHost && PYODIDE_START_FILES.has(url.origin + url.pathname);

// Only the app shell is part of the install (and nothing of a first install's where the host
// sends no CSP), so a first visit's Python (which waits for this worker's lock on a host without
// the worker CSP) does not wait for 48 MB: the Pyodide core, the wheels, the demos and the
// local-model runtimes are stored as they are first fetched through here, and the rest once the
// page says Python is ready (CACHE_LATER), then served from this cache, offline too. The cache is
// named after the build's revisions, so a new build stores its own and drops the old one. A last
// entry marks it complete.
const later = self.__CODEACT_LATER;
const LATER_PREFIX = 'codeact-later-';
const laterCache = LATER_PREFIX + hashOf(later.map((e) => e.revision).join());
const laterUrls = later.map((e) => new URL(e.url, self.registration.scope).href);
registerRoute(
  ({ url }) => laterUrls.includes(url.origin + url.pathname) && !toHost(url),
  new CacheFirst({
    cacheName: laterCache,
    plugins: [new CacheableResponsePlugin({ statuses: [200] }), addHeaders],
  }),
);

/** Where the stored-after tier marks itself complete (the offline e2e waits for it). */
const LATER_COMPLETE = new URL('__codeact-later-complete', self.registration.scope).href;

async function cacheLater(): Promise<void> {
  // The shell first, and even where the rest is complete already (kept from an earlier
  // registration of this build): a first install stored none of it.
  let complete = await cacheShell();
  const cache = await caches.open(laterCache);
  if (await cache.match(LATER_COMPLETE)) return;
  for (const url of laterUrls) {
    if (await cache.match(url)) continue;
    const res = await fetch(url);
    if (res.ok) await cache.put(url, res);
    else complete = false;
  }
  if (complete) await cache.put(LATER_COMPLETE, new Response(String(laterUrls.length)));
}

function hashOf(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
}

// Navigations (any URL in scope, with any query such as ?replay=…) get the precached shell.
registerRoute(new NavigationRoute(shell.createHandlerBoundToURL('index.html')));

// Pyodide packages that are not vendored come from the CDN for exactly this version;
// keep them for offline use once fetched.
registerRoute(
  ({ url }) => url.href.startsWith(PYODIDE_CDN),
  new CacheFirst({
    cacheName: `pyodide-cdn-${PYODIDE_VERSION}`,
    plugins: [new CacheableResponsePlugin({ statuses: [0, 200] }), addHeaders],
  }),
);

// Everything else of our own origin except model weights (WebLLM caches those itself,
// so caching them here would store gigabytes twice): network first, cache as fallback.
registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin &&
    request.method === 'GET' &&
    !toHost(url) &&
    !url.pathname.includes('/models/') &&
    !url.pathname.endsWith('/sw.js'),
  new NetworkFirst({
    cacheName: 'app-runtime',
    plugins: [new CacheableResponsePlugin({ statuses: [200] }), addHeaders],
  }),
);

self.addEventListener('message', (event) => {
  const type = (event.data as { type?: string } | null)?.type;
  if (type === 'SKIP_WAITING') void self.skipWaiting();
  // The Python start gate (src/pwa/browser-lock.ts) asks for control of a page that is not yet
  // controlled: its worker scripts then come through here, with the worker CSP.
  else if (type === 'CLAIM') event.waitUntil(self.clients.claim());
  else if (type === 'CACHE_LATER') {
    pyodideFromHost = false;
    event.waitUntil(cacheLater().catch(() => {}));
  }
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    Promise.all([
      self.clients.claim(),
      caches
        .keys()
        .then((keys) =>
          Promise.all(
            keys
              .filter((k) => k.startsWith(LATER_PREFIX) && k !== laterCache)
              .map((k) => caches.delete(k)),
          ),
        ),
    ]),
  );
});
