// The in-app Evaluate flow: runs our task suite over the app's engine (or recorded replays),
// shows progress with an ETA, stops through one AbortController, and keeps finished runs in the
// browser for side-by-side comparison. Components render this and call its methods.
import type { ModelDialect, LLMEngine } from '../../engine';
import type { AppEvalRequest, AppEvalSource } from '../../eval/app-run';
import type { EvalHooks } from '../../eval/browser-run';
import type { PickedText } from '../../eval/replay-files';
import { EvalResultsStore } from '../../eval/results-store';
import { isSimulatedEngine, type EvalGroup, type EvalRun, type TaskRecord } from '../../eval/types';
import { errorMessage } from '../../errors/error-text';
import { REPLAY_NOTE, SIMULATED_NOTE } from './labels';

export type EvalChoice = EvalGroup | 'all' | 'sample';
export type EvalStatus = 'idle' | 'running' | 'done' | 'stopped' | 'error';
export const QUICK_SAMPLE_SIZE = 10;

export type EvalRunner = (req: AppEvalRequest, hooks: EvalHooks) => Promise<EvalRun>;

export interface EvalDeps {
  /** The app's engine and its dialect, read when a run starts. */
  engine: () => { engine: LLMEngine; dialect?: ModelDialect } | null;
  /** Whether the chat is using the engine now. */
  busy?: () => boolean;
  runner?: EvalRunner;
  store?: EvalResultsStore;
  now?: () => number;
}

const defaultRunner: EvalRunner = async (req, hooks) =>
  (await import('../../eval/app-run')).runAppEval(req, hooks);

export class EvalState {
  status = $state<EvalStatus>('idle');
  choice = $state<EvalChoice>('sample');
  /** Tasks finished, of how many, and the one running now. */
  done = $state(0);
  total = $state(0);
  current = $state('');
  /** What the run waits for before its first task (its own Python starting), '' after. */
  starting = $state('');
  /** Milliseconds left, from the mean task time so far (null before the first task ends). */
  etaMs = $state<number | null>(null);
  error = $state('');
  /** Saving the run failed (e.g. storage full): the run is still shown and exportable. */
  saveError = $state('');
  /** The run shown in the results (the last one, or a stored one picked in the list). */
  run = $state.raw<EvalRun | null>(null);
  runs = $state.raw<EvalRun[]>([]);
  /** Recorded replies picked by the user: task id -> transcript. */
  replays = $state.raw<Map<string, unknown> | null>(null);
  replayError = $state('');

  #abort: AbortController | undefined;
  #started = 0;
  readonly #deps: EvalDeps;
  readonly #store: EvalResultsStore;
  readonly #now: () => number;

  constructor(deps: EvalDeps) {
    this.#deps = deps;
    this.#store = deps.store ?? new EvalResultsStore();
    this.#now = deps.now ?? (() => performance.now());
    this.runs = this.#store.list();
  }

  get running(): boolean {
    return this.status === 'running';
  }

  /** What a run would evaluate, or why it cannot start. */
  get source(): { label: string; note: string } | { reason: string } {
    if (this.replays)
      return {
        label: `Replay of ${this.replays.size} recorded transcript(s) (no model)`,
        note: REPLAY_NOTE,
      };
    const e = this.#deps.engine()?.engine;
    if (!e)
      return {
        reason:
          'No model yet: load a model or connect a model server above, or pick recorded replies to replay.',
      };
    if (e.kind === 'replay')
      return {
        reason:
          'The engine is a single replay transcript, which cannot answer the other tasks: pick recorded replies (one per task) to replay them.',
      };
    if (this.#deps.busy?.())
      return { reason: 'The model is answering in the chat: wait or stop it.' };
    return { label: e.label, note: isSimulatedEngine(e) ? SIMULATED_NOTE : '' };
  }

  #request(): AppEvalRequest | string {
    const src = this.source;
    if ('reason' in src) return src.reason;
    let source: AppEvalSource;
    if (this.replays) source = { kind: 'replays', transcripts: Object.fromEntries(this.replays) };
    else {
      // The app's dialect for its engine, exactly as the chat's agent gets it.
      const { engine, dialect } = this.#deps.engine()!;
      if (!dialect) return 'The model has no prompt dialect yet: reload it.';
      source = { kind: 'engine', engine, dialect };
    }
    const choice = this.choice;
    return choice === 'sample'
      ? { source, group: 'all', sample: QUICK_SAMPLE_SIZE }
      : { source, group: choice };
  }

  async start(): Promise<void> {
    if (this.running) return;
    const req = this.#request();
    if (typeof req === 'string') {
      this.error = req;
      return;
    }
    const abort = (this.#abort = new AbortController());
    this.status = 'running';
    this.error = this.saveError = this.current = this.starting = '';
    this.run = null;
    this.etaMs = null;
    this.done = this.total = 0;
    this.#started = this.#now();
    try {
      const run = await (this.#deps.runner ?? defaultRunner)(req, {
        signal: abort.signal,
        onPlan: (total) => (this.total = total),
        onStarting: (step) => (this.starting = step),
        onTaskStart: (task, index, total) => {
          this.starting = '';
          this.current = task.id;
          this.done = index;
          this.total = total;
        },
        onRecord: (record, done, total) => this.#progress(record, done, total),
      });
      this.run = run;
      this.status = run.stoppedEarly && abort.signal.aborted ? 'stopped' : 'done';
      this.#save(run);
    } catch (e) {
      this.status = abort.signal.aborted ? 'stopped' : 'error';
      if (!abort.signal.aborted) this.error = errorMessage(e);
    } finally {
      this.current = this.starting = '';
      this.#abort = undefined;
    }
  }

  #progress(_record: TaskRecord, done: number, total: number): void {
    const mean = (this.#now() - this.#started) / done;
    this.done = done;
    this.total = total;
    this.etaMs = Math.round(mean * (total - done));
  }

  /** The one way to stop: finished tasks are kept, the run is marked as stopped early. */
  stop(): void {
    this.#abort?.abort();
  }

  #save(run: EvalRun): void {
    try {
      this.#store.save(run);
    } catch (e) {
      this.saveError = `The run was not kept in this browser: ${errorMessage(e)} It can still be exported below.`;
    }
    this.runs = this.#store.list();
  }

  show(run: EvalRun): void {
    this.run = run;
  }

  remove(run: EvalRun): void {
    this.#store.remove(run.date);
    this.runs = this.#store.list();
    if (this.run?.date === run.date && !this.running) this.run = null;
  }

  /**
   * Reads picked files of recorded replies; a bad file changes nothing and says why. The reader
   * (with the run exporter it uses) loads here, not with the first screen.
   */
  async loadReplays(files: readonly PickedText[]): Promise<void> {
    try {
      const { readReplayFiles } = await import('../../eval/replay-files');
      this.replays = readReplayFiles(files);
      this.replayError = '';
    } catch (e) {
      this.replayError = errorMessage(e);
    }
  }

  clearReplays(): void {
    this.replays = null;
    this.replayError = '';
  }
}
