// Before any user code runs, the worker removes from the global scope Python sees (`js`, and the
// real global reachable through `js.Object.constructor("return globalThis")()`) every route into
// the app's storage and to the page: IndexedDB (conversations, settings, workspace files, model
// caches), Cache Storage (the app shell and Pyodide caches), OPFS and other storage managers,
// nested workers (which would get a fresh, unlocked global), and postMessage/close on the worker
// (the page talks to the runtime over a private port only). BroadcastChannel stays: the widget's
// host tools use one with a per-session random name (src/embed/app/host-tool-relay.ts, which
// checks every call), and nothing else in the app listens on any channel.
// Deleting the property on the global AND on every prototype that defines it closes the
// prototype routes too (WorkerGlobalScope.prototype, Object.getOwnPropertyDescriptor(...).get,
// self.constructor.prototype). The worker itself needs none of these: its owner passes the
// workspace files in and saves what a run changed.

export const REMOVED_GLOBALS = [
  'indexedDB',
  'caches',
  'cookieStore',
  'Worker',
  'SharedWorker',
  'postMessage',
  'close',
  'webkitRequestFileSystem',
  'webkitRequestFileSystemSync',
  'webkitResolveLocalFileSystemURL',
  'webkitResolveLocalFileSystemSyncURL',
] as const;

export const REMOVED_NAVIGATOR = ['storage', 'serviceWorker', 'storageBuckets'] as const;

export class LockdownError extends Error {
  constructor(name: string) {
    super(`Python was not started: could not remove "${name}" from the worker's global scope.`);
    this.name = 'LockdownError';
  }
}

/** Delete `name` from `o` and every prototype above it; throws if any copy stays reachable. */
function removeEverywhere(o: object, name: string): void {
  for (let p: object | null = o; p; p = Object.getPrototypeOf(p)) {
    if (Object.prototype.hasOwnProperty.call(p, name) && !Reflect.deleteProperty(p, name))
      throw new LockdownError(name);
  }
  if (name in o) throw new LockdownError(name);
}

export function lockDownGlobalScope(g: typeof globalThis): void {
  for (const name of REMOVED_GLOBALS) removeEverywhere(g, name);
  const nav = (g as { navigator?: object }).navigator;
  if (nav) for (const name of REMOVED_NAVIGATOR) removeEverywhere(nav, name);
}
