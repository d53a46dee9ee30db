// The first screen's heavier work (the device pre-flight, which asks for a GPU adapter, and the
// Models panel that renders its verdicts) waits until Python's start has ended. On a 2-core
// machine it ran on the page's main thread while the Python worker loaded Pyodide and slowed that
// load down: Python ready took 1.15× a bare Pyodide page with it and 1.05× with it deferred (our
// A/B, bench/README.md). It never waits longer than `maxWaitMs`, so a slow or failing start
// (a first visit waiting for its service worker, an offline first visit) does not hold the
// first screen back.
//
// Once the start has ended it also lets a cell that was waiting for Python (a replay link, a demo
// clicked during the start) come back first: that cell is sent in the task where the start ends,
// and its answer needs the page's main thread to arrive. The work that waited for the start (the
// pre-flight, the Models panel, the renderers' warm-up, the service worker's registration, the
// package preload) used to start in that task or the next, and the answer queued behind it: our
// traces of cold starts had the first result reach the page up to 20 ms after the worker sent it.

import type { RuntimeStatus } from '../runtime/types';

/** How long the first screen waits for Python at most. */
export const FIRST_SCREEN_WAIT_MS = 3000;
/** How long the work after the start waits for a cell that was waiting for the start, at most. */
export const FIRST_RUN_WAIT_MS = 1000;

/** What the gate reads of the Python runtime (src/runtime/python-client.ts). */
export interface StartingPython {
  start(): Promise<unknown>;
  readonly status: RuntimeStatus;
  onStatus(cb: (s: RuntimeStatus) => void): unknown;
}

/**
 * Resolves once Python's start has settled (ready or failed), a cell sent as it ended has come back
 * (at most `firstRunWaitMs` later) and the page has had an idle moment. No overall cap: for work
 * that must not compete with the start however long it takes (the service worker's install).
 */
export async function pythonQuiet(
  python: StartingPython,
  firstRunWaitMs = FIRST_RUN_WAIT_MS,
): Promise<void> {
  await python.start().then(
    () => {},
    () => {},
  );
  // A cell waiting for the start is sent from this task's promise reactions: let them run.
  await new Promise((r) => setTimeout(r, 0));
  if (python.status === 'busy') await notBusy(python, firstRunWaitMs);
  await idle();
}

function notBusy(python: StartingPython, maxWaitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const off = python.onStatus((s) => {
      if (s !== 'busy') done();
    });
    const timer = setTimeout(done, maxWaitMs);
    function done() {
      clearTimeout(timer);
      if (typeof off === 'function') (off as () => void)();
      resolve();
    }
  });
}

/**
 * `quiet` (the page's one `pythonQuiet`), or `maxWaitMs` from now, whichever is first: the first
 * screen is never held longer. (The timer is left to run out: clearing it would cost the first
 * screen's code more than it saves.)
 */
export function afterPythonStart(
  quiet: Promise<void>,
  maxWaitMs = FIRST_SCREEN_WAIT_MS,
): Promise<void> {
  return Promise.race([quiet, new Promise<void>((r) => setTimeout(r, maxWaitMs))]);
}

/**
 * The next idle period (at most `timeoutMs` away): work that waits for Python's start comes after
 * a cell that was waiting for it too, which the page sends in the task where the start ends.
 */
export function idle(timeoutMs = 500): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(() => resolve(), { timeout: timeoutMs });
    else setTimeout(resolve, 0);
  });
}
