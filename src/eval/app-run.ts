// The in-app Evaluate flow's entry (src/ui/eval loads it on first use, so the suite and the
// runner stay out of the main chunk): the app's engine, or one replay per task id.
import type { LLMEngine, ModelDialect } from '../engine/index';
import {
  replayChoice,
  runTasks,
  type EvalEngineChoice,
  type EvalHooks,
  type EvalRunDeps,
} from './browser-run';
import { selectReplayTasks, selectTasks } from './suite';
import type { EvalGroup, EvalRun } from './types';

export type AppEvalSource =
  /** The loaded model or the connected model server, with the dialect the chat gives it. */
  | { kind: 'engine'; engine: LLMEngine; dialect: ModelDialect }
  /** Recorded replies, one codeact-replay/1 transcript per task id: a replay, not a model. */
  | { kind: 'replays'; transcripts: Record<string, unknown> };

export interface AppEvalRequest {
  source: AppEvalSource;
  group: EvalGroup | 'all';
  /** Pick this many tasks (seeded, so every model gets the same ones). */
  sample?: number;
}

/** The seed of the quick sample: the same tasks for every model and run, so they compare. */
export const QUICK_SAMPLE_SEED = 1;

export function runAppEval(
  req: AppEvalRequest,
  hooks: EvalHooks = {},
  deps: EvalRunDeps = {},
): Promise<EvalRun> {
  const src = req.source;
  const sel = { group: req.group, sample: req.sample, seed: QUICK_SAMPLE_SEED };
  const tasks = src.kind === 'replays' ? selectReplayTasks(sel, src.transcripts) : selectTasks(sel);
  const choice: EvalEngineChoice =
    src.kind === 'replays'
      ? replayChoice(src.transcripts, tasks)
      : { engineFor: () => src.engine, dialect: src.dialect };
  const selection = { group: req.group, sample: req.sample ?? null, seed: QUICK_SAMPLE_SEED };
  return runTasks(tasks, choice, selection, hooks, deps);
}
