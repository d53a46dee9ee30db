// Runs an evaluation in the page: from a plain JSON spec (the headless runner's entry, through
// the page hook), or over an engine the app already has (the in-app Evaluate flow). Either way
// the tasks run on a PythonClient of their own with an in-memory workspace, never the user's.
import { version as appVersion } from '../../package.json';
import {
  browserProbeEnv,
  EndpointEngine,
  listModels,
  normalizeBaseUrl,
  ReplayEngine,
  type LLMEngine,
} from '../engine/index';
import { dialectForServedModel } from '../engine/engines/endpoint';
import { parseTranscript } from '../engine/engines/replay/replay-engine';
import { serviceWorkerLock } from '../pwa/browser-lock';
import { pwa } from '../pwa/pwa.svelte';
import { PythonClient } from '../runtime/python-client';
import { MemoryWorkspace } from './memory-workspace';
import { runEval, type RunEvalOptions } from './runner';
import { selectReplayTasks, selectTasks } from './suite';
import type { EvalGroup, EvalRun, EvalTask, TaskRecord } from './types';

export type EngineSpec =
  | { kind: 'endpoint'; url: string; model: string; apiKey?: string }
  /** One codeact-replay/1 transcript per task id: recorded turns, not a model. */
  | { kind: 'replay'; transcripts: Record<string, unknown> };

export interface EvalSpec {
  engine: EngineSpec;
  group?: EvalGroup | 'all';
  sample?: number;
  seed?: number;
  stdlibOnly?: boolean;
  ids?: string[];
  maxTokens?: number;
}

/** What a run needs to know about its engine(s). */
export type EvalEngineChoice = Pick<
  RunEvalOptions,
  'engineFor' | 'engine' | 'dialect' | 'endTokens'
>;

export interface EvalHooks {
  signal?: AbortSignal;
  onRecord?: (r: TaskRecord, done: number, total: number) => void;
  onTaskStart?: (task: EvalTask, index: number, total: number) => void;
}

async function endpointEngine(spec: Extract<EngineSpec, { kind: 'endpoint' }>) {
  const baseUrl = normalizeBaseUrl(spec.url);
  const models = await listModels({ baseUrl, apiKey: spec.apiKey, env: browserProbeEnv() });
  const model = models.find((m) => m.id === spec.model);
  if (!model)
    throw new Error(
      `The server at ${baseUrl} does not serve "${spec.model}"; it serves: ${models.map((m) => m.id).join(', ') || 'nothing'}.`,
    );
  return new EndpointEngine({ baseUrl, model, apiKey: spec.apiKey });
}

/** One replay engine per task id (each plays that task's recorded turns); labelled a replay. */
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
    dialect: dialectForServedModel('codeact-agent').dialect,
    endTokens: ['<|im_end|>'],
  };
}

/** Runs `tasks` over `choice` on a fresh Python runtime (own namespace, in-memory workspace). */
export async function runTasks(
  tasks: readonly EvalTask[],
  choice: EvalEngineChoice,
  selection: EvalRun['selection'],
  hooks: EvalHooks & { maxTokens?: number } = {},
): Promise<EvalRun> {
  // Under the browser lock like the app's own Python (src/pwa/browser-lock.ts).
  const python = new PythonClient({
    files: new MemoryWorkspace(),
    browserLock: serviceWorkerLock(pwa),
  });
  try {
    await python.start({ signal: hooks.signal });
    return await runEval({
      ...choice,
      tasks,
      python,
      appVersion,
      maxTokens: hooks.maxTokens,
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

export async function runEvalSpec(spec: EvalSpec, hooks: EvalHooks = {}): Promise<EvalRun> {
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
  if (spec.engine.kind === 'endpoint') {
    const engine = await endpointEngine(spec.engine);
    choice = {
      engineFor: () => engine,
      dialect: engine.dialect.dialect,
      endTokens: engine.dialect.endTokens,
    };
  } else choice = replayChoice(spec.engine.transcripts, tasks);
  return runTasks(tasks, choice, selection, { ...hooks, maxTokens: spec.maxTokens });
}
