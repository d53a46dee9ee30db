// Shapes of a run's results (format codeact-eval-run/1), shared by the runner, the page hook and
// the UI, with the task model's names.
import type { AgentSampling } from '../agent/agent-setup';
import type { ChatMessage, EngineKind } from '../engine';
import type { TaskGroup as EvalGroup } from './task-format';

// The task model is task-format.ts (checked by validate.ts); these are its names in the runner.
export type { EvalTask, TaskGroup as EvalGroup } from './task-format';
export { TASK_GROUPS as EVAL_GROUPS } from './task-format';

/** What the agent's events tell about one task (src/eval/metrics.ts). */
export interface TaskMetrics {
  /** Model replies in this task. */
  turns: number;
  /** Code actions that ran. */
  codeActions: number;
  /** Actions whose run errored and were followed later by a run without error. */
  errorsRecovered: number;
  figures: number;
  promptTokens: number;
  completionTokens: number;
  /** Completion tokens per second of generation time (null when nothing was generated). */
  decodeTokPerS: number | null;
  /** The token counts are the agent's estimate: the server sent no usage. */
  tokensEstimated: boolean;
  /** Times the model repeated an action or reply and was told to change the approach. */
  repeatWarnings: number;
  /** How the agent loop ended: final answer, stuck, budget, stop, or an error message. */
  ending: string;
  /** Answered without running any code. */
  noCode: boolean;
  finalAnswer: string;
}

export interface TaskRecord extends TaskMetrics {
  id: string;
  group: EvalGroup;
  title: string;
  strict: boolean;
  tolerant: boolean;
  /** The checker's explanation, or why the task could not be checked. */
  detail: string;
  wallMs: number;
  /** The agent's full conversation (system prompt first). */
  transcript: ChatMessage[];
}

export interface EvalRun {
  format: 'codeact-eval-run/1';
  notice: string;
  /** `contextWindow`: the tokens the agent fitted its conversation into (absent in older runs). */
  engine: { kind: EngineKind; modelId: string; label: string; contextWindow?: number };
  /** Whether the numbers come from a replay or a fake (not a model). */
  simulated: boolean;
  date: string;
  appVersion: string;
  selection: { group: EvalGroup | 'all'; sample: number | null; seed: number };
  /** The sampling the agent used (absent in runs kept before it was recorded). */
  sampling?: AgentSampling;
  stoppedEarly: boolean;
  tasks: TaskRecord[];
  totals: EvalTotals;
}

export interface EvalTotals {
  tasks: number;
  strict: number;
  tolerant: number;
  strictPct: number;
  tolerantPct: number;
  wallMs: number;
  /** How the tasks ended (runs saved before these counts existed lack them). */
  endings?: { final: number; stuck: number; budget: number; other: number };
  /** Tasks answered with no code at all. */
  noCode?: number;
}

/** Whether an engine's numbers are simulated (a replay or a fake engine): decided by what the
 *  engine is, never by what its model is called (a model id is whatever a server says). */
export function isSimulatedEngine(e: { kind: EngineKind }): boolean {
  return e.kind === 'replay' || e.kind === 'fake';
}

export const SUITE_NOTICE =
  'This is our own task suite (eval/tasks in this repository). Its numbers are not M3ToolEval, MINT or any published benchmark, and are not comparable with them.';
