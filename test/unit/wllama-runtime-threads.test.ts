// WllamaRuntime's thread count: the device's choice (threadsFor) unless a fixed count is given
// (the benchmark compares engines at one stated count). FAKE wllama and store: no model runs.
import { describe, expect, it } from 'vitest';
import { WllamaRuntime } from '../../src/engine/local/wllama/wllama-runtime';
import type { WllamaApi } from '../../src/engine/local/wllama/wllama-host';
import type { GgufStore } from '../../src/engine/local/wllama/gguf-store';
import type { DeviceFacts } from '../../src/engine/device/facts';
import { ggufBytes, ggufFile, LLAMA_META } from '../support/gguf-bytes';

const file = ggufFile('tiny.gguf', ggufBytes(LLAMA_META));

function runtime(threads?: number) {
  const loads: Record<string, unknown>[] = [];
  const api = {
    setCompat() {},
    async loadModel(_files: Blob[], params: Record<string, unknown>) {
      loads.push(params);
    },
    getChatTemplate: () => null,
    getModelMetadata: () => ({ hparams: {}, meta: { 'general.architecture': 'llama' } }),
    getLoadedContextInfo: () => ({ n_ctx: 2048, n_ctx_train: 8192 }),
    isMultithread: () => true,
    getNumThreads: () => Number(loads.at(-1)?.n_threads),
    async exit() {},
  } as unknown as WllamaApi;
  const store = { open: async () => [file], put: async () => {} } as unknown as GgufStore;
  // An isolated 8-thread CPU without WebGPU: the device's choice would be 4 threads.
  const facts = () =>
    ({
      cpu: { hardwareThreads: 8, crossOriginIsolated: true },
      gpu: { webgpu: false, adapter: false, features: [] },
    }) as unknown as Pick<DeviceFacts, 'cpu' | 'gpu'>;
  const rt = new WllamaRuntime(
    { baseURI: () => 'https://app.example/', selfHostBase: () => 'models/' },
    { create: async () => api, store, facts, ...(threads ? { threads } : {}) },
  );
  return { rt, loads };
}

const model = async (rt: WllamaRuntime) => rt.importFiles({ files: [file], modelId: 'tiny' });

describe('WllamaRuntime threads', () => {
  it('takes the device’s choice by default', async () => {
    const { rt, loads } = runtime();
    const engine = await rt.load(await model(rt), { contextWindow: 2048 });
    expect(loads[0]!.n_threads).toBe(4);
    expect(engine.info.threads).toBe(4);
  });

  it('takes a fixed count when given one', async () => {
    const { rt, loads } = runtime(1);
    const engine = await rt.load(await model(rt), { contextWindow: 2048 });
    expect(loads[0]!.n_threads).toBe(1);
    expect(engine.info.threads).toBe(1);
    expect(loads[0]!.n_gpu_layers).toBe(0);
  });
});
