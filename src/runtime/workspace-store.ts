// The /workspace files, persisted in IndexedDB. Used only from the main thread (upload, download,
// listing, even before Python starts); the Python worker gets the files from its owner at start
// and hands back what code changed, so Python never holds a handle on this database. Where the
// browser refuses IndexedDB (an opaque-origin frame), the files live in memory for the visit.
import { openDB, type DBSchema } from 'idb';
import type { WorkspaceFile } from '../../workers/contracts/python';
import { isQuotaError } from '../errors/quota';
import { openGuarded } from '../storage/guarded';

export type { WorkspaceFile } from '../../workers/contracts/python';

export const MAX_FILE_BYTES = 200 * 1024 * 1024;
const DB_NAME = 'codeact-workspace';

interface StoredFile extends WorkspaceFile {
  data: Uint8Array;
}

interface WorkspaceDB extends DBSchema {
  files: { key: string; value: StoredFile };
}

/** Where the files are: the database, or this visit's memory. */
interface FileTable {
  all(): Promise<StoredFile[]>;
  get(path: string): Promise<StoredFile | undefined>;
  /** Puts and deletes in one transaction (all or nothing). */
  apply(puts: StoredFile[], deletes: string[]): Promise<void>;
}

class MemoryTable implements FileTable {
  readonly #files = new Map<string, StoredFile>();
  all() {
    return Promise.resolve([...this.#files.values()]);
  }
  get(path: string) {
    return Promise.resolve(this.#files.get(path));
  }
  apply(puts: StoredFile[], deletes: string[]) {
    for (const f of puts) this.#files.set(f.path, f);
    for (const p of deletes) this.#files.delete(p);
    return Promise.resolve();
  }
}

async function openTable(): Promise<FileTable> {
  const d = await openGuarded('workspace files', () =>
    openDB<WorkspaceDB>(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('files', { keyPath: 'path' });
      },
    }),
  );
  return {
    all: () => d.getAll('files'),
    get: (path) => d.get('files', path),
    async apply(puts, deletes) {
      const tx = d.transaction('files', 'readwrite');
      await Promise.all([
        ...puts.map((f) => tx.store.put(f)),
        ...deletes.map((p) => tx.store.delete(p)),
        tx.done,
      ]);
    },
  };
}

let tablePromise: Promise<FileTable> | undefined;

function table(): Promise<FileTable> {
  tablePromise ??= openTable().catch((): FileTable => new MemoryTable());
  return tablePromise;
}

/** "a/../b.csv", "/workspace/x", "./x" → a clean relative path, or a clear error. */
export function normalizePath(path: string): string {
  const trimmed = path.replace(/^\/?workspace\//, '').replace(/\\/g, '/');
  const parts: string[] = [];
  for (const part of trimmed.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw new Error(`Invalid file path "${path}": ".." is not allowed.`);
    parts.push(part);
  }
  if (parts.length === 0) throw new Error(`Invalid file path "${path}": empty name.`);
  return parts.join('/');
}

export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

function checkSize(path: string, size: number): void {
  if (size > MAX_FILE_BYTES) {
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    throw new Error(
      `File "${path}" is ${mb(size)}; the workspace limit is ${mb(MAX_FILE_BYTES)} per file.`,
    );
  }
}

function explainStorageError(e: unknown, what: string): Error {
  if (isQuotaError(e)) {
    return new Error(
      `Not enough browser storage to save ${what}; nothing was written. Free space by deleting files.`,
    );
  }
  return e instanceof Error ? e : new Error(String(e));
}

export async function listFiles(): Promise<WorkspaceFile[]> {
  const all = await (await table()).all();
  return all
    .map(({ path, size, modified }) => ({ path, size, modified }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

export async function readFile(path: string): Promise<Uint8Array> {
  const f = await (await table()).get(normalizePath(path));
  if (!f) throw new Error(`No file "${path}" in the workspace.`);
  return f.data;
}

/** All files with their bytes (for loading into the Python file system). */
export async function readAll(): Promise<{ path: string; data: Uint8Array }[]> {
  return (await (await table()).all()).map(({ path, data }) => ({ path, data }));
}

/**
 * Write and delete in one transaction: either everything lands or nothing does
 * (IndexedDB aborts the whole transaction on a quota error).
 */
export async function commit(
  writes: { path: string; data: Uint8Array | string }[],
  deletes: string[] = [],
): Promise<void> {
  const files = writes.map((w) => {
    const data = toBytes(w.data);
    const path = normalizePath(w.path);
    checkSize(path, data.byteLength);
    return { path, data, size: data.byteLength, modified: Date.now() };
  });
  const store = await table();
  try {
    await store.apply(
      files,
      deletes.map((p) => normalizePath(p)),
    );
  } catch (e) {
    throw explainStorageError(e, files.map((f) => `"${f.path}"`).join(', ') || 'the changes');
  }
}

export function writeFile(path: string, data: Uint8Array | string): Promise<void> {
  return commit([{ path, data }]);
}

export function deleteFile(path: string): Promise<void> {
  return commit([], [path]);
}
