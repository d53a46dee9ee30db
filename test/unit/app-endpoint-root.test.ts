// The model-server state lives in the app's one state root (`app.endpoint`): a saved choice is
// the app's engine at start, and Connect / choosing another model switch the app's engine
// without any wiring in a component.
import { beforeEach, describe, expect, it } from 'vitest';
import { AppState } from '../../src/ui/state/app.svelte';
import type { Services } from '../../src/ui/state/ports';
import { jsonResponse, probeEnv } from '../support/endpoint-env';
import { FakePython } from '../support/fake-python';
import { MemoryStorage } from '../support/memory-storage';

/** A FAKE server behind fetch that lists two models. */
const listing = probeEnv((async () =>
  jsonResponse(200, {
    data: [{ id: 'qwen2.5-coder:7b' }, { id: 'xingyaow/codeact-agent-mistral:latest' }],
  })) as typeof fetch);

function services(): Services {
  return {
    python: new FakePython(),
    createAgent: () => {
      throw new Error('no agent runs here');
    },
    replayEngine: async () => {
      throw new Error('no replays here');
    },
  };
}

beforeEach(() => {
  (globalThis as { localStorage?: Storage }).localStorage = new MemoryStorage();
});

describe('app.endpoint', () => {
  it('Connect makes the server the app’s engine; choosing another model switches it', async () => {
    const app = new AppState(services(), undefined, { env: listing });
    expect(app.engine).toBeNull();
    app.endpoint.url = 'localhost:11434';
    await app.endpoint.connect();
    expect(app.engine?.kind).toBe('endpoint');
    expect(app.engine?.modelId).toBe('qwen2.5-coder:7b');
    expect(app.dialect?.prompt).toBe('generic');
    app.endpoint.choose('xingyaow/codeact-agent-mistral:latest');
    expect(app.engine?.modelId).toBe('xingyaow/codeact-agent-mistral:latest');
    expect(app.dialect?.prompt).toBe('codeact');
  });

  it('a saved choice is the engine of a new app at once, without asking the server', async () => {
    let asked = 0;
    const counting = probeEnv((async () => {
      asked++;
      return jsonResponse(200, { data: [{ id: 'qwen2.5-coder:7b' }] });
    }) as typeof fetch);
    const first = new AppState(services(), undefined, { env: counting });
    first.endpoint.url = 'http://localhost:8000/v1';
    await first.endpoint.connect();
    const before = asked;
    const reloaded = new AppState(services(), undefined, { env: counting });
    expect(reloaded.engine?.modelId).toBe('qwen2.5-coder:7b');
    expect(reloaded.endpoint.status).toBe('saved');
    expect(asked).toBe(before);
  });
});
