// The model server's API key is used (it is in the Authorization header) but never written
// anywhere else: not in exports (.ipynb, Markdown, JSON), the saved conversation, the agent's
// transcript, the engine's label or JSON, the stored settings, or any widget message.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { CodeActAgent } from '../../src/agent/agent';
import type { AgentConfig } from '../../src/agent/api';
import { createEmbedAdapter } from '../../src/embed/app/app-adapter';
import { startEmbedBridge } from '../../src/embed/app/app-bridge';
import { CHANNEL } from '../../src/embed/protocol/protocol';
import { ConversationStore } from '../../src/storage/conversations';
import { openAppDB } from '../../src/storage/db';
import { notebookJSON } from '../../src/storage/export/ipynb';
import { toJsonExport } from '../../src/storage/export/json';
import { toMarkdown } from '../../src/storage/export/markdown';
import { AppState } from '../../src/ui/state/app.svelte';
import { API_KEY_STORAGE_KEY } from '../../src/ui/models/endpoint-storage';
import { EndpointState } from '../../src/ui/models/endpoint.svelte';
import { jsonResponse, probeEnv, sseResponse, sseText } from '../support/endpoint-env';
import { FakePython } from '../support/fake-python';
import { fakeResult } from '../support/fake-runtime';
import { MemoryStorage } from '../support/memory-storage';

const KEY = 'sk-VERY-SECRET-4242';
const HOST_KEY = 'sk-HOST-GIVEN-7777';
const BASE = 'http://localhost:8000/v1';
const TURNS = [
  'Let me add.\n<execute>\nprint(1 + 2)\n</execute>',
  'The sum is <solution>3</solution>.',
];

/** A FAKE server behind fetch: lists one model, plays TURNS round-robin, records auth headers. */
function fakeServer() {
  const auth: (string | undefined)[] = [];
  let turn = 0;
  const fetchImpl = (async (url: RequestInfo | URL, init?: RequestInit) => {
    auth.push((init?.headers as Record<string, string> | undefined)?.Authorization);
    if (String(url).endsWith('/models'))
      return jsonResponse(200, {
        data: [{ id: 'CodeActAgent-Mistral-7b-v0.1', max_model_len: 8192 }],
      });
    return sseResponse([sseText([TURNS[turn++ % TURNS.length]!], { usage: [50, 10] })]);
  }) as typeof fetch;
  return { auth, env: probeEnv(fetchImpl) };
}

let storage: MemoryStorage;
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  storage = new MemoryStorage();
  (globalThis as { localStorage?: Storage }).localStorage = storage;
});

function appWith(server: ReturnType<typeof fakeServer>) {
  const python = new FakePython(() => fakeResult({ stdout: '3\n' }));
  const services = {
    python,
    createAgent: (config: AgentConfig) => new CodeActAgent(config),
    replayEngine: async () => {
      throw new Error('no replays here');
    },
  };
  return new AppState(services, undefined, { env: server.env });
}

async function connected(server: ReturnType<typeof fakeServer>) {
  const endpoint = new EndpointState({ env: server.env });
  endpoint.url = BASE;
  endpoint.key = KEY;
  await endpoint.connect();
  expect(endpoint.status).toBe('connected');
  return endpoint;
}

describe('the API key is never serialised', () => {
  it('exports, the saved conversation, the transcript, the engine and the settings hold no key', async () => {
    const server = fakeServer();
    const endpoint = await connected(server);
    const app = appWith(server);
    await app.init();
    app.setEngine(endpoint.engine!, endpoint.engine!.dialect.dialect);
    await app.send('Add one and two');
    expect(app.conversation.items.at(-1)).toMatchObject({ role: 'assistant', final: true });
    // The key really was used: every request carried it.
    expect(server.auth).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`, `Bearer ${KEY}`]);

    const record = app.conversation.toRecord();
    const saved = await new ConversationStore(await openAppDB()).get(record.id);
    const serialised = {
      ipynb: notebookJSON(record),
      markdown: toMarkdown(record),
      json: JSON.stringify(toJsonExport(record)),
      saved: JSON.stringify(saved),
      transcript: JSON.stringify(app.conversation.history),
      engine: JSON.stringify(app.engine),
      label: String(app.engine?.label),
      status: endpoint.statusText,
      settings: JSON.stringify(storage.entries().filter(([k]) => k !== API_KEY_STORAGE_KEY)),
    };
    expect(serialised.json).toContain('model server at http://localhost:8000/v1'); // the engine is named
    for (const [where, text] of Object.entries(serialised)) expect(text, where).not.toContain(KEY);
    // Stored only under its own key, in this browser.
    expect(storage.getItem(API_KEY_STORAGE_KEY)).toBe(KEY);
  });

  it('"Forget key" removes it from storage and from the requests', async () => {
    const server = fakeServer();
    const endpoint = await connected(server);
    endpoint.forgetKey();
    expect(storage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
    expect(endpoint.engine?.hasKey).toBe(false);
    await endpoint.engine!.chat([{ role: 'user', content: 'hi' }]).result;
    expect(server.auth.at(-1)).toBeUndefined();
    // A reload brings back the server and model, without a key.
    const again = new EndpointState({ env: server.env });
    expect([again.url, again.modelId, again.key, again.status]).toEqual([
      BASE,
      'CodeActAgent-Mistral-7b-v0.1',
      '',
      'saved',
    ]);
  });

  it('a key given by a widget host is used, kept in memory, and never sent back to the host', async () => {
    const server = fakeServer();
    const endpoint = new EndpointState({ persist: false, env: server.env });
    const app = appWith(server);
    await app.init();
    const adapter = createEmbedAdapter(app, Promise.resolve(), {
      use: (url, model, key) => {
        const r = endpoint.use(url, model, key);
        app.setEngine(endpoint.engine!, endpoint.engine!.dialect.dialect);
        return r;
      },
    });
    const posted: unknown[] = [];
    const parent = { postMessage: (msg: unknown) => posted.push(msg) };
    const win = Object.assign(new EventTarget(), { parent }) as unknown as Window;
    const bridge = startEmbedBridge(adapter, { win, hostOrigin: 'https://host.example' });
    const request = (id: string, method: string, params: unknown) =>
      win.dispatchEvent(
        Object.assign(new Event('message'), {
          data: { channel: CHANNEL, kind: 'request', id, method, params },
          origin: 'https://host.example',
          source: parent,
        }),
      );
    request('e1', 'setEndpoint', {
      url: 'localhost:8000',
      model: 'CodeActAgent-Mistral-7b-v0.1',
      apiKey: HOST_KEY,
    });
    request('a1', 'ask', { prompt: 'Add one and two' });
    request('t1', 'getTranscript', {});
    const responses = () => posted.filter((m) => (m as { kind: string }).kind === 'response');
    await expect.poll(() => responses().length, { timeout: 10_000 }).toBe(3);
    bridge.stop();

    const byId = (id: string) => responses().find((m) => (m as { id: string }).id === id);
    expect(byId('e1')).toMatchObject({
      id: 'e1',
      ok: true,
      result: { url: BASE, model: 'CodeActAgent-Mistral-7b-v0.1' },
    });
    expect(byId('a1')).toMatchObject({
      id: 'a1',
      ok: true,
      result: { final: 'The sum is 3.' },
    });
    expect(server.auth.filter((a) => a === `Bearer ${HOST_KEY}`)).toHaveLength(2);
    expect(JSON.stringify(posted)).not.toContain(HOST_KEY);
    expect(JSON.stringify(storage.entries())).not.toContain(HOST_KEY);
    expect(JSON.stringify(app.conversation.toRecord())).not.toContain(HOST_KEY);
  });
});
