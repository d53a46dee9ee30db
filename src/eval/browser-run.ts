// Runs an evaluation in the page: from a plain JSON spec (the headless runner's entry, through
// the page hook), or over an engine the app already has (the in-app Evaluate flow). Either way
// the tasks run on a PythonClient of their own with an in-memory workspace, never the user's.
import { version as appVersion } from '../../package.json';
import { dialectForEngine } from '../agent/agent-setup';
import {
  browserProbeEnv,
  describeServer,
  EndpointEngine,
  listModels,
  normalizeBaseUrl,
  parseTranscript,
  ReplayEngine,
  type LLMEngine,
  type ProbeEnv,
} from '../engine';
import { serviceWorkerLock } from '../pwa/browser-lock';
import { pwa } from '../pwa/pwa.svelte';
import { PythonClient } from '../runtime/python-client';
import { MemoryWorkspace } from './memory-workspace';
import { runEval, type EvalPython, type RunEvalOptions } from './runner';
import { selectReplayTasks, selectTasks } from './suite';
import type { EvalGroup, EvalRun, EvalTask, TaskRecord } from './types';

export type EngineSpec =
  /** `contextWindow`: the server's real one where it does not report it (llama-cpp-python's --n_ctx). */
  | { kind: 'endpoint'; url: string; model: string; apiKey?: string; contextWindow?: number }
  /** One codeact-replay/1 transcript per task id: recorded turns, not a model. */
  | { kind: 'replay'; transcripts: Record<string, unknown> }
  /** A GGUF the page fetches (same site), imported and run on llama.cpp (wllama) in this page. */
  | { kind: 'gguf'; url: string; contextWindow?: number };

export interface EvalSpec {
  engine: EngineSpec;
  group?: EvalGroup | 'all';
  sample?: number;
  seed?: number;
  stdlibOnly?: boolean;
  ids?: string[];
  maxTokens?: number;
  /** Per-task time limit in ms (headless runs set one; see RunEvalOptions.taskTimeoutMs). */
  taskTimeoutMs?: number;
}

/** What a run needs to know about its engine(s). */
export type EvalEngineChoice = Pick<RunEvalOptions, 'engineFor' | 'engine' | 'dialect'>;

/** A Python runtime an evaluation starts and throws away (PythonClient; tests pass a fake). */
export interface OwnedEvalPython extends EvalPython {
  start(opts: { signal?: AbortSignal }): Promise<unknown>;
  onProgress?(cb: (p: { message: string }) => void): unknown;
  dispose(): void;
}

/** What a run is made with; tests replace the browser's parts. */
export interface EvalRunDeps {
  /** The evaluation's own Python (default: a PythonClient with an in-memory workspace). */
  python?: () => OwnedEvalPython;
  createAgent?: RunEvalOptions['createAgent'];
  /** Browser facilities for reaching a model server (default: the page's). */
  env?: ProbeEnv;
}

export interface EvalHooks {
  signal?: AbortSignal;
  /**
   * The run's tasks are chosen: called before its Python starts, so the run's size and what it
   * waits for are shown at once (a cold Pyodide takes seconds, far longer on a busy machine).
   */
  onPlan?: (total: number) => void;
  /** Start-up steps of the evaluation's own Python ("Starting Python (Pyodide)", …). */
  onStarting?: (step: string) => void;
  onRecord?: (r: TaskRecord, done: number, total: number) => void;
  onTaskStart?: (task: EvalTask, index: number, total: number) => void;
}

/** The evaluation's engine for a model server, its window as the chat would learn it. */
export async function endpointEngine(
  spec: Extract<EngineSpec, { kind: 'endpoint' }>,
  env?: ProbeEnv,
) {
  const baseUrl = normalizeBaseUrl(spec.url);
  const conn = { baseUrl, apiKey: spec.apiKey, env: env ?? browserProbeEnv() };
  // The server's real context window (Ollama's loaded one, llama.cpp's -c…), as in the app.
  const models = await describeServer(conn, await listModels(conn));
  const model = models.find((m) => m.id === spec.model);
  if (!model)
    throw new Error(
      `The server at ${baseUrl} does not serve "${spec.model}"; it serves: ${models.map((m) => m.id).join(', ') || 'nothing'}.`,
    );
  // As the chat's "set by you": a window the person running the evaluation knows and the server
  // does not report.
  const chosen = spec.contextWindow
    ? { ...model, contextWindow: spec.contextWindow, contextFrom: 'given with --context' }
    : model;
  return new EndpointEngine({ baseUrl, model: chosen, apiKey: spec.apiKey, env: conn.env });
}

/**
 * A model server's engine, with the dialect the chat gives it when it connects (the app calls
 * setEngine(engine, engine.dialect.dialect)): the prompt style served models get, the series
 * (and its reasoning format) from the model id.
 */
export function endpointChoice(engine: EndpointEngine): EvalEngineChoice {
  return { engineFor: () => engine, dialect: dialectForEngine(engine, engine.dialect.dialect) };
}

/**
 * One replay engine per task id (each plays that task's recorded turns); labelled a replay. Each
 * transcript's series gives its dialect, as when the chat plays a replay.
 */
export function replayChoice(
  transcripts: Record<string, unknown>,
  tasks: readonly EvalTask[],
): EvalEngineChoice {
  const replays = new Map<string, LLMEngine>();
  for (const [id, json] of Object.entries(transcripts))
    replays.set(id, new ReplayEngine(parseTranscript(json), { paceMs: 0 }));
  const missing = tasks.filter((t) => !replays.has(t.id)).map((t) => t.id);
  if (missing.length) throw new Error(`No replay transcript for task(s): ${missing.join(', ')}`);
  return {
    engineFor: (t) => replays.get(t.id)!,
    engine: {
      kind: 'replay',
      modelId: 'replay',
      label: 'Replay of recorded transcripts (no model)',
    },
  };
}

/** Runs `tasks` over `choice` on a fresh Python runtime (own namespace, in-memory workspace). */
export async function runTasks(
  tasks: readonly EvalTask[],
  choice: EvalEngineChoice,
  selection: EvalRun['selection'],
  hooks: EvalHooks & { maxTokens?: number; stdlibOnly?: boolean; taskTimeoutMs?: number } = {},
  deps: EvalRunDeps = {},
): Promise<EvalRun> {
  hooks.onPlan?.(tasks.length);
  // Under the browser lock like the app's own Python (src/pwa/browser-lock.ts).
  const python =
    deps.python?.() ??
    new PythonClient({ files: new MemoryWorkspace(), browserLock: serviceWorkerLock(pwa) });
  try {
    if (hooks.onStarting) {
      hooks.onStarting('Starting Python for the evaluation…');
      python.onProgress?.((p) => hooks.onStarting?.(p.message));
    }
    await python.start({ signal: hooks.signal });
    return await runEval({
      ...choice,
      tasks,
      python,
      createAgent: deps.createAgent,
      appVersion,
      maxTokens: hooks.maxTokens,
      stdlibOnly: hooks.stdlibOnly,
      taskTimeoutMs: hooks.taskTimeoutMs,
      signal: hooks.signal,
      selection,
      onTaskStart: hooks.onTaskStart,
      onProgress: (p) => {
        if (p.record) hooks.onRecord?.(p.record, p.done, p.total);
      },
    });
  } finally {
    python.dispose();
  }
}

export async function runEvalSpec(
  spec: EvalSpec,
  hooks: EvalHooks = {},
  deps: EvalRunDeps = {},
): Promise<EvalRun> {
  const tasks =
    spec.engine.kind === 'replay'
      ? selectReplayTasks(spec, spec.engine.transcripts)
      : selectTasks(spec);
  const selection = {
    group: spec.group ?? 'all',
    sample: spec.sample ?? null,
    seed: spec.seed ?? 1,
  };
  let choice: EvalEngineChoice;
  if (spec.engine.kind === 'endpoint')
    choice = endpointChoice(await endpointEngine(spec.engine, deps.env));
  else if (spec.engine.kind === 'gguf') {
    const { ggufEngine } = await import('./gguf-engine');
    const engine = await ggufEngine(spec.engine.url, spec.engine.contextWindow);
    choice = { engineFor: () => engine, dialect: dialectForEngine(engine) };
  } else choice = replayChoice(spec.engine.transcripts, tasks);
  return runTasks(
    tasks,
    choice,
    selection,
    {
      ...hooks,
      maxTokens: spec.maxTokens,
      stdlibOnly: spec.stdlibOnly,
      taskTimeoutMs: spec.taskTimeoutMs,
    },
    deps,
  );
}
