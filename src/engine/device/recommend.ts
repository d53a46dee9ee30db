// What the first run offers, from the backends' verdicts: one model to set up, or one sentence
// saying why no local model is worth trying here. Every width and every panel shows this same
// answer. Backend-neutral: the verdicts and the "nothing can run here" sentence come from the
// backends (LocalRuntime); this module only ranks and words them.
import { CATALOG, DEFAULT_PREFERENCE, type CatalogModel } from '../catalog/catalog';
import { fmtMB } from './describe';
import type { Verdict } from './verdict';

export type Advice =
  | {
      kind: 'model';
      model: CatalogModel;
      /** MB still to download (0 when the weights are stored already). */
      downloadMB: number;
      /** At `speedMBps`, when a speed is known. */
      etaSeconds?: number;
      speedMBps?: number;
      /**
       * Set when this is a backend's fallback (no usable GPU: a small model on the CPU): where it
       * runs and the speed we expect, in plain words, for the first-run screen and the panel.
       */
      note?: string;
    }
  | { kind: 'none'; reason: string };

/** A backend's own pick for when the usual advice finds nothing (LocalRuntime.fallbackAdvice). */
export interface Fallback {
  model: CatalogModel;
  text: string;
}

const sentence = (s: string) => s.replace(/[.\s]+$/, '');
/** "Needs …" → "needs …", but "GPU …" stays. */
const lowerFirst = (s: string) =>
  /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;

/**
 * Why no local model is recommended, in one sentence; undefined when one can be. `unavailable`:
 * the backends' own sentence when none of them can run anything here (LocalModels.unavailableReason).
 */
export function noModelReason(
  verdicts: ReadonlyMap<string, Verdict>,
  picked: CatalogModel | undefined,
  unavailable?: string,
): string | undefined {
  if (unavailable) return unavailable;
  if (picked) return undefined;
  const blocking = [...verdicts.values()].find((v) => v.kind !== 'runs');
  return blocking
    ? `No local model fits this device: ${lowerFirst(sentence(blocking.reason))}.`
    : 'No local model fits this device.';
}

/**
 * Undefined until pre-flight has run (`checked` false). `fallback`: what a backend offers when no
 * model passes the usual advice (no usable GPU: a small model on the CPU, with its speed said);
 * `cached`: the advised model's files are stored already.
 */
export function firstRunAdvice(
  checked: boolean,
  verdicts: ReadonlyMap<string, Verdict>,
  picked: CatalogModel | undefined,
  opts: { cached?: boolean; speedMBps?: number; unavailable?: string; fallback?: Fallback } = {},
): Advice | undefined {
  if (!checked) return undefined;
  const reason = noModelReason(verdicts, picked, opts.unavailable);
  const fallback = !opts.unavailable && !picked ? opts.fallback : undefined;
  const model = reason ? fallback?.model : picked;
  if (!model) return { kind: 'none', reason: reason ?? 'No local model fits this device.' };
  const downloadMB = opts.cached ? 0 : model.downloadMB;
  const speed = opts.speedMBps && opts.speedMBps > 0 ? opts.speedMBps : undefined;
  return {
    kind: 'model',
    model,
    downloadMB,
    speedMBps: speed,
    etaSeconds: speed && downloadMB > 0 ? downloadMB / speed : undefined,
    ...(fallback && model === fallback.model ? { note: fallback.text } : {}),
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
  /** Would load but far too slowly to use (a software GPU): Download only after a confirmation. */
  tooSlow: { model: CatalogModel; reason: string }[];
  /** Pre-flight says they cannot run here; shown with the reason and no Download/Load. */
  cannot: { model: CatalogModel; reason: string }[];
}

export function groupModels(
  models: readonly CatalogModel[],
  verdicts: ReadonlyMap<string, Verdict>,
  recommendedId: string | undefined,
): ModelGroups {
  const groups: ModelGroups = { recommended: [], fits: [], tooSlow: [], cannot: [] };
  for (const model of models) {
    const v = verdicts.get(model.id);
    if (model.id === recommendedId) groups.recommended.push(model);
    else if (!v || v.kind === 'runs') groups.fits.push(model);
    else if (v.kind === 'too-slow') groups.tooSlow.push({ model, reason: v.reason });
    else groups.cannot.push({ model, reason: v.reason });
  }
  return groups;
}

export interface Availability {
  /** Model ids whose files are stored (downloaded or imported). */
  cached: ReadonlySet<string>;
  /** Model ids whose self-hosted files answer at their address (entries that name `needs`). */
  reachable: ReadonlySet<string>;
}

/**
 * The best model that passes pre-flight and fits the device's memory, in DEFAULT_PREFERENCE order.
 * An entry that `needs` something from the user (self-hosted weights) counts only once its files
 * answer or are stored. Within a family the smallest memory need wins (for WebLLM: f16 where the
 * GPU has shader-f16, being smaller and faster).
 */
export function pickDefaultModel(
  verdicts: ReadonlyMap<string, Verdict>,
  availability: Availability,
  catalog: readonly CatalogModel[] = CATALOG,
): CatalogModel | undefined {
  const runs = (m: CatalogModel) => {
    const v = verdicts.get(m.id);
    return v?.kind === 'runs' && v.fitsMemory;
  };
  const available = (m: CatalogModel) =>
    !m.needs || availability.reachable.has(m.id) || availability.cached.has(m.id);
  for (const family of DEFAULT_PREFERENCE) {
    const members = catalog.filter((m) => m.family === family && runs(m) && available(m));
    const [best] = [...members].sort((a, b) => a.memoryMB - b.memoryMB);
    if (best) return best;
  }
  return undefined;
}
