// A browser that refuses storage (a sandboxed, opaque-origin frame: reading localStorage, caches
// or opening IndexedDB throws a SecurityError). The app must still be built and work for the
// visit, in memory, and say that nothing will be kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodeActAgent } from '../../src/agent/agent';
import { EvalResultsStore } from '../../src/eval/results-store';
import * as workspace from '../../src/runtime/workspace-store';
import { localStore, resetStorageRefusal, storageRefusal } from '../../src/storage/guarded';
import { loadApiKey, loadChoice } from '../../src/ui/models/endpoint-storage';
import { loadSelfHostBase, loadUserModels } from '../../src/ui/models/imported-registry';
import { AppState } from '../../src/ui/state/app.svelte';
import { FakeEngine } from '../support/fake-engine';
import { FakePython } from '../support/fake-python';

const denied = () => {
  throw new DOMException('The document is sandboxed and lacks allow-same-origin.', 'SecurityError');
};
const saved: Record<string, PropertyDescriptor | undefined> = {};
const REFUSED = ['localStorage', 'indexedDB', 'caches'] as const;

beforeEach(() => {
  resetStorageRefusal();
  for (const name of REFUSED) {
    saved[name] = Object.getOwnPropertyDescriptor(globalThis, name);
    Object.defineProperty(globalThis, name, { configurable: true, get: denied });
  }
});
afterEach(() => {
  for (const name of REFUSED) {
    const d = saved[name];
    if (d) Object.defineProperty(globalThis, name, d);
    else delete (globalThis as Record<string, unknown>)[name];
  }
  resetStorageRefusal();
});

describe('storage the browser refuses', () => {
  it('every reader falls back to this visit’s memory instead of throwing', () => {
    expect(() => loadUserModels()).not.toThrow();
    expect(loadSelfHostBase()).toBe('models/');
    expect(loadChoice()).toBeUndefined();
    expect(loadApiKey()).toBe('');
    expect(new EvalResultsStore().list()).toEqual([]);
    // Kept for the visit: what is written can be read back.
    localStore().setItem('k', 'v');
    expect(localStore().getItem('k')).toBe('v');
    expect(storageRefusal()).toMatch(/lacks allow-same-origin/);
  });

  it('new AppState does not throw; it starts, says nothing is kept, and chats in memory', async () => {
    const engine = new FakeEngine(['Hello from the fake engine.']);
    const app = new AppState({
      python: new FakePython(),
      createAgent: (config) => new CodeActAgent(config),
      replayEngine: () => Promise.reject(new Error('no replays')),
    });
    await app.init();
    expect(app.storageNotice).toMatch(/nothing|lost when the page closes/);
    expect(app.chats.error).toBe('');
    app.setEngine(engine, 'codeact');
    await app.send('hi');
    expect(app.status).toBe('idle');
    expect(app.conversation.items.map((i) => i.kind)).toEqual(['message', 'message']);
  });

  it('workspace files live in memory for the visit', async () => {
    await workspace.writeFile('notes.txt', 'kept until the page closes');
    expect((await workspace.listFiles()).map((f) => f.path)).toEqual(['notes.txt']);
    expect(new TextDecoder().decode(await workspace.readFile('notes.txt'))).toMatch(/kept/);
  });
});
