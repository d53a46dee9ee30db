import { describe, expect, it } from 'vitest';
import {
  CATALOG as ALL_MODELS,
  isBackend,
  type CatalogModel,
} from '../../src/engine/catalog/catalog';
import { CODEACT_MODEL_ID } from '../../src/engine/catalog/webllm-models';
import { describeAdapter } from '../../src/engine/device/describe';
import { pickDefaultModel } from '../../src/engine/device/recommend';
import type { Verdict } from '../../src/engine/device/verdict';
import { verdictFor as webllmVerdict } from '../../src/engine/local/webllm/preflight';
import { deviceFacts, type FlatFacts as AdapterFacts } from '../support/device-facts';

// WebLLM's verdicts and defaults: the catalog's WebLLM models (GGUF ones have their own tests).
const CATALOG = ALL_MODELS.filter((m) => isBackend(m, 'webllm'));

const verdictFor = (m: CatalogModel, f: AdapterFacts, opts: { cached?: boolean } = {}) => {
  if (!isBackend(m, 'webllm')) throw new Error(`${m.id} is not a WebLLM model`);
  return webllmVerdict(m, deviceFacts(f), { stored: opts.cached });
};
const verdictsFor = (models: readonly CatalogModel[], f: AdapterFacts): Map<string, Verdict> =>
  new Map(models.map((m) => [m.id, verdictFor(m, f)]));

const GiB = 1024 ** 3;
// SwiftShader in headless Chromium, as measured (browser-testing.md §2.3).
const swiftshader: AdapterFacts = {
  webgpu: true,
  adapter: true,
  isFallbackAdapter: true,
  vendor: 'google',
  architecture: 'swiftshader',
  description: '',
  features: ['subgroups', 'timestamp-query'],
  maxBufferSize: GiB,
  maxStorageBufferBindingSize: GiB,
  maxStorageBuffersPerShaderStage: 10,
  maxComputeWorkgroupStorageSize: 32768,
  storageQuotaBytes: 100 * GiB,
  storageUsageBytes: 0,
};
const bigGpu: AdapterFacts = {
  ...swiftshader,
  isFallbackAdapter: false,
  architecture: 'ampere',
  vendor: 'nvidia',
  features: ['shader-f16'],
  maxBufferSize: 4 * GiB,
  maxStorageBufferBindingSize: 2 * GiB,
};
const model = (id: string) => {
  const m = CATALOG.find((x) => x.id === id);
  if (!m) throw new Error(id);
  return m;
};

describe('verdicts', () => {
  it('no WebGPU / no adapter', () => {
    expect(verdictFor(model(CODEACT_MODEL_ID), { ...swiftshader, webgpu: false })).toMatchObject({
      kind: 'unsupported',
      detail: 'no-webgpu',
    });
    expect(verdictFor(model(CODEACT_MODEL_ID), { ...swiftshader, adapter: false })).toMatchObject({
      kind: 'unsupported',
      detail: 'no-webgpu',
    });
  });

  it('software adapter without shader-f16: f16 models need f16, f32 models are far too slow', () => {
    const v = verdictsFor(CATALOG, swiftshader);
    expect(v.get(CODEACT_MODEL_ID)?.detail).toBe('needs-f16');
    expect(v.get('Qwen2.5-Coder-7B-Instruct-q4f16_1-MLC')?.detail).toBe('needs-f16');
    const f32 = v.get('Qwen2.5-Coder-7B-Instruct-q4f32_1-MLC');
    // They would load, but never as "Should run": too slow, and said so.
    expect(f32).toMatchObject({ kind: 'too-slow', detail: 'software-adapter' });
    expect(f32?.reason).toMatch(/^Far too slow here/);
    expect(f32?.reason).not.toMatch(/Should run/);
    expect([...v.values()].filter((x) => x.kind === 'runs')).toEqual([]);
    expect(describeAdapter(deviceFacts(swiftshader).gpu)).toMatch(
      /software adapter.*no shader-f16/,
    );
  });

  it('small binding limits leave only low-resource models; few storage buffers block all', () => {
    const small = { ...bigGpu, maxStorageBufferBindingSize: 128 * 1024 ** 2 };
    expect(verdictFor(model('Qwen2.5-Coder-7B-Instruct-q4f16_1-MLC'), small).kind).toBe('too-big');
    expect(verdictFor(model('Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC'), small).kind).toBe('runs');
    const eight = { ...bigGpu, maxStorageBuffersPerShaderStage: 8 };
    expect(verdictFor(model('Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC'), eight).reason).toMatch(
      /8.*10/,
    );
  });

  it('not enough storage, unless the model is already cached', () => {
    const full = { ...bigGpu, storageQuotaBytes: 2 * GiB, storageUsageBytes: GiB };
    const m = model('Qwen2.5-Coder-7B-Instruct-q4f16_1-MLC');
    expect(verdictFor(m, full).kind).toBe('no-storage');
    expect(verdictFor(m, full, { cached: true }).kind).toBe('runs');
  });
});

describe('pickDefaultModel', () => {
  const none = { cached: new Set<string>(), reachable: new Set<string>() };
  const codeactReachable = { ...none, reachable: new Set([CODEACT_MODEL_ID]) };
  it('the 7–9B class in preference order: Qwen3-8B first, f16 where possible', () => {
    expect(pickDefaultModel(verdictsFor(CATALOG, bigGpu), none)?.id).toBe('Qwen3-8B-q4f16_1-MLC');
  });
  it('CodeActAgent only when its weights are available, after the prebuilt 7–9B models', () => {
    const v = new Map(verdictsFor(CATALOG, bigGpu));
    for (const m of CATALOG)
      if (/^(qwen3-8b|qwen3\.5-9b|qwen2\.5-coder-7b|llama-3\.1-8b)$/.test(m.family))
        v.set(m.id, { kind: 'too-big', fitsMemory: false, reason: 'test', warnings: [] });
    expect(pickDefaultModel(v, codeactReachable)?.id).toBe(CODEACT_MODEL_ID);
    expect(pickDefaultModel(v, { ...none, cached: new Set([CODEACT_MODEL_ID]) })?.id).toBe(
      CODEACT_MODEL_ID,
    );
    expect(pickDefaultModel(v, none)?.id).toBe('Qwen3-4B-q4f16_1-MLC');
  });
  it('q4f32 on a hardware GPU without shader-f16, even when CodeAct weights are reachable', () => {
    const noF16 = { ...bigGpu, features: [] };
    const pick = pickDefaultModel(verdictsFor(CATALOG, noF16), codeactReachable);
    expect(pick?.id).toBe('Qwen3-8B-q4f32_1-MLC');
  });
  it('GPU fit: the first model whose memory need fits the device estimate', () => {
    // 6 GB estimated (deviceMemory 8): Qwen3-8B q4f16_1 needs 5.6 GB at 4k.
    const desktop = { ...bigGpu, deviceMemoryGB: 8 };
    expect(pickDefaultModel(verdictsFor(CATALOG, desktop), none)?.id).toBe('Qwen3-8B-q4f16_1-MLC');
    // 3 GB estimated (deviceMemory 4): every 3.4 GB model is skipped.
    const laptop = { ...bigGpu, deviceMemoryGB: 4 };
    expect(pickDefaultModel(verdictsFor(CATALOG, laptop), none)?.id).toBe(
      'Qwen2.5-Coder-3B-Instruct-q4f16_1-MLC',
    );
    // A software adapter gets no local model at all.
    expect(pickDefaultModel(verdictsFor(CATALOG, swiftshader), none)).toBeUndefined();
  });
  it('smaller ones when the big ones do not fit the buffers, nothing without WebGPU', () => {
    const small = { ...bigGpu, maxStorageBufferBindingSize: 256 * 1024 ** 2 };
    expect(pickDefaultModel(verdictsFor(CATALOG, small), none)?.id).toBe('Qwen3-4B-q4f16_1-MLC');
    expect(
      pickDefaultModel(verdictsFor(CATALOG, { ...bigGpu, webgpu: false }), none),
    ).toBeUndefined();
  });
});
