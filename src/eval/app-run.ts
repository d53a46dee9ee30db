// The in-app Evaluate flow's entry (src/ui/eval loads it on first use, so the suite and the
// runner stay out of the main chunk): the app's engine, or one replay per task id.
import type { PromptDialect } from '../agent/api';
import type { LLMEngine } from '../engine';
import { replayChoice, runTasks, type EvalEngineChoice, type EvalHooks } from './browser-run';
import { selectReplayTasks, selectTasks } from './suite';
import type { EvalGroup, EvalRun } from './types';

export type AppEvalSource =
  /** The loaded model or the connected model server, with its prompt dialect. */
  | { kind: 'engine'; engine: LLMEngine; dialect: PromptDialect; endTokens?: string[] }
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

export function runAppEval(req: AppEvalRequest, hooks: EvalHooks = {}): Promise<EvalRun> {
  const src = req.source;
  const sel = { group: req.group, sample: req.sample, seed: QUICK_SAMPLE_SEED };
  const tasks = src.kind === 'replays' ? selectReplayTasks(sel, src.transcripts) : selectTasks(sel);
  const choice: EvalEngineChoice =
    src.kind === 'replays'
      ? replayChoice(src.transcripts, tasks)
      : { engineFor: () => src.engine, dialect: src.dialect, endTokens: src.endTokens };
  const selection = { group: req.group, sample: req.sample ?? null, seed: QUICK_SAMPLE_SEED };
  return runTasks(tasks, choice, selection, hooks);
}
