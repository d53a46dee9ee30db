// The endpoint engine over real HTTP (Node's fetch) against the FAKE OpenAI-compatible
// server, driven by the real agent loop with a FAKE Python runner. What the server receives
// is checked: the observation goes back, the history is what it produced, Stop closes the
// connection, and a mid-stream failure keeps the partial reply visible.
import { afterEach, describe, expect, it } from 'vitest';
import { CodeActAgent } from '../../src/agent/agent';
import type { AgentEvent } from '../../src/agent/events';
import { EndpointEngine } from '../../src/engine/engines/endpoint/endpoint-engine';
import { listModels } from '../../src/engine/engines/endpoint/models';
import { describeServer } from '../../src/engine/engines/endpoint/server-probe';
import { probeEnv } from '../support/endpoint-env';
import {
  FAKE_MODEL_ID,
  FakeOpenAIServer,
  type FakeServerOptions,
} from '../support/fake-openai-server';
import { fakeResult, FakeRunner } from '../support/fake-runtime';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ACTION_1 =
  'I will compute the mean.\n<execute>\nimport statistics\nprint(statistics.mean([2, 4, 9]))\n</execute>';
const ACTION_2 = 'Now the sum.\n<execute>\nprint(sum(range(10)))\n</execute>';
const FINAL = 'The mean is 5 and the sum of 0..9 is 45.';

async function setup(opts: FakeServerOptions, apiKey?: string) {
  server = await FakeOpenAIServer.start(opts);
  const env = probeEnv(fetch);
  const conn = { baseUrl: server.baseUrl, apiKey, env };
  const [model] = await describeServer(conn, await listModels(conn));
  const engine = new EndpointEngine({ baseUrl: server.baseUrl, model: model!, apiKey, env });
  const runner = new FakeRunner((code) =>
    fakeResult({ stdout: code.includes('mean') ? '5\n' : '45\n' }),
  );
  const agent = new CodeActAgent({ engine, runner, dialect: engine.dialect.dialect });
  const events: AgentEvent[] = [];
  return { server, engine, runner, agent, events, onEvent: (e: AgentEvent) => events.push(e) };
}

type Body = {
  messages: { role: string; content: string }[];
  stop: string[];
  include_stop_str_in_output: boolean;
};

describe.each(['request', 'strip'] as const)(
  'EndpointEngine against the fake server (stops: %s)',
  (stopEcho) => {
    it('runs a two-action episode; each request carries the previous observation and the key', async () => {
      // Echoing stops is vLLM's extension: the fake passes for vLLM then, else for an unknown server.
      const ownedBy = stopEcho === 'request' ? 'vllm' : undefined;
      const t = await setup(
        { turns: [ACTION_1, ACTION_2, FINAL], apiKey: 'sk-fake-1', stopEcho, ownedBy },
        'sk-fake-1',
      );
      expect(t.engine.dialect.dialect).toBe('codeact');
      await t.agent.send('Mean of 2, 4, 9, then sum 0..9?', { onEvent: t.onEvent });
      expect(t.runner.runs).toEqual([
        'import statistics\nprint(statistics.mean([2, 4, 9]))',
        'print(sum(range(10)))',
      ]);
      expect(t.events.at(-1)).toMatchObject({ type: 'final', content: FINAL });
      const chats = t.server.chatRequests;
      expect(chats).toHaveLength(3);
      for (const r of chats) expect(r.headers.authorization).toBe('Bearer sk-fake-1');
      const second = chats[1]!.body as Body;
      expect(second.stop).toEqual(['</execute>', '<|im_end|>']);
      expect(second.include_stop_str_in_output).toBe(stopEcho === 'request' ? true : undefined);
      expect(second.messages.at(-1)).toEqual({ role: 'user', content: 'Execution Output:\n5' });
      // What the model produced (the server may or may not have echoed `</execute>`) goes back unchanged.
      expect(second.messages.at(-2)).toEqual({ role: 'assistant', content: ACTION_1 });
      const third = chats[2]!.body as Body;
      expect(third.messages.slice(0, second.messages.length)).toEqual(second.messages);
      expect(third.messages.at(-1)?.content).toBe('Execution Output:\n45');
    });
  },
);

describe('EndpointEngine against the fake server', () => {
  it('Stop mid-stream aborts the fetch, and the server sees its stream closed by the client', async () => {
    const t = await setup({
      turns: [{ text: 'Thinking about it very slowly '.repeat(20), hangAfterChunks: 5 }],
    });
    const ctl = new AbortController();
    const done = t.agent.send('Go', {
      signal: ctl.signal,
      onEvent: (e) => {
        t.events.push(e);
        if (e.type === 'text-delta' && !ctl.signal.aborted) setTimeout(() => ctl.abort(), 20);
      },
    });
    await done;
    await t.server.waitFor(() => t.server.chatRequests[0]?.closedByClient === true);
    expect(t.server.chatRequests[0]).toMatchObject({ closedByClient: true, completed: false });
    expect(t.events.at(-1)).toMatchObject({ type: 'stopped', reason: 'user' });
    expect(t.agent.messages.at(-1)?.content).toMatch(
      /^Thinking about.*\[Reply stopped by the user\.\]$/s,
    );
  });

  it('a server error mid-stream: the error says the partial reply is kept; the agent reports it', async () => {
    const t = await setup({
      turns: [{ text: 'Let me check the data first, then compute.', failAfterChunks: 3 }],
    });
    await t.agent.send('Go', { onEvent: t.onEvent });
    const shown = t.events
      .filter((e) => e.type === 'text-delta')
      .map((e) => (e as { delta: string }).delta)
      .join('');
    expect(shown).toBe('Let me check');
    const error = t.events.at(-1);
    expect(error).toMatchObject({ type: 'error' });
    expect((error as { message: string }).message).toMatch(
      /stopped in the middle of the reply: fake server: the engine crashed\. The part of the reply that arrived \(12 characters\) is kept/,
    );
  });

  it('without CORS headers Node still reads the answer (CORS is a browser rule: see the e2e test)', async () => {
    const t = await setup({ cors: false, turns: ['Hello.'] });
    await t.agent.send('Hi', { onEvent: t.onEvent });
    expect(t.events.at(-1)).toMatchObject({ type: 'final', content: 'Hello.' });
    expect(t.server.requests[0]?.path).toBe('/v1/models');
    expect(FAKE_MODEL_ID).toMatch(/fake/);
  });

  it('a wrong key is a 401 with the key message', async () => {
    server = await FakeOpenAIServer.start({ apiKey: 'right' });
    const err = await listModels({
      baseUrl: server.baseUrl,
      apiKey: 'wrong',
      env: probeEnv(fetch),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unauthorized', status: 401 });
  });
});
