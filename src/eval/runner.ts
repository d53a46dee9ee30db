// The evaluation runner: each task in a fresh Python interpreter (the Python owner's
// freshInterpreter: no working directory, patched module or variable of an earlier task leaks into
// it), a fresh namespace and a fresh /workspace holding
// only its files, with its tools defined, through the real agent loop (CodeActAgent), then the
// suite's checker in that namespace. Works over any LLMEngine; Stop is the AbortSignal only.
import { CodeActAgent } from '../agent/agent';
import type { PromptDialect } from '../agent/api';
import type { LLMEngine } from '../engine/engines/types';
import { errorMessage } from '../errors/error-text';
import type { WorkspaceFile } from '../runtime/python-files';
import type { CodeRunner, PythonTool } from '../runtime/types';
import { checkAnswer, type Verdict } from './checker';
import { MetricsCollector } from './metrics';
import { taskFileText } from './suite';
import { summarise } from './summary';
import {
  isSimulatedEngine,
  SUITE_NOTICE,
  type EvalRun,
  type EvalTask,
  type TaskRecord,
} from './types';

/** The Python runtime an evaluation needs (PythonClient with its own in-memory workspace). */
export interface EvalPython extends CodeRunner {
  /** A new interpreter: no working directory, patched module or variable of an earlier task. */
  freshInterpreter(): Promise<void>;
  useNamespace(id: string): Promise<unknown>;
  listFiles(): Promise<WorkspaceFile[]>;
  writeFile(path: string, data: string): Promise<void>;
  deleteFile(path: string): Promise<void>;
}

export interface RunEvalOptions {
  tasks: readonly EvalTask[];
  /** The engine for a task: the same one for a model, one per task for replays. */
  engineFor: (task: EvalTask) => LLMEngine;
  /** What the run is labelled with (the engine of the first task when omitted). */
  engine?: { kind: LLMEngine['kind']; modelId: string; label: string };
  python: EvalPython;
  dialect: PromptDialect;
  endTokens?: string[];
  selection: EvalRun['selection'];
  appVersion: string;
  maxTokens?: number;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; record?: TaskRecord }) => void;
  /** A task is about to start (its index in `tasks`). */
  onTaskStart?: (task: EvalTask, index: number, total: number) => void;
}

export async function runEval(opts: RunEvalOptions): Promise<EvalRun> {
  const first = opts.tasks[0];
  if (!first) throw new Error('No tasks match this selection: nothing to evaluate.');
  const e = opts.engine ?? opts.engineFor(first);
  const runId = new Date()
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 14);
  const records: TaskRecord[] = [];
  opts.onProgress?.({ done: 0, total: opts.tasks.length });
  for (const task of opts.tasks) {
    if (opts.signal?.aborted) break;
    opts.onTaskStart?.(task, records.length, opts.tasks.length);
    const record = await runTask(task, `eval-${runId}-${task.id}`, opts);
    if (!record) break; // stopped during the task: a half-run task is not scored
    records.push(record);
    opts.onProgress?.({ done: records.length, total: opts.tasks.length, record });
  }
  return {
    format: 'codeact-eval-run/1',
    notice: SUITE_NOTICE,
    engine: { kind: e.kind, modelId: e.modelId, label: e.label },
    simulated: isSimulatedEngine(e),
    date: new Date().toISOString(),
    appVersion: opts.appVersion,
    selection: opts.selection,
    stoppedEarly: records.length < opts.tasks.length,
    tasks: records,
    totals: summarise(records),
  };
}

/** A task's tools as the agent's PythonTool list (each entry carries the whole module). */
export function taskTools(task: EvalTask): PythonTool[] {
  const t = task.tools;
  if (!t) return [];
  return t.functions.map((f) => ({ ...f, source: t.source }));
}

async function freshWorkspace(python: EvalPython, task: EvalTask): Promise<void> {
  for (const f of await python.listFiles()) await python.deleteFile(f.path);
  for (const f of task.files) await python.writeFile(f.path, taskFileText(f.name));
}

async function runTask(
  task: EvalTask,
  namespace: string,
  opts: RunEvalOptions,
): Promise<TaskRecord | undefined> {
  const started = performance.now();
  const metrics = new MetricsCollector();
  const engine = opts.engineFor(task);
  (engine as { reset?: () => void }).reset?.();
  const agent = new CodeActAgent({
    engine,
    runner: opts.python,
    dialect: opts.dialect,
    endTokens: opts.endTokens,
    maxSteps: task.max_turns,
    maxTokens: opts.maxTokens,
    temperature: 0,
    tools: taskTools(task),
  });
  let verdict: Verdict;
  try {
    await opts.python.freshInterpreter();
    await opts.python.useNamespace(namespace);
    await freshWorkspace(opts.python, task);
    await agent.send(task.prompt, { signal: opts.signal, onEvent: metrics.onEvent });
    if (opts.signal?.aborted) return undefined;
    const m = metrics.result();
    verdict = await checkAnswer(opts.python, task, m.finalAnswer, m.figures, opts.signal);
  } catch (error) {
    if (opts.signal?.aborted) return undefined;
    verdict = { strict: false, tolerant: false, detail: `not checked: ${errorMessage(error)}` };
  }
  return {
    id: task.id,
    group: task.group,
    title: task.title,
    ...verdict,
    ...metrics.result(),
    wallMs: Math.round(performance.now() - started),
    transcript: agent.messages.map((m) => ({ ...m })),
  };
}
