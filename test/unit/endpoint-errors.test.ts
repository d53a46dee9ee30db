// Every error class of the endpoint engine, from what a browser lets the page observe.
// A browser reports a refused connection and a CORS block alike (`TypeError: Failed to
// fetch`); the classifier tells them apart with a no-cors probe, so it is tested here with
// an injected fetch that behaves like each case.
import { describe, expect, it } from 'vitest';
import { listModels } from '../../src/engine/engines/endpoint/models';
import { EndpointEngine } from '../../src/engine/engines/endpoint/endpoint-engine';
import { EndpointError } from '../../src/engine/engines/endpoint/errors';
import type { ProbeEnv } from '../../src/engine/engines/endpoint/explain-failure';
import { BASE, jsonResponse, probeEnv, sseResponse, sseText } from '../support/endpoint-env';

const failed = () => new TypeError('Failed to fetch');

interface Calls {
  modes: (RequestMode | undefined)[];
}

/** A fetch whose CORS requests fail like a browser's; no-cors probes behave per `probe`. */
function browserLikeFetch(probe: 'opaque' | 'reject', calls: Calls): typeof fetch {
  return (async (_url: RequestInfo | URL, init?: RequestInit) => {
    calls.modes.push(init?.mode);
    if (init?.mode === 'no-cors') {
      if (probe === 'opaque') return new Response(null, { status: 200 });
      throw failed();
    }
    throw failed();
  }) as typeof fetch;
}

async function connectError(
  env: ProbeEnv,
  baseUrl = BASE,
  apiKey?: string,
): Promise<EndpointError> {
  const err = await listModels({ baseUrl, apiKey, env }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(EndpointError);
  return err as EndpointError;
}

describe('connection failures', () => {
  it('server up but no CORS headers (page not isolated): the opaque probe answers, CORS message names every setting', async () => {
    const calls: Calls = { modes: [] };
    const err = await connectError(probeEnv(browserLikeFetch('opaque', calls)));
    expect(err.code).toBe('cors');
    expect(calls.modes).toEqual(['cors', 'no-cors']);
    expect(err.message).toContain('http://127.0.0.1:4173');
    for (const setting of [
      'OLLAMA_ORIGINS=http://127.0.0.1:4173',
      'Enable CORS',
      'lms server start --cors',
      '--allowed-origins',
      '--cors-origins',
      'SGLang',
    ])
      expect(err.message).toContain(setting);
    // Port 8000 is vLLM's: its advice comes first.
    expect(err.message.indexOf('vLLM')).toBeLessThan(err.message.indexOf('Ollama'));
  });

  it('server up but no CORS headers (page cross-origin isolated): the probe is blocked, the COEP report tells', async () => {
    const watched: string[] = [];
    const env = probeEnv(browserLikeFetch('reject', { modes: [] }), {
      watchCoepBlock: (url) => (watched.push(url), { blocked: async () => true, stop() {} }),
    });
    const err = await connectError(env, 'http://localhost:11434/v1');
    expect(err.code).toBe('cors');
    expect(watched[0]).toMatch(/^http:\/\/localhost:11434\/v1\/models\?codeact-probe=/);
    expect(err.message).toMatch(/^The server at http:\/\/localhost:11434\/v1 is running/);
    expect(err.message.indexOf('Ollama: set OLLAMA_ORIGINS')).toBeGreaterThan(0);
  });

  it('nothing listening: the probe fails too and no COEP report comes: unreachable', async () => {
    const err = await connectError(
      probeEnv(browserLikeFetch('reject', { modes: [] })),
      'http://localhost:11434/v1',
    );
    expect(err.code).toBe('unreachable');
    expect(err.message).toContain('Nothing answered at http://localhost:11434/v1');
    expect(err.message).toContain('ollama serve');
    expect(err.detail).toContain('Failed to fetch');
  });

  it('local network access denied (a public page calling localhost): says which permission', async () => {
    const calls: Calls = { modes: [] };
    const asked: string[] = [];
    const env = probeEnv(browserLikeFetch('reject', calls), {
      pageUrl: 'https://someone.github.io/codeact/',
      localNetworkPermission: async (space) => (asked.push(space), 'denied'),
    });
    const err = await connectError(env, 'http://localhost:11434/v1');
    expect(err.code).toBe('lna-denied');
    expect(asked).toEqual(['loopback']);
    expect(err.message).toMatch(/local network access permission was denied/);
    expect(calls.modes).toEqual(['cors']); // no probe needed
  });

  it('the permission is not asked about when page and server share an address space', async () => {
    const asked: string[] = [];
    const env = probeEnv(browserLikeFetch('reject', { modes: [] }), {
      localNetworkPermission: async (space) => (asked.push(space), 'denied'),
    });
    expect((await connectError(env)).code).toBe('unreachable');
    expect(asked).toEqual([]);
  });

  it('mixed content (https page, http:// LAN address) is refused before anything is fetched', async () => {
    const calls: Calls = { modes: [] };
    const env = probeEnv(browserLikeFetch('opaque', calls), { pageUrl: 'https://app.example/' });
    const err = await connectError(env, 'http://192.168.1.20:8000/v1');
    expect(err.code).toBe('mixed-content');
    expect(calls.modes).toEqual([]);
    expect(err.message).toMatch(/https.*reverse proxy|SSH tunnel/);
    // http://localhost from an https page is allowed by browsers: no mixed-content error.
    const local = await connectError(env, 'http://localhost:8000/v1');
    expect(local.code).toBe('cors');
  });

  it('an abort while probing is not turned into an error message', async () => {
    const ctl = new AbortController();
    const env = probeEnv((async () => {
      ctl.abort();
      throw new DOMException('aborted', 'AbortError');
    }) as typeof fetch);
    await expect(listModels({ baseUrl: BASE, env }, ctl.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('HTTP errors', () => {
  const answering = (res: () => Response) => probeEnv((async () => res()) as typeof fetch);

  it('401 without a key and 403 with one: the key message', async () => {
    const noKey = await connectError(
      answering(() => jsonResponse(401, { error: { message: 'Unauthorized' } })),
    );
    expect(noKey).toMatchObject({ code: 'unauthorized', status: 401, detail: 'Unauthorized' });
    expect(noKey.message).toMatch(/needs an API key and none was given.*API key field/);
    const badKey = await connectError(
      answering(() => jsonResponse(403, { detail: 'bad key' })),
      BASE,
      'k',
    );
    expect(badKey).toMatchObject({ code: 'unauthorized', status: 403 });
    expect(badKey.message).toMatch(/refused the API key.*--api-key/);
  });

  it('404 on the path: the base URL advice; 404 naming the model: pick another model', async () => {
    const path = await connectError(answering(() => new Response('Not Found', { status: 404 })));
    expect(path.code).toBe('not-found');
    expect(path.message).toMatch(/usually ends in \/v1/);
    const engine = new EndpointEngine({
      baseUrl: BASE,
      model: { id: 'no-such-model' },
      env: answering(() =>
        jsonResponse(404, { error: { message: 'The model `no-such-model` does not exist.' } }),
      ),
    });
    const err = await engine
      .chat([{ role: 'user', content: 'hi' }])
      .result.catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'model-not-found' });
    expect((err as Error).message).toMatch(/does not serve a model named "no-such-model".*Connect/);
  });

  it('context overflow, other 4xx and 5xx', async () => {
    const chat = (res: Response) =>
      new EndpointEngine({ baseUrl: BASE, model: { id: 'm' }, env: answering(() => res) })
        .chat([{ role: 'user', content: 'hi' }])
        .result.catch((e: unknown) => e as EndpointError);
    const ctx = await chat(
      jsonResponse(400, {
        object: 'error',
        message:
          "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.",
      }),
    );
    expect(ctx).toMatchObject({ code: 'context-window' });
    // The agent shrinks its window and retries on this message.
    expect((ctx as Error).message).toMatch(/context window/);
    expect(await chat(jsonResponse(422, { error: 'temperature must be >= 0' }))).toMatchObject({
      code: 'bad-request',
      detail: 'temperature must be >= 0',
    });
    const down = await chat(new Response('upstream exploded', { status: 502 }));
    expect(down).toMatchObject({ code: 'server-error', status: 502 });
    expect((down as Error).message).toMatch(/HTTP 502.*upstream exploded.*server's log/);
  });

  it('answers that are not the OpenAI format, and a server with no model', async () => {
    const html = await connectError(answering(() => new Response('<html>', { status: 200 })));
    expect(html.code).toBe('bad-response');
    const list = await connectError(answering(() => jsonResponse(200, { models: [] })));
    expect(list.code).toBe('bad-response');
    const empty = await connectError(answering(() => jsonResponse(200, { data: [] })));
    expect(empty.code).toBe('no-models');
  });

  it('lists models with the context window when the server gives it', async () => {
    const env = answering(() =>
      jsonResponse(200, {
        data: [
          { id: 'CodeActAgent-Mistral-7b-v0.1', max_model_len: 32768, owned_by: 'vllm' },
          { id: 'qwen2.5-coder:7b' },
          { id: 'gguf-model', meta: { n_ctx_train: 4096 } },
          { name: 'no id' },
        ],
      }),
    );
    expect(await listModels({ baseUrl: BASE, env })).toEqual([
      {
        id: 'CodeActAgent-Mistral-7b-v0.1',
        contextWindow: 32768,
        contextFrom: 'max_model_len in /v1/models',
        ownedBy: 'vllm',
      },
      { id: 'qwen2.5-coder:7b' },
      // llama.cpp's training length is not the window it runs (that comes from /props).
      { id: 'gguf-model', trainedContext: 4096 },
    ]);
  });

  it('a successful request carries the key as a Bearer header, and only there', async () => {
    const seen: RequestInit[] = [];
    const env = probeEnv((async (_u: RequestInfo | URL, init?: RequestInit) => {
      seen.push(init ?? {});
      return sseResponse([sseText(['ok'])]);
    }) as typeof fetch);
    const engine = new EndpointEngine({
      baseUrl: BASE,
      model: { id: 'm' },
      apiKey: 'sk-secret-1',
      env,
    });
    await engine.chat([{ role: 'user', content: 'hi' }]).result;
    expect((seen[0]?.headers as Record<string, string>).Authorization).toBe('Bearer sk-secret-1');
    expect(seen[0]).toMatchObject({ mode: 'cors', credentials: 'omit' });
    expect(String(seen[0]?.body)).not.toContain('sk-secret-1');
  });
});
