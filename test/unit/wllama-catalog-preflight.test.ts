// llama.cpp's pre-flight on the GGUF catalog: CPU verdicts from threads, isolation, memory and the
// 4 GiB wasm heap; WebGPU verdicts from shader-f16 and buffer limits. (The catalog's own figures:
// gguf-catalog.test.ts.)
import { describe, expect, it } from 'vitest';
import type { DeviceFacts, GpuFacts } from '../../src/engine/device/facts';
import { GGUF_MODELS } from '../../src/engine/catalog/gguf-models';
import { NO_GPU } from '../../src/engine/device/probe';
import {
  estimateCpuTokensPerSec,
  wllamaContextPlan,
  wllamaVerdict,
} from '../../src/engine/local/wllama/preflight';
import { threadsFor } from '../../src/engine/local/wllama/threads';

const byFamily = (f: string) => {
  const m = GGUF_MODELS.find((x) => x.family === f);
  if (!m) throw new Error(`no ${f} in the GGUF catalog`);
  return m;
};

const GOOD_GPU: GpuFacts = {
  ...NO_GPU,
  webgpu: true,
  adapter: true,
  features: ['shader-f16'],
  maxBufferSize: 2 ** 31,
  maxStorageBufferBindingSize: 2 ** 30,
};
const facts = (
  o: Partial<DeviceFacts> & { isolated?: boolean; threads?: number } = {},
): DeviceFacts => ({
  gpu: o.gpu ?? NO_GPU,
  cpu: { hardwareThreads: o.threads ?? 8, crossOriginIsolated: o.isolated ?? true },
  ...(o.deviceMemoryGB !== undefined ? { deviceMemoryGB: o.deviceMemoryGB } : {}),
  storage: o.storage ?? {},
});

describe('llama.cpp pre-flight', () => {
  it('CPU threads: several only when cross-origin isolated', () => {
    expect(threadsFor({ hardwareThreads: 8, crossOriginIsolated: true })).toBe(4);
    expect(threadsFor({ hardwareThreads: 2, crossOriginIsolated: true })).toBe(2);
    expect(threadsFor({ hardwareThreads: 32, crossOriginIsolated: true })).toBe(8);
    expect(threadsFor({ hardwareThreads: 8, crossOriginIsolated: false })).toBe(1);
  });

  it('without a usable GPU, small models run on the CPU and say why; one thread is a warning', () => {
    const v = wllamaVerdict(byFamily('qwen2.5-coder-1.5b-gguf'), facts({ isolated: false }));
    expect(v).toMatchObject({ kind: 'runs', runsOn: 'cpu', detail: 'no-webgpu' });
    expect(v.reason).toContain('CPU (1 thread; this browser has no WebGPU)');
    // The speed is ours, said as an estimate, and slower for a bigger model or fewer threads.
    expect(v.reason).toMatch(/at roughly 2\.2 tokens per second \(our estimate\)\.$/);
    expect(estimateCpuTokensPerSec(1117, 1)).toBe(2.2);
    expect(estimateCpuTokensPerSec(1117, 4)).toBeGreaterThan(estimateCpuTokensPerSec(1117, 1));
    expect(estimateCpuTokensPerSec(4680, 1)).toBeLessThan(estimateCpuTokensPerSec(491, 1));
    expect(v.warnings.join(' ')).toContain('not cross-origin isolated');
    const mt = wllamaVerdict(byFamily('qwen2.5-coder-1.5b-gguf'), facts({ isolated: true }));
    expect(mt.reason).toContain('4 threads');
    expect(mt.warnings).toEqual([]);
  });

  it('7–8B models are over the 4 GiB wasm heap on the CPU', () => {
    for (const f of ['qwen2.5-coder-7b-gguf', 'qwen3-8b-gguf', 'codeact-mistral-7b-gguf']) {
      const v = wllamaVerdict(byFamily(f), facts());
      expect(v).toMatchObject({ kind: 'too-big', detail: 'over-wasm-heap', fitsMemory: false });
      expect(v.reason).toContain('4 GiB heap');
    }
    expect(wllamaVerdict(byFamily('qwen3-4b-gguf'), facts()).kind).toBe('runs');
  });

  it('reported device memory limits the CPU path too', () => {
    const v = wllamaVerdict(byFamily('qwen3-4b-gguf'), facts({ deviceMemoryGB: 4 }));
    expect(v).toMatchObject({ kind: 'too-big', detail: 'over-device-memory' });
  });

  it('WebGPU needs shader-f16 and large enough buffers; then 7B runs there', () => {
    expect(
      wllamaVerdict(byFamily('qwen2.5-coder-7b-gguf'), facts({ gpu: GOOD_GPU })),
    ).toMatchObject({
      kind: 'runs',
      runsOn: 'webgpu',
    });
    const noF16 = { ...GOOD_GPU, features: [] };
    const v = wllamaVerdict(byFamily('qwen2.5-coder-7b-gguf'), facts({ gpu: noF16 }));
    expect(v.kind).toBe('too-big');
    expect(v.reason).toContain('shader-f16');
    expect(wllamaVerdict(byFamily('smollm2-135m-gguf'), facts({ gpu: noF16 }))).toMatchObject({
      runsOn: 'cpu',
      detail: 'needs-f16',
    });
    const small = { ...GOOD_GPU, maxStorageBufferBindingSize: 64 * 2 ** 20 };
    expect(wllamaVerdict(byFamily('smollm2-135m-gguf'), facts({ gpu: small })).detail).toBe(
      'small-buffers',
    );
    expect(
      wllamaVerdict(
        byFamily('smollm2-135m-gguf'),
        facts({ gpu: { ...GOOD_GPU, isFallbackAdapter: true } }),
      ).detail,
    ).toBe('software-adapter');
  });

  it('not enough storage is said before a download', () => {
    const m = byFamily('qwen2.5-coder-1.5b-gguf');
    const f = facts({ storage: { quotaBytes: 500e6, usageBytes: 0 } });
    expect(wllamaVerdict(m, f).kind).toBe('no-storage');
    expect(wllamaVerdict(m, f, { stored: true }).kind).toBe('runs');
  });

  it('sizes the context to the device, never the library default of 1024', () => {
    const cpu = wllamaContextPlan(byFamily('qwen2.5-coder-1.5b-gguf'), facts());
    expect(cpu.recommended).toBe(8192);
    expect(cpu.budgetMB).toBe(4096 - 400);
    expect(cpu.options.every((o) => o.fit !== 'unknown')).toBe(true);
    const tight = wllamaContextPlan(byFamily('qwen3-4b-gguf'), facts({ deviceMemoryGB: 6 }));
    expect(tight.recommended).toBeGreaterThanOrEqual(2048);
    expect(tight.recommended).toBeLessThan(8192);
  });
});

describe('first run without a usable GPU', () => {
  it('recommends a small coder on the CPU and says how slow it will be', async () => {
    const { cpuFirstRunAdvice } = await import('../../src/engine/local/wllama/recommend');
    const multi = cpuFirstRunAdvice(facts({ isolated: true, threads: 8 }))!;
    expect(multi.model.family).toBe('qwen2.5-coder-1.5b-gguf');
    expect(multi.text).toMatch(
      /run on the processor \(4 threads\) at roughly [\d.]+ tokens per second\. That is our estimate/,
    );
    const single = cpuFirstRunAdvice(facts({ isolated: false }))!;
    expect(single.model.family).toBe('qwen2.5-coder-0.5b-gguf');
    expect(single.text).toContain('only one thread');
    expect(single.text).not.toMatch(/cross-origin|llama\.cpp/); // plain words on the first screen
    expect(cpuFirstRunAdvice(facts({ gpu: GOOD_GPU }))).toBeUndefined();
  });
});
