// The model catalog as data. Sizes: VRAM from WebLLM 0.2.86's prebuiltAppConfig (4k context);
// download sizes are approximate (sum of the published weight shards, rounded).
import type { CatalogModel } from './catalog-types';

/** WebLLM 0.2.86 constants, copied so the main bundle never imports WebLLM (a unit test pins them). */
export const WEBLLM_MODEL_VERSION = 'v0_2_86/base';
export const WEBLLM_LIB_PREFIX =
  'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/';

export const libUrl = (file: string): string =>
  `${WEBLLM_LIB_PREFIX}${WEBLLM_MODEL_VERSION}/${file}`;
const hf = (id: string): string => `https://huggingface.co/mlc-ai/${id}`;

const QWEN_STOPS = ['<|im_end|>', '<|endoftext|>'];

function qwenCoder(
  size: '7B' | '3B' | '1.5B' | '0.5B',
  quant: 'q4f16_1' | 'q4f32_1',
  vramMB: number,
  downloadMB: number,
  lib: string,
  lowResource: boolean,
): CatalogModel {
  const id = `Qwen2.5-Coder-${size}-Instruct-${quant}-MLC`;
  return {
    id,
    label: `Qwen2.5-Coder ${size} Instruct (${quant})`,
    family: `qwen2.5-coder-${size.toLowerCase()}`,
    quantization: quant,
    dialect: 'generic',
    contextWindow: 4096,
    vramMB,
    downloadMB,
    lowResource,
    weights: { kind: 'url', url: hf(id) },
    modelLib: libUrl(`${lib}-${quant}_cs1k-webgpu.wasm`),
    stopStrings: QWEN_STOPS,
    source: 'prebuilt',
  };
}

export const CODEACT_MODEL_ID = 'CodeActAgent-Mistral-7b-v0.1-q4f16_1-MLC';

export const CATALOG: readonly CatalogModel[] = [
  {
    id: CODEACT_MODEL_ID,
    label: 'CodeActAgent Mistral 7B v0.1 (q4f16_1)',
    family: 'codeact-mistral-7b',
    quantization: 'q4f16_1',
    dialect: 'codeact',
    contextWindow: 4096,
    vramMB: 4573,
    downloadMB: 3900,
    lowResource: false,
    // Self-hosted: converted once with MLC (docs/models.md); base URL configurable at run time.
    weights: { kind: 'self-hosted', path: `models/${CODEACT_MODEL_ID}/resolve/main/` },
    // WebLLM's prebuilt Mistral library serves every Mistral-7B-v0.1 finetune (OpenHermes does the same).
    modelLib: libUrl('Mistral-7B-Instruct-v0.3-q4f16_1_cs1k-webgpu.wasm'),
    stopStrings: ['<|im_end|>'],
    overrides: { context_window_size: 4096, sliding_window_size: -1 },
    source: 'codeact',
  },
  qwenCoder('7B', 'q4f16_1', 5106.67, 4300, 'Qwen2-7B-Instruct', false),
  qwenCoder('7B', 'q4f32_1', 5900.09, 4700, 'Qwen2-7B-Instruct', false),
  qwenCoder('3B', 'q4f16_1', 2504.76, 1750, 'Qwen2.5-3B-Instruct', true),
  qwenCoder('3B', 'q4f32_1', 2893.64, 1950, 'Qwen2.5-3B-Instruct', true),
  qwenCoder('1.5B', 'q4f16_1', 1629.75, 900, 'Qwen2-1.5B-Instruct', false),
  qwenCoder('1.5B', 'q4f32_1', 1888.97, 1000, 'Qwen2-1.5B-Instruct', false),
  qwenCoder('0.5B', 'q4f16_1', 944.62, 300, 'Qwen2-0.5B-Instruct', true),
  qwenCoder('0.5B', 'q4f32_1', 1060.2, 350, 'Qwen2-0.5B-Instruct', true),
  ...(['q4f16_1', 'q4f32_1'] as const).map((quant): CatalogModel => ({
    id: `Llama-3.1-8B-Instruct-${quant}-MLC`,
    label: `Llama 3.1 8B Instruct (${quant})`,
    family: 'llama-3.1-8b',
    quantization: quant,
    dialect: 'generic',
    contextWindow: 4096,
    vramMB: quant === 'q4f16_1' ? 5001 : 6101.01,
    downloadMB: quant === 'q4f16_1' ? 4500 : 4900,
    lowResource: false,
    weights: { kind: 'url', url: hf(`Llama-3.1-8B-Instruct-${quant}-MLC`) },
    modelLib: libUrl(`Llama-3_1-8B-Instruct-${quant}_cs1k-webgpu.wasm`),
    stopStrings: ['<|eot_id|>', '<|end_of_text|>'],
    source: 'prebuilt',
  })),
  ...(['q4f16_1', 'q4f32_1'] as const).map((quant): CatalogModel => ({
    id: `Phi-3.5-mini-instruct-${quant}-MLC`,
    label: `Phi-3.5 mini Instruct (${quant})`,
    family: 'phi-3.5-mini',
    quantization: quant,
    dialect: 'generic',
    contextWindow: 4096,
    vramMB: quant === 'q4f16_1' ? 3672.07 : 5483.12,
    downloadMB: quant === 'q4f16_1' ? 2100 : 2400,
    lowResource: false,
    weights: { kind: 'url', url: hf(`Phi-3.5-mini-instruct-${quant}-MLC`) },
    modelLib: libUrl(`Phi-3.5-mini-instruct-${quant}_cs1k-webgpu.wasm`),
    stopStrings: ['<|end|>', '<|endoftext|>'],
    source: 'prebuilt',
  })),
];

/** Default order of preference (families); within a family f16 beats f32 when the GPU has shader-f16. */
export const DEFAULT_PREFERENCE = [
  'codeact-mistral-7b',
  'qwen2.5-coder-7b',
  'qwen2.5-coder-3b',
  'qwen2.5-coder-1.5b',
  'qwen2.5-coder-0.5b',
];

/** Libraries a user can pick for an imported folder that has no .wasm of its own. */
export const KNOWN_LIBRARIES: Record<string, string> = {
  'Mistral-7B q4f16_1 (CodeActAgent)': libUrl('Mistral-7B-Instruct-v0.3-q4f16_1_cs1k-webgpu.wasm'),
  'Mistral-7B q4f32_1': libUrl('Mistral-7B-Instruct-v0.3-q4f32_1_cs1k-webgpu.wasm'),
  'Qwen2 7B q4f16_1': libUrl('Qwen2-7B-Instruct-q4f16_1_cs1k-webgpu.wasm'),
  'Qwen2 7B q4f32_1': libUrl('Qwen2-7B-Instruct-q4f32_1_cs1k-webgpu.wasm'),
  'Qwen2 0.5B q4f32_1': libUrl('Qwen2-0.5B-Instruct-q4f32_1_cs1k-webgpu.wasm'),
};
