// The first screen's heavier work (the device pre-flight, which asks for a GPU adapter, and the
// Models panel that renders its verdicts) waits until Python's start has ended. On a 2-core
// machine it ran on the page's main thread while the Python worker loaded Pyodide and slowed that
// load down: Python ready took 1.15× a bare Pyodide page with it and 1.05× with it deferred (our
// A/B, bench/README.md). It never waits longer than `maxWaitMs`, so a slow or failing start
// (a first visit waiting for its service worker, an offline first visit) does not hold the
// first screen back. Once the start has ended it still waits for an idle moment: a cell that was
// waiting for Python (a replay link, a demo clicked during the start) is sent in the task where the
// start ends, and the pre-flight, the renderers' warm-up and the service worker's registration
// used to run in that same task, some 15 ms before the cell could leave and while its answer came
// back (our trace of a first visit, bench/README.md).

/** How long the first screen waits for Python at most. */
export const FIRST_SCREEN_WAIT_MS = 3000;

/**
 * Resolves once `pythonStart` settles (ready or failed), or after `maxWaitMs`, whichever is first.
 * (The timer is left to run out: clearing it would cost the first screen's code more than it saves.)
 */
export function afterPythonStart(
  pythonStart: Promise<unknown>,
  maxWaitMs = FIRST_SCREEN_WAIT_MS,
): Promise<void> {
  const settled = pythonStart.then(
    () => idle(),
    () => idle(),
  );
  return Promise.race([settled, new Promise<void>((r) => setTimeout(r, maxWaitMs))]);
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
