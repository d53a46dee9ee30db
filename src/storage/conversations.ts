// Conversations in IndexedDB. Every write is one transaction: it lands whole or not at all.
import type { IDBPDatabase } from 'idb';
import type { CodeActDB } from './db';
import { StorageQuotaError, isQuotaError } from './errors';
import { completedSnapshot } from './snapshot';
import type { ConversationRecord } from './types';

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
}

export class ConversationStore {
  constructor(private readonly db: IDBPDatabase<CodeActDB>) {}

  /** Newest first. */
  async list(): Promise<ConversationSummary[]> {
    const all = await this.db.getAllFromIndex('conversations', 'updatedAt');
    return all.reverse().map(({ id, title, updatedAt }) => ({ id, title, updatedAt }));
  }

  get(id: string): Promise<ConversationRecord | undefined> {
    return this.db.get('conversations', id);
  }

  /** Saves the conversation up to its last completed step. */
  async save(conv: ConversationRecord): Promise<void> {
    const snapshot = completedSnapshot(conv);
    const tx = this.db.transaction('conversations', 'readwrite');
    tx.done.catch(() => {}); // awaited below; this only keeps an abort from being "unhandled"
    try {
      await tx.store.put(snapshot);
      await tx.done;
    } catch (e) {
      // Abort explicitly so nothing of this write lands, whatever the failure.
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
      if (isQuotaError(e)) throw new StorageQuotaError(`conversation “${conv.title}”`);
      throw e;
    }
  }

  async rename(id: string, title: string): Promise<void> {
    const tx = this.db.transaction('conversations', 'readwrite');
    const conv = await tx.store.get(id);
    if (!conv) throw new Error(`No conversation with id ${id}`);
    await Promise.all([tx.store.put({ ...conv, title, updatedAt: Date.now() }), tx.done]);
  }

  delete(id: string): Promise<void> {
    return this.db.delete('conversations', id);
  }

  /** Case-insensitive search in titles and message/cell text. */
  async search(query: string): Promise<ConversationSummary[]> {
    const q = query.trim().toLowerCase();
    if (!q) return this.list();
    const all = await this.db.getAllFromIndex('conversations', 'updatedAt');
    return all
      .reverse()
      .filter(
        (c) =>
          c.title.toLowerCase().includes(q) ||
          c.items.some((it) => (it.kind === 'cell' ? it.code : it.text).toLowerCase().includes(q)),
      )
      .map(({ id, title, updatedAt }) => ({ id, title, updatedAt }));
  }
}
