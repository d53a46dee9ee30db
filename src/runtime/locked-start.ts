// Starting Python under the browser lock: where a service worker can still bring the worker CSP
// but does not control the page yet, the first worker answers `policyMissing` before Pyodide
// runs any code; it is thrown away, and a new worker is made once the service worker controls the
// page (its script response then carries the CSP). Where the page got no headers at all, no first
// worker is made: it would surely lack the CSP, and making it took the page's CPU while the
// service worker was starting. Where no service worker can run, Python starts under the JavaScript
// guard alone and the start info says why.
import type { BrowserLockGate } from './browser-lock';
import { bootPython, type BootSettings } from './python-boot';
import type { StartInfo } from './python-options';
import type { SharedStart } from './shared-start';
import type { WorkerSession } from './worker-session';
import { workerLostError } from './python-errors';

/** A start in progress or done, and the worker it runs on (replaced once if it waits for the lock). */
export interface Start {
  /** None until the browser lock is on, where a worker made before would surely lack it. */
  session: WorkerSession | undefined;
  shared: SharedStart<StartInfo>;
  readonly abort: AbortController;
}

/**
 * Ends a start for good: its worker is terminated, and one still waiting for the browser lock (no
 * worker yet) makes none; its callers hear what they would from a terminated worker.
 */
export function stopStart(start: Start, reason: string): void {
  start.abort.abort(workerLostError(reason));
  start.session?.terminate(reason);
}

export interface LockedStartSteps {
  readonly gate: BrowserLockGate | undefined;
  readonly signal: AbortSignal;
  /** The settings for one boot (the stored files are read again for each worker). */
  settings(requirePolicy: boolean): BootSettings;
  /** The worker of this start: none yet where the gate said `noPolicyYet` when it began. */
  session(): WorkerSession | undefined;
  /** Terminate this start's worker on purpose (not a death to report). */
  discardSession(reason: string): void;
  /** Make this start's new worker (its script is fetched now, under the service worker). */
  newSession(): WorkerSession;
  progress(message: string): void;
}

export const WAITING_FOR_LOCK =
  'Waiting for the app’s service worker, which locks Python’s network (first visit)';

export async function startLocked(steps: LockedStartSteps): Promise<StartInfo> {
  const { gate } = steps;
  const made = steps.session();
  if (made) {
    const first = await bootPython(made, steps.settings(gate?.pending() ?? false));
    if (!('policyMissing' in first)) {
      const why = first.sandbox.browserPolicy ? undefined : gate?.unavailable();
      return why ? { ...first, sandbox: { ...first.sandbox, lockUnavailable: why } } : first;
    }
    // The first worker ran no Python: it answered before Pyodide had loaded.
    steps.discardSession('Python waits for the browser lock.');
  }
  steps.progress(WAITING_FOR_LOCK);
  const why = await gate!.wait(steps.signal);
  const session = steps.newSession();
  const info = await bootPython(session, steps.settings(false));
  if ('policyMissing' in info) throw new Error('The worker answered policyMissing unasked.');
  return why && !info.sandbox.browserPolicy
    ? { ...info, sandbox: { ...info.sandbox, lockUnavailable: why } }
    : info;
}
