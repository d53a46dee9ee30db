/// <reference lib="webworker" />
// The app's service worker: the app shell, the Pyodide core and the vendored wheels
// work offline, and every response it serves carries COOP/COEP so the page becomes
// cross-origin isolated (interruptible Python) even on static hosts that send no
// headers. WebLLM keeps its own caches (`webllm/*`); nothing here touches them.
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
import { withIsolationHeaders } from './isolation-headers';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

const PYODIDE_CDN = /^https:\/\/cdn\.jsdelivr\.net\/pyodide\/v314\.0\.7\/full\//;

const addHeaders: WorkboxPlugin = {
  handlerWillRespond: async ({ response }) => withIsolationHeaders(response),
};

addPlugins([addHeaders]);
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();

// Navigations (any URL in scope, with any query such as ?replay=…) get the precached shell.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

// Pyodide packages that are not vendored come from the CDN for exactly this version;
// keep them for offline use once fetched.
registerRoute(
  ({ url }) => PYODIDE_CDN.test(url.href),
  new CacheFirst({
    cacheName: 'pyodide-cdn-314.0.7',
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
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});
