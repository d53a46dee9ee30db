// Where the page's first script (src/preboot.ts) leaves the Python worker it started, for the
// app to adopt (early-python.ts): a global under a registered symbol. Types only, so the two
// scripts share no chunk (src/preboot.ts says why that matters).
import type { GreetedWorker } from './worker-greeting';

export interface EarlyPython {
  readonly greeted: GreetedWorker;
  /** The Pyodide folder it was started for (the page's `pyodide/`). */
  readonly indexURL: string;
  /**
   * A service worker could run but controlled no page yet when the worker was made: its script
   * came from the host, maybe without the worker CSP.
   */
  readonly uncontrolled: boolean;
}

/**
 * What the slot holds: the early worker, or 'awaiting-control' while the page's first script waits
 * for the service worker to control the page before making it. The app's first start takes the
 * slot either way and empties it, so no worker is made after that only to be left unadopted.
 */
export type EarlyPythonSlot = EarlyPython | 'awaiting-control';

/** The name of the registered symbol: `Symbol.for(name)` is the same symbol in both scripts. */
export type EarlyPythonKey = 'codeact.early-python';
