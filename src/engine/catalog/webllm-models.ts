// The WebLLM models of the catalog, as data. Ids, libraries, VRAM (at a 4k context), low-resource flags and
// overrides are WebLLM 0.2.86's prebuiltAppConfig, pinned by test/unit/engine-catalog.test.ts.
// Download sizes are approximate (the downloader reads the exact size from tensor-cache.json).
// KV shapes and trained context lengths: docs/models.md ("Model facts") says where each is from.
import type { KvShape, ModelOf } from './types';
import { SERIES, type SeriesKey } from './families';

/** WebLLM 0.2.86 constants, copied so the main bundle never imports WebLLM (a unit test pins them). */
export const WEBLLM_MODEL_VERSION = 'v0_2_86/base';
export const WEBLLM_LIB_PREFIX =
  'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/';

export const libUrl = (file: string): string =>
  `${WEBLLM_LIB_PREFIX}${WEBLLM_MODEL_VERSION}/${file}`;
const hf = (id: string): string => `https://huggingface.co/mlc-ai/${id}`;

type Quant = 'q4f16_1' | 'q4f32_1';
const QUANTS: readonly Quant[] = ['q4f16_1', 'q4f32_1'];

/** One WebLLM prebuilt model in both quantizations; numbers per quantization are [f16, f32]. */
interface PrebuiltSpec {
  /** model_id without the `-<quant>-MLC` suffix. */
  base: string;
  label: string;
  family: string;
  series: SeriesKey;
  /** Library file name without `-<quant>_<chunk>-webgpu.wasm`. */
  lib: string;
  /** Prefill chunk the library was compiled with (`cs1k`, `cs512`). */
  chunk?: string;
  vramMB: [number, number];
  downloadMB: [number, number];
  lowResource: boolean;
  maxContext: number;
  kv: KvShape;
  overrides?: Record<string, unknown>;
}

function prebuilt(spec: PrebuiltSpec): ModelOf<'webllm'>[] {
  const series = SERIES[spec.series];
  return QUANTS.map((quant, i) => {
    const id = `${spec.base}-${quant}-MLC`;
    return {
      id,
      label: `${spec.label} (${quant})`,
      family: spec.family,
      series: spec.series,
      quantization: quant,
      dialect: series.prompt,
      contextWindow: 4096,
      maxContext: spec.maxContext,
      kv: spec.kv,
      memoryMB: spec.vramMB[i]!,
      downloadMB: spec.downloadMB[i]!,
      lowResource: spec.lowResource,
      stopStrings: [...series.endTokens],
      origin: 'prebuilt',
      source: {
        backend: 'webllm',
        weights: { kind: 'url', url: hf(id) },
        modelLib: libUrl(`${spec.lib}-${quant}_${spec.chunk ?? 'cs1k'}-webgpu.wasm`),
        ...(spec.overrides ? { overrides: spec.overrides } : {}),
      },
    };
  });
}

const config = (attentionLayers: number, kvHeads: number, headDim: number): KvShape => ({
  attentionLayers,
  kvHeads,
  headDim,
  source: 'config',
});
const estimate = (attentionLayers: number, kvHeads: number, headDim: number): KvShape => ({
  attentionLayers,
  kvHeads,
  headDim,
  source: 'estimate',
});

/** Qwen3.5 is a hybrid model: WebLLM sizes its recurrent state with this override. */
const QWEN35_OVERRIDES = { max_history_size: 1 };

export const CODEACT_MODEL_ID = 'CodeActAgent-Mistral-7b-v0.1-q4f16_1-MLC';
/** File name of a library compiled from CodeActAgent's own config (docs/models.md, route B). */
export const CODEACT_DEDICATED_LIB = 'CodeActAgent-Mistral-7b-v0.1-q4f16_1-webgpu.wasm';

const CODEACT: ModelOf<'webllm'> = {
  id: CODEACT_MODEL_ID,
  label: 'CodeActAgent Mistral 7B v0.1 (q4f16_1)',
  family: 'codeact-mistral-7b',
  series: 'codeact-mistral',
  quantization: 'q4f16_1',
  dialect: 'codeact',
  contextWindow: 4096,
  // Mistral-7B-v0.1 attends over a 4,096-token sliding window; the shared library has none, so
  // a longer full-attention window would be outside what the model saw in training.
  maxContext: 4096,
  kv: config(32, 8, 128),
  memoryMB: 4573,
  downloadMB: 3900,
  lowResource: false,
  stopStrings: [...SERIES['codeact-mistral'].endTokens],
  needs:
    'Needs converted weights (no MLC build is published): convert once and host them as docs/models.md describes.',
  caveat:
    'Output is degraded: it runs on WebLLM’s Mistral-7B-Instruct-v0.3 library, compiled with RoPE base 1e6, while CodeActAgent (Mistral-7B-v0.1) uses 1e4, so token positions are distorted. Put a library compiled from the model’s own config in the weights folder (docs/models.md) to fix this.',
  origin: 'codeact',
  source: {
    backend: 'webllm',
    // Self-hosted: converted once with MLC (docs/models.md); base URL configurable at run time.
    weights: { kind: 'self-hosted', path: `models/${CODEACT_MODEL_ID}/resolve/main/` },
    modelLib: libUrl('Mistral-7B-Instruct-v0.3-q4f16_1_cs1k-webgpu.wasm'),
    dedicatedLib: CODEACT_DEDICATED_LIB,
    overrides: {
      sliding_window_size: -1,
      // End the turn on </s> (2) and <|im_end|> (32001) as tokens, not only as decoded text, and
      // start with BOS like the HF/vLLM serving path and the training packs.
      conv_config: { stop_token_ids: [2, 32001], system_prefix_token_ids: [1] },
    },
  },
};

export const WEBLLM_MODELS: readonly ModelOf<'webllm'>[] = [
  CODEACT,
  ...prebuilt({
    base: 'Qwen3-8B',
    label: 'Qwen3 8B',
    family: 'qwen3-8b',
    series: 'qwen3',
    lib: 'Qwen3-8B',
    vramMB: [5695.78, 6852.55],
    downloadMB: [4600, 5100],
    lowResource: false,
    maxContext: 32768,
    kv: config(36, 8, 128),
  }),
  ...prebuilt({
    base: 'Qwen3.5-9B',
    label: 'Qwen3.5 9B',
    family: 'qwen3.5-9b',
    series: 'qwen3.5',
    lib: 'Qwen3.5-9B',
    vramMB: [6433.01, 7544.74],
    downloadMB: [5100, 5600],
    lowResource: false,
    maxContext: 262144,
    kv: estimate(8, 4, 256),
    overrides: QWEN35_OVERRIDES,
  }),
  ...prebuilt({
    base: 'Qwen2.5-Coder-7B-Instruct',
    label: 'Qwen2.5-Coder 7B Instruct',
    family: 'qwen2.5-coder-7b',
    series: 'qwen2.5-coder',
    lib: 'Qwen2-7B-Instruct',
    vramMB: [5106.67, 5900.09],
    downloadMB: [4300, 4700],
    lowResource: false,
    maxContext: 32768,
    kv: config(28, 4, 128),
  }),
  ...prebuilt({
    base: 'Llama-3.1-8B-Instruct',
    label: 'Llama 3.1 8B Instruct',
    family: 'llama-3.1-8b',
    series: 'llama-3.1',
    lib: 'Llama-3_1-8B-Instruct',
    vramMB: [5001, 6101.01],
    downloadMB: [4500, 4900],
    lowResource: false,
    maxContext: 131072,
    kv: config(32, 8, 128),
  }),
  ...prebuilt({
    base: 'Qwen3-4B',
    label: 'Qwen3 4B',
    family: 'qwen3-4b',
    series: 'qwen3',
    lib: 'Qwen3-4B',
    vramMB: [3431.59, 4327.71],
    downloadMB: [2300, 2500],
    lowResource: true,
    maxContext: 32768,
    kv: config(36, 8, 128),
  }),
  ...prebuilt({
    base: 'Qwen3.5-4B',
    label: 'Qwen3.5 4B',
    family: 'qwen3.5-4b',
    series: 'qwen3.5',
    lib: 'Qwen3.5-4B',
    vramMB: [3867.82, 4680.36],
    downloadMB: [2600, 2850],
    lowResource: false,
    maxContext: 262144,
    kv: estimate(8, 4, 256),
    overrides: QWEN35_OVERRIDES,
  }),
  ...prebuilt({
    base: 'Phi-4-mini-instruct',
    label: 'Phi-4 mini Instruct',
    family: 'phi-4-mini',
    series: 'phi-4-mini',
    lib: 'Phi-4-mini-instruct',
    vramMB: [3437.58, 4220.59],
    downloadMB: [2150, 2400],
    lowResource: false,
    maxContext: 131072,
    kv: config(32, 8, 128),
  }),
  ...prebuilt({
    base: 'gemma-4-E2B-it',
    label: 'Gemma 4 E2B (small GPUs)',
    family: 'gemma-4-e2b',
    series: 'gemma-4',
    lib: 'gemma-4-E2B-it',
    chunk: 'cs512',
    vramMB: [3387.37, 3862.72],
    downloadMB: [2600, 2900],
    lowResource: false,
    maxContext: 131072,
    kv: estimate(30, 2, 256),
  }),
  ...prebuilt({
    base: 'Qwen2.5-Coder-3B-Instruct',
    label: 'Qwen2.5-Coder 3B Instruct',
    family: 'qwen2.5-coder-3b',
    series: 'qwen2.5-coder',
    lib: 'Qwen2.5-3B-Instruct',
    vramMB: [2504.76, 2893.64],
    downloadMB: [1750, 1950],
    lowResource: true,
    maxContext: 32768,
    kv: config(36, 2, 128),
  }),
  ...prebuilt({
    base: 'Qwen3.5-2B',
    label: 'Qwen3.5 2B (low end)',
    family: 'qwen3.5-2b',
    series: 'qwen3.5',
    lib: 'Qwen3.5-2B',
    vramMB: [2245.44, 2591.55],
    downloadMB: [1250, 1400],
    lowResource: false,
    maxContext: 262144,
    kv: estimate(6, 2, 256),
    overrides: QWEN35_OVERRIDES,
  }),
  ...prebuilt({
    base: 'Qwen2.5-Coder-1.5B-Instruct',
    label: 'Qwen2.5-Coder 1.5B Instruct',
    family: 'qwen2.5-coder-1.5b',
    series: 'qwen2.5-coder',
    lib: 'Qwen2-1.5B-Instruct',
    vramMB: [1629.75, 1888.97],
    downloadMB: [900, 1000],
    lowResource: false,
    maxContext: 32768,
    kv: config(28, 2, 128),
  }),
  ...prebuilt({
    base: 'Qwen3.5-0.8B',
    label: 'Qwen3.5 0.8B (low end)',
    family: 'qwen3.5-0.8b',
    series: 'qwen3.5',
    lib: 'Qwen3.5-0.8B',
    vramMB: [1629.49, 1894.19],
    downloadMB: [520, 580],
    lowResource: true,
    maxContext: 262144,
    kv: estimate(6, 2, 256),
    overrides: QWEN35_OVERRIDES,
  }),
  ...prebuilt({
    base: 'Qwen2.5-Coder-0.5B-Instruct',
    label: 'Qwen2.5-Coder 0.5B Instruct',
    family: 'qwen2.5-coder-0.5b',
    series: 'qwen2.5-coder',
    lib: 'Qwen2-0.5B-Instruct',
    vramMB: [944.62, 1060.2],
    downloadMB: [300, 350],
    lowResource: true,
    maxContext: 32768,
    kv: config(24, 2, 64),
  }),
  ...prebuilt({
    base: 'Phi-3.5-mini-instruct',
    label: 'Phi-3.5 mini Instruct',
    family: 'phi-3.5-mini',
    series: 'phi-3.5',
    lib: 'Phi-3.5-mini-instruct',
    vramMB: [3672.07, 5483.12],
    downloadMB: [2100, 2400],
    lowResource: false,
    maxContext: 131072,
    kv: config(32, 32, 96),
  }),
];

/** Libraries a user can pick for an imported folder that has no .wasm of its own. */
export const KNOWN_LIBRARIES: Record<string, string> = {
  'Mistral-7B q4f16_1 (CodeActAgent)': libUrl('Mistral-7B-Instruct-v0.3-q4f16_1_cs1k-webgpu.wasm'),
  'Mistral-7B q4f32_1': libUrl('Mistral-7B-Instruct-v0.3-q4f32_1_cs1k-webgpu.wasm'),
  'Qwen2 7B q4f16_1': libUrl('Qwen2-7B-Instruct-q4f16_1_cs1k-webgpu.wasm'),
  'Qwen2 7B q4f32_1': libUrl('Qwen2-7B-Instruct-q4f32_1_cs1k-webgpu.wasm'),
  'Qwen2 0.5B q4f32_1': libUrl('Qwen2-0.5B-Instruct-q4f32_1_cs1k-webgpu.wasm'),
  'Qwen3 8B q4f16_1': libUrl('Qwen3-8B-q4f16_1_cs1k-webgpu.wasm'),
  'Qwen3 4B q4f16_1': libUrl('Qwen3-4B-q4f16_1_cs1k-webgpu.wasm'),
};
