// Reasoning a model server sends apart from the answer (`delta.reasoning_content`,
// `delta.reasoning`, the final message's equivalents) reaches the agent as a reasoning block;
// a reply that is only reasoning is an unfinished turn; old vLLM error events; the idle limit.
import { describe, expect, it } from 'vitest';
import { CodeActAgent } from '../../src/agent/agent';
import type { AgentEvent } from '../../src/agent/events';
import { parseReply } from '../../src/agent/parser';
import { EndpointEngine } from '../../src/engine/engines/endpoint/endpoint-engine';
import { EndpointError } from '../../src/engine/engines/endpoint/errors';
import { readSse, StreamIdleError } from '../../src/engine/engines/endpoint/sse';
import type { ChatMessage } from '../../src/engine/engines/types';
import { SERIES } from '../../src/engine/catalog/families';
import { FakeEngine } from '../support/fake-engine';
import { BASE, jsonResponse, probeEnv, sseResponse } from '../support/endpoint-env';
import { fakeResult, FakeRunner } from '../support/fake-runtime';

const HISTORY: ChatMessage[] = [{ role: 'user', content: 'Go' }];

const event = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

function engineOver(respond: () => Response | Promise<Response>, idleTimeoutMs?: number) {
  const fetchImpl = (async () => respond()) as unknown as typeof fetch;
  return new EndpointEngine({
    baseUrl: BASE,
    model: { id: 'qwen3:8b', contextWindow: 8192 },
    env: probeEnv(fetchImpl),
    ...(idleTimeoutMs ? { idleTimeoutMs } : {}),
  });
}

async function chat(engine: EndpointEngine, opts = {}) {
  const stream = engine.chat(HISTORY, { stop: ['</execute>'], ...opts });
  const deltas: string[] = [];
  for await (const d of stream) deltas.push(d);
  return { deltas, result: await stream.result };
}

describe.each(['reasoning_content', 'reasoning'] as const)('reasoning in delta.%s', (field) => {
  it('becomes a closed <think> block before the answer, streamed as it arrives', async () => {
    const engine = engineOver(() =>
      sseResponse([
        event({ role: 'assistant', content: '' }),
        event({ [field]: 'Sum them ' }),
        event({ [field]: 'in Python.' }),
        event({ content: 'I will run it.\n<execute>\nprint(6)\n' }),
        event({}, 'stop'),
        'data: [DONE]\n\n',
      ]),
    );
    const { deltas, result } = await chat(engine);
    expect(result.content).toBe(
      '<think>\nSum them in Python.\n</think>\n\nI will run it.\n<execute>\nprint(6)\n',
    );
    expect(deltas.join('')).toBe(result.content);
    expect(deltas[0]).toBe('<think>\nSum them '); // shown while the model is still thinking
  });

  it('a reply that is only reasoning stays an open block (unfinished, never an empty answer)', async () => {
    const engine = engineOver(() =>
      sseResponse([
        event({ [field]: 'Let me think about ' }),
        event({}, 'length'),
        'data: [DONE]\n\n',
      ]),
    );
    const { result } = await chat(engine);
    expect(result).toMatchObject({
      content: '<think>\nLet me think about ',
      finishReason: 'length',
    });
    const parsed = parseReply(result.content, {
      finishReason: 'length',
      acceptFenced: true,
      reasoning: SERIES.qwen3.reasoning,
    });
    expect(parsed).toMatchObject({ kind: 'invalid', issue: 'reasoning-unclosed' });
  });
});

describe('reasoning from the server, other shapes', () => {
  it('uses the tags the caller names (a model with its own reasoning format)', async () => {
    const engine = engineOver(() =>
      sseResponse([
        event({ reasoning_content: 'hm' }),
        event({ content: 'Done.' }, 'stop'),
        'data: [DONE]\n\n',
      ]),
    );
    const { result } = await chat(engine, {
      reasoningTags: { open: '<|channel>thought', close: '<channel|>' },
    });
    expect(result.content).toBe('<|channel>thought\nhm\n<channel|>\n\nDone.');
  });

  it('a whole JSON answer with message.reasoning_content (and content null) is read too', async () => {
    const engine = engineOver(() =>
      jsonResponse(200, {
        choices: [
          {
            message: { role: 'assistant', content: null, reasoning_content: 'only this' },
            finish_reason: 'length',
          },
        ],
      }),
    );
    const { result } = await chat(engine);
    expect(result).toMatchObject({ content: '<think>\nonly this', finishReason: 'length' });
  });

  it('a stop string inside the reasoning ends the reply there, the block left open', async () => {
    const engine = engineOver(() =>
      sseResponse([
        event({ reasoning_content: 'Draft: <execute>print(1)</execute> then more' }),
        event({ content: 'never reached' }, 'stop'),
        'data: [DONE]\n\n',
      ]),
    );
    const { result } = await chat(engine);
    expect(result.content).toBe('<think>\nDraft: <execute>print(1)');
  });

  it("an old vLLM error event ({object: 'error'}) is a mid-stream error, not a complete reply", async () => {
    const engine = engineOver(() =>
      sseResponse([
        event({ content: '<execute>\nprint(' }),
        `data: ${JSON.stringify({ object: 'error', message: 'CUDA out of memory', code: 500 })}\n\n`,
        'data: [DONE]\n\n',
      ]),
    );
    const err = await chat(engine).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointError);
    expect(err).toMatchObject({ code: 'mid-stream', detail: 'CUDA out of memory' });
  });
});

describe('the agent on reasoning-only replies and on <think> from any model', () => {
  it('a closed reasoning block with nothing after it is an unfinished turn, then the action runs', async () => {
    const engine = new FakeEngine([
      '<think>\nI should print 6.\n</think>\n\n',
      'Running it.\n<execute>\nprint(6)\n</execute>',
      'The answer is 6.',
    ]);
    const runner = new FakeRunner(() => fakeResult({ stdout: '6\n' }));
    // A generic model with no reasoning format: <think> is still reasoning.
    const agent = new CodeActAgent({ engine, runner, dialect: 'generic' });
    const events: AgentEvent[] = [];
    await agent.send('Print six', { onEvent: (e) => events.push(e) });
    const observations = events.filter((e) => e.type === 'observation');
    expect(observations[0]).toMatchObject({ text: expect.stringContaining('held only reasoning') });
    expect(runner.runs).toEqual(['print(6)']);
    expect(events.at(-1)).toMatchObject({ type: 'final', content: 'The answer is 6.' });
  });

  it('code drafted inside <think> never runs, whatever the model (no reasoning format given)', async () => {
    const reply = '<think>\n<execute>\nprint("draft")\n</execute>\n</think>\n\nThe answer is 6.';
    // The stop string inside the reasoning ends the first request (as servers do): asked again.
    const engine = new FakeEngine([reply, reply]);
    const runner = new FakeRunner(() => fakeResult({ stdout: 'x\n' }));
    const agent = new CodeActAgent({ engine, runner, dialect: 'generic' });
    const events: AgentEvent[] = [];
    await agent.send('Go', { onEvent: (e) => events.push(e) });
    expect(runner.runs).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'final', content: 'The answer is 6.' });
  });
});

describe('idle limit', () => {
  it('readSse gives up after the idle limit and closes the body', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(ctl) {
        ctl.enqueue(new TextEncoder().encode(event({ content: 'a' })));
      },
      cancel() {
        cancelled = true;
      },
    });
    const seen: string[] = [];
    const err = await readSse(body, (d) => void seen.push(d), 30).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamIdleError);
    expect(seen).toHaveLength(1);
    expect(cancelled).toBe(true);
  });

  it('a silent stream becomes an "idle" EndpointError that keeps what arrived', async () => {
    const engine = engineOver(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(ctl) {
              ctl.enqueue(new TextEncoder().encode(event({ content: 'Partial' })));
            },
          }),
          { headers: { 'Content-Type': 'text/event-stream' } },
        ),
      40,
    );
    const err = await chat(engine).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'idle', partial: 'Partial' });
    expect((err as Error).message).toMatch(/sent nothing for 0 s/);
  });

  it('a server that never answers with headers is given up too', async () => {
    const fetchImpl = ((_u: unknown, init?: RequestInit) =>
      new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        ),
      )) as unknown as typeof fetch;
    const engine = new EndpointEngine({
      baseUrl: BASE,
      model: { id: 'm' },
      env: probeEnv(fetchImpl),
      idleTimeoutMs: 30,
    });
    const err = await chat(engine).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'idle' });
  });
});
