// The /workspace file list, with upload, download and delete through the Python runtime.
import { toWorkspaceFiles, type PythonPort, type WorkspaceFile } from './ports';
import { errorMessage as message } from '../../errors/error-text';

/** Upload limit per file: bigger files make Pyodide's in-memory filesystem fall over. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** A file name from the user, made into a safe /workspace path (no folders, no tricks). */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!clean || clean === '.' || clean === '..') throw new Error(`Unusable file name: “${name}”.`);
  return clean.slice(0, 200);
}

export class FilesState {
  list = $state<WorkspaceFile[]>([]);
  error = $state('');
  busy = $state(false);
  /** What "Undo last run's file changes" restores ("sales.csv", "3 files"), or '' when nothing. */
  undoLabel = $state('');

  constructor(private readonly python: () => Promise<PythonPort>) {}

  async refresh(): Promise<void> {
    try {
      const py = await this.python();
      this.list = toWorkspaceFiles(await py.listFiles());
      this.undoLabel = py.lastRunFileChanges ?? '';
    } catch (e) {
      this.error = `Could not list files: ${message(e)}`;
    }
  }

  async upload(files: Iterable<File>): Promise<void> {
    this.error = '';
    this.busy = true;
    try {
      const py = await this.python();
      for (const f of files) {
        if (f.size > MAX_UPLOAD_BYTES) {
          this.error = `“${f.name}” is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB and was not uploaded.`;
          continue;
        }
        await py.writeFile(safeFileName(f.name), new Uint8Array(await f.arrayBuffer()));
      }
    } catch (e) {
      this.error = `Upload failed: ${message(e)}`;
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  /** Put back the files the last run overwrote or deleted (and remove those it created). */
  async undoLastRun(): Promise<void> {
    try {
      await (await this.python()).undoLastRun?.();
    } catch (e) {
      this.error = `Could not undo the last run's file changes: ${message(e)}`;
    }
    await this.refresh();
  }

  async download(path: string): Promise<void> {
    try {
      const data = await (await this.python()).readFile(path);
      saveBlob(new Blob([data as BlobPart]), path.split('/').pop() ?? 'file');
    } catch (e) {
      this.error = `Could not read ${path}: ${message(e)}`;
    }
  }

  async remove(path: string): Promise<void> {
    try {
      await (await this.python()).deleteFile(path);
    } catch (e) {
      this.error = `Could not delete ${path}: ${message(e)}`;
    }
    await this.refresh();
  }
}

export { errorMessage as message } from '../../errors/error-text';

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
