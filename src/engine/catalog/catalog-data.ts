// The model catalog as data: every backend's models in one list, and the order in which the
// device advice prefers them. A backend's entries live in their own file (webllm-models.ts).
import type { CatalogModel } from './types';
import { GGUF_MODELS } from './gguf-models';
import { WEBLLM_MODELS } from './webllm-models';

export const CATALOG: readonly CatalogModel[] = [...WEBLLM_MODELS, ...GGUF_MODELS];

/**
 * Default order of preference (families); within a family f16 beats f32 when the GPU has
 * shader-f16, and a model whose memory need exceeds the device's estimate is skipped.
 * Largest class first (GPU fit decides how far down the list a device gets). Within the
 * 7–9B class: the one published full-benchmark agent result (Qwen3-8B, M3ToolEval code mode),
 * then our judgement without published figures (Qwen3.5-9B, Qwen2.5-Coder-7B), Llama-3.1-8B
 * (published on one environment only), CodeActAgent (published, but with its own RoPE base,
 * which our shared library lacks; only when its weights are available). docs/models.md.
 */
export const DEFAULT_PREFERENCE = [
  'qwen3-8b',
  'qwen3.5-9b',
  'qwen2.5-coder-7b',
  'llama-3.1-8b',
  'codeact-mistral-7b',
  'qwen3-4b',
  'qwen3.5-4b',
  'phi-4-mini',
  'gemma-4-e2b',
  'qwen2.5-coder-3b',
  'qwen3.5-2b',
  'qwen2.5-coder-1.5b',
  'qwen3.5-0.8b',
  'qwen2.5-coder-0.5b',
];
