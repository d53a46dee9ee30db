// The evaluation runner: each task in a fresh Python interpreter (the Python owner's
// freshInterpreter: no working directory, patched module or variable of an earlier task leaks into
// it), a fresh namespace and a fresh /workspace holding
// only its files, with its tools defined, through the real agent loop (CodeActAgent), then the
// suite's checker in that namespace. Works over any LLMEngine; Stop is the AbortSignal only.
import { CodeActAgent } from '../agent/agent';
import {
  agentSetupFor,
  DEFAULT_THINKING,
  dialectForEngine,
  type AgentSampling,
} from '../agent/agent-setup';
import type { Agent, AgentConfig } from '../agent/api';
import type { LLMEngine, ModelDialect } from '../engine';
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
  readFile(path: string): Promise<Uint8Array>;
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
  /**
   * The model's dialect, as the chat has it (the app's loaded catalog model). Without it each
   * task's engine decides (dialectForEngine), as it does when the chat gets that engine.
   */
  dialect?: ModelDialect;
  /** The thinking switch sent with each message (default: a new conversation's). */
  thinking?: boolean;
  /** Makes the agent from its configuration (default: CodeActAgent; tests watch it). */
  createAgent?: (config: AgentConfig) => Agent;
  selection: EvalRun['selection'];
  appVersion: string;
  maxTokens?: number;
  /** Tell the model that only the standard library is there (standard-library-only runs). */
  stdlibOnly?: boolean;
  /**
   * A task that runs longer than this (ms) is stopped and scored as not answered, and the run
   * goes on (a hung model server must not hold a headless evaluation forever). 0/absent: none.
   */
  taskTimeoutMs?: number;
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
  let sampling: AgentSampling | undefined;
  opts.onProgress?.({ done: 0, total: opts.tasks.length });
  for (const task of opts.tasks) {
    if (opts.signal?.aborted) break;
    opts.onTaskStart?.(task, records.length, opts.tasks.length);
    const outcome = await runTask(task, `eval-${runId}-${task.id}`, opts);
    sampling ??= outcome.sampling;
    if (!outcome.record) break; // stopped during the task: a half-run task is not scored
    records.push(outcome.record);
    opts.onProgress?.({ done: records.length, total: opts.tasks.length, record: outcome.record });
  }
  return {
    format: 'codeact-eval-run/1',
    notice: SUITE_NOTICE,
    engine: {
      kind: e.kind,
      modelId: e.modelId,
      label: e.label,
      ...('contextWindow' in e ? { contextWindow: e.contextWindow } : {}),
    },
    simulated: isSimulatedEngine(e),
    date: new Date().toISOString(),
    appVersion: opts.appVersion,
    selection: opts.selection,
    ...(sampling ? { sampling } : {}),
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

/** Tasks run deterministically: the same replies for the same model, so runs compare. */
export const EVAL_TEMPERATURE = 0;

/** The agent for a task: the chat's configuration (agentSetupFor), with the task's limits. */
function taskAgent(task: EvalTask, engine: LLMEngine, opts: RunEvalOptions) {
  const python = opts.python;
  return agentSetupFor({
    engine,
    dialect: opts.dialect ?? dialectForEngine(engine),
    runner: python,
    workspace: { listFiles: () => python.listFiles(), readFile: (p) => python.readFile(p) },
    limits: { maxSteps: task.max_turns, maxTokens: opts.maxTokens },
    sampling: { temperature: EVAL_TEMPERATURE },
    // The evaluation's Python has no network (browser-run.ts starts it locked).
    online: false,
    thinking: opts.thinking ?? DEFAULT_THINKING,
    tools: taskTools(task),
    // --stdlib-only: the prompt says only the standard library is there.
    ...(opts.stdlibOnly ? { packages: [] } : {}),
  });
}

async function runTask(
  task: EvalTask,
  namespace: string,
  opts: RunEvalOptions,
): Promise<{ record?: TaskRecord; sampling: AgentSampling }> {
  const started = performance.now();
  const metrics = new MetricsCollector();
  const engine = opts.engineFor(task);
  void engine.newConversation();
  const setup = taskAgent(task, engine, opts);
  const agent = (opts.createAgent ?? ((c) => new CodeActAgent(c)))(setup.config);
  const stopped = { sampling: setup.sampling };
  let verdict: Verdict;
  // The task's own stop: the user's, or its time limit.
  const ctl = new AbortController();
  const onStop = () => ctl.abort();
  opts.signal?.addEventListener('abort', onStop, { once: true });
  let overTime = false;
  const limit = opts.taskTimeoutMs ?? 0;
  const timer =
    limit > 0
      ? setTimeout(() => {
          overTime = true;
          ctl.abort();
        }, limit)
      : undefined;
  const late: Verdict = {
    strict: false,
    tolerant: false,
    detail: `not checked: the task went over its time limit of ${Math.round(limit / 1000)} s`,
  };
  try {
    await opts.python.freshInterpreter();
    await opts.python.useNamespace(namespace);
    await freshWorkspace(opts.python, task);
    await agent.send(task.prompt, {
      signal: ctl.signal,
      thinking: setup.thinking,
      onEvent: metrics.onEvent,
    });
    if (opts.signal?.aborted) return stopped;
    // The final answer is the reply after its reasoning block (the parser splits it off).
    const m = metrics.result();
    verdict = overTime
      ? late
      : await checkAnswer(opts.python, task, m.finalAnswer, m.figures, ctl.signal);
  } catch (error) {
    if (opts.signal?.aborted) return stopped;
    verdict = overTime
      ? late
      : { strict: false, tolerant: false, detail: `not checked: ${errorMessage(error)}` };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onStop);
  }
  const record: TaskRecord = {
    id: task.id,
    group: task.group,
    title: task.title,
    ...verdict,
    ...metrics.result(),
    wallMs: Math.round(performance.now() - started),
    transcript: agent.messages.map((m) => ({ ...m })),
  };
  return { record, sampling: setup.sampling };
}
