// The app's IndexedDB database: conversations (with cells and outputs) and settings.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { openGuarded } from './guarded';
import type { ConversationRecord, Settings } from './types';

export interface CodeActDB extends DBSchema {
  conversations: {
    key: string;
    value: ConversationRecord;
    indexes: { updatedAt: number };
  };
  settings: { key: string; value: Partial<Settings> };
}

export const DB_NAME = 'codeact';
const DB_VERSION = 1;

/** Rejects (and records the refusal for the banner) where the browser refuses IndexedDB. */
export function openAppDB(name = DB_NAME): Promise<IDBPDatabase<CodeActDB>> {
  return openGuarded('conversations and settings', () =>
    openDB<CodeActDB>(name, DB_VERSION, {
      upgrade(db) {
        const conversations = db.createObjectStore('conversations', { keyPath: 'id' });
        conversations.createIndex('updatedAt', 'updatedAt');
        db.createObjectStore('settings');
      },
    }),
  );
}
