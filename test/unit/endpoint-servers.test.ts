// Real servers' differences: which fields each is sent, how its real context window is read,
// how its context errors read, the thinking switch per server, local-network rules.
import { describe, expect, it } from 'vitest';
import { normalizeBaseUrl, baseUrlNote } from '../../src/engine/engines/endpoint/base-url';
import { EndpointEngine } from '../../src/engine/engines/endpoint/endpoint-engine';
import { errorForStatus, contextLimitOf } from '../../src/engine/engines/endpoint/http-errors';
import { chatBody, OPENAI_CHAT_FIELDS } from '../../src/engine/engines/endpoint/request';
import { describeServer } from '../../src/engine/engines/endpoint/server-probe';
import { servedDialect } from '../../src/engine/engines/endpoint/thinking';
import { explainFetchFailure } from '../../src/engine/engines/endpoint/explain-failure';
import { dialectFor } from '../../src/engine/catalog/dialects';
import { seriesFromId } from '../../src/engine/catalog/families';
import { BASE, jsonResponse, probeEnv, sseResponse, sseText } from '../support/endpoint-env';

const MSGS = [{ role: 'user' as const, content: 'hi' }];

describe('request fields per server', () => {
  it('an unrecognised server (a strict host) gets only OpenAI chat-completions fields', () => {
    const body = chatBody('m', MSGS, {
      stop: ['</execute>'],
      maxTokens: 9,
      temperature: 0,
      enableThinking: false,
    });
    for (const k of Object.keys(body)) expect(OPENAI_CHAT_FIELDS).toContain(k);
  });
  it('a retry after a repetition: top_p 1 to every server, min_p 0 only to those that read it', () => {
    const retry = { temperature: 0.7, topP: 1, minP: 0 };
    const strict = chatBody('m', MSGS, retry);
    expect(strict).toMatchObject({ temperature: 0.7, top_p: 1 });
    expect(strict.min_p).toBeUndefined();
    for (const k of Object.keys(strict)) expect(OPENAI_CHAT_FIELDS).toContain(k);
    for (const server of ['llama-cpp-python', 'llamacpp', 'vllm', 'sglang'] as const)
      expect(chatBody('m', MSGS, retry, server)).toMatchObject({ top_p: 1, min_p: 0 });
    expect(chatBody('m', MSGS, retry, 'ollama').min_p).toBeUndefined();
    // An ordinary turn sends neither: the server's own defaults stand.
    const plain = chatBody('m', MSGS, { temperature: 0 }, 'llama-cpp-python');
    expect(plain.top_p).toBeUndefined();
    expect(plain.min_p).toBeUndefined();
  });
  it('vLLM and SGLang: stops echoed, thinking through chat_template_kwargs', () => {
    for (const server of ['vllm', 'sglang'] as const) {
      const body = chatBody('m', MSGS, { enableThinking: false }, server);
      expect(body).toMatchObject({
        include_stop_str_in_output: true,
        chat_template_kwargs: { enable_thinking: false },
      });
    }
  });
  it('llama.cpp: chat_template_kwargs, nothing vLLM-only', () => {
    const body = chatBody('m', MSGS, { enableThinking: true }, 'llamacpp');
    expect(body.chat_template_kwargs).toEqual({ enable_thinking: true });
    expect(body.include_stop_str_in_output).toBeUndefined();
  });
  it('Ollama: reasoning_effort "none" only when thinking is off', () => {
    expect(chatBody('m', MSGS, { enableThinking: false }, 'ollama').reasoning_effort).toBe('none');
    expect(
      chatBody('m', MSGS, { enableThinking: true }, 'ollama').reasoning_effort,
    ).toBeUndefined();
  });
  it('llama-cpp-python and LM Studio: no switch, no extra field', () => {
    for (const server of ['llama-cpp-python', 'lmstudio'] as const)
      expect(Object.keys(chatBody('m', MSGS, { enableThinking: false }, server)).sort()).toEqual([
        'messages',
        'model',
        'stop',
        'stream',
        'stream_options',
      ]);
  });
});

/** A fake network: answers by path, records every URL asked. */
function network(routes: Record<string, unknown>) {
  const asked: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    const url = String(input);
    asked.push(url);
    const path = new URL(url).pathname;
    return path in routes ? jsonResponse(200, routes[path]) : jsonResponse(404, { error: 'no' });
  }) as typeof fetch;
  return { asked, env: probeEnv(fetchImpl) };
}

describe('the context window each server really uses', () => {
  it('llama.cpp: n_ctx from /props, not the training length', async () => {
    const net = network({ '/props': { default_generation_settings: { n_ctx: 8192 } } });
    const [m] = await describeServer({ baseUrl: BASE, env: net.env }, [
      { id: 'mistral.gguf', ownedBy: 'llamacpp', trainedContext: 32768 },
    ]);
    expect(m).toMatchObject({ server: 'llamacpp', contextWindow: 8192 });
    expect(new EndpointEngine({ baseUrl: BASE, model: m!, env: net.env }).contextWindow).toBe(8192);
  });
  it("Ollama: /api/ps of the loaded model; before it loads, Ollama's 4096 default", async () => {
    const net = network({
      '/api/version': { version: '0.12.0' },
      '/api/ps': { models: [{ name: 'qwen3:8b', model: 'qwen3:8b', context_length: 8192 }] },
    });
    const [loaded, cold] = await describeServer(
      { baseUrl: 'http://localhost:11434/v1', env: net.env },
      [
        { id: 'qwen3:8b', ownedBy: 'library' },
        { id: 'llama3.2:3b', ownedBy: 'library' },
      ],
    );
    expect(loaded).toMatchObject({
      server: 'ollama',
      contextWindow: 8192,
      contextFrom: 'Ollama /api/ps',
    });
    const engine = new EndpointEngine({
      baseUrl: 'http://localhost:11434/v1',
      model: cold!,
      env: net.env,
    });
    expect(engine.contextWindow).toBe(4096);
    expect(engine.contextAdvice).toMatch(/OLLAMA_CONTEXT_LENGTH/);
  });
  it('Ollama: the loaded context is read again after the first reply', async () => {
    let loaded = false;
    const fetchImpl = (async (input: RequestInfo | URL) => {
      const path = new URL(String(input)).pathname;
      if (path === '/api/ps')
        return jsonResponse(200, {
          models: loaded ? [{ name: 'qwen3:8b', context_length: 16384 }] : [],
        });
      loaded = true;
      return sseResponse([sseText(['ok'])]);
    }) as typeof fetch;
    const engine = new EndpointEngine({
      baseUrl: 'http://localhost:11434/v1',
      model: { id: 'qwen3:8b', server: 'ollama' },
      env: probeEnv(fetchImpl),
    });
    expect(engine.contextWindow).toBe(4096);
    await engine.chat(MSGS).result;
    expect(engine.contextWindow).toBe(16384);
  });
  it('LM Studio: loaded_context_length from /api/v0/models', async () => {
    const net = network({
      '/api/v0/models': {
        data: [
          {
            id: 'qwen2.5-7b',
            state: 'loaded',
            loaded_context_length: 4096,
            max_context_length: 32768,
          },
        ],
      },
    });
    const [m] = await describeServer({ baseUrl: 'http://localhost:1234/v1', env: net.env }, [
      { id: 'qwen2.5-7b', ownedBy: 'organization_owner' },
    ]);
    expect(m).toMatchObject({ server: 'lmstudio', contextWindow: 4096 });
  });
  it('vLLM: max_model_len, no native probe', async () => {
    const net = network({});
    const [m] = await describeServer({ baseUrl: BASE, env: net.env }, [
      { id: 'x', ownedBy: 'vllm', contextWindow: 32768 },
    ]);
    expect(m).toMatchObject({ server: 'vllm', contextWindow: 32768 });
    expect(net.asked).toEqual([]);
  });
  it('a hosted API is never probed, and gets the safe default', async () => {
    const net = network({});
    const base = 'https://api.example.com/v1';
    const [m] = await describeServer({ baseUrl: base, env: net.env }, [
      { id: 'gpt-x', ownedBy: 'system' },
    ]);
    expect(net.asked).toEqual([]);
    expect(new EndpointEngine({ baseUrl: base, model: m!, env: net.env }).contextWindow).toBe(4096);
  });
  it("llama-cpp-python (owned_by 'me'): its 2048 default until its error says otherwise", () => {
    const engine = new EndpointEngine({
      baseUrl: BASE,
      model: { id: 'x', server: 'llama-cpp-python' },
      env: network({}).env,
    });
    expect(engine.contextWindow).toBe(2048);
    expect(engine.contextAdvice).toMatch(/--n_ctx/);
  });
});

describe("servers' context-overflow errors", () => {
  const ctx = { baseUrl: BASE, url: `${BASE}/chat/completions`, hadKey: false };
  it('read the limit from llama.cpp, OpenAI/vLLM/llama-cpp-python and SGLang wording', () => {
    expect(
      contextLimitOf(
        JSON.stringify({
          error: { message: 'the request exceeds the available context size', n_ctx: 4096 },
        }),
        '',
      ),
    ).toBe(4096);
    expect(
      contextLimitOf(
        '',
        "This model's maximum context length is 512 tokens. However, you requested 900 tokens",
      ),
    ).toBe(512);
    expect(contextLimitOf('', 'Requested tokens (900) exceed context window of 512')).toBe(512);
    expect(
      contextLimitOf(
        '',
        "The input (900 tokens) is longer than the model's context length (512 tokens).",
      ),
    ).toBe(512);
  });
  it('become a clear context-window error with the server’s own advice', () => {
    const e = errorForStatus(400, "This model's maximum context length is 512 tokens.", {
      ...ctx,
      server: 'llama-cpp-python',
    });
    expect(e).toMatchObject({ code: 'context-window', limit: 512 });
    expect(e.message).toMatch(/context window of 512 tokens/);
    expect(e.message).toMatch(/--n_ctx/);
  });
  it('the engine believes the limit from then on', async () => {
    const fetchImpl = (async () =>
      jsonResponse(400, {
        error: {
          message: 'the request exceeds the available context size, try increasing it',
          n_ctx: 1024,
        },
      })) as unknown as typeof fetch;
    const engine = new EndpointEngine({
      baseUrl: BASE,
      model: { id: 'm', contextWindow: 8192, server: 'llamacpp' },
      env: probeEnv(fetchImpl),
    });
    await expect(engine.chat(MSGS).result).rejects.toMatchObject({ code: 'context-window' });
    expect(engine.contextWindow).toBe(1024);
  });
});

describe('a stream that ends before any event (llama-cpp-python after a request error)', () => {
  it('is asked again without streaming, which gives the real error', async () => {
    const bodies: Record<string, unknown>[] = [];
    const fetchImpl = (async (_u: unknown, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      bodies.push(body);
      if (body.stream) return sseResponse([]);
      return jsonResponse(400, {
        error: {
          message:
            "This model's maximum context length is 512 tokens. However, you requested 631 tokens",
          code: 'context_length_exceeded',
        },
      });
    }) as typeof fetch;
    const engine = new EndpointEngine({
      baseUrl: BASE,
      model: { id: 'm', server: 'llama-cpp-python' },
      env: probeEnv(fetchImpl),
    });
    await expect(engine.chat(MSGS).result).rejects.toMatchObject({
      code: 'context-window',
      limit: 512,
    });
    expect(bodies.map((b) => b.stream)).toEqual([true, false]);
    expect(bodies[1]).not.toHaveProperty('stream_options');
    expect(engine.contextWindow).toBe(512);
  });
  it('a whole answer to the second request is the reply; two empty answers are a mid-stream error', async () => {
    let n = 0;
    const answering = (async () =>
      n++ === 0
        ? sseResponse([])
        : jsonResponse(200, {
            choices: [{ message: { content: 'Hi.' }, finish_reason: 'stop' }],
          })) as unknown as typeof fetch;
    const ok = new EndpointEngine({ baseUrl: BASE, model: { id: 'm' }, env: probeEnv(answering) });
    expect((await ok.chat(MSGS).result).content).toBe('Hi.');
    const empty = (async () => sseResponse([])) as unknown as typeof fetch;
    const bad = new EndpointEngine({ baseUrl: BASE, model: { id: 'm' }, env: probeEnv(empty) });
    await expect(bad.chat(MSGS).result).rejects.toMatchObject({ code: 'mid-stream' });
  });
});

describe('the thinking switch per server', () => {
  const qwen3 = dialectFor({ id: 'qwen3:8b' });
  it('kept where the server can switch thinking off', () => {
    const engine = new EndpointEngine({
      baseUrl: BASE,
      model: { id: 'qwen3:8b', server: 'ollama' },
      env: network({}).env,
    });
    expect(servedDialect(qwen3, engine).reasoning?.switch).toBe('enable_thinking');
  });
  it('hidden, and no thinking budget, where it cannot', () => {
    for (const server of ['llama-cpp-python', 'lmstudio', undefined] as const) {
      const engine = new EndpointEngine({
        baseUrl: BASE,
        model: { id: 'qwen3:8b', server },
        env: network({}).env,
      });
      expect(servedDialect(qwen3, engine).reasoning).toMatchObject({
        switch: 'none',
        defaultOn: false,
        open: '<think>',
      });
    }
  });
  it('non-thinking Qwen3 ids are not thinking models', () => {
    for (const id of [
      'qwen3-coder:30b',
      'Qwen/Qwen3-Coder-30B-A3B-Instruct',
      'Qwen3-30B-A3B-Instruct-2507',
    ])
      expect(seriesFromId(id).key).toBe('qwen3-instruct');
    expect(seriesFromId('qwen3:8b').key).toBe('qwen3');
    expect(seriesFromId('qwen3.5:9b').key).toBe('qwen3.5');
  });
});

describe('local network, as Chrome does it', () => {
  it('0.0.0.0 becomes 127.0.0.1, with a note', () => {
    expect(normalizeBaseUrl('http://0.0.0.0:8000/v1')).toBe('http://127.0.0.1:8000/v1');
    expect(baseUrlNote('0.0.0.0:8000')).toMatch(/127\.0\.0\.1/);
    expect(baseUrlNote('http://localhost:8000')).toBe('');
  });
  const LAN = 'http://192.168.1.20:8000/v1';
  const HTTPS_PAGE = 'https://app.example.org/';
  it('https page → http LAN server: refused without LNA, sent with targetAddressSpace in Chrome 142+', async () => {
    const inits: RequestInit[] = [];
    const fetchImpl = (async (_u: unknown, init?: RequestInit) => {
      inits.push(init ?? {});
      return sseResponse([sseText(['ok'])]);
    }) as typeof fetch;
    const old = new EndpointEngine({
      baseUrl: LAN,
      model: { id: 'm' },
      env: probeEnv(fetchImpl, { pageUrl: HTTPS_PAGE }),
    });
    await expect(old.chat(MSGS).result).rejects.toMatchObject({ code: 'mixed-content' });
    const lna = new EndpointEngine({
      baseUrl: LAN,
      model: { id: 'm' },
      env: probeEnv(fetchImpl, { pageUrl: HTTPS_PAGE, localNetworkAccess: true }),
    });
    expect((await lna.chat(MSGS).result).content).toBe('ok');
    expect((inits[0] as { targetAddressSpace?: string }).targetAddressSpace).toBe('local');
  });
  it('a page on plain http asking for a more private address: the insecure-page advice', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const env = probeEnv(failing, {
      pageUrl: 'http://192.168.1.5:4173/',
      localNetworkAccess: true,
      secureContext: false,
    });
    const e = await explainFetchFailure(
      'http://localhost:11434/v1',
      new TypeError('Failed to fetch'),
      env,
    );
    expect(e.code).toBe('insecure-page');
    expect(e.message).toMatch(/https/);
  });
  it('a permission never granted (prompt open or dismissed) is said so, not "nothing answered"', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const env = probeEnv(failing, {
      pageUrl: HTTPS_PAGE,
      localNetworkAccess: true,
      localNetworkPermission: async () => 'prompt',
    });
    const e = await explainFetchFailure('http://localhost:11434/v1', new TypeError('x'), env);
    expect(e.code).toBe('lna-prompt');
  });
});
