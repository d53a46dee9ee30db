// Routes what the Python worker sends on its event channel: start-up progress to the listeners,
// streamed output to the run it belongs to, package loads (which pause the run's time limit), and
// the end-of-stream marker that tells a run its output is complete (output and call results
// travel on different channels).
import type { PythonWorkerEvent, RunOutput, StartupStep } from '../../workers/contracts/python';
import { Listeners } from './listeners';
import type { PackageLoad } from './package-events';
import type { RunTimer } from './run-timer';
import { parseOutputBatch } from './worker-events';

export interface StartupProgress {
  step: StartupStep;
  message: string;
}

/** One run's output stream as the owner sees it. */
export interface RunStream {
  readonly runId: number;
  /** Everything streamed so far (kept for a run whose worker is lost). */
  readonly streamed: RunOutput[];
  /** Settles when the worker says the run's output is complete. */
  readonly ended: Promise<void>;
  /** The run's time limit; package downloads pause it (see run-timer.ts). */
  timer?: RunTimer;
  close(): void;
}

export class PythonEventRouter {
  readonly progress = new Listeners<StartupProgress>();
  /** Package loads (per package: name, bytes so far), for a run or in the background. */
  readonly packages = new Listeners<PackageLoad>();
  #runs = new Map<number, { stream: RunStream; onOutput?: (o: RunOutput) => void; end(): void }>();
  #nextRunId = 0;

  openRun(onOutput?: (o: RunOutput) => void): RunStream {
    const runId = ++this.#nextRunId;
    let end!: () => void;
    const ended = new Promise<void>((r) => (end = r));
    const stream: RunStream = {
      runId,
      streamed: [],
      ended,
      close: () => this.#runs.delete(runId),
    };
    this.#runs.set(runId, { stream, onOutput, end });
    return stream;
  }

  handle(e: PythonWorkerEvent): void {
    if (e.kind === 'progress') return this.progress.emit({ step: e.step, message: e.message });
    const run = this.#runs.get(e.runId);
    if (e.kind === 'packages') {
      if (e.phase === 'loading') run?.stream.timer?.pause();
      else run?.stream.timer?.resume();
      return this.packages.emit({ runId: e.runId, phase: e.phase, items: e.items });
    }
    if (!run) return;
    if (e.kind === 'run-end') return run.end();
    for (const o of parseOutputBatch(e.json)) {
      run.stream.streamed.push(o);
      run.onOutput?.(o);
    }
  }
}
