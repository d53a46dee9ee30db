// Catalog entries the user makes for WebLLM: a model at a URL with its library, and a folder
// imported from disk. Only an id to go on: the series (prompt format, reasoning) is looked up by
// the id, or guessed from it.
import { CATALOG, isBackend, type PromptDialect } from '../../catalog/catalog';
import { seriesFromId } from '../../catalog/families';
import type { WebLLMModel } from './records';

/** A user-supplied MLC model: weights URL + library URL. */
export function customModel(opts: {
  id?: string;
  weightsUrl: string;
  libUrl: string;
  contextWindow?: number;
  dialect?: PromptDialect;
}): WebLLMModel {
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
  const series = seriesFromId(id);
  return {
    id,
    label: `${id} (custom)`,
    family: `custom:${id}`,
    series: series.key,
    quantization: quant,
    dialect: opts.dialect ?? series.prompt,
    contextWindow: opts.contextWindow ?? 4096,
    memoryMB: 0,
    downloadMB: 0,
    lowResource: false,
    stopStrings: [...series.endTokens],
    origin: 'custom',
    source: {
      backend: 'webllm',
      weights: { kind: 'url', url: weights.href },
      modelLib: opts.libUrl,
    },
  };
}

const webllmCatalog = () => CATALOG.filter((m) => isBackend(m, 'webllm'));

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
  catalog: readonly WebLLMModel[] = webllmCatalog(),
): WebLLMModel {
  const known = catalog.find((m) => m.id === opts.id);
  const libUrl = opts.storedLib ?? known?.source.modelLib ?? opts.fallbackLib;
  const base = known ?? customModel({ id: opts.id, weightsUrl: opts.modelUrl, libUrl });
  return {
    ...base,
    id: known ? `${opts.id}-imported` : opts.id,
    label: `${known?.label ?? opts.id} (imported)`,
    contextWindow: known?.contextWindow ?? opts.contextWindow ?? 4096,
    stopStrings: known?.stopStrings ?? opts.stopStrings ?? base.stopStrings,
    // A library stored from the folder is taken to be the model's own (the caveat is about
    // running on a shared one); the weights are here, so nothing else is needed.
    caveat: opts.storedLib ? undefined : base.caveat,
    needs: undefined,
    downloadMB: opts.totalBytes / 2 ** 20,
    origin: 'imported',
    source: {
      ...base.source,
      weights: { kind: 'url', url: opts.modelUrl },
      modelLib: libUrl,
      dedicatedLib: undefined,
    },
  };
}
