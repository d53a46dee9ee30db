import { describe, expect, it } from 'vitest';
import {
  gpuMemoryBudgetMB as budgetOf,
  kvBytesPerToken,
  memoryNeedMB,
  planContext as planOf,
} from '../../src/engine/local/webllm/context-size';
import { CATALOG, type CatalogModel } from '../../src/engine/catalog/catalog';
import { CODEACT_MODEL_ID } from '../../src/engine/catalog/webllm-models';
import { deviceFacts, type FlatFacts as AdapterFacts } from '../support/device-facts';

const gpuMemoryBudgetMB = (f: AdapterFacts) => budgetOf(deviceFacts(f));
const planContext = (m: CatalogModel, f: AdapterFacts) => planOf(m, deviceFacts(f));
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const model = (id: string) => CATALOG.find((m) => m.id === id)!;
const base: AdapterFacts = {
  webgpu: true,
  adapter: true,
  isFallbackAdapter: false,
  vendor: 'test',
  architecture: '',
  description: '',
  features: ['shader-f16'],
  maxBufferSize: 4 * GiB,
  maxStorageBufferBindingSize: 2 * GiB,
  maxStorageBuffersPerShaderStage: 10,
  maxComputeWorkgroupStorageSize: 32768,
};
/** Profile 1: desktop Chrome, discrete GPU (deviceMemory reports its cap, 8). */
const desktop: AdapterFacts = { ...base, deviceMemoryGB: 8 };
/** Profile 2: a 4 GB laptop with an integrated GPU and 1 GiB buffers. */
const laptop: AdapterFacts = {
  ...base,
  deviceMemoryGB: 4,
  maxBufferSize: GiB,
  maxStorageBufferBindingSize: GiB,
};
/** Profile 3: a browser that reports no deviceMemory, with 256 MiB buffers. */
const noMemoryFigure: AdapterFacts = {
  ...base,
  maxBufferSize: 256 * MiB,
  maxStorageBufferBindingSize: 256 * MiB,
};

describe('KV cache and memory per window', () => {
  it('bytes per token from layers × KV heads × head dim × 2 × element size', () => {
    expect(kvBytesPerToken(model('Qwen2.5-Coder-7B-Instruct-q4f16_1-MLC'))).toBe(56 * 1024);
    expect(kvBytesPerToken(model('Qwen2.5-Coder-7B-Instruct-q4f32_1-MLC'))).toBe(112 * 1024);
    expect(kvBytesPerToken(model('Llama-3.1-8B-Instruct-q4f16_1-MLC'))).toBe(128 * 1024);
    // Hybrid Qwen3.5: only its 8 full-attention layers keep a KV cache.
    expect(kvBytesPerToken(model('Qwen3.5-9B-q4f16_1-MLC'))).toBe(32 * 1024);
  });

  it('the need at 4k is WebLLM’s figure; each extra 4k adds its KV', () => {
    const m = model('Qwen3-8B-q4f16_1-MLC');
    expect(memoryNeedMB(m, 4096)).toBeCloseTo(m.memoryMB, 6);
    expect(memoryNeedMB(m, 8192) - memoryNeedMB(m, 4096)).toBeCloseTo(576, 6);
  });

  it('device budget: 75 % of deviceMemory, none for software adapters, unknown without a figure', () => {
    expect(gpuMemoryBudgetMB(desktop)).toBe(6144);
    expect(gpuMemoryBudgetMB(laptop)).toBe(3072);
    expect(gpuMemoryBudgetMB(noMemoryFigure)).toBeUndefined();
    expect(gpuMemoryBudgetMB({ ...desktop, isFallbackAdapter: true })).toBe(0);
    expect(gpuMemoryBudgetMB({ ...desktop, webgpu: false })).toBe(0);
  });
});

describe('context sizing for three device profiles', () => {
  const tokens = (p: ReturnType<typeof planContext>) => p.options.map((o) => o.tokens);

  it('desktop (≈6 GB estimate): a 7B coder gets 16k, an 8B 4k, a 9B is over even at 4k', () => {
    const coder = planContext(model('Qwen2.5-Coder-7B-Instruct-q4f16_1-MLC'), desktop);
    expect(tokens(coder)).toEqual([4096, 8192, 16384]);
    expect(coder.recommended).toBe(16384);
    expect(coder.reason).toMatch(/16k tokens: the largest window that fits the ≈6\.0 GB/);
    const qwen3 = planContext(model('Qwen3-8B-q4f16_1-MLC'), desktop);
    expect(tokens(qwen3)).toEqual([4096]);
    expect(qwen3.recommended).toBe(4096);
    const q35 = planContext(model('Qwen3.5-9B-q4f16_1-MLC'), desktop);
    expect(q35.options).toEqual([expect.objectContaining({ tokens: 4096, fit: 'over' })]);
    expect(q35.reason).toMatch(/Even 4k tokens needs more/);
  });

  it('laptop (≈3 GB estimate): small models get the full 32k', () => {
    const small = planContext(model('Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC'), laptop);
    expect(tokens(small)).toEqual([4096, 8192, 16384, 32768]);
    expect(small.recommended).toBe(32768);
    const q35 = planContext(model('Qwen3.5-2B-q4f16_1-MLC'), laptop);
    expect(q35.recommended).toBe(32768);
    // Phi-3.5-mini needs 3.6 GB already at 4k (its KV is 384 KiB per token): 4k, marked over.
    const phi = planContext(model('Phi-3.5-mini-instruct-q4f16_1-MLC'), laptop);
    expect(phi.recommended).toBe(4096);
    expect(phi.options).toEqual([expect.objectContaining({ tokens: 4096, fit: 'over' })]);
  });

  it('no memory figure, 256 MiB buffers: windows within the buffer limit offered, 4k chosen', () => {
    const phi = planContext(model('Phi-3.5-mini-instruct-q4f16_1-MLC'), noMemoryFigure);
    // One layer's KV at 32k would be 384 MiB, over the 256 MiB buffer limit.
    expect(tokens(phi)).toEqual([4096, 8192, 16384]);
    expect(phi.options.every((o) => o.fit === 'unknown')).toBe(true);
    expect(phi.recommended).toBe(4096);
    expect(phi.reason).toMatch(/does not report the device memory/);
  });

  it('a model trained on 4k (CodeActAgent’s sliding window) is offered 4k only', () => {
    const p = planContext(model(CODEACT_MODEL_ID), desktop);
    expect(tokens(p)).toEqual([4096]);
    expect(p.recommended).toBe(4096);
  });
});
