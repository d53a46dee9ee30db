// Which of the background-preload packages can load without a download: their whole closure is
// bundled with the app or already in the service worker's cache of Pyodide CDN wheels. Only
// those are preloaded, so preloading never starts a download by itself.
import { PYODIDE_CDN, PYODIDE_VERSION } from '../../scripts/headers.mjs';
import { cacheStorage } from '../storage/guarded';
import { fetchLock, importablePackages, locallyAvailable } from './lock';

/** Loaded in the background once Python is idle, when their wheels are already on this machine. */
export const PRELOAD_PACKAGES = ['numpy', 'pandas'];
/** The service worker's cache of wheels fetched from the Pyodide CDN (src/pwa/sw.ts). */
const CDN_CACHE = `pyodide-cdn-${PYODIDE_VERSION}`;

/** Whether the service worker holds this wheel (false where the browser refuses the Cache API). */
async function isCached(url: string): Promise<boolean> {
  const caches = cacheStorage('the package cache');
  return !!caches && (await caches.match(url, { cacheName: CDN_CACHE })) !== undefined;
}

export async function preloadablePackages(indexURL: string, names: string[]): Promise<string[]> {
  const lock = await fetchLock(indexURL).catch(() => undefined);
  if (!lock) return []; // no package list: nothing is known to be local, so nothing preloads
  return locallyAvailable(lock, names, PYODIDE_CDN, isCached);
}

/**
 * What can be imported now (for the model's prompt), read from the lock without starting
 * Python: everything when online, else what is bundled or in the service worker's cache.
 */
export async function importableNow(indexURL: string): Promise<string[]> {
  const online = typeof navigator === 'undefined' || navigator.onLine;
  return importablePackages(await fetchLock(indexURL), online, { cdn: PYODIDE_CDN, isCached });
}
