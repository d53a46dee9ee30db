// How long a context each model can have on this device. Pure: facts in, options out.
//
// What it costs: WebLLM allocates the KV cache for the whole window at load time (one sequence,
// every attention layer), so memory = the model's need at WebLLM's 4k default
// (`vram_required_MB`, which includes 4k of KV) − 4k of KV + the window's KV. Each layer's KV
// pages are one GPU buffer, which must fit the adapter's buffer and binding limits.
//
// What the device has: WebGPU does not report GPU memory. The estimate is ours (not measured):
// 75 % of `navigator.deviceMemory` (RAM in GB; Chromium reports at most 8), i.e. at most 6 GB.
// Without that figure the budget is unknown: every window within the limits is offered, and the
// default stays at WebLLM's tested 4k.
import type { CatalogModel } from '../../catalog/catalog';
import { isSoftwareAdapter } from '../../device/describe';
import type { DeviceFacts } from '../../device/facts';
import type { ContextOption, ContextPlan } from '../../device/verdict';

export const CONTEXT_STEPS = [4096, 8192, 16384, 32768] as const;
export const BASE_CONTEXT = 4096;
const MiB = 1024 ** 2;
/** Share of the reported RAM we assume the GPU may use (our assumption, see docs/models.md). */
const MEMORY_SHARE = 0.75;

/** Bytes per element of the KV cache: f32 activations (q4f32_1) store it in f32. */
function kvElementBytes(m: Pick<CatalogModel, 'quantization'>): number {
  return /f32/.test(m.quantization) ? 4 : 2;
}

/** KV-cache bytes one token of context costs (K and V, every attention layer); 0 when unknown. */
export function kvBytesPerToken(m: Pick<CatalogModel, 'kv' | 'quantization'>): number {
  if (!m.kv) return 0;
  return 2 * m.kv.attentionLayers * m.kv.kvHeads * m.kv.headDim * kvElementBytes(m);
}

/** The largest single KV buffer (one layer's pages) for a window, in bytes. */
export function kvLayerBufferBytes(m: CatalogModel, tokens: number): number {
  if (!m.kv) return 0;
  return 2 * m.kv.kvHeads * m.kv.headDim * kvElementBytes(m) * tokens;
}

/** Estimated GPU memory for the model loaded with a `tokens` window, in MB. */
export function memoryNeedMB(m: CatalogModel, tokens: number): number {
  const perToken = kvBytesPerToken(m) / MiB;
  return m.memoryMB - perToken * BASE_CONTEXT + perToken * tokens;
}

/** Our estimate of the GPU memory this device can give a model, in MB; undefined when unknown. */
export function gpuMemoryBudgetMB(f: DeviceFacts): number | undefined {
  if (!f.gpu.webgpu || !f.gpu.adapter || isSoftwareAdapter(f.gpu)) return 0;
  if (!f.deviceMemoryGB || !(f.deviceMemoryGB > 0)) return undefined;
  return f.deviceMemoryGB * 1024 * MEMORY_SHARE;
}

/** Whether the model at WebLLM's 4k default fits the memory estimate (true when unknown). */
export function fitsMemory(m: CatalogModel, f: DeviceFacts): boolean {
  const budget = gpuMemoryBudgetMB(f);
  return budget === undefined || !m.memoryMB || memoryNeedMB(m, BASE_CONTEXT) <= budget;
}

function withinLimits(m: CatalogModel, f: DeviceFacts, tokens: number): boolean {
  const limit = Math.min(f.gpu.maxBufferSize, f.gpu.maxStorageBufferBindingSize);
  return !(limit > 0) || kvLayerBufferBytes(m, tokens) <= limit;
}

const k = (tokens: number) => `${tokens / 1024}k`;

/** The windows offered for a model on this device, and the recommended one. */
export function planContext(m: CatalogModel, f: DeviceFacts): ContextPlan {
  const max = m.maxContext ?? m.contextWindow;
  if (!m.kv || max <= BASE_CONTEXT) {
    const tokens = Math.min(m.contextWindow, max);
    return {
      options: [{ tokens, needMB: m.memoryMB, fit: 'unknown' }],
      recommended: tokens,
      reason: m.kv
        ? `${k(tokens)} tokens: the longest this model was trained for.`
        : `${k(tokens)} tokens: the KV-cache size of this model is unknown.`,
    };
  }
  const budget = gpuMemoryBudgetMB(f);
  const options: ContextOption[] = [];
  for (const tokens of CONTEXT_STEPS) {
    if (tokens > max || !withinLimits(m, f, tokens)) continue;
    const needMB = memoryNeedMB(m, tokens);
    if (budget === undefined) options.push({ tokens, needMB, fit: 'unknown' });
    else if (needMB <= budget) options.push({ tokens, needMB, fit: 'fits' });
    else if (tokens === BASE_CONTEXT) options.push({ tokens, needMB, fit: 'over' });
  }
  if (options.length === 0)
    return {
      options: [{ tokens: BASE_CONTEXT, needMB: memoryNeedMB(m, BASE_CONTEXT), fit: 'over' }],
      recommended: BASE_CONTEXT,
      budgetMB: budget,
      reason: 'GPU buffer limits are too small for a 4k KV cache; loading will probably fail.',
    };
  const fitting = options.filter((o) => o.fit === 'fits');
  if (budget === undefined)
    return {
      options,
      recommended: BASE_CONTEXT,
      reason:
        'This browser does not report the device memory: 4k tokens (WebLLM’s default); larger windows may not fit.',
    };
  const best = fitting[fitting.length - 1];
  if (!best)
    return {
      options,
      recommended: BASE_CONTEXT,
      budgetMB: budget,
      reason: `Even 4k tokens needs more than the ≈${gb(budget)} this device likely has.`,
    };
  return {
    options,
    recommended: best.tokens,
    budgetMB: budget,
    reason: `${k(best.tokens)} tokens: the largest window that fits the ≈${gb(budget)} this device likely has (needs ≈${gb(best.needMB)}).`,
  };
}

const gb = (mb: number) => `${(mb / 1024).toFixed(1)} GB`;
