// Shapes of the evaluation suite (eval/tasks/**, format codeact-eval-task/1) and of a run's
// results (format codeact-eval-run/1), shared by the runner, the page hook and the UI.
import type { ChatMessage, EngineKind } from '../engine';

export type EvalGroup = 'data' | 'compute' | 'tools';
export const EVAL_GROUPS: readonly EvalGroup[] = ['data', 'compute', 'tools'];

export interface EvalToolFunction {
  name: string;
  signature: string;
  returns: string;
  description: string;
}

export interface EvalTask {
  id: string;
  group: EvalGroup;
  title: string;
  prompt: string;
  /** Files copied into /workspace: `name` in eval/files, `path` inside /workspace. */
  files: { name: string; path: string }[];
  tools: { source: string; functions: EvalToolFunction[] } | null;
  /** Checked by eval/python/codeact_eval (kind-specific fields). */
  answer: { kind: string } & Record<string, unknown>;
  requires: { packages?: string[]; figure?: boolean };
  max_turns: number;
  tags?: string[];
  reference: string;
}

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
  /** How the agent loop ended: final answer, budget, stop, or an error message. */
  ending: string;
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
  engine: { kind: EngineKind; modelId: string; label: string };
  /** Whether the numbers come from a replay or a fake (not a model). */
  simulated: boolean;
  date: string;
  appVersion: string;
  selection: { group: EvalGroup | 'all'; sample: number | null; seed: number };
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
}

/** Whether an engine's numbers are simulated: a replay, a fake, or a model id naming a fake. */
export function isSimulatedEngine(e: { kind: EngineKind; modelId: string }): boolean {
  return e.kind === 'replay' || e.kind === 'fake' || /\bfake\b/i.test(e.modelId);
}

export const SUITE_NOTICE =
  'This is our own task suite (eval/tasks in this repository). Its numbers are not M3ToolEval, MINT or any published benchmark, and are not comparable with them.';
