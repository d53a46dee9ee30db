// What the first run offers, from pre-flight: one model to set up, or one sentence saying why no
// local model is worth trying here. Every width and every panel shows this same answer.
import type { CatalogModel } from '../supply/catalog';
import { fmtMB, isSoftwareAdapter, type AdapterFacts, type Verdict } from './preflight';

export type Advice =
  | {
      kind: 'model';
      model: CatalogModel;
      /** MB still to download (0 when the weights are stored already). */
      downloadMB: number;
      /** At `speedMBps`, when a speed is known. */
      etaSeconds?: number;
      speedMBps?: number;
    }
  | { kind: 'none'; reason: string };

const sentence = (s: string) => s.replace(/[.\s]+$/, '');
/** "Needs …" → "needs …", but "GPU …" stays. */
const lowerFirst = (s: string) =>
  /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;

/** Why no local model is recommended, in one sentence; undefined when one can be. */
export function noModelReason(
  facts: AdapterFacts,
  verdicts: ReadonlyMap<string, Verdict>,
  picked: CatalogModel | undefined,
): string | undefined {
  if (!facts.webgpu) return 'No local model can run here because this browser has no WebGPU.';
  if (!facts.adapter)
    return 'No local model can run here because WebGPU offers no GPU adapter (hardware acceleration may be off).';
  if (isSoftwareAdapter(facts))
    return 'No local model is recommended because this GPU is a software (CPU-emulated) adapter, on which a model would be far too slow to use.';
  if (picked) return undefined;
  const blocking = [...verdicts.values()].find((v) => v.kind !== 'runs');
  return blocking
    ? `No local model fits this device: ${lowerFirst(sentence(blocking.reason))}.`
    : 'No local model fits this device.';
}

/** Undefined until pre-flight has run. */
export function firstRunAdvice(
  facts: AdapterFacts | undefined,
  verdicts: ReadonlyMap<string, Verdict>,
  picked: CatalogModel | undefined,
  opts: { cached?: boolean; speedMBps?: number } = {},
): Advice | undefined {
  if (!facts) return undefined;
  const reason = noModelReason(facts, verdicts, picked);
  if (reason || !picked)
    return { kind: 'none', reason: reason ?? 'No local model fits this device.' };
  const downloadMB = opts.cached ? 0 : picked.downloadMB;
  const speed = opts.speedMBps && opts.speedMBps > 0 ? opts.speedMBps : undefined;
  return {
    kind: 'model',
    model: picked,
    downloadMB,
    speedMBps: speed,
    etaSeconds: speed && downloadMB > 0 ? downloadMB / speed : undefined,
  };
}

/** "about 4 min", "about 1 h 20 min": download time estimates, never more precise than that. */
export function formatEta(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  const min = Math.round(seconds / 60);
  if (min < 60) return `about ${min} min`;
  const h = Math.floor(min / 60);
  return `about ${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
}

/** The first-run button: "Set up <model> (<size> download, about N min at the measured X MB/s)". */
export function setupLabel(advice: Extract<Advice, { kind: 'model' }>): string {
  const { model, downloadMB, etaSeconds, speedMBps } = advice;
  if (downloadMB === 0) return `Load ${model.label} (already on this device)`;
  const time =
    etaSeconds !== undefined && speedMBps
      ? `, ${formatEta(etaSeconds)} at the measured ${speedMBps.toFixed(1)} MB/s`
      : '';
  return `Set up ${model.label} (${fmtMB(downloadMB)} download${time})`;
}

export interface ModelGroups {
  recommended: CatalogModel[];
  /** Pass pre-flight (or not checked yet), other than the recommended one. */
  fits: CatalogModel[];
  /** Pre-flight says they cannot run here; shown with the reason and no Download/Load. */
  cannot: { model: CatalogModel; reason: string }[];
}

export function groupModels(
  models: readonly CatalogModel[],
  verdicts: ReadonlyMap<string, Verdict>,
  recommendedId: string | undefined,
): ModelGroups {
  const groups: ModelGroups = { recommended: [], fits: [], cannot: [] };
  for (const model of models) {
    const v = verdicts.get(model.id);
    if (model.id === recommendedId) groups.recommended.push(model);
    else if (!v || v.kind === 'runs') groups.fits.push(model);
    else groups.cannot.push({ model, reason: v.reason });
  }
  return groups;
}
