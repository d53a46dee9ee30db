// The model catalog and the pure functions around it (URL resolution, WebLLM records, default pick).
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import { CATALOG, DEFAULT_PREFERENCE } from './catalog-data';
import type { Verdict } from '../device/verdict';
import { needsShaderF16, type CatalogModel, type Dialect } from './catalog-types';
import { seriesFromId } from './families';

export type { CatalogModel, Dialect, KvShape, Quantization, WeightsSource } from './catalog-types';

export { CATALOG };
export { needsShaderF16 };

/** WebLLM needs an absolute weights URL whose path holds `/resolve/<rev>/` (reference §3.2). */
export function resolveWeightsUrl(m: CatalogModel, baseURI: string, selfHostBase?: string): string {
  let url: string;
  if (m.weights.kind === 'url') url = new URL(m.weights.url).href;
  else if (selfHostBase)
    url = new URL(`${m.id}/resolve/main/`, withSlash(new URL(selfHostBase, baseURI).href)).href;
  else url = new URL(m.weights.path, baseURI).href;
  url = withSlash(url);
  return /\/resolve\/[^/]+\//.test(url) ? url : `${url}resolve/main/`;
}

const withSlash = (u: string): string => (u.endsWith('/') ? u : `${u}/`);

/** The structured-cloneable record WebLLM loads; every URL absolute. */
export function toModelRecord(
  m: CatalogModel,
  baseURI: string,
  selfHostBase?: string,
  load: LoadChoice = {},
): ModelRecord {
  const model = resolveWeightsUrl(m, baseURI, selfHostBase);
  return {
    model,
    model_id: m.id,
    model_lib:
      load.useDedicatedLib && m.dedicatedLib
        ? new URL(m.dedicatedLib, model).href
        : new URL(m.modelLib, baseURI).href,
    vram_required_MB: m.vramMB,
    low_resource_required: m.lowResource,
    // Listed so WebLLM fails early with ShaderF16SupportError instead of a raw shader error later.
    required_features: needsShaderF16(m) ? ['shader-f16'] : [],
    overrides: {
      ...(m.overrides ?? {}),
      context_window_size: load.contextWindow ?? m.contextWindow,
    },
  };
}

/** Choices made at load time: the context window (pre-flight) and a self-hosted library. */
export interface LoadChoice {
  contextWindow?: number;
  /** The model folder holds `dedicatedLib`: load that instead of the shared library. */
  useDedicatedLib?: boolean;
}

/** URL where a model's own compiled library would be, inside its weights folder. */
export function dedicatedLibUrl(
  m: CatalogModel,
  baseURI: string,
  selfHostBase?: string,
): string | undefined {
  return m.dedicatedLib
    ? new URL(m.dedicatedLib, resolveWeightsUrl(m, baseURI, selfHostBase)).href
    : undefined;
}

export function toAppConfig(records: ModelRecord[]): AppConfig {
  return { model_list: records, cacheBackend: 'cache' };
}

/** A user-supplied MLC model: weights URL + library URL. */
export function customModel(opts: {
  id?: string;
  weightsUrl: string;
  libUrl: string;
  contextWindow?: number;
  dialect?: Dialect;
}): CatalogModel {
  const weights = new URL(opts.weightsUrl); // throws TypeError on a bad URL: shown as-is
  new URL(opts.libUrl);
  const id =
    opts.id?.trim() ||
    weights.pathname
      .split('/')
      .filter((s) => s && s !== 'resolve' && s !== 'main')
      .pop() ||
    'custom-model';
  const quant = /q\d+f(16|32)_\d/.exec(id)?.[0] ?? 'unknown';
  // Only an id to go on: the series (prompt format, reasoning) is guessed from it.
  const series = seriesFromId(id);
  return {
    id,
    label: `${id} (custom)`,
    family: `custom:${id}`,
    series: series.key,
    quantization: quant,
    dialect: opts.dialect ?? series.prompt,
    contextWindow: opts.contextWindow ?? 4096,
    vramMB: 0,
    downloadMB: 0,
    lowResource: false,
    weights: { kind: 'url', url: weights.href },
    modelLib: opts.libUrl,
    stopStrings: [...series.endTokens],
    source: 'custom',
  };
}

export interface Availability {
  /** Model ids whose weights are in the cache (or imported). */
  cached: ReadonlySet<string>;
  /** Whether the self-hosted CodeActAgent weights answer at their base URL. */
  codeactWeightsReachable: boolean;
  /** Whether a model fits this device's memory (context-size.ts `fitsMemory`); all fit when absent. */
  fits?: (m: CatalogModel) => boolean;
}

/**
 * The best model that passes pre-flight and fits the device, in DEFAULT_PREFERENCE order
 * (CodeActAgent only when its weights are available).
 */
export function pickDefaultModel(
  verdicts: ReadonlyMap<string, Verdict>,
  availability: Availability,
  catalog: readonly CatalogModel[] = CATALOG,
): CatalogModel | undefined {
  const runs = (m: CatalogModel) =>
    verdicts.get(m.id)?.kind === 'runs' && (availability.fits?.(m) ?? true);
  for (const family of DEFAULT_PREFERENCE) {
    const members = catalog.filter((m) => m.family === family && runs(m));
    if (family === 'codeact-mistral-7b') {
      const ok = members.filter(
        (m) => availability.codeactWeightsReachable || availability.cached.has(m.id),
      );
      if (ok[0]) return ok[0];
      continue;
    }
    // Prefer f16 (smaller, faster) where it runs; otherwise the f32 variant.
    const sorted = [...members].sort(
      (a, b) => Number(needsShaderF16(b)) - Number(needsShaderF16(a)),
    );
    if (sorted[0]) return sorted[0];
  }
  return undefined;
}

/**
 * The catalog entry for an imported folder. A folder named like a catalog model (e.g. the converted
 * CodeActAgent) keeps that model's dialect, stops, context window and library, under its own id.
 */
export function importedModel(
  opts: {
    id: string;
    modelUrl: string;
    /** The library stored from the folder, if it had one. */
    storedLib?: string;
    fallbackLib: string;
    totalBytes: number;
    contextWindow?: number;
    stopStrings?: string[];
  },
  catalog: readonly CatalogModel[] = CATALOG,
): CatalogModel {
  const known = catalog.find((m) => m.id === opts.id);
  const libUrl = opts.storedLib ?? known?.modelLib ?? opts.fallbackLib;
  const base = known ?? customModel({ id: opts.id, weightsUrl: opts.modelUrl, libUrl });
  return {
    ...base,
    id: known ? `${opts.id}-imported` : opts.id,
    label: `${known?.label ?? opts.id} (imported)`,
    contextWindow: known?.contextWindow ?? opts.contextWindow ?? 4096,
    stopStrings: known?.stopStrings ?? opts.stopStrings ?? base.stopStrings,
    weights: { kind: 'url', url: opts.modelUrl },
    modelLib: libUrl,
    // A library stored from the folder is taken to be the model's own (the caveat is about
    // running on a shared one); the weights are here, so nothing else is needed.
    dedicatedLib: undefined,
    caveat: opts.storedLib ? undefined : base.caveat,
    needs: undefined,
    downloadMB: opts.totalBytes / 2 ** 20,
    source: 'imported',
  };
}
