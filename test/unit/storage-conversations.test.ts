import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { openAppDB } from '../../src/storage/db';
import { ConversationStore } from '../../src/storage/conversations';
import { StorageQuotaError } from '../../src/storage/errors';
import { loadSettings, saveSettings } from '../../src/storage/settings';
import { DEFAULT_SETTINGS, type ConversationRecord } from '../../src/storage/types';

function conversation(id: string, title: string, updatedAt: number): ConversationRecord {
  return {
    id,
    title,
    createdAt: updatedAt,
    updatedAt,
    history: [{ role: 'system', content: 'sys' }],
    lastRequest: [],
    items: [
      { kind: 'message', id: 'm1', role: 'user', text: `question about ${title}` },
      {
        kind: 'cell',
        id: 'c1',
        code: 'print(1)',
        status: 'done',
        outputs: [{ type: 'stream', name: 'stdout', text: '1\n' }],
        error: null,
      },
    ],
  };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('ConversationStore', () => {
  it('saves, lists newest first, gets with cells and outputs', async () => {
    const store = new ConversationStore(await openAppDB());
    await store.save(conversation('a', 'Old', 1));
    await store.save(conversation('b', 'New', 2));
    expect((await store.list()).map((c) => c.id)).toEqual(['b', 'a']);
    const a = await store.get('a');
    expect(a?.items[1]).toMatchObject({ kind: 'cell', outputs: [{ text: '1\n' }] });
  });

  it('renames, deletes and searches titles and cell code', async () => {
    const store = new ConversationStore(await openAppDB());
    await store.save(conversation('a', 'Sales', 1));
    await store.save(conversation('b', 'Weather', 2));
    await store.rename('a', 'Revenue');
    expect((await store.get('a'))?.title).toBe('Revenue');
    expect((await store.search('weath')).map((c) => c.id)).toEqual(['b']);
    expect((await store.search('print(1)')).length).toBe(2);
    await store.delete('b');
    expect((await store.list()).map((c) => c.id)).toEqual(['a']);
    await expect(store.rename('zz', 'x')).rejects.toThrow(/No conversation/);
  });

  it('a conversation cut mid-step is stored up to its last completed step', async () => {
    const store = new ConversationStore(await openAppDB());
    const conv = conversation('a', 'Cut', 1);
    conv.items.push(
      { kind: 'message', id: 'm2', role: 'assistant', text: 'Let me', streaming: true },
      {
        kind: 'cell',
        id: 'c2',
        code: 'while True: pass',
        status: 'running',
        outputs: [],
        error: null,
      },
    );
    await store.save(conv);
    const back = await store.get('a');
    expect(back?.items.map((i) => i.id)).toEqual(['m1', 'c1']);
    // the live object is left alone
    expect(conv.items).toHaveLength(4);
  });

  it('a quota error gives a clear message and leaves the stored record untouched', async () => {
    const db = await openAppDB();
    const store = new ConversationStore(db);
    await store.save(conversation('a', 'Kept', 1));
    // Reach the raw IDBObjectStore prototype underneath idb's wrapper.
    const rawProto = globalThis.IDBObjectStore.prototype;
    const originalPut = rawProto.put;
    rawProto.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const bigger = conversation('a', 'Kept', 5);
      bigger.items.push({ kind: 'message', id: 'm9', role: 'user', text: 'x'.repeat(1000) });
      await expect(store.save(bigger)).rejects.toBeInstanceOf(StorageQuotaError);
      await expect(store.save(bigger)).rejects.toThrow(/storage is full/);
    } finally {
      rawProto.put = originalPut;
    }
    const back = await store.get('a');
    expect(back?.updatedAt).toBe(1);
    expect(back?.items).toHaveLength(2);
  });
});

describe('settings', () => {
  it('defaults, persists and clamps bad values', async () => {
    const db = await openAppDB();
    expect(await loadSettings(db)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.allowNetwork).toBe(false);
    await saveSettings(db, { ...DEFAULT_SETTINGS, maxSteps: 999, temperature: -1, theme: 'dark' });
    const s = await loadSettings(db);
    expect(s).toMatchObject({ maxSteps: 50, temperature: 0, theme: 'dark' });
  });
});
