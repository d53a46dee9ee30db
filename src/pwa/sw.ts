/// <reference lib="webworker" />
// The app's service worker: the app shell, the Pyodide core and the vendored wheels
// work offline, and every response it serves carries the app's security headers
// (COOP/COEP, so the page becomes cross-origin isolated and Python interruptible, and
// the document and Python-worker CSPs) even on static hosts that send no headers.
// WebLLM keeps its own caches (`webllm/*`); nothing here touches them.
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  addPlugins,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import type { WorkboxPlugin } from 'workbox-core';
import { PYODIDE_CDN, PYODIDE_VERSION } from '../../scripts/headers.mjs';
import { withSecurityHeaders } from './security-headers';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

const addHeaders: WorkboxPlugin = {
  handlerWillRespond: async ({ request, response }) => withSecurityHeaders(response, request),
};

addPlugins([addHeaders]);
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();

// Navigations (any URL in scope, with any query such as ?replay=…) get the precached shell.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

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
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});
