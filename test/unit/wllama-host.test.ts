// The llama.cpp owner over a FAKE wllama (scripted chunks, no model): what it sends to llama.cpp
// (stop strings, thinking switch, cache_prompt, context, threads), how it ends (stop, length,
// abort), that a cancelled load holds nothing and a crash drops the model until the next load.
import { describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../src/errors/app-error';
import { chatParams } from '../../src/engine/local/wllama/chat-request';
import { wllamaAssets } from '../../src/engine/local/wllama/wllama-assets';
import { WllamaHost, type WllamaApi } from '../../src/engine/local/wllama/wllama-host';

interface FakeOpts {
  chunks?: string[];
  finish?: 'stop' | 'length';
  loadDelayMs?: number;
  failAfter?: number;
}

function fakeWllama(o: FakeOpts = {}) {
  const calls = { load: [] as unknown[], chat: [] as Record<string, unknown>[], exit: 0 };
  const api = {
    setCompat: vi.fn(),
    async loadModel(_files: Blob[], params: unknown) {
      calls.load.push(params);
      await new Promise((r) => setTimeout(r, o.loadDelayMs ?? 0));
    },
    async createChatCompletion(params: Record<string, unknown>) {
      calls.chat.push(params);
      const signal = params.abortSignal as AbortSignal | undefined;
      const chunks = o.chunks ?? ['Hel', 'lo'];
      return (async function* () {
        for (const [i, c] of chunks.entries()) {
          await new Promise((r) => setTimeout(r, 1));
          if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
          if (o.failAfter === i) throw new Error('(ABORT) GGML_ASSERT failed');
          yield { choices: [{ delta: { content: c }, finish_reason: null }] };
        }
        yield {
          choices: [{ delta: {}, finish_reason: o.finish ?? 'stop' }],
          timings: {
            cache_n: 40,
            prompt_n: 5,
            prompt_ms: 100,
            prompt_per_second: 50,
            predicted_n: chunks.length,
            predicted_ms: 200,
            predicted_per_second: 10,
          },
        };
      })();
    },
    getChatTemplate: () => '<|im_start|>{{ x }}',
    getModelMetadata: () => ({
      hparams: {},
      meta: { 'general.architecture': 'mistral', 'mistral.rope.freq_base': '10000.000000' },
    }),
    getLoadedContextInfo: () => ({ n_ctx: 8192, n_ctx_train: 32768 }),
    isMultithread: () => true,
    getNumThreads: () => 4,
    async exit() {
      calls.exit++;
    },
  };
  return { api: api as unknown as WllamaApi, calls };
}

const req = (over: Partial<Parameters<WllamaHost['load']>[0]> = {}) => ({
  id: 'm',
  label: 'Model',
  files: [new Blob(['x'])],
  contextWindow: 8192,
  threads: 4,
  gpuLayers: 0,
  ...over,
});

describe('WllamaHost', () => {
  it('loads with the device context and threads, names the template and reads the RoPE base', async () => {
    const { api, calls } = fakeWllama();
    const host = new WllamaHost(wllamaAssets('http://x/app/'), async () => api);
    const engine = await host.load(req());
    expect(calls.load[0]).toMatchObject({
      n_ctx: 8192,
      n_threads: 4,
      n_gpu_layers: 0,
      reasoning_format: 'none',
    });
    expect(engine.info).toMatchObject({
      architecture: 'mistral',
      ropeFreqBase: 10000,
      template: { name: 'ChatML', source: 'gguf' },
      threads: 4,
      backend: 'cpu',
    });
    expect(engine.label).toBe('Model (llama.cpp, CPU, 4 threads)');
  });

  it('sends stop strings, the thinking switch and cache_prompt to llama.cpp; reports its timings as usage', async () => {
    const { api, calls } = fakeWllama({ chunks: ['a', 'b', '</exe'] });
    const host = new WllamaHost(wllamaAssets('http://x/'), async () => api);
    const engine = await host.load(req());
    const stream = engine.chat([{ role: 'user', content: 'hi' }], {
      stop: ['</execute>'],
      maxTokens: 7,
      temperature: 0,
      enableThinking: false,
    });
    const deltas: string[] = [];
    for await (const d of stream) deltas.push(d);
    const result = await stream.result;
    expect(calls.chat[0]).toMatchObject({
      stop: ['</execute>'],
      max_tokens: 7,
      temperature: 0,
      cache_prompt: true,
      stream: true,
      chat_template_kwargs: { enable_thinking: false },
    });
    expect(deltas).toEqual(['a', 'b', '</exe']);
    expect(result).toMatchObject({
      finishReason: 'stop',
      usage: {
        promptTokens: 5,
        completionTokens: 3,
        decodeTokensPerSec: 10,
        prefillTokensPerSec: 50,
      },
    });
    expect(engine.lastTimings).toMatchObject({ cache_n: 40, prompt_n: 5 });
  });

  it('maps length, and an abort ends the stream with finish reason abort', async () => {
    const { api } = fakeWllama({ finish: 'length', chunks: Array.from({ length: 50 }, () => 'x') });
    const host = new WllamaHost(wllamaAssets('http://x/'), async () => api);
    const engine = await host.load(req());
    expect((await engine.chat([{ role: 'user', content: 'a' }]).result).finishReason).toBe(
      'length',
    );
    const stop = new AbortController();
    const s = engine.chat([{ role: 'user', content: 'a' }], { signal: stop.signal });
    let n = 0;
    for await (const _ of s) if (++n === 3) stop.abort();
    const r = await s.result;
    expect(r.finishReason).toBe('abort');
    expect(r.content.length).toBeLessThan(50);
    expect(host.holds(engine)).toBe(true); // an abort is not a crash
  });

  it('a cancelled load terminates the worker and hands out nothing', async () => {
    const { api, calls } = fakeWllama({ loadDelayMs: 30 });
    const host = new WllamaHost(wllamaAssets('http://x/'), async () => api);
    const stop = new AbortController();
    const p = host.load(req({ signal: stop.signal }));
    setTimeout(() => stop.abort(), 5);
    const err = await p.catch((e: unknown) => e);
    expect(isAppError(err, 'cancelled')).toBe(true);
    expect(calls.exit).toBeGreaterThanOrEqual(1);
    expect(host.loaded).toBeUndefined();
  });

  it('a crash while answering drops the model, tells listeners, and the next load starts fresh', async () => {
    const first = fakeWllama({ failAfter: 1 });
    const second = fakeWllama();
    const made = [first.api, second.api];
    const host = new WllamaHost(wllamaAssets('http://x/'), async () => made.shift()!);
    const lost = vi.fn();
    host.onLost(lost);
    const engine = await host.load(req());
    const err = await engine.chat([{ role: 'user', content: 'a' }]).result.catch((e: unknown) => e);
    expect(isAppError(err, 'model-lost')).toBe(true);
    expect(lost).toHaveBeenCalledOnce();
    expect(first.calls.exit).toBe(1);
    expect(engine.label).toContain('unloaded');
    await expect(engine.chat([{ role: 'user', content: 'a' }]).result).rejects.toThrow(
      /no longer loaded/,
    );
    const again = await host.load(req());
    expect((await again.chat([{ role: 'user', content: 'a' }]).result).content).toBe('Hello');
  });
});

describe('the chat request sent to llama.cpp', () => {
  it('a retry after a repetition opens top_p and min_p; an ordinary turn keeps the defaults', () => {
    const msgs = [{ role: 'user' as const, content: 'hi' }];
    expect(chatParams(msgs, { temperature: 0.7, topP: 1, minP: 0 })).toMatchObject({
      temperature: 0.7,
      top_p: 1,
      min_p: 0,
    });
    const plain = chatParams(msgs, { temperature: 0 });
    expect('top_p' in plain || 'min_p' in plain).toBe(false);
  });
});
