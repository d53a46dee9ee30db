// The endpoint engine's streaming: SSE over arbitrary chunk boundaries, usage, stop strings
// with and without the server echoing them, abort, and a server failing mid-stream.
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/agent/generate';
import { EndpointEngine } from '../../src/engine/engines/endpoint/endpoint-engine';
import { EndpointError } from '../../src/engine/engines/endpoint/errors';
import { readSse } from '../../src/engine/engines/endpoint/sse';
import type { ChatMessage } from '../../src/engine/engines/types';
import {
  BASE,
  byteStream,
  chunkEvent,
  probeEnv,
  splitBytes,
  sseResponse,
  sseText,
} from '../support/endpoint-env';

const STOPS = ['</execute>', '<|im_end|>'];
const HISTORY: ChatMessage[] = [
  { role: 'system', content: 'sys' },
  { role: 'user', content: 'Sum 1..3' },
];

function engineWith(respond: (init: RequestInit) => Response | Promise<Response>) {
  const bodies: Record<string, unknown>[] = [];
  const fetchImpl = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    if (typeof init?.body === 'string')
      bodies.push(JSON.parse(init.body) as Record<string, unknown>);
    return respond(init ?? {});
  }) as typeof fetch;
  const engine = new EndpointEngine({
    baseUrl: BASE,
    model: { id: 'CodeActAgent-Mistral-7b-v0.1', contextWindow: 32768 },
    env: probeEnv(fetchImpl),
  });
  return { engine, bodies };
}

async function run(engine: EndpointEngine, opts = {}, messages = HISTORY) {
  const stream = engine.chat(messages, { stop: STOPS, ...opts });
  const deltas: string[] = [];
  for await (const d of stream) deltas.push(d);
  return { deltas, result: await stream.result };
}

describe('readSse', () => {
  const events = ['{"a":1}', '{"b":"é ✓ 😀"}', '{"c":3}'];
  const text = events.map((e) => `data: ${e}\n\n`).join('') + 'data: [DONE]\n\n';

  it.each([1, 2, 3, 5, 7, 11])(
    'gives the same events when the bytes arrive %i at a time',
    async (size) => {
      const seen: string[] = [];
      const end = await readSse(byteStream(splitBytes(text, size)), (d) => void seen.push(d));
      expect(seen).toEqual(events);
      expect(end).toBe('done');
    },
  );

  it('handles a data: line split across reads, CRLF line ends and comments', async () => {
    const seen: string[] = [];
    const pieces = [
      ': keep-alive\r\n\r\nda',
      'ta: {"x"',
      ':1}\r',
      '\n\r\ndata: [DO',
      'NE]\r\n\r\n',
    ];
    expect(await readSse(byteStream(pieces), (d) => void seen.push(d))).toBe('done');
    expect(seen).toEqual(['{"x":1}']);
  });

  it('reports a body that ends without [DONE], and a caller that stops', async () => {
    expect(await readSse(byteStream(['data: {"a":1}\n\n']), () => {})).toBe('ended');
    const seen: string[] = [];
    const end = await readSse(byteStream([text]), (d) => (seen.push(d), false));
    expect([end, seen]).toEqual(['stopped', ['{"a":1}']]);
  });
});

describe('EndpointEngine streaming', () => {
  it('streams deltas, returns the final text and maps usage', async () => {
    const { engine, bodies } = engineWith(() =>
      sseResponse(splitBytes(sseText(['The ', 'answer ', 'is 6.'], { usage: [120, 3] }), 5)),
    );
    const { deltas, result } = await run(engine, { temperature: 0, maxTokens: 512 });
    expect(deltas.join('')).toBe('The answer is 6.');
    expect(result).toMatchObject({ content: 'The answer is 6.', finishReason: 'stop' });
    expect(result.usage).toMatchObject({ promptTokens: 120, completionTokens: 3 });
    expect(bodies[0]).toEqual({
      model: 'CodeActAgent-Mistral-7b-v0.1',
      messages: HISTORY,
      stream: true,
      stream_options: { include_usage: true },
      stop: STOPS,
      temperature: 0,
      max_tokens: 512,
    });
  });

  const ACTION = 'I will add.\n<execute>\nprint(1 + 2 + 3)\n';

  it('returns the same content whether or not the server echoes the stop string', async () => {
    // vLLM with include_stop_str_in_output sends `</execute>` back; Ollama and llama.cpp strip it.
    const echoed = engineWith(() =>
      sseResponse([sseText([ACTION.slice(0, 9), ACTION.slice(9), '</exe', 'cute>'])]),
    );
    const stripped = engineWith(() =>
      sseResponse([sseText([ACTION.slice(0, 9), ACTION.slice(9)])]),
    );
    const a = await run(echoed.engine);
    const b = await run(stripped.engine);
    expect(a.result).toEqual(b.result);
    expect(a.result).toMatchObject({ content: ACTION, finishReason: 'stop' });
    // Like WebLLM, a delta may end in a fragment of the stop string (`</exe`); the agent's
    // stream guard holds such tails back, so what the user sees is exactly the content.
    expect(a.deltas.join('').startsWith(ACTION)).toBe(true);
    let shown = '';
    const out = await generate({
      engine: echoed.engine,
      messages: HISTORY,
      stop: STOPS,
      maxTokens: 100,
      onDelta: (d) => (shown += d),
    });
    expect(out.ok).toBe(true);
    expect(shown).toBe(ACTION);
  });

  it('cuts at a stop string the server did not honour, and stops reading (closing the stream)', async () => {
    let cancelled = false;
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(ctl) {
        ctl.enqueue(enc.encode(chunkEvent(`${ACTION}</execute>\nExecution Output:`)));
        ctl.enqueue(enc.encode(chunkEvent(' 6\nand more invented text')));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { engine } = engineWith(
      () => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    );
    const { deltas, result } = await run(engine);
    expect(result).toMatchObject({ content: ACTION, finishReason: 'stop' });
    expect(deltas.join('')).toBe(ACTION);
    expect(cancelled).toBe(true);
  });

  it('reports a length-limited reply as `length`', async () => {
    const { engine } = engineWith(() =>
      sseResponse([sseText(['<execute>\nfor i in'], { finish: 'length' })]),
    );
    expect((await run(engine)).result.finishReason).toBe('length');
  });

  it('reads a server that ignored stream:true and sent one JSON completion', async () => {
    const { engine } = engineWith(
      () =>
        new Response(
          JSON.stringify({
            choices: [{ message: { content: `${ACTION}</execute>` }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 10, completion_tokens: 8 },
          }),
          { headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const { result } = await run(engine);
    expect(result).toMatchObject({
      content: ACTION,
      finishReason: 'stop',
      usage: { completionTokens: 8 },
    });
  });

  it('stops on the abort signal: the fetch is aborted and the partial reply returned as `abort`', async () => {
    const ctl = new AbortController();
    let fetchSignal: AbortSignal | undefined;
    const enc = new TextEncoder();
    const { engine } = engineWith((init) => {
      fetchSignal = init.signal ?? undefined;
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(enc.encode(chunkEvent('Partial ')));
          init.signal?.addEventListener('abort', () =>
            c.error(new DOMException('The operation was aborted.', 'AbortError')),
          );
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    });
    const stream = engine.chat(HISTORY, { stop: STOPS, signal: ctl.signal });
    const seen: string[] = [];
    for await (const d of stream) {
      seen.push(d);
      ctl.abort();
    }
    expect(fetchSignal?.aborted).toBe(true);
    expect(await stream.result).toMatchObject({ content: 'Partial ', finishReason: 'abort' });
  });

  it('an error event mid-stream rejects with a typed error that keeps the partial reply', async () => {
    const { engine } = engineWith(() =>
      sseResponse([
        chunkEvent('Let me '),
        chunkEvent('look'),
        'data: {"error":{"message":"CUDA out of memory"}}\n\n',
      ]),
    );
    const stream = engine.chat(HISTORY, { stop: STOPS });
    const err = await stream.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointError);
    expect(err).toMatchObject({ code: 'mid-stream', partial: 'Let me look' });
    expect((err as Error).message).toMatch(/CUDA out of memory.*11 characters.*kept/s);
  });

  it('a connection that drops mid-stream is a mid-stream error too', async () => {
    const broken = engineWith(() =>
      sseResponse([chunkEvent('Half a')], new TypeError('network error')),
    );
    await expect(broken.engine.chat(HISTORY).result).rejects.toMatchObject({
      code: 'mid-stream',
      partial: 'Half a',
    });
    const cut = engineWith(() => sseResponse([chunkEvent('Half a')]));
    await expect(cut.engine.chat(HISTORY).result).rejects.toMatchObject({ code: 'mid-stream' });
  });

  it('sends the history exactly as given and reports only what a follow-up request added', async () => {
    let call = 0;
    const { engine, bodies } = engineWith(() =>
      call++ === 0
        ? sseResponse([sseText([ACTION, '</execute>'], { usage: [100, 20] })])
        : sseResponse([sseText(['Six.'], { usage: [150, 2] })]),
    );
    await run(engine);
    // The agent stores the reply with `</execute>` re-appended, then adds the observation.
    const next: ChatMessage[] = [
      ...HISTORY,
      { role: 'assistant', content: `${ACTION}</execute>` },
      { role: 'user', content: 'Execution Output:\n6\n' },
    ];
    const second = await run(engine, {}, next);
    expect(bodies[1]?.messages).toEqual(next);
    expect(second.result.usage).toMatchObject({ promptTokens: 30, completionTokens: 2 });
    engine.newConversation();
    expect((await run(engine, {}, next)).result.usage?.promptTokens).toBe(150);
  });
});
