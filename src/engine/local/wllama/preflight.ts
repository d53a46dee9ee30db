// Whether a GGUF runs on this device with llama.cpp (wllama), from device facts only (pure):
// - CPU: WebAssembly with SIMD; several threads only when cross-origin isolated. The wasm heap is
//   capped at 4 GiB (wllama 3.13.0 builds with -sMAXIMUM_MEMORY=4096MB), so weights + KV cache +
//   buffers must fit in it: CPU models end at about 3–4B parameters at 4 bits.
// - WebGPU: llama.cpp's WebGPU backend asserts `shader-f16` (wllama #241) and is reached only
//   through JSPI (Chromium); weights then live in GPU buffers, so 7–9B models can run.
import type { CatalogModel, KvShape } from '../../catalog/types';
import type { DeviceFacts, GpuFacts } from '../../device/facts';
import type { ContextOption, ContextPlan, Verdict } from '../runtime';
import { threadsFor } from './threads';

/** wllama 3.13.0's maximum wasm memory. */
export const WASM_HEAP_MB = 4096;
/** Kept free inside the heap for llama.cpp's compute buffers, the tokenizer and the glue. */
const HEAP_RESERVE_MB = 400;
/** A storage buffer llama.cpp's WebGPU backend binds must hold a large tensor. */
const MIN_GPU_BINDING = 128 * 1024 * 1024;
const CONTEXT_STEPS = [2048, 4096, 8192, 16384, 32768];

const weightsMB = (m: CatalogModel) => m.downloadMB;

/** f16 K and V for one token across the attention layers, MB. */
export function kvMBPerToken(kv: KvShape | undefined): number {
  if (!kv) return 0.1; // unknown shape: a 7B-class model's cost, so estimates err on the safe side
  return (2 * kv.attentionLayers * kv.kvHeads * kv.headDim * 2) / 1e6;
}

export function needMB(model: CatalogModel, contextTokens: number): number {
  return Math.round(weightsMB(model) * 1.05 + kvMBPerToken(model.kv) * contextTokens + 150);
}

/** Why llama.cpp's WebGPU backend cannot run here, or undefined when it can. */
/**
 * Our estimate of decode tokens/s for a model of `downloadMB` on `threads` wasm threads (not a
 * measurement): decode is memory-bound, roughly 2.5 GB/s of weights read by wasm SIMD on one
 * laptop core, scaling sub-linearly with threads; about 1/3 of native llama.cpp.
 */
export function estimateCpuTokensPerSec(downloadMB: number, threads: number): number {
  const gbPerSec = 2.5 * Math.pow(threads, 0.6);
  return Math.max(0.5, Math.round((gbPerSec / (downloadMB / 1000)) * 10) / 10);
}

export function webgpuProblem(gpu: GpuFacts): string | undefined {
  if (!gpu.webgpu) return 'no-webgpu';
  if (!gpu.adapter) return 'no-adapter';
  if (gpu.isFallbackAdapter) return 'software-adapter';
  if (!gpu.features.includes('shader-f16')) return 'needs-f16';
  if (gpu.maxStorageBufferBindingSize < MIN_GPU_BINDING) return 'small-buffers';
  return undefined;
}

const WEBGPU_WHY: Record<string, string> = {
  'no-webgpu': 'this browser has no WebGPU',
  'no-adapter': 'no GPU adapter was offered',
  'software-adapter': 'the GPU adapter is a software one',
  'needs-f16': 'the GPU lacks shader-f16, which llama.cpp’s WebGPU backend requires',
  'small-buffers': 'the GPU’s storage buffers are too small',
};

/** RAM the CPU path may use, MB: the wasm heap, and at most half the reported device memory. */
function cpuBudgetMB(facts: DeviceFacts): number {
  const ram = facts.deviceMemoryGB ? (facts.deviceMemoryGB * 1024) / 2 : Infinity;
  return Math.min(WASM_HEAP_MB - HEAP_RESERVE_MB, ram);
}

function storageShort(model: CatalogModel, facts: DeviceFacts): boolean {
  const { quotaBytes, usageBytes } = facts.storage;
  if (quotaBytes === undefined) return false;
  return quotaBytes - (usageBytes ?? 0) < model.downloadMB * 1e6;
}

export function wllamaVerdict(
  model: CatalogModel,
  facts: DeviceFacts,
  opts: { stored?: boolean } = {},
): Verdict {
  const warnings: string[] = [];
  const threads = threadsFor(facts.cpu);
  const minCtx = Math.min(CONTEXT_STEPS[0]!, model.maxContext ?? model.contextWindow);
  const cpuFits = needMB(model, minCtx) <= cpuBudgetMB(facts);
  const gpu = webgpuProblem(facts.gpu);
  if (!opts.stored && storageShort(model, facts))
    return {
      kind: 'no-storage',
      fitsMemory: true,
      reason: `Not enough browser storage for ${model.downloadMB} MB.`,
      warnings,
    };
  if (!gpu)
    return {
      kind: 'runs',
      runsOn: 'webgpu',
      fitsMemory: true,
      reason: `Runs with llama.cpp on WebGPU${cpuFits ? ' (or on the CPU)' : ''}.`,
      warnings,
    };
  if (!cpuFits) {
    const overHeap = needMB(model, minCtx) > WASM_HEAP_MB - HEAP_RESERVE_MB;
    return {
      kind: 'too-big',
      detail: overHeap ? 'over-wasm-heap' : 'over-device-memory',
      fitsMemory: false,
      reason: overHeap
        ? `Too big for the CPU: WebAssembly’s 4 GiB heap holds models up to about 3–4B at 4 bits, and ${WEBGPU_WHY[gpu]}.`
        : `Too big for this device’s memory on the CPU, and ${WEBGPU_WHY[gpu]}.`,
      warnings,
    };
  }
  if (threads === 1)
    warnings.push(
      facts.cpu.crossOriginIsolated
        ? 'One CPU thread: this device reports a single core.'
        : 'One CPU thread: the page is not cross-origin isolated, so llama.cpp cannot use several.',
    );
  return {
    kind: 'runs',
    runsOn: 'cpu',
    detail: gpu,
    fitsMemory: true,
    reason:
      `Runs on the CPU (${threads} thread${threads > 1 ? 's' : ''}; ${WEBGPU_WHY[gpu]}), ` +
      `at roughly ${estimateCpuTokensPerSec(model.downloadMB, threads)} tokens per second (our estimate).`,
    warnings,
  };
}

export function wllamaContextPlan(model: CatalogModel, facts: DeviceFacts): ContextPlan {
  const max = model.maxContext ?? model.contextWindow;
  const onGpu = !webgpuProblem(facts.gpu);
  const budget = onGpu ? undefined : cpuBudgetMB(facts);
  const options: ContextOption[] = CONTEXT_STEPS.filter((t) => t <= max).map((tokens) => {
    const need = needMB(model, tokens);
    return {
      tokens,
      needMB: need,
      fit: budget === undefined ? 'unknown' : need <= budget ? 'fits' : 'over',
    };
  });
  // An agent needs room for a long system prompt and observations; 8k when it fits, never the
  // library's default of 1024.
  const fitting = options.filter((o) => o.fit !== 'over' && o.tokens <= 8192);
  const recommended = fitting.at(-1)?.tokens ?? options[0]?.tokens ?? 2048;
  return {
    options,
    recommended,
    ...(budget !== undefined ? { budgetMB: Math.round(budget) } : {}),
    reason:
      budget === undefined
        ? `${recommended} tokens: on WebGPU the KV cache lives in GPU memory.`
        : `${recommended} tokens: the largest window up to 8k whose KV cache fits the CPU budget of ${Math.round(budget)} MB.`,
  };
}
