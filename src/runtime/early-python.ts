// The first Python worker, started by the page's first script (src/preboot.ts) before the app's
// own code has loaded, so Pyodide's download and compilation (which the worker begins by itself:
// workers/python/runtime.ts) overlap the app's. The PythonClient adopts it for its first start; a
// start that needs another worker (network open, another Pyodide URL) gets a new one and this one
// is terminated. So does a start after a service worker took control of the page where none had
// when this worker was made (src/preboot.ts registers it early on a first visit): the start gate
// no longer waits then, but this worker's script may have come without the worker CSP, and a new
// one, served by the service worker, has it.
import type { EarlyPythonKey, EarlyPythonSlot } from './early-python-slot';
import type { GreetedWorker } from './worker-greeting';

/** The early worker, once, if it fits this start; otherwise undefined (and it is terminated). */
export function takeEarlyPython(networkOpen: boolean, indexURL: string): GreetedWorker | undefined {
  const key: EarlyPythonKey = 'codeact.early-python';
  const slots = globalThis as Record<symbol, EarlyPythonSlot | undefined>;
  const early = slots[Symbol.for(key)];
  delete slots[Symbol.for(key)];
  // Still waiting for control (this start began before it): the page's first script makes none now.
  if (!early || early === 'awaiting-control') return undefined;
  if (networkOpen || early.indexURL !== indexURL || (early.uncontrolled && controlledNow())) {
    early.greeted.worker.terminate();
    return undefined;
  }
  return early.greeted;
}

function controlledNow(): boolean {
  return typeof navigator !== 'undefined' && !!navigator.serviceWorker?.controller;
}
