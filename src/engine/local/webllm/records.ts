// A WebLLM catalog entry as WebLLM wants it: the structured-cloneable ModelRecord and AppConfig,
// every URL absolute, and what the owner (LlmHost) keeps of a model it loads.
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import type { ModelOf } from '../../catalog/catalog';

export type WebLLMModel = ModelOf<'webllm'>;

/** What LlmHost loads: WebLLM's record, and what the UI says about it. */
export interface LoadableModel {
  record: ModelRecord;
  label: string;
  contextWindow: number;
}

/** MLC quantizations with f16 activations need the GPU's shader-f16 feature. */
export const needsShaderF16 = (m: Pick<WebLLMModel, 'quantization'>): boolean =>
  /f16/.test(m.quantization);

/** WebLLM needs an absolute weights URL whose path holds `/resolve/<rev>/` (its hf-style keys). */
export function resolveWeightsUrl(m: WebLLMModel, baseURI: string, selfHostBase?: string): string {
  const { weights } = m.source;
  let url: string;
  if (weights.kind === 'url') url = new URL(weights.url).href;
  else if (selfHostBase)
    url = new URL(`${m.id}/resolve/main/`, withSlash(new URL(selfHostBase, baseURI).href)).href;
  else url = new URL(weights.path, baseURI).href;
  url = withSlash(url);
  return /\/resolve\/[^/]+\//.test(url) ? url : `${url}resolve/main/`;
}

const withSlash = (u: string): string => (u.endsWith('/') ? u : `${u}/`);

/** Choices made at load time: the context window (pre-flight) and a self-hosted library. */
export interface LoadChoice {
  contextWindow?: number;
  /** The model folder holds `dedicatedLib`: load that instead of the shared library. */
  useDedicatedLib?: boolean;
}

/** The structured-cloneable record WebLLM loads; every URL absolute. */
export function toModelRecord(
  m: WebLLMModel,
  baseURI: string,
  selfHostBase?: string,
  load: LoadChoice = {},
): ModelRecord {
  const model = resolveWeightsUrl(m, baseURI, selfHostBase);
  const { modelLib, dedicatedLib, overrides } = m.source;
  return {
    model,
    model_id: m.id,
    model_lib:
      load.useDedicatedLib && dedicatedLib
        ? new URL(dedicatedLib, model).href
        : new URL(modelLib, baseURI).href,
    vram_required_MB: m.memoryMB,
    low_resource_required: m.lowResource,
    // Listed so WebLLM fails early with ShaderF16SupportError instead of a raw shader error later.
    required_features: needsShaderF16(m) ? ['shader-f16'] : [],
    overrides: { ...(overrides ?? {}), context_window_size: load.contextWindow ?? m.contextWindow },
  };
}

export function toLoadable(
  m: WebLLMModel,
  baseURI: string,
  selfHostBase?: string,
  load: LoadChoice = {},
): LoadableModel {
  return {
    record: toModelRecord(m, baseURI, selfHostBase, load),
    label: m.label,
    contextWindow: load.contextWindow ?? m.contextWindow,
  };
}

/** URL where a model's own compiled library would be, inside its weights folder. */
export function dedicatedLibUrl(
  m: WebLLMModel,
  baseURI: string,
  selfHostBase?: string,
): string | undefined {
  const file = m.source.dedicatedLib;
  return file ? new URL(file, resolveWeightsUrl(m, baseURI, selfHostBase)).href : undefined;
}

export function toAppConfig(records: ModelRecord[]): AppConfig {
  return { model_list: records, cacheBackend: 'cache' };
}
