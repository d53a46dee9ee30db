// The /workspace files, persisted in IndexedDB. Used only from the main thread (upload, download,
// listing, even before Python starts); the Python worker gets the files from its owner at start
// and hands back what code changed, so Python never holds a handle on this database.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { WorkspaceFile } from '../../workers/contracts/python';
import { isQuotaError } from '../errors/quota';

export type { WorkspaceFile } from '../../workers/contracts/python';

export const MAX_FILE_BYTES = 200 * 1024 * 1024;
const DB_NAME = 'codeact-workspace';

interface StoredFile extends WorkspaceFile {
  data: Uint8Array;
}

interface WorkspaceDB extends DBSchema {
  files: { key: string; value: StoredFile };
}

let dbPromise: Promise<IDBPDatabase<WorkspaceDB>> | undefined;

function db(): Promise<IDBPDatabase<WorkspaceDB>> {
  dbPromise ??= openDB<WorkspaceDB>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('files', { keyPath: 'path' });
    },
  });
  return dbPromise;
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
  const all = await (await db()).getAll('files');
  return all
    .map(({ path, size, modified }) => ({ path, size, modified }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

export async function readFile(path: string): Promise<Uint8Array> {
  const f = await (await db()).get('files', normalizePath(path));
  if (!f) throw new Error(`No file "${path}" in the workspace.`);
  return f.data;
}

/** All files with their bytes (for loading into the Python file system). */
export async function readAll(): Promise<{ path: string; data: Uint8Array }[]> {
  return (await (await db()).getAll('files')).map(({ path, data }) => ({ path, data }));
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
  const tx = (await db()).transaction('files', 'readwrite');
  try {
    await Promise.all([
      ...files.map((f) => tx.store.put(f)),
      ...deletes.map((p) => tx.store.delete(normalizePath(p))),
      tx.done,
    ]);
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
