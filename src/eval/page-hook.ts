// `globalThis.__codeactEval.run(spec)`: the headless runner (scripts/eval.mjs) drives an
// evaluation through this. The suite and runner load only when it is called.
import type { EvalSpec } from './browser-run';
import type { EvalRun, TaskRecord } from './types';

interface EvalHook {
  run(spec: EvalSpec): Promise<EvalRun>;
  /** Aborts the run in progress (the one AbortSignal it was given). */
  stop(): void;
  /** Records finished so far in the run in progress (for progress output). */
  progress: { done: number; total: number; last?: TaskRecord };
}

let controller: AbortController | undefined;
const hook: EvalHook = {
  progress: { done: 0, total: 0 },
  async run(spec) {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const { runEvalSpec } = await import('./browser-run');
    return runEvalSpec(spec, {
      signal: mine.signal,
      onRecord: (last, done, total) => (hook.progress = { done, total, last }),
    });
  },
  stop() {
    controller?.abort();
  },
};

(globalThis as unknown as { __codeactEval: EvalHook }).__codeactEval = hook;
