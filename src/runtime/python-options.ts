// How a PythonClient is made: its options (tests inject a fake worker, an in-memory workspace and
// short stop timings), what a start reports, and the browser's two worker entries.
import type { SandboxInfo } from '../../workers/contracts/python';
import type { BrowserLockGate } from './browser-lock';
import type { WorkspaceFileStore } from './python-files';
import type { StopTimings } from './run-stopper';
import type { PythonWorkerHandle } from './worker-session';

export interface PythonClientOptions {
  indexURL?: string;
  allowNetwork?: boolean;
  defaultTimeoutMs?: number;
  /**
   * Makes a worker; tests pass a fake one. Default: workers/python/python.worker.ts, or
   * python-network.worker.ts (whose script CSP opens the network) when `networkOpen`.
   */
  createWorker?: (networkOpen: boolean) => PythonWorkerHandle;
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
