// Drives the worker-side service with a fake WebLLM engine (FakeMLCEngine): the part of
// MLCEngineInterface the worker uses, with scripted chunks.
import type { AppConfig, InitProgressReport } from '@mlc-ai/web-llm';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLlmService } from '../../workers/llm/llm-service';
import { FakeMLCEngine } from '../fixtures/engine/fake-mlc-engine';

const cacheFns = {
  stored: new Set<string>(),
  async hasModelInCache(id: string) {
    return this.stored.has(id);
  },
  async deleteModelAllInfoInCache(id: string) {
    this.stored.delete(id);
  },
};
const appConfig: AppConfig = {
  model_list: [
    { model: 'https://h/m/resolve/main/', model_id: 'm', model_lib: 'https://h/l.wasm' },
  ],
};

describe('llm worker service (with FakeMLCEngine)', () => {
  it('loads with the app config and forwards progress reports', async () => {
    const engine = new FakeMLCEngine();
    const svc = createLlmService(engine, cacheFns);
    const reports: InitProgressReport[] = [];
    expect(await svc.load(appConfig, 'm', undefined, (r) => reports.push(r))).toEqual({
      cancelled: false,
    });
    expect(engine.appConfig).toBe(appConfig);
    expect(reports[0]?.text).toMatch(/Loading model from cache/);
  });

  it('reports a load stopped by cancelLoad() as cancelled (WebLLM resolves instead of rejecting)', async () => {
    const engine = new FakeMLCEngine();
    const svc = createLlmService(engine, cacheFns);
    const p = svc.load(appConfig, 'm', undefined, () => {});
    await svc.cancelLoad();
    expect(await p).toEqual({ cancelled: true });
    expect(engine.loadedModel).toBeUndefined();
    expect(await svc.load(appConfig, 'm', undefined, () => {})).toEqual({ cancelled: false });
    expect(engine.loadedModel).toBe('m');
  });

  it('a cancel that makes reload() reject with unload()’s string reason is still a cancel', async () => {
    const engine = new FakeMLCEngine();
    engine.cancelBehaviour = 'reject-string';
    const svc = createLlmService(engine, cacheFns);
    const p = svc.load(appConfig, 'm', undefined, () => {});
    await svc.cancelLoad();
    expect(await p).toEqual({ cancelled: true });
    expect(engine.loadedModel).toBeUndefined();
  });

  it('a reload that completes after the cancel is unloaded again: nothing stays on the GPU', async () => {
    const engine = new FakeMLCEngine();
    engine.cancelBehaviour = 'complete';
    engine.holdReload = true;
    const svc = createLlmService(engine, cacheFns);
    const started = engine.reloadStarted();
    const reports: string[] = [];
    const p = svc.load(appConfig, 'm', undefined, (r) => reports.push(r.text));
    await started;
    await svc.cancelLoad();
    const before = reports.length;
    engine.releaseReload(); // the pipeline registers after unload() cleared the engine
    expect(await p).toEqual({ cancelled: true });
    expect(engine.loadedModel).toBeUndefined();
    expect(reports).toHaveLength(before); // no progress is reported for a cancelled load
  });

  it('streams deltas, returns the engine’s final message (not the joined deltas) and usage', async () => {
    const engine = new FakeMLCEngine();
    const svc = createLlmService(engine, cacheFns);
    const deltas: string[] = [];
    const r = await svc.chat(
      {
        messages: [{ role: 'user', content: 'hi' }],
        stop: ['</execute>'],
        temperature: 0,
        maxTokens: 64,
      },
      (d) => void deltas.push(d),
    );
    expect(deltas.join('')).toBe('Let me run <execute>x</exe');
    expect(r.content).toBe('Let me run <execute>x');
    expect(r.finishReason).toBe('stop');
    expect(r.usage).toEqual({
      promptTokens: 12,
      completionTokens: 5,
      prefillTokensPerSec: 100,
      decodeTokensPerSec: 20,
    });
    const req = engine.requests[0];
    expect(req).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      stop: ['</execute>'],
      temperature: 0,
      max_tokens: 64,
    });
    expect(req).not.toHaveProperty('extra_body');
  });

  it('passes the thinking switch as extra_body.enable_thinking (what WebLLM 0.2.86 reads)', async () => {
    const engine = new FakeMLCEngine();
    const svc = createLlmService(engine, cacheFns);
    await svc.chat(
      { messages: [{ role: 'user', content: 'hi' }], enableThinking: false },
      () => {},
    );
    expect(engine.requests[0]).toMatchObject({ extra_body: { enable_thinking: false } });
  });

  it('maps abort and length finish reasons; interrupt reaches the engine', async () => {
    const engine = new FakeMLCEngine();
    const svc = createLlmService(engine, cacheFns);
    engine.finish = 'abort';
    expect((await svc.chat({ messages: [] }, () => {})).finishReason).toBe('abort');
    engine.finish = 'length';
    expect((await svc.chat({ messages: [] }, () => {})).finishReason).toBe('length');
    await svc.interrupt();
    expect(engine.interrupted).toBe(1);
  });

  it('rejects with WebLLM’s "Name: message" string form', async () => {
    const engine = new FakeMLCEngine();
    engine.reload = async () => {
      const e = new Error('This model requires WebGPU extension shader-f16');
      e.name = 'ShaderF16SupportError';
      throw e;
    };
    const svc = createLlmService(engine, cacheFns);
    await expect(svc.load(appConfig, 'm', undefined, () => {})).rejects.toThrow(
      /^ShaderF16SupportError: This model requires/,
    );
  });

  it('cache checks and deletion go to WebLLM’s cache functions', async () => {
    const svc = createLlmService(new FakeMLCEngine(), cacheFns);
    cacheFns.stored.add('m');
    expect(await svc.hasModelInCache('m', appConfig)).toBe(true);
    await svc.deleteModel('m', appConfig);
    expect(await svc.hasModelInCache('m', appConfig)).toBe(false);
  });

  it('an unload WebLLM does by itself (device lost) is reported; the service’s own are not', async () => {
    const engine = new FakeMLCEngine();
    const svc = createLlmService(engine, cacheFns);
    let lost = 0;
    await svc.watch(() => void lost++);
    await svc.load(appConfig, 'm', undefined, () => {});
    await svc.unload();
    await svc.load(appConfig, 'm', undefined, () => {});
    expect(lost).toBe(0);
    engine.loseDevice();
    expect(lost).toBe(1);
  });

  it('WebLLM 0.2.86 unloads through the instance on device loss (what the watch relies on)', () => {
    const lib = fs.readFileSync('node_modules/@mlc-ai/web-llm/lib/index.js', 'utf8');
    expect(lib).toMatch(/device\.lost\.then\(\(info\) => \{[\s\S]{0,400}?this\.unload\(\);/);
  });
});
