// The Models panel (src/ui/models, owned by the engine work) keeps its state in one shared
// ModelsState. The app reads the loaded engine and the pre-flight verdicts through this narrow
// view, so the two stay decoupled.
import type { LLMEngine } from '../../engine/engines/types';
import type { DialectSource } from '../../engine/supply/dialects';
import { getModelsState } from '../models/models.svelte';

export interface ModelsView {
  readonly engine: LLMEngine;
  readonly activeId?: string;
  /** The loaded catalog model: its dialect (prompt, stops, reasoning) is catalog data. */
  readonly active?: DialectSource & { label?: string };
  /** GPU facts once pre-flight has run. */
  readonly facts?: unknown;
  /** The recommended model, or undefined when none passes pre-flight. */
  readonly defaultId?: string;
  readonly verdicts?: ReadonlyMap<string, { kind: string; reason: string }>;
}

export function modelsView(): ModelsView {
  return getModelsState();
}

/** Why no model can run, from pre-flight; undefined while unknown or when one can. */
export function preflightReason(m: ModelsView | undefined): string | undefined {
  if (!m?.facts || m.defaultId) return undefined;
  const reasons = [...(m.verdicts?.values() ?? [])].filter((v) => v.kind !== 'runs');
  const first = reasons[0]?.reason;
  return `No model can run on this device${first ? `: ${first}` : ''}. The demos below still run real Python.`;
}
