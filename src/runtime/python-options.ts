// How a PythonClient is made: its options (tests inject a fake worker, an in-memory workspace and
// short stop timings), what a start reports, and the browser's two worker entries.
import type { SandboxInfo } from '../../workers/contracts/python';
import type { BrowserLockGate } from './browser-lock';
import type { WorkspaceFileStore } from './python-files';
import type { StopTimings } from './run-stopper';
import type { GreetedWorker, PythonWorkerHandle } from './worker-greeting';

export interface PythonClientOptions {
  indexURL?: string;
  allowNetwork?: boolean;
  defaultTimeoutMs?: number;
  /**
   * Makes a worker; tests pass a fake one. Default: workers/python/python.worker.ts, or
   * python-network.worker.ts (whose script CSP opens the network) when `networkOpen`.
   */
  createWorker?: (networkOpen: boolean) => PythonWorkerHandle;
  /** A worker started before the client existed (early-python.ts), taken for a start it fits. */
  adoptEarly?: (networkOpen: boolean, indexURL: string) => GreetedWorker | undefined;
  /** Where /workspace files are kept. Default: IndexedDB (workspace-store.ts). */
  files?: WorkspaceFileStore;
  /** Whether a run can be interrupted through a SharedArrayBuffer. Default: crossOriginIsolated. */
  isolated?: boolean;
  /** How a stop is carried out (SIGINT re-arm period, grace before terminate). */
  stopTimings?: StopTimings;
  /**
   * Where the worker CSP can still come from a service worker that does not control the page yet,
   * Python starts only once it does (src/pwa/browser-lock.ts). Default: none (start at once).
   */
  browserLock?: BrowserLockGate;
}

export interface StartInfo {
  version: string;
  pythonVersion: string;
  /** How Python's network lock is enforced (browser policy, or the JavaScript guard only). */
  sandbox: SandboxInfo;
}

// Two entries of the same runtime: the locked one, and the one whose script response carries the
// CSP that opens the network. Switching between them restarts Python.
export function browserWorker(networkOpen: boolean): PythonWorkerHandle {
  // Shadows the global on purpose: Vite bundles a worker where it reads `new Worker(new URL(…))`.
  const Worker = workerClass();
  return networkOpen
    ? new Worker(new URL('../../workers/python/python-network.worker.ts', import.meta.url), {
        type: 'module',
        name: 'python',
      })
    : new Worker(new URL('../../workers/python/python.worker.ts', import.meta.url), {
        type: 'module',
        name: 'python',
      });
}

/**
 * A sandboxed frame without allow-same-origin has an opaque origin ("null"), which may not start
 * a worker from the app's server (not the same origin), and Chromium refuses module workers from
 * its blob: URLs too. So there it starts a classic worker from a blob: URL it made, which imports
 * the real worker module (a CORS request the server allows, scripts/headers.mjs) and hands it the
 * messages that arrived while it loaded. Its CSP is then the document's, not the worker script's
 * own: the worker's policy check sees that and the status line says only the JavaScript guard
 * locks the network (docs/security.md).
 */
function workerClass(): typeof globalThis.Worker {
  const Base = globalThis.Worker;
  if (typeof self === 'undefined' || self.origin !== 'null') return Base;
  return class ImportingWorker extends Base {
    constructor(url: string | URL, opts?: WorkerOptions) {
      const href = new URL(url, document.baseURI).href;
      super(URL.createObjectURL(new Blob([importerSource(href)], { type: 'text/javascript' })), {
        ...opts,
        type: 'classic',
      });
    }
  };
}

/** The classic worker's script: hold early messages, import the module, replay them to it. */
function importerSource(href: string): string {
  return `const early = [];
const hold = (e) => early.push(e);
const dispatch = self.dispatchEvent.bind(self);
self.addEventListener('message', hold);
import(${JSON.stringify(href)}).then(() => {
  self.removeEventListener('message', hold);
  for (const e of early) dispatch(new MessageEvent('message', { data: e.data, ports: [...e.ports] }));
}, (e) => { throw e; });`;
}
