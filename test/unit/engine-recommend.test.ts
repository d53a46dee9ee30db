// First run: one model to set up, or one sentence saying why none; and the panel's grouping.
import { afterEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import { CATALOG as ALL_MODELS, isBackend } from '../../src/engine/catalog/catalog';
import { ADAPTER_OPTIONS, probeDevice } from '../../src/engine/device/probe';
import {
  firstRunAdvice,
  formatEta,
  groupModels,
  pickDefaultModel,
  setupLabel,
} from '../../src/engine/device/recommend';
import type { Verdict } from '../../src/engine/device/verdict';
import { unavailableReason, verdictFor } from '../../src/engine/local/webllm/preflight';
import { GGUF_MODELS } from '../../src/engine/catalog/gguf-models';
import { wllamaVerdict } from '../../src/engine/local/wllama/preflight';
import { cpuFirstRunAdvice } from '../../src/engine/local/wllama/recommend';
import { deviceFacts, type FlatFacts as AdapterFacts } from '../support/device-facts';

// WebLLM's verdicts and defaults: the catalog's WebLLM models (GGUF ones have their own tests).
const CATALOG = ALL_MODELS.filter((m) => isBackend(m, 'webllm'));

/** The catalog's verdicts from WebLLM's pre-flight (its only backend today). */
function verdictsFor(models: typeof CATALOG, f: AdapterFacts): Map<string, Verdict> {
  const facts = deviceFacts(f);
  return new Map(
    models.filter((m) => isBackend(m, 'webllm')).map((m) => [m.id, verdictFor(m, facts)]),
  );
}

const GiB = 1024 ** 3;
/** A discrete GPU with shader-f16 and big buffers. */
const desktopGpu: AdapterFacts = {
  webgpu: true,
  adapter: true,
  isFallbackAdapter: false,
  vendor: 'nvidia',
  architecture: 'ada',
  description: 'NVIDIA GeForce RTX 4070',
  features: ['shader-f16'],
  maxBufferSize: 4 * GiB,
  maxStorageBufferBindingSize: 2 * GiB,
  maxStorageBuffersPerShaderStage: 10,
  maxComputeWorkgroupStorageSize: 32768,
  storageQuotaBytes: 200 * GiB,
  storageUsageBytes: 0,
};

function advise(f: AdapterFacts, opts: { speedMBps?: number } = {}) {
  const verdicts = verdictsFor(CATALOG, f);
  const picked = pickDefaultModel(verdicts, { cached: new Set(), reachable: new Set() });
  const unavailable = unavailableReason(deviceFacts(f));
  return {
    verdicts,
    picked,
    advice: firstRunAdvice(true, verdicts, picked, { ...opts, unavailable }),
  };
}

const swiftshader: AdapterFacts = {
  ...desktopGpu,
  isFallbackAdapter: true,
  vendor: 'google',
  architecture: 'swiftshader',
  description: '',
  features: [],
};

describe('first-run advice', () => {
  it('a capable GPU gets one model to set up, with size and time at the measured speed', () => {
    const { advice, picked } = advise(desktopGpu, { speedMBps: 20 });
    expect(picked).toBeDefined();
    expect(advice).toMatchObject({ kind: 'model', model: picked, speedMBps: 20 });
    if (advice?.kind !== 'model') throw new Error('no model');
    expect(advice.downloadMB).toBe(picked!.downloadMB);
    expect(advice.etaSeconds).toBeCloseTo(picked!.downloadMB / 20);
  });

  it('without a measured speed there is no time estimate; a stored model needs no download', () => {
    const { verdicts, picked } = advise(desktopGpu);
    expect(firstRunAdvice(true, verdicts, picked)).toMatchObject({ etaSeconds: undefined });
    expect(firstRunAdvice(true, verdicts, picked, { cached: true })).toMatchObject({
      downloadMB: 0,
    });
  });

  it('a software adapter (SwiftShader): no WebLLM model runs; without a fallback none is offered', () => {
    const { advice, verdicts } = advise(swiftshader);
    // q4f32 models pass the limits, but would be far too slow: none "runs", none is picked.
    expect([...verdicts.values()].some((v) => v.kind === 'runs')).toBe(false);
    expect([...verdicts.values()].some((v) => v.kind === 'too-slow')).toBe(true);
    expect(advice).toEqual({
      kind: 'none',
      reason: expect.stringMatching(/software \(CPU-emulated\) adapter/),
    });
    // Detected from the adapter info alone too (no isFallbackAdapter flag).
    expect(unavailableReason(deviceFacts({ ...swiftshader, isFallbackAdapter: false }))).toMatch(
      /software/,
    );
  });

  it('a software adapter with a CPU fallback: the small model on the CPU, its speed said as our estimate', () => {
    const facts = deviceFacts(swiftshader);
    const verdicts = new Map<string, Verdict>([
      ...verdictsFor(CATALOG, swiftshader),
      ...GGUF_MODELS.map((m) => [m.id, wllamaVerdict(m, facts)] as const),
    ]);
    const picked = pickDefaultModel(verdicts, { cached: new Set(), reachable: new Set() });
    expect(picked).toBeUndefined(); // no GPU default…
    const fallback = cpuFirstRunAdvice(facts)!;
    const advice = firstRunAdvice(true, verdicts, picked, { fallback, speedMBps: 10 });
    // …so the first run names a GGUF on the CPU, with its honest speed.
    expect(advice).toMatchObject({ kind: 'model', model: fallback.model, note: fallback.text });
    if (advice?.kind !== 'model') throw new Error('no model');
    expect(advice.model.source.backend).toBe('wllama');
    expect(advice.note).toMatch(/roughly [\d.]+ tokens per second\. That is our estimate/);
    expect(advice.note).toMatch(/A model server is much faster/);
    expect(advice.etaSeconds).toBeCloseTo(fallback.model.downloadMB / 10);
    expect(verdicts.get(fallback.model.id)).toMatchObject({ kind: 'runs', runsOn: 'cpu' });
    // The panel's recommended group holds it; the WebLLM models sit apart as too slow.
    const g = groupModels([...CATALOG, ...GGUF_MODELS], verdicts, advice.model.id);
    expect(g.recommended).toEqual([fallback.model]);
    expect(g.tooSlow.map((x) => x.model.id)).toContain('Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC');
    expect(g.fits.every((m) => verdicts.get(m.id)?.runsOn === 'cpu')).toBe(true);
    // The fallback never replaces a GPU pick, nor a backends-wide "nothing runs here".
    const { verdicts: gpuVerdicts, picked: gpuPick } = advise(desktopGpu);
    const onGpu = firstRunAdvice(true, gpuVerdicts, gpuPick, { fallback });
    expect(onGpu).toMatchObject({ kind: 'model', model: gpuPick });
    expect(onGpu).not.toHaveProperty('note');
    expect(
      firstRunAdvice(true, verdicts, undefined, { fallback, unavailable: 'Nothing runs here.' }),
    ).toEqual({ kind: 'none', reason: 'Nothing runs here.' });
  });

  it('no WebGPU, no adapter, or limits too small: one sentence saying why', () => {
    const reasons = [
      advise({ ...desktopGpu, webgpu: false, adapter: false }).advice,
      advise({ ...desktopGpu, adapter: false }).advice,
      advise({ ...desktopGpu, maxStorageBuffersPerShaderStage: 8 }).advice,
    ].map((a) => (a?.kind === 'none' ? a.reason : `recommended ${a?.model.id}`));
    expect(reasons[0]).toBe('No local model can run here because this browser has no WebGPU.');
    expect(reasons[1]).toMatch(/offers no GPU adapter/);
    expect(reasons[2]).toBe(
      'No local model fits this device: GPU offers 8 storage buffers per shader stage; WebLLM needs 10.',
    );
    for (const r of reasons) expect(r.match(/\.(\s|$)/g)).toHaveLength(1); // one sentence
  });

  it('is undefined until pre-flight has run', () => {
    expect(firstRunAdvice(false, new Map(), undefined)).toBeUndefined();
  });

  it('the first-run button names the model, its size and the time at the measured speed', () => {
    const model = CATALOG.find((m) => m.id === 'Qwen2.5-Coder-3B-Instruct-q4f16_1-MLC')!;
    const base = { kind: 'model' as const, model };
    expect(setupLabel({ ...base, downloadMB: 1750, speedMBps: 12.5, etaSeconds: 140 })).toBe(
      'Set up Qwen2.5-Coder 3B Instruct (q4f16_1) (1.7 GB download, about 2 min at the measured 12.5 MB/s)',
    );
    expect(setupLabel({ ...base, downloadMB: 1750 })).toBe(
      'Set up Qwen2.5-Coder 3B Instruct (q4f16_1) (1.7 GB download)',
    );
    expect(setupLabel({ ...base, downloadMB: 0 })).toBe(
      'Load Qwen2.5-Coder 3B Instruct (q4f16_1) (already on this device)',
    );
  });

  it('formats download times coarsely', () => {
    expect(formatEta(30)).toBe('under a minute');
    expect(formatEta(600)).toBe('about 10 min');
    expect(formatEta(4800)).toBe('about 1 h 20 min');
  });
});

describe('grouping the panel', () => {
  it('recommended, others that fit, and cannot-run-here with the reason', () => {
    const f = { ...desktopGpu, features: [] }; // no shader-f16: the q4f16 variants cannot run
    const verdicts = verdictsFor(CATALOG, f);
    const g = groupModels(CATALOG, verdicts, 'Qwen2.5-Coder-3B-Instruct-q4f32_1-MLC');
    expect(g.recommended.map((m) => m.id)).toEqual(['Qwen2.5-Coder-3B-Instruct-q4f32_1-MLC']);
    expect(g.fits.length).toBeGreaterThan(0);
    expect(g.fits.every((m) => verdicts.get(m.id)?.kind === 'runs')).toBe(true);
    expect(g.cannot.length).toBeGreaterThan(0);
    for (const { model, reason } of g.cannot) {
      expect(model.quantization).toBe('q4f16_1');
      expect(reason).toMatch(/shader-f16/);
    }
    expect(g.recommended.length + g.fits.length + g.cannot.length).toBe(CATALOG.length);
  });

  it('before pre-flight everything is listed as fitting (nothing is hidden)', () => {
    expect(groupModels(CATALOG, new Map(), undefined).fits).toHaveLength(CATALOG.length);
  });
});

describe('device probe', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks for the adapter WebLLM will load on (the same powerPreference)', async () => {
    const asked: unknown[] = [];
    vi.stubGlobal('navigator', {
      gpu: {
        requestAdapter: async (opts: unknown) => {
          asked.push(opts);
          return {
            features: new Set(['shader-f16']),
            limits: { maxBufferSize: GiB, maxStorageBufferBindingSize: GiB },
            info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true },
          };
        },
      },
    });
    const facts = await probeDevice();
    expect(asked).toEqual([{ powerPreference: 'high-performance' }]);
    expect(facts.gpu).toMatchObject({
      adapter: true,
      isFallbackAdapter: true,
      features: ['shader-f16'],
    });
  });

  it('reports the CPU facts a CPU backend reads: hardware threads and cross-origin isolation', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 12 });
    vi.stubGlobal('crossOriginIsolated', true);
    expect(await probeDevice()).toMatchObject({
      gpu: { webgpu: false, adapter: false },
      cpu: { hardwareThreads: 12, crossOriginIsolated: true },
    });
    vi.stubGlobal('navigator', {});
    vi.stubGlobal('crossOriginIsolated', false);
    expect((await probeDevice()).cpu).toEqual({ hardwareThreads: 1, crossOriginIsolated: false });
  });

  it('WebLLM 0.2.86 still asks for that adapter (pinned against the installed package)', () => {
    const lib = fs.readFileSync('node_modules/@mlc-ai/web-llm/lib/index.js', 'utf8');
    const m =
      /function\* \(powerPreference = "([\w-]+)"\)[\s\S]{0,200}requestAdapter\(\{ powerPreference \}\)/.exec(
        lib,
      );
    expect(m?.[1]).toBe(ADAPTER_OPTIONS.powerPreference);
  });
});
