// The "Use a model server" state: connect lists models, picks one, persists the choice;
// failures become a problem with the typed error's code and message.
import { beforeEach, describe, expect, it } from 'vitest';
import { EndpointState } from '../../src/ui/models/endpoint.svelte';
import { jsonResponse, probeEnv } from '../support/endpoint-env';
import { MemoryStorage } from '../support/memory-storage';

const listing = probeEnv((async () =>
  jsonResponse(200, {
    data: [{ id: 'qwen2.5-coder:7b' }, { id: 'xingyaow/codeact-agent-mistral:latest' }],
  })) as typeof fetch);

beforeEach(() => {
  (globalThis as { localStorage?: Storage }).localStorage = new MemoryStorage();
});

describe('EndpointState', () => {
  it('connects, lists models, chats with the first, switches on choose, and remembers', async () => {
    const s = new EndpointState({ env: listing });
    s.url = 'localhost:11434';
    await s.connect();
    expect(s.url).toBe('http://localhost:11434/v1');
    expect(s.models.map((m) => m.id)).toEqual([
      'qwen2.5-coder:7b',
      'xingyaow/codeact-agent-mistral:latest',
    ]);
    expect(s.engine?.modelId).toBe('qwen2.5-coder:7b');
    expect(s.engine?.dialect.dialect).toBe('generic');
    expect(s.statusText).toMatch(
      /^Connected to http:\/\/localhost:11434\/v1: 2 models\. Chatting with qwen2\.5-coder:7b/,
    );
    s.choose('xingyaow/codeact-agent-mistral:latest');
    expect(s.engine?.dialect.dialect).toBe('codeact');
    const reloaded = new EndpointState({ env: listing });
    expect(reloaded.engine?.modelId).toBe('xingyaow/codeact-agent-mistral:latest');
    expect(reloaded.status).toBe('saved');
    // Connecting again keeps the chosen model when the server still serves it.
    await reloaded.connect();
    expect(reloaded.engine?.modelId).toBe('xingyaow/codeact-agent-mistral:latest');
  });

  it('a bad address or an unreachable server is a problem with a code, and no engine', async () => {
    const s = new EndpointState({ env: listing });
    s.url = 'ftp://x';
    await s.connect();
    expect(s.problem).toMatchObject({ code: 'bad-url' });
    expect(s.status).toBe('error');
    expect(s.engine).toBeUndefined();
    const down = new EndpointState({
      env: probeEnv((async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch),
    });
    down.url = 'http://localhost:1234/v1';
    await down.connect();
    expect(down.problem?.code).toBe('unreachable');
    expect(down.statusText).toMatch(
      /did not answer: Nothing answered at http:\/\/localhost:1234\/v1.*lms server start/,
    );
  });
});
