// Stopping a run. Cross-origin isolated: SIGINT through the shared buffer, sent
// again every REARM_MS because the first one is sometimes swallowed, and after
// GRACE_MS (time.sleep, long C calls, an awaited promise) the worker is
// terminated. Not isolated: terminate at once (there is no other way).
import type { WorkerSession } from './worker-session';

export const REARM_MS = 500;
export const GRACE_MS = 3000;

export class RunStopper {
  #timers: ReturnType<typeof setTimeout>[] = [];
  #session: WorkerSession;
  #terminate: (reason: string) => void;
  stopping = false;

  constructor(session: WorkerSession, terminate: (reason: string) => void) {
    this.#session = session;
    this.#terminate = terminate;
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
    this.#timers.push(
      setInterval(() => this.#session.signalInterrupt(), REARM_MS),
      setTimeout(
        () =>
          this.#terminate(
            `Python did not stop within ${GRACE_MS / 1000} s of the ${what} (for example in ` +
              'time.sleep or a long computation inside a library), so it was restarted: all variables were lost.',
          ),
        GRACE_MS,
      ),
    );
  }

  dispose(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
  }
}
