import { describe, expect, it } from 'vitest';
import { downloadModelFiles } from '../../src/engine/local/webllm/downloader';
import { SCOPE } from '../../src/engine/local/webllm/model-cache';
import type { LoadProgress } from '../../src/engine/local/runtime';
import { FakeCacheStorage } from '../fixtures/engine/fake-cache-storage';
import { fakeModelFiles } from '../fixtures/engine/fake-model';

const MODEL = 'https://host.example/m/resolve/main/';
const LIB = 'https://host.example/lib.wasm';

function fakeFetch(failOnce: Set<string> = new Set(), status = new Map<string, number>()) {
  const { files } = fakeModelFiles();
  const requested: string[] = [];
  const f = (async (input: string | URL | Request) => {
    const url = String(input);
    requested.push(url.split('/').pop() ?? url);
    const name = url.slice(MODEL.length);
    if (failOnce.delete(name)) throw new TypeError('Failed to fetch');
    if (status.has(name)) return new Response('no', { status: status.get(name) });
    const body = url === LIB ? Buffer.from('lib') : files.get(name);
    return body ? new Response(new Uint8Array(body)) : new Response('not found', { status: 404 });
  }) as typeof fetch;
  return { f, requested };
}

describe('download manager', () => {
  it('downloads config, manifest, tokenizer, shards and library into WebLLM’s caches with progress', async () => {
    const storage = new FakeCacheStorage();
    const { f } = fakeFetch();
    const progress: LoadProgress[] = [];
    let t = 0;
    const res = await downloadModelFiles(
      { model: MODEL, model_lib: LIB },
      {
        fetch: f,
        caches: storage.asCacheStorage(),
        onProgress: (p) => progress.push(p),
        now: () => (t += 100),
      },
    );
    expect(res.totalBytes).toBe(18096);
    expect((await storage.open(SCOPE.model)).entries.size).toBe(6); // manifest + tokenizer + 4 shards
    expect((await storage.open(SCOPE.config)).entries.has(`${MODEL}mlc-chat-config.json`)).toBe(
      true,
    );
    expect((await storage.open(SCOPE.wasm)).entries.has(LIB)).toBe(true);
    const last = progress.at(-1);
    expect(last).toMatchObject({ phase: 'download', percent: 100 });
    expect(last?.mbTotal).toBeCloseTo(18096 / 2 ** 20);
    expect(last?.speedMBps).toBeGreaterThan(0);
  });

  it('resumes after a failure without re-requesting finished shards', async () => {
    const storage = new FakeCacheStorage();
    const { f, requested } = fakeFetch(new Set(['params_shard_2.bin']));
    await expect(
      downloadModelFiles(
        { model: MODEL, model_lib: LIB },
        { fetch: f, caches: storage.asCacheStorage() },
      ),
    ).rejects.toThrow('Failed to fetch');
    await downloadModelFiles(
      { model: MODEL, model_lib: LIB },
      { fetch: f, caches: storage.asCacheStorage() },
    );
    const count = (n: string) => requested.filter((x) => x === n).length;
    expect([
      count('params_shard_0.bin'),
      count('params_shard_1.bin'),
      count('params_shard_2.bin'),
      count('params_shard_3.bin'),
    ]).toEqual([1, 1, 2, 1]);
    expect(count('mlc-chat-config.json')).toBe(1);
  });

  it('names a 404 and a wrong body clearly', async () => {
    const { f } = fakeFetch(new Set(), new Map([['mlc-chat-config.json', 404]]));
    await expect(
      downloadModelFiles(
        { model: MODEL, model_lib: LIB },
        { fetch: f, caches: new FakeCacheStorage().asCacheStorage() },
      ),
    ).rejects.toThrow(/^ModelFileNotFoundError: HTTP 404/);
    const html = (async () => new Response('<!doctype html>')) as unknown as typeof fetch;
    await expect(
      downloadModelFiles(
        { model: MODEL, model_lib: LIB },
        { fetch: html, caches: new FakeCacheStorage().asCacheStorage() },
      ),
    ).rejects.toThrow(/CorruptDownloadError: .*not valid JSON/);
  });

  it('stops on abort', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const { f } = fakeFetch();
    const aborting = (async (u: string, init?: RequestInit) => {
      if (init?.signal?.aborted)
        throw new DOMException('The user aborted a request.', 'AbortError');
      return f(u, init);
    }) as typeof fetch;
    await expect(
      downloadModelFiles(
        { model: MODEL, model_lib: LIB },
        { fetch: aborting, caches: new FakeCacheStorage().asCacheStorage(), signal: ctl.signal },
      ),
    ).rejects.toThrow(/aborted/);
  });
});
