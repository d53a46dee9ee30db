// LocalModels: downloads, cache state and folder import, each stopped by its AbortSignal. The files
// come from a FAKE fetch into a FAKE cache; the LLM worker is a FAKE worker (fake-llm-worker.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors/app-error';
import { LocalModels } from '../../src/engine/local/local-models';
import type { PickedFile } from '../../src/engine/local/runtime';
import { WebLLMRuntime } from '../../src/engine/local/webllm';
import { LlmHost } from '../../src/engine/local/webllm/llm-host';
import { FakeCacheStorage } from '../fixtures/engine/fake-cache-storage';
import { fakeWorkerFactory } from '../fixtures/engine/fake-llm-worker';
import { fakeModelFiles, fakeWebLLMModel } from '../fixtures/engine/fake-model';

/** A FAKE catalog entry: WebLLM weights at a fake host (served by the fake fetch below). */
const model = fakeWebLLMModel();

let workers: ReturnType<typeof fakeWorkerFactory>;
afterEach(() => workers.closeAll());

/** `hold`: the named file's response waits until `release()` is called. */
function setup(hold?: string) {
  const { files } = fakeModelFiles();
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  const fetch = (async (url: string, init?: RequestInit) => {
    const name = url.split('/').pop() ?? '';
    if (name === hold)
      await new Promise<void>((resolve, reject) => {
        void held.then(resolve);
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      });
    if (name.endsWith('.wasm')) return new Response(new Uint8Array([0, 97, 115, 109]));
    const body = files.get(name);
    return body ? new Response(new Uint8Array(body)) : new Response('', { status: 404 });
  }) as typeof globalThis.fetch;
  const storage = new FakeCacheStorage();
  workers = fakeWorkerFactory();
  const host = new LlmHost({ createWorker: workers.create });
  const local = new LocalModels({
    runtimes: (ctx) => [new WebLLMRuntime(ctx, { host })],
    baseURI: () => 'https://app.example/',
    caches: () => storage.asCacheStorage(),
    fetch,
  });
  return { local, storage, release, files };
}

describe('LocalModels', () => {
  it('reports the download phase with progress, then the cached state', async () => {
    const { local } = setup();
    const phases: string[] = [];
    local.onChange(() => phases.push(local.status('fake').phase));
    await local.download(model);
    expect(phases).toContain('downloading');
    expect(local.status('fake')).toMatchObject({
      phase: 'idle',
      cached: { complete: true, shardsCached: 4, shardsTotal: 4 },
    });
    expect(await local.checkHosted(model)).toEqual({ reachable: true, caveatLifted: false });
  });

  it('a cancelled download rejects with `cancelled` and keeps the shards that finished', async () => {
    const { local } = setup('params_shard_2.bin');
    const ctl = new AbortController();
    const downloading = local.download(model, { signal: ctl.signal });
    await expect.poll(() => local.status('fake').progress?.percent ?? 0).toBeGreaterThan(0);
    ctl.abort();
    const err = await downloading.catch((e) => e);
    expect(isAppError(err, 'cancelled')).toBe(true);
    expect(local.status('fake')).toMatchObject({
      phase: 'idle',
      cached: { complete: false, shardsCached: 2 },
    });
  });

  it('load downloads what is missing first, then the model is ready', async () => {
    const { local } = setup();
    const engine = await local.load(model);
    expect(local.status('fake')).toMatchObject({ phase: 'ready', cached: { complete: true } });
    expect(local.engine).toBe(engine);
  });

  it('a cancelled folder import stores nothing', async () => {
    const { local, storage, files } = setup();
    const picked = [...files].map(
      ([name, data]) => new File([new Uint8Array(data)], name),
    ) as PickedFile[];
    const ctl = new AbortController();
    const importing = local.importFiles({
      files: picked,
      signal: ctl.signal,
      libraryUrl: 'https://libs.example/fake.wasm',
      modelId: 'picked',
      onStep: (t) => t.startsWith('Storing') && ctl.abort(),
    });
    const err = await importing.catch((e) => e);
    expect(isAppError(err, 'cancelled')).toBe(true);
    expect(storage.urls()).toEqual([]);
  });
});
