// A scripted demo is a conversation that ends: the REPLAY engine plays its script once, then
// the model or server the user chose (a FAKE engine here) takes over, or none; a new chat never
// inherits the replay. FAKE Python decides what the demo's code "printed".
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { CodeActAgent } from '../../src/agent/agent';
import { ReplayEngine, type ExpectedRun } from '../../src/engine';
import { AppState } from '../../src/ui/state/app.svelte';
import type { Services } from '../../src/ui/state/ports';
import { replayMismatch } from '../../src/ui/state/replay-check';
import type { CellItem } from '../../src/storage/types';
import { notebookJSON } from '../../src/storage/export/ipynb';
import { toJsonExport } from '../../src/storage/export/json';
import { toMarkdown } from '../../src/storage/export/markdown';
import { FakeEngine } from '../support/fake-engine';
import { FakePython } from '../support/fake-python';
import { fakeError, fakeResult, type FakeHandler } from '../support/fake-runtime';

const script = {
  format: 'codeact-replay/1' as const,
  title: 'Scripted demo: add',
  prompt: 'Add one and two',
  turns: ['Adding.\n<execute>\nprint(1 + 2)\n</execute>', 'The sum is **3**.'],
  pace_ms: 0,
};
const expected: ExpectedRun[] = [{ stdout: '3' }];
const prints3: FakeHandler = () => fakeResult({ stdout: '3\n' });

function setup(handler: FakeHandler = prints3) {
  const python = new FakePython(handler);
  const services: Services = {
    python,
    createAgent: (config) => new CodeActAgent(config),
    replayEngine: async () => ({ engine: new ReplayEngine(script), prompt: script.prompt }),
  };
  return { app: new AppState(services), python };
}

async function playDemo(app: AppState) {
  app.startDemo(new ReplayEngine(script), script.title, expected);
  await app.send(script.prompt);
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('a demo ends (REPLAY engine, FAKE Python)', () => {
  it('without a model: the script is over, no engine answers, a new chat has none either', async () => {
    const { app } = setup();
    await app.init();
    await playDemo(app);
    expect(app.conversation.demo).toEqual({ title: script.title, ended: true });
    expect(app.engine).toBeNull();
    const demoChat = app.conversation.id;
    app.newChat();
    expect(app.engine).toBeNull();
    expect(app.conversation.demo).toBeUndefined();
    // Reopened from the list, the demo chat still says it is over.
    await app.openChat(demoChat);
    expect(app.conversation.demo?.ended).toBe(true);
    expect(app.engine).toBeNull();
  });

  it('a model server chosen before the demo takes over the finished demo chat', async () => {
    const { app } = setup();
    await app.init();
    const server = new FakeEngine(['From the server: <solution>done</solution>']);
    app.setEngine(server, 'codeact');
    await playDemo(app);
    expect(app.engine).toBe(server);
    await app.send('Which product sold the most?');
    expect(server.requests).toHaveLength(1);
    const last = app.conversation.items.at(-1);
    expect(last?.kind === 'message' && last.text).toContain('From the server');
    expect(JSON.stringify(app.conversation.items)).not.toContain('[replay finished]');
  });

  it('a server connected after the demo takes over too', async () => {
    const { app } = setup();
    await app.init();
    await playDemo(app);
    const server = new FakeEngine(['Server reply.']);
    app.setEngine(server, 'codeact');
    expect(app.engine).toBe(server);
  });

  it('flags the recorded answer when the live code failed, and keeps it in the record', async () => {
    const { app } = setup(() => fakeError('ModuleNotFoundError', "No module named 'x'"));
    await app.init();
    await playDemo(app);
    const answer = app.conversation.items.at(-1);
    expect(answer).toMatchObject({ kind: 'message', role: 'assistant' });
    expect(answer?.kind === 'message' && answer.mismatch).toMatch(/failed here/);
    const rec = app.conversation.toRecord();
    expect(rec.items.at(-1)).toHaveProperty('mismatch');
    // Every export says so next to the recorded answer.
    expect(toMarkdown(rec)).toMatch(/does not match this run:\*\* code step 1 failed here/);
    expect(notebookJSON(rec)).toContain('does not match this run');
    expect(toJsonExport(rec).conversation.items.at(-1)).toHaveProperty('mismatch');
    expect(JSON.stringify(toJsonExport(rec))).toMatch(/failed here/);
  });

  it('leaves the recorded answer alone when the live code printed what was recorded', async () => {
    const { app } = setup();
    await app.init();
    await playDemo(app);
    const answer = app.conversation.items.at(-1);
    expect(answer?.kind === 'message' && answer.mismatch).toBeUndefined();
  });
});

describe('replayMismatch', () => {
  const cell = (over: Partial<CellItem>): CellItem => ({
    kind: 'cell',
    id: 'c',
    code: '',
    status: 'done',
    outputs: [],
    error: null,
    ...over,
  });
  const out = (text: string) => [{ type: 'stream' as const, name: 'stdout' as const, text }];

  it('accepts an expected failure and matching output', () => {
    const cells = [
      cell({ status: 'error', error: { ename: 'NameError', evalue: '', traceback: '' } }),
      cell({ outputs: out('ok\n') }),
    ];
    expect(replayMismatch(cells, [{ error: 'NameError' }, { stdout: 'ok' }])).toBeUndefined();
  });

  it('names what differs', () => {
    expect(replayMismatch([cell({ outputs: out('2\n') })], [{ stdout: '3' }])).toMatch(
      /printed something else/,
    );
    expect(replayMismatch([], [{ stdout: '3' }])).toMatch(/did not run/);
    expect(replayMismatch([cell({})], [{ error: 'NameError' }])).toMatch(/expected to fail/);
    expect(
      replayMismatch(
        [cell({ status: 'error', error: { ename: 'TypeError', evalue: '', traceback: '' } })],
        [{ error: 'NameError' }],
      ),
    ).toMatch(/not with NameError/);
    expect(replayMismatch([cell({ status: 'interrupted' })], [{}])).toMatch(/stopped/);
  });
});
