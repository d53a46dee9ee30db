// Which of the background-preload packages can load without a download: their whole closure is
// bundled with the app or already in the service worker's cache of Pyodide CDN wheels. Only
// those are preloaded, so preloading never starts a download by itself.
import { PYODIDE_CDN, PYODIDE_VERSION } from '../../scripts/headers.mjs';
import { cacheStorage } from '../storage/guarded';
import { fetchLock, locallyAvailable } from './lock';

/** Loaded in the background once Python is idle, when their wheels are already on this machine. */
export const PRELOAD_PACKAGES = ['numpy', 'pandas'];
/** The service worker's cache of wheels fetched from the Pyodide CDN (src/pwa/sw.ts). */
const CDN_CACHE = `pyodide-cdn-${PYODIDE_VERSION}`;

export async function preloadablePackages(indexURL: string, names: string[]): Promise<string[]> {
  const lock = await fetchLock(indexURL).catch(() => undefined);
  if (!lock) return []; // no package list: nothing is known to be local, so nothing preloads
  const caches = cacheStorage('the package cache');
  const cached = async (url: string) =>
    !!caches && (await caches.match(url, { cacheName: CDN_CACHE })) !== undefined;
  return locallyAvailable(lock, names, PYODIDE_CDN, cached);
}
