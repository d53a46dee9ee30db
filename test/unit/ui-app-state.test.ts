import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CodeActAgent } from '../../src/agent/agent';
import { ConversationStore } from '../../src/storage/conversations';
import { openAppDB } from '../../src/storage/db';
import { createEmbedAdapter } from '../../src/embed/app/app-adapter';
import { AppState } from '../../src/ui/state/app.svelte';
import type { Services } from '../../src/ui/state/ports';
import { LlmHost } from '../../src/engine/local/webllm/llm-host';
import { fakeWorkerFactory } from '../fixtures/engine/fake-llm-worker';
import { FakeEngine } from '../support/fake-engine';
import { FakePython } from '../support/fake-python';
import { fakeResult, type FakeHandler } from '../support/fake-runtime';

function setup(replies: string[], handler?: FakeHandler) {
  const python = new FakePython(handler);
  const engine = new FakeEngine(replies);
  const services: Services = {
    python,
    createAgent: (config) => new CodeActAgent(config),
    replayEngine: async () => ({ engine, prompt: 'scripted prompt' }),
  };
  const app = new AppState(services);
  app.setEngine(engine, 'codeact');
  return { app, python, engine };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('AppState with the real agent loop, a FAKE engine and FAKE Python', () => {
  it('sends, shows cells and the answer, and saves the conversation', async () => {
    const { app, python } = setup(
      ['Let me add.\n<execute>\nprint(1 + 2)\n</execute>', 'The sum is <solution>3</solution>.'],
      () =>
        fakeResult({ stdout: '3\n', outputs: [{ type: 'stream', name: 'stdout', text: '3\n' }] }),
    );
    await app.init();
    await app.send('Add one and two');
    expect(python.runs).toEqual(['print(1 + 2)']);
    expect(app.status).toBe('idle');
    const kinds = app.conversation.items.map((i) => (i.kind === 'cell' ? i.status : i.role));
    expect(kinds).toEqual(['user', 'assistant', 'done', 'assistant']);
    expect(app.conversation.lastRequest[0]?.role).toBe('system');

    const saved = await new ConversationStore(await openAppDB()).get(app.conversation.id);
    expect(saved?.title).toBe('Add one and two');
    expect(saved?.items).toHaveLength(4);
    expect(saved?.history.at(-1)?.content).toContain('The sum is');
  });

  it('a cell run by hand becomes the observation of the next turn', async () => {
    const { app, engine } = setup(['First answer.', 'Second answer.'], () =>
      fakeResult({ stdout: '42\n', outputs: [{ type: 'stream', name: 'stdout', text: '42\n' }] }),
    );
    await app.init();
    await app.send('hello');
    await app.runCell('print(6 * 7)');
    const manual = app.conversation.items.at(-1);
    expect(manual).toMatchObject({ kind: 'cell', manual: true, status: 'done' });
    await app.send('and now?');
    const last = engine.requests
      .at(-1)!
      .messages.map((m) => m.content)
      .join('\n');
    expect(last).toContain('print(6 * 7)');
    expect(last).toContain('42');
  });

  it('regenerate replaces the last reply', async () => {
    const { app, engine } = setup(['First try.', 'Second try.']);
    await app.init();
    await app.send('question');
    await app.regenerate();
    const texts = app.conversation.items.map((i) => (i.kind === 'message' ? i.text : i.code));
    expect(texts).toEqual(['question', 'Second try.']);
    expect(engine.requests).toHaveLength(2);
  });

  it('stop during a run interrupts and returns to idle', async () => {
    const { app } = setup(
      ['Looping.\n<execute>\nwhile True: pass\n</execute>', 'stopped'],
      () => 'hang',
    );
    await app.init();
    const sending = app.send('loop');
    await vi.waitFor(() => expect(app.status).toBe('running'));
    app.stop();
    await sending;
    expect(app.status).toBe('idle');
    const cell = app.conversation.items.find((i) => i.kind === 'cell');
    expect(cell).toMatchObject({ status: 'interrupted' });
  });

  it('a Stop during generation reaches WebLLM exactly once (one signal, no second path)', async () => {
    const workers = fakeWorkerFactory((e) => (e.hangUntilInterrupt = true));
    const host = new LlmHost({ createWorker: workers.create });
    const engine = await host.load({
      record: { model: 'https://h/m/', model_id: 'm', model_lib: 'https://h/l.wasm' },
      label: 'Fake WebLLM model',
      contextWindow: 4096,
    });
    const fake = workers.last.engine;
    const { app } = setup([]);
    app.setEngine(engine, 'generic');
    await app.init();
    const sending = app.send('think for a long time');
    await vi.waitFor(() => expect(app.status).toBe('generating'));
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
    app.stop();
    app.stop(); // a second click, or Escape after the button: still one interrupt
    await sending;
    expect(fake.interrupted).toBe(1);
    expect(app.status).toBe('idle');
    workers.closeAll();
  });

  it('Stop during a manual cell run aborts that run', async () => {
    const { app, python } = setup([], () => 'hang');
    await app.init();
    const running = app.runCell('while True: pass');
    await vi.waitFor(() => expect(python.runs).toHaveLength(1));
    app.stop();
    await running;
    const cell = app.conversation.items.find((i) => i.kind === 'cell');
    expect(cell).toMatchObject({ status: 'interrupted' });
  });

  it('without a model, sending says so and loses nothing', async () => {
    const { app } = setup([]);
    app.engine = null;
    await app.init();
    await app.send('question');
    expect(app.status).toBe('error');
    expect(app.statusDetail).toMatch(/No model is loaded/);
    expect(app.conversation.items[0]).toMatchObject({ role: 'user', text: 'question' });
  });
});

describe('extension points (widget mode plugs in, nothing is patched from outside)', () => {
  it('decorateAgents wraps every agent the app makes; services stay untouched', async () => {
    const { app, engine } = setup(['Done.']);
    const createAgent = app.services.createAgent;
    const made: string[] = [];
    app.decorateAgents((create) => async (config) => {
      made.push(config.tools?.map((t) => t.name).join(',') ?? '');
      return create({ ...config, tools: [...(config.tools ?? []), hostTool] });
    });
    await app.init();
    await app.send('hello');
    expect(made).toEqual(['']);
    expect(app.services.createAgent).toBe(createAgent);
    expect(engine.requests[0]?.messages[0]?.content).toContain('lookup(key: str)');
  });

  it('the widget adapter registers host tools and settings through the app', async () => {
    const { app, engine } = setup(['Done.']);
    const createAgent = app.services.createAgent;
    const adapter = createEmbedAdapter(app, Promise.resolve());
    await adapter.setHostTools([hostTool]);
    adapter.configure({ placeholder: 'Ask about the sales data', model: 'some-model' });
    expect(app.composerPlaceholder).toBe('Ask about the sales data');
    expect(app.requestedModel).toBe('some-model');
    await app.init();
    await adapter.send('hello');
    expect(app.services.createAgent).toBe(createAgent);
    expect(engine.requests[0]?.messages[0]?.content).toContain('lookup(key: str)');
  });
});

const hostTool = {
  name: 'lookup',
  signature: '(key: str)',
  returns: 'str',
  description: 'Looks a key up on the host page.',
  source: 'def lookup(key: str) -> str:\n    return key\n',
};
