// Stopping a run. Cross-origin isolated: SIGINT through the shared buffer, sent
// again every `rearmMs` because the first one is sometimes swallowed, and after
// `graceMs` (time.sleep, long C calls, an awaited promise) the worker is
// terminated. Not isolated: terminate at once (there is no other way).
import type { WorkerSession } from './worker-session';

export interface StopTimings {
  /** How often SIGINT is sent again while the run has not stopped. */
  rearmMs: number;
  /** How long Python gets to stop before its worker is terminated. */
  graceMs: number;
}

export const STOP_TIMINGS: StopTimings = { rearmMs: 500, graceMs: 3000 };

export class RunStopper {
  #timers: ReturnType<typeof setTimeout>[] = [];
  #session: WorkerSession;
  #terminate: (reason: string) => void;
  #timings: StopTimings;
  stopping = false;

  constructor(
    session: WorkerSession,
    terminate: (reason: string) => void,
    timings: StopTimings = STOP_TIMINGS,
  ) {
    this.#session = session;
    this.#terminate = terminate;
    this.#timings = timings;
  }

  stop(what: string): void {
    if (this.stopping) return;
    this.stopping = true;
    if (!this.#session.signalInterrupt()) {
      this.#terminate(
        `Python was restarted to stop the ${what} (this page is not cross-origin isolated, so a ` +
          'running cell cannot be interrupted): all variables were lost.',
      );
      return;
    }
    const { rearmMs, graceMs } = this.#timings;
    this.#timers.push(
      setInterval(() => this.#session.signalInterrupt(), rearmMs),
      setTimeout(
        () =>
          this.#terminate(
            `Python did not stop within ${graceMs / 1000} s of the ${what} (for example in ` +
              'time.sleep or a long computation inside a library), so it was restarted: all variables were lost.',
          ),
        graceMs,
      ),
    );
  }

  dispose(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
  }
}
