import { describe, expect, it } from 'vitest';
import {
  importedModelUrl,
  planImport,
  storeImport,
  type PickedFile,
} from '../../src/engine/local/webllm/model-import';
import { cachedModelInfo, SCOPE } from '../../src/engine/local/webllm/model-cache';
import { fakeModelFiles } from '../fixtures/engine/fake-model';
import { FakeCacheStorage } from '../fixtures/engine/fake-cache-storage';

function picked(folder: string, omit: string[] = [], extra: [string, Buffer][] = []): PickedFile[] {
  const out: PickedFile[] = [];
  for (const [name, data] of [...fakeModelFiles().files, ...extra])
    if (!omit.includes(name)) {
      const f = new File([new Uint8Array(data)], name) as PickedFile;
      Object.defineProperty(f, 'webkitRelativePath', { value: `${folder}/${name}` });
      out.push(f);
    }
  return out;
}
const base = 'https://app.example/sub/';
const LIB = 'https://libs.example/lib.wasm';

describe('model folder import', () => {
  it('plans a complete folder, naming the model after the folder', async () => {
    const plan = await planImport(picked('My Model q4f32_1'));
    expect(plan.modelId).toBe('My-Model-q4f32_1');
    expect([...plan.files.keys()].sort()).toEqual([
      'mlc-chat-config.json',
      'params_shard_0.bin',
      'params_shard_1.bin',
      'params_shard_2.bin',
      'params_shard_3.bin',
      'tensor-cache.json',
      'tokenizer.json',
    ]);
  });

  it.each([
    [['params_shard_1.bin'], /missing shard params_shard_1\.bin/],
    [['tokenizer.json'], /missing tokenizer\.json/],
    [['tensor-cache.json'], /missing tensor-cache\.json/],
    [
      ['mlc-chat-config.json', 'tensor-cache.json'],
      /missing mlc-chat-config\.json and tensor-cache\.json/,
    ],
  ])('refuses a folder without %j', async (omit, msg) => {
    await expect(planImport(picked('m', omit))).rejects.toThrow(msg);
    await expect(planImport(picked('m', omit))).rejects.toThrow(/^ModelImportError: /);
  });

  it('refuses a truncated shard', async () => {
    const files = picked('m', ['params_shard_0.bin']);
    const f = new File([new Uint8Array(10)], 'params_shard_0.bin');
    await expect(planImport([...files, f])).rejects.toThrow(
      /params_shard_0\.bin has 10 bytes, expected 4096/,
    );
  });

  it('stores every file under a stable URL WebLLM reads; a .wasm becomes the library', async () => {
    const storage = new FakeCacheStorage();
    const plan = await planImport(picked('m', [], [['model-lib.wasm', Buffer.from('wasm')]]));
    const res = await storeImport(plan, {
      baseURI: base,
      fallbackLibUrl: LIB,
      caches: storage.asCacheStorage(),
    });
    expect(res.modelUrl).toBe(importedModelUrl('m', base));
    expect(res.modelLib).toBe(`${res.modelUrl}model-lib.wasm`);
    expect(
      (await storage.open(SCOPE.config)).entries.has(`${res.modelUrl}mlc-chat-config.json`),
    ).toBe(true);
    expect((await storage.open(SCOPE.wasm)).entries.has(res.modelLib)).toBe(true);
    const info = await cachedModelInfo(res.modelUrl, storage.asCacheStorage());
    expect(info).toMatchObject({
      complete: true,
      shardsCached: 4,
      shardsTotal: 4,
      bytes: 4096 + 6000 + 5000 + 3000,
    });
  });

  it('rolls back when a write fails: nothing half-imported', async () => {
    const storage = new FakeCacheStorage();
    (await storage.open(SCOPE.model)).failPutAfter = 3;
    const plan = await planImport(picked('m'));
    await expect(
      storeImport(plan, { baseURI: base, fallbackLibUrl: LIB, caches: storage.asCacheStorage() }),
    ).rejects.toThrow(/QuotaExceededError/);
    expect(storage.urls()).toEqual([]);
  });

  it('a cancelled import stops between files and rolls back what it stored', async () => {
    const storage = new FakeCacheStorage();
    const model = await storage.open(SCOPE.model);
    const ctl = new AbortController();
    const put = model.put.bind(model);
    model.put = async (req, res) => {
      await put(req, res);
      if (model.entries.size === 2) ctl.abort(); // the user cancels half-way
    };
    const plan = await planImport(picked('m'));
    await expect(
      storeImport(plan, {
        baseURI: base,
        fallbackLibUrl: LIB,
        caches: storage.asCacheStorage(),
        signal: ctl.signal,
      }),
    ).rejects.toThrow(/abort/i);
    expect(storage.urls()).toEqual([]);
  });
});
