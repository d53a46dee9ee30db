// Runs an evaluation in the page from a plain JSON spec (the headless runner's entry, through
// the page hook): builds the engine, a PythonClient with its own in-memory workspace, and runs.
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
import { PythonClient } from '../runtime/python-client';
import { MemoryWorkspace } from './memory-workspace';
import { runEval } from './runner';
import { selectTasks } from './suite';
import type { EvalGroup, EvalRun, TaskRecord } from './types';

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

export async function runEvalSpec(
  spec: EvalSpec,
  hooks: {
    signal?: AbortSignal;
    onRecord?: (r: TaskRecord, done: number, total: number) => void;
  } = {},
): Promise<EvalRun> {
  const tasks = selectTasks(spec);
  const python = new PythonClient({ files: new MemoryWorkspace() });
  try {
    await python.start({ signal: hooks.signal });
    const common = {
      tasks,
      python,
      appVersion,
      maxTokens: spec.maxTokens,
      signal: hooks.signal,
      selection: { group: spec.group ?? 'all', sample: spec.sample ?? null, seed: spec.seed ?? 1 },
      onProgress: (p: { done: number; total: number; record?: TaskRecord }) => {
        if (p.record) hooks.onRecord?.(p.record, p.done, p.total);
      },
    };
    if (spec.engine.kind === 'endpoint') {
      const engine = await endpointEngine(spec.engine);
      return await runEval({
        ...common,
        engineFor: () => engine,
        dialect: engine.dialect.dialect,
        endTokens: engine.dialect.endTokens,
      });
    }
    const replays = new Map<string, LLMEngine>();
    for (const [id, json] of Object.entries(spec.engine.transcripts))
      replays.set(id, new ReplayEngine(parseTranscript(json), { paceMs: 0 }));
    const missing = tasks.filter((t) => !replays.has(t.id)).map((t) => t.id);
    if (missing.length) throw new Error(`No replay transcript for task(s): ${missing.join(', ')}`);
    return await runEval({
      ...common,
      engineFor: (t) => replays.get(t.id)!,
      engine: {
        kind: 'replay',
        modelId: 'replay',
        label: 'Replay of recorded transcripts (no model)',
      },
      dialect: dialectForServedModel('codeact-agent').dialect,
      endTokens: ['<|im_end|>'],
    });
  } finally {
    python.dispose();
  }
}
