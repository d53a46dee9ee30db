// The headless evaluation's model-server engine and its context window. llama-cpp-python does not
// report the window it was started with (--n_ctx), so the app takes its default (2048) unless told;
// `npm run eval -- --context N` tells it, as "set by you" does in the chat, and the run records the
// window the agent fitted its conversation into. A FAKE llama-cpp-python (`owned_by: "me"`).
import { describe, expect, it } from 'vitest';
import { endpointEngine } from '../../src/eval/browser-run';
import { jsonResponse, probeEnv } from '../support/endpoint-env';

const fakeLlamaCppPython = probeEnv((async (input: RequestInfo | URL) =>
  String(input).endsWith('/models')
    ? jsonResponse(200, {
        object: 'list',
        data: [{ id: 'qwen1.5b', object: 'model', owned_by: 'me' }],
      })
    : jsonResponse(404, {})) as typeof fetch);

describe('the evaluation engine for a model server', () => {
  it('takes the server’s default window when it reports none', async () => {
    const e = await endpointEngine(
      { kind: 'endpoint', url: 'http://127.0.0.1:8000/v1', model: 'qwen1.5b' },
      fakeLlamaCppPython,
    );
    expect(e.server).toBe('llama-cpp-python');
    expect([e.contextWindow, e.contextFrom]).toEqual([2048, "llama-cpp-python's default"]);
  });

  it('takes the window given with --context (the server was started with --n_ctx)', async () => {
    const e = await endpointEngine(
      { kind: 'endpoint', url: 'http://127.0.0.1:8000/v1', model: 'qwen1.5b', contextWindow: 8192 },
      fakeLlamaCppPython,
    );
    expect([e.contextWindow, e.contextFrom]).toEqual([8192, 'given with --context']);
  });
});
