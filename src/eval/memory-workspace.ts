// An in-memory /workspace for evaluation runs: each task gets exactly its own files, and the
// user's stored workspace (IndexedDB) is never read or changed by an evaluation.
import type { WorkspaceFileStore } from '../runtime/python-files';
import type { WorkspaceFileData } from '../../workers/contracts/python';

export class MemoryWorkspace implements WorkspaceFileStore {
  readonly #files = new Map<string, { data: Uint8Array; modified: number }>();

  listFiles() {
    return Promise.resolve(
      [...this.#files].map(([path, f]) => ({ path, size: f.data.length, modified: f.modified })),
    );
  }

  readFile(path: string): Promise<Uint8Array> {
    const f = this.#files.get(path);
    return f
      ? Promise.resolve(f.data)
      : Promise.reject(new Error(`No file ${path} in /workspace.`));
  }

  readAll(): Promise<WorkspaceFileData[]> {
    return Promise.resolve([...this.#files].map(([path, f]) => ({ path, data: f.data })));
  }

  commit(writes: WorkspaceFileData[], deletes: string[]): Promise<void> {
    for (const p of deletes) this.#files.delete(p);
    for (const w of writes) this.#files.set(w.path, { data: w.data, modified: Date.now() });
    return Promise.resolve();
  }
}
