// One state root: AppState holds the Models panel's state (`app.models`), a view of LocalModels.
// The model's files come from a FAKE fetch into a FAKE cache, and the LLM worker is a FAKE worker
// (the real worker service over comlink, driving FakeMLCEngine); the agent loop is real.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CodeActAgent } from '../../src/agent/agent';
import { LocalModels } from '../../src/engine/local/local-models';
import { WebLLMRuntime } from '../../src/engine/local/webllm';
import { LlmHost } from '../../src/engine/local/webllm/llm-host';
import { WllamaRuntime } from '../../src/engine/local/wllama';
import { AppState } from '../../src/ui/state/app.svelte';
import type { Services } from '../../src/ui/state/ports';
import { FakeCacheStorage } from '../fixtures/engine/fake-cache-storage';
import { fakeWorkerFactory } from '../fixtures/engine/fake-llm-worker';
import type { FakeMLCEngine } from '../fixtures/engine/fake-mlc-engine';
import { fakeModelFiles } from '../fixtures/engine/fake-model';
import { FakeEngine } from '../support/fake-engine';
import { FakePython } from '../support/fake-python';

const ID = 'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC';

/** Serves the fake model's files for any model URL (and a fake library), counting requests. */
function fakeFetch() {
  const { files } = fakeModelFiles();
  const requests: string[] = [];
  const fetch = (async (url: string) => {
    requests.push(url);
    const name = url.split('/').pop() ?? '';
    if (name.endsWith('.wasm')) return new Response(new Uint8Array([0, 97, 115, 109]));
    const body = files.get(name);
    return body ? new Response(new Uint8Array(body)) : new Response('', { status: 404 });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

let workers: ReturnType<typeof fakeWorkerFactory>;

function setup(
  configure: (e: FakeMLCEngine) => void = () => {},
  opts: { withGguf?: boolean } = {},
) {
  workers = fakeWorkerFactory((e) => {
    e.deltas = ['Four.'];
    e.finalMessage = 'Four.';
    configure(e);
  });
  const net = fakeFetch();
  const storage = new FakeCacheStorage();
  const host = new LlmHost({ createWorker: workers.create });
  const local = new LocalModels({
    // With the GGUF backend too (nothing of it loads here: only its pre-flight and advice run).
    runtimes: (ctx) => [
      new WebLLMRuntime(ctx, { host }),
      ...(opts.withGguf ? [new WllamaRuntime(ctx)] : []),
    ],
    caches: () => storage.asCacheStorage(),
    fetch: net.fetch,
  });
  const services: Services = {
    python: new FakePython(),
    createAgent: (config) => new CodeActAgent(config),
    replayEngine: async () => ({ engine: new FakeEngine([]), prompt: '' }),
  };
  return { app: new AppState(services, local), local, net };
}

/** The app with a catalog model (Qwen 0.5B) loaded onto a fake worker. */
async function loadedApp() {
  const s = setup();
  await s.app.init();
  expect(await s.app.models.load(ID)).toBe(true);
  return s;
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  vi.stubGlobal('document', { baseURI: 'https://app.example/' });
});
afterEach(() => {
  workers.closeAll();
  vi.unstubAllGlobals();
});

describe('app.models: the Models panel state inside AppState', () => {
  it('a load downloads what is missing, and AppState takes the engine when the model is ready', async () => {
    const { app, net } = setup();
    await app.init();
    expect(app.engine).toBeNull();
    expect(await app.models.load(ID)).toBe(true);
    expect(app.models.row(ID)).toMatchObject({ phase: 'ready', cached: { complete: true } });
    expect(app.models.activeId).toBe(ID);
    expect(app.engine?.modelId).toBe(ID);
    expect(net.requests.some((u) => u.endsWith('params_shard_0.bin'))).toBe(true);
    await app.send('What is 2 + 2?');
    expect(app.conversation.items.at(-1)).toMatchObject({ role: 'assistant', text: 'Four.' });
  });

  it('the worker dies while loaded: a clear message, the engine says why, one click reloads', async () => {
    const { app } = await loadedApp();
    const before = app.engine;
    workers.last.crash('GPU process crashed');
    await vi.waitFor(() => expect(app.models.lost?.id).toBe(ID));
    expect(app.models.lost?.message).toMatch(/unloaded because the model worker stopped/);
    expect(app.models.row(ID).phase).toBe('lost');
    expect(app.models.row(ID).error?.code).toBe('model-lost');
    expect(app.engine).toBe(before);
    expect(app.engine?.label).toMatch(/unloaded/);

    await app.send('still there?');
    expect(app.status).toBe('error');
    expect(app.statusDetail).toMatch(/unloaded because the model worker stopped/);

    expect(await app.models.reloadLost()).toBe(true);
    expect(workers.made).toHaveLength(2);
    expect(app.models.lost).toBeUndefined();
    expect(app.engine).not.toBe(before);
    expect(app.engine?.label).toMatch(/WebLLM, on this device/);
    await app.send('and now?');
    expect(app.conversation.items.at(-1)).toMatchObject({ role: 'assistant', text: 'Four.' });
  });

  it('device lost after load: the turn fails with the reload advice and the row says lost', async () => {
    const { app } = await loadedApp();
    workers.last.engine.loseDevice();
    await app.send('hello');
    expect(app.statusDetail).toMatch(/GPU device was lost/);
    expect(app.models.lost?.id).toBe(ID);
    expect(app.models.row(ID).phase).toBe('lost');
  });

  it('Cancel during the load ends with the row idle, a Cancelled note and nothing on the GPU', async () => {
    const { app } = setup((e) => (e.holdReload = true));
    await app.init();
    expect(await app.models.download(ID)).toBe(true);
    const loading = app.models.load(ID);
    const fake = (await workers.worker()).engine;
    await fake.reloadStarted();
    expect(app.models.row(ID).phase).toBe('loading');
    app.models.cancel(ID);
    expect(await loading).toBe(false);
    expect(app.models.row(ID)).toMatchObject({ phase: 'idle', error: { code: 'cancelled' } });
    await app.models.local.unload(); // queued behind the cancelled load's clean-up
    expect(fake.loadedModel).toBeUndefined();
    expect(app.engine).toBeNull();
  });

  it('a software GPU: no WebLLM model runs or downloads without the too-slow confirmation; a GGUF on the CPU is recommended', async () => {
    // A SwiftShader-like adapter: big limits, no shader-f16, a fallback (software) adapter.
    const limits = {
      maxBufferSize: 2 * 1024 ** 3,
      maxStorageBufferBindingSize: 2 * 1024 ** 3,
      maxStorageBuffersPerShaderStage: 10,
      maxComputeWorkgroupStorageSize: 32768,
    };
    const adapter = {
      features: new Set<string>(),
      limits,
      info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true },
    };
    vi.stubGlobal('navigator', {
      hardwareConcurrency: 4,
      gpu: { requestAdapter: async () => adapter },
    });
    const { app, net } = setup(undefined, { withGguf: true });
    await app.init();
    const models = app.models;
    await models.init();
    expect(models.verdicts.get(ID)).toMatchObject({ kind: 'too-slow', detail: 'software-adapter' });
    const webllmRuns = models.models.filter(
      (m) => m.source.backend === 'webllm' && models.verdicts.get(m.id)?.kind === 'runs',
    );
    expect(webllmRuns).toEqual([]);
    // The recommendation: a small GGUF on the CPU, with its speed as our estimate.
    const advice = models.advice;
    expect(advice?.kind).toBe('model');
    if (advice?.kind !== 'model') throw new Error('no advice');
    expect(advice.model.source.backend).toBe('wllama');
    expect(advice.note).toMatch(
      /processor \(1 thread\) at roughly [\d.]+ tokens per second\. That is our estimate/,
    );
    expect(models.groups.recommended).toEqual([advice.model]);
    expect(models.verdicts.get(advice.model.id)?.reason).toMatch(/our estimate/);
    expect(models.groups.tooSlow.map((x) => x.model.id)).toContain(ID);
    // A too-slow model does not download until the user confirms.
    expect(await models.download(ID)).toBe(false);
    expect(models.row(ID).error?.message).toMatch(/Far too slow here/);
    expect(net.requests.filter((u) => u.includes('params_shard'))).toEqual([]);
    models.allowSlow(ID);
    expect(await models.download(ID)).toBe(true);
    expect(models.row(ID)).toMatchObject({ cached: { complete: true } });
    expect(models.row(ID).error).toBeUndefined();
  });
});
