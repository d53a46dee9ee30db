// The browser lock on Python's network is the worker script's CSP. On a host that does not send it
// (a static host without headers, or one that sends COOP/COEP only) it comes from the app's service
// worker, which adds it to every worker script it serves, but only once it controls the page. The
// owner asks this gate before starting Python, so no Python runs under the JavaScript guard alone
// where a service worker can run (src/pwa/browser-lock.ts is the browser's gate).

export interface BrowserLockGate {
  /**
   * True while a service worker can still bring the lock to this page but does not control it yet
   * (a first visit): a worker started now might run without the worker CSP.
   */
  pending(): boolean;
  /**
   * True where a worker made now would surely lack the worker CSP: the page got no headers at all
   * and no service worker controls it yet. The start then makes no worker until the gate opens (the
   * page's first script makes none either, src/preboot.ts); elsewhere, while `pending`, the first
   * worker finds out itself and answers `policyMissing`.
   */
  noPolicyYet(): boolean;
  /**
   * Waits until a service worker controls the page. Resolves with undefined then, or with the reason
   * the lock cannot be had here (registration refused, install failed); rejects when `signal` aborts.
   */
  wait(signal: AbortSignal): Promise<string | undefined>;
  /** Why no service worker can run on this page (file://, private mode, no support), if none can. */
  unavailable(): string | undefined;
}
