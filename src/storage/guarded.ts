// The one door to the browser's storage for everything the app keeps. A browser may refuse it:
// in a sandboxed frame without allow-same-origin (an opaque origin) reading `localStorage` or
// `caches`, or opening IndexedDB, throws a SecurityError; private modes and blocked cookies refuse
// it too. The app must still start and work for the session, so each reader gets an in-memory
// stand-in instead, and the refusal is recorded once for the banner that says nothing is kept.
import { errorMessage } from '../errors/error-text';

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** localStorage's stand-in for this page's life: the same calls, kept in memory. */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly #items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
}

type RefusalListener = (notice: string) => void;
let refusal = '';
const listeners = new Set<RefusalListener>();
const memory = new MemoryKeyValueStore();

/** Why this browser keeps nothing here ('' while storage works). */
export function storageRefusal(): string {
  return refusal;
}

/** Calls `cb` with the notice now if storage was refused already, and when it first is. */
export function onStorageRefused(cb: RefusalListener): () => void {
  if (refusal) cb(refusal);
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** Records that `what` could not use the browser's storage (the first refusal is reported). */
export function noteStorageRefused(what: string, e: unknown): void {
  if (refusal) return;
  refusal =
    `This browser does not let the app keep anything here (${what}: ${errorMessage(e)}). ` +
    'Everything works for this visit, but conversations, files and settings are lost when the page closes.';
  for (const cb of listeners) cb(refusal);
}

/** The page's localStorage, or the in-memory stand-in where reading it throws or it is missing. */
export function localStore(): KeyValueStore {
  try {
    const s = globalThis.localStorage as Storage | undefined;
    if (s) return s;
    noteStorageRefused('local storage', new Error('not available'));
  } catch (e) {
    noteStorageRefused('local storage', e);
  }
  return memory;
}

/** The page's IndexedDB factory, or undefined (recorded) where the browser refuses it. */
export function indexedDbFactory(what: string): IDBFactory | undefined {
  try {
    const f = globalThis.indexedDB as IDBFactory | undefined;
    if (f) return f;
    noteStorageRefused(what, new Error('IndexedDB is not available'));
  } catch (e) {
    noteStorageRefused(what, e);
  }
  return undefined;
}

/**
 * Opens an IndexedDB database through `open`, turning a refusal (thrown at once, as in an opaque
 * origin, or as a rejection) into a recorded refusal and a rejection the caller can fall back on.
 */
export async function openGuarded<T>(what: string, open: () => Promise<T>): Promise<T> {
  if (!indexedDbFactory(what)) throw new Error(`${what}: IndexedDB is refused in this browser.`);
  try {
    return await open();
  } catch (e) {
    noteStorageRefused(what, e);
    throw e;
  }
}

/** The Cache API, or undefined where the browser refuses it (recorded, like the others). */
export function cacheStorage(what: string): CacheStorage | undefined {
  try {
    const c = globalThis.caches as CacheStorage | undefined;
    if (c) return c;
  } catch (e) {
    noteStorageRefused(what, e);
  }
  return undefined;
}

/** Test hook: forget a recorded refusal (each test starts from a browser that keeps things). */
export function resetStorageRefusal(): void {
  refusal = '';
}
