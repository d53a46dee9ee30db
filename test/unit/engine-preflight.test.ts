import { describe, expect, it } from 'vitest';
import { CATALOG, pickDefaultModel, type CatalogModel } from '../../src/engine/supply/catalog';
import { fitsMemory } from '../../src/engine/device/context-size';
import { CODEACT_MODEL_ID } from '../../src/engine/supply/catalog-data';
import {
  describeAdapter,
  verdictFor,
  verdictsFor,
  type AdapterFacts,
} from '../../src/engine/device/preflight';

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
    expect(verdictFor(model(CODEACT_MODEL_ID), { ...swiftshader, webgpu: false }).kind).toBe(
      'no-webgpu',
    );
    expect(verdictFor(model(CODEACT_MODEL_ID), { ...swiftshader, adapter: false }).kind).toBe(
      'no-webgpu',
    );
  });

  it('software adapter without shader-f16: f16 models need f16, f32 models run with a warning', () => {
    const v = verdictsFor(CATALOG, swiftshader);
    expect(v.get(CODEACT_MODEL_ID)?.kind).toBe('needs-f16');
    expect(v.get('Qwen2.5-Coder-7B-Instruct-q4f16_1-MLC')?.kind).toBe('needs-f16');
    const f32 = v.get('Qwen2.5-Coder-7B-Instruct-q4f32_1-MLC');
    expect(f32?.kind).toBe('runs');
    expect(f32?.warnings.join(' ')).toMatch(/Software/);
    expect(describeAdapter(swiftshader)).toMatch(/software adapter.*no shader-f16/);
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
  const none = { cached: new Set<string>(), codeactWeightsReachable: false };
  const fitsOn = (f: AdapterFacts) => (m: CatalogModel) => fitsMemory(m, f);
  it('the 7–9B class in preference order: Qwen3-8B first, f16 where possible', () => {
    expect(pickDefaultModel(verdictsFor(CATALOG, bigGpu), none)?.id).toBe('Qwen3-8B-q4f16_1-MLC');
  });
  it('CodeActAgent only when its weights are available, after the prebuilt 7–9B models', () => {
    const v = new Map(verdictsFor(CATALOG, bigGpu));
    for (const m of CATALOG)
      if (/^(qwen3-8b|qwen3\.5-9b|qwen2\.5-coder-7b|llama-3\.1-8b)$/.test(m.family))
        v.set(m.id, { kind: 'too-big', reason: 'test', warnings: [] });
    expect(pickDefaultModel(v, { ...none, codeactWeightsReachable: true })?.id).toBe(
      CODEACT_MODEL_ID,
    );
    expect(pickDefaultModel(v, { ...none, cached: new Set([CODEACT_MODEL_ID]) })?.id).toBe(
      CODEACT_MODEL_ID,
    );
    expect(pickDefaultModel(v, none)?.id).toBe('Qwen3-4B-q4f16_1-MLC');
  });
  it('q4f32 on a hardware GPU without shader-f16, even when CodeAct weights are reachable', () => {
    const noF16 = { ...bigGpu, features: [] };
    const pick = pickDefaultModel(verdictsFor(CATALOG, noF16), {
      ...none,
      codeactWeightsReachable: true,
    });
    expect(pick?.id).toBe('Qwen3-8B-q4f32_1-MLC');
  });
  it('GPU fit: the first model whose memory need fits the device estimate', () => {
    const v = verdictsFor(CATALOG, bigGpu);
    // 6 GB estimated (deviceMemory 8): Qwen3-8B q4f16_1 needs 5.6 GB at 4k.
    const desktop = { ...bigGpu, deviceMemoryGB: 8 };
    expect(pickDefaultModel(v, { ...none, fits: fitsOn(desktop) })?.id).toBe(
      'Qwen3-8B-q4f16_1-MLC',
    );
    // 3 GB estimated (deviceMemory 4): every 3.4 GB model is skipped.
    const laptop = { ...bigGpu, deviceMemoryGB: 4 };
    expect(pickDefaultModel(v, { ...none, fits: fitsOn(laptop) })?.id).toBe(
      'Qwen2.5-Coder-3B-Instruct-q4f16_1-MLC',
    );
    // A software adapter gets no local model at all.
    expect(
      pickDefaultModel(verdictsFor(CATALOG, swiftshader), { ...none, fits: fitsOn(swiftshader) }),
    ).toBeUndefined();
  });
  it('smaller ones when the big ones do not fit the buffers, nothing without WebGPU', () => {
    const small = { ...bigGpu, maxStorageBufferBindingSize: 256 * 1024 ** 2 };
    expect(pickDefaultModel(verdictsFor(CATALOG, small), none)?.id).toBe('Qwen3-4B-q4f16_1-MLC');
    expect(
      pickDefaultModel(verdictsFor(CATALOG, { ...bigGpu, webgpu: false }), none),
    ).toBeUndefined();
  });
});
