// The owner's side of /workspace: the stored files (IndexedDB by default) are the truth; the
// running worker's file system gets a copy at start, main-thread changes are mirrored into it,
// and what a run changed comes back in its result and is saved here, with an undo step for the
// last run's changes (a destructive cell can be taken back from the Files panel).
import type { WorkspaceChanges, WorkspaceFileData } from '../../workers/contracts/python';
import { errorMessage } from '../errors/error-text';
import { describeUndo, recordUndo, type UndoStep } from './file-undo';
import { Listeners } from './listeners';
import type { WorkerSession } from './worker-session';
import * as idb from './workspace-store';

export type { WorkspaceFile } from '../../workers/contracts/python';

/** Where the files are kept. Tests pass an in-memory one. */
export interface WorkspaceFileStore {
  listFiles(): Promise<idb.WorkspaceFile[]>;
  readFile(path: string): Promise<Uint8Array>;
  readAll(): Promise<WorkspaceFileData[]>;
  /** Writes and deletes in one transaction (all or nothing). */
  commit(writes: WorkspaceFileData[], deletes: string[]): Promise<void>;
}

export const indexedDbWorkspace: WorkspaceFileStore = {
  listFiles: idb.listFiles,
  readFile: idb.readFile,
  readAll: idb.readAll,
  commit: idb.commit,
};

export class PythonFiles {
  readonly changed = new Listeners<void>();
  #undo: UndoStep | undefined;

  constructor(
    private readonly store: WorkspaceFileStore,
    /** The live worker and the start in progress, if any. */
    private readonly live: () => { session?: WorkerSession; starting?: Promise<unknown> },
  ) {}

  readAll(): Promise<WorkspaceFileData[]> {
    return this.store.readAll();
  }

  list(): Promise<idb.WorkspaceFile[]> {
    return this.store.listFiles();
  }

  read(path: string): Promise<Uint8Array> {
    return this.store.readFile(path);
  }

  async write(path: string, data: Uint8Array | string): Promise<void> {
    this.#undo = undefined; // a change by hand: the last run's undo would overwrite it
    const clean = idb.normalizePath(path);
    const bytes = idb.toBytes(data);
    await this.store.commit([{ path: clean, data: bytes }], []);
    await this.#mirror((api) => api.putFile(clean, bytes));
    this.changed.emit();
  }

  async delete(path: string): Promise<void> {
    this.#undo = undefined;
    const clean = idb.normalizePath(path);
    await this.store.commit([], [clean]);
    await this.#mirror((api) => api.removeFile(clean));
    this.changed.emit();
  }

  /** Save what a run changed under /workspace (one transaction); a note for stderr on failure. */
  async saveRunChanges(files: WorkspaceChanges): Promise<string> {
    if (files.writes.length === 0 && files.deletes.length === 0) return '';
    try {
      const undo = await recordUndo(files, (path) =>
        this.store.readFile(path).catch(() => undefined),
      );
      await this.store.commit(files.writes, files.deletes);
      this.#undo = undo;
    } catch (e) {
      return `\n[workspace: changes were not saved for the next session: ${errorMessage(e)}]\n`;
    }
    this.changed.emit();
    return '';
  }

  /** What "Undo last run's file changes" would restore (e.g. "sales.csv", "3 files"), if anything. */
  get lastRunChanges(): string | undefined {
    return this.#undo && describeUndo(this.#undo);
  }

  /** Put the files the last run overwrote or deleted back, and remove the ones it created. */
  async undoLastRun(): Promise<void> {
    const undo = this.#undo;
    if (!undo) return;
    await this.store.commit(undo.restore, undo.remove);
    this.#undo = undefined;
    for (const f of undo.restore) await this.#mirror((api) => api.putFile(f.path, f.data));
    for (const p of undo.remove) await this.#mirror((api) => api.removeFile(p));
    this.changed.emit();
  }

  /** Apply a main-thread file change to the running worker's file system too. */
  async #mirror(op: (api: WorkerSession['api']) => Promise<void>): Promise<void> {
    const { session, starting } = this.live();
    if (!session?.alive) return; // a later start loads the file from the store
    await starting?.catch(() => {}); // a start in progress may have read the store already
    if (session.alive) await session.call(op(session.api));
  }
}

/** The owner's /workspace methods (the Files panel, the agent, the evaluation), over its PythonFiles. */
export abstract class WorkspaceFilesApi {
  protected abstract readonly workspace: PythonFiles;

  onFilesChanged(cb: () => void): () => void {
    return this.workspace.changed.add(cb);
  }

  listFiles(): Promise<idb.WorkspaceFile[]> {
    return this.workspace.list();
  }

  readFile(path: string): Promise<Uint8Array> {
    return this.workspace.read(path);
  }

  writeFile(path: string, data: Uint8Array | string): Promise<void> {
    return this.workspace.write(path, data);
  }

  deleteFile(path: string): Promise<void> {
    return this.workspace.delete(path);
  }

  /** What "Undo last run's file changes" would restore (e.g. "sales.csv", "3 files"), if anything. */
  get lastRunFileChanges(): string | undefined {
    return this.workspace.lastRunChanges;
  }

  /** Put the files the last run overwrote or deleted back, and remove the ones it created. */
  undoLastRun(): Promise<void> {
    return this.workspace.undoLastRun();
  }
}
