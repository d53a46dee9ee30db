// The /workspace file list, with upload, download and delete through the Python runtime.
import { toWorkspaceFiles, type PythonPort, type WorkspaceFile } from './ports';
import { errorMessage as message } from '../../errors/error-text';
import { localStore } from '../../storage/guarded';

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
  /** Files a scripted demo put here: path → the demo's title (kept across reloads). */
  demoFiles = $state<Record<string, string>>(loadDemoFiles());
  /** What the last upload brought, and where the agent's code finds it. */
  uploaded = $state('');

  constructor(private readonly python: () => Promise<PythonPort>) {}

  async refresh(): Promise<void> {
    try {
      const py = await this.python();
      this.list = toWorkspaceFiles(await py.listFiles());
      this.undoLabel = py.lastRunFileChanges ?? '';
      const present = new Set(this.list.map((f) => f.path));
      this.#setDemoFiles(
        Object.fromEntries(Object.entries(this.demoFiles).filter(([p]) => present.has(p))),
      );
    } catch (e) {
      this.error = `Could not list files: ${message(e)}`;
    }
  }

  async upload(files: Iterable<File>): Promise<void> {
    this.error = '';
    this.uploaded = '';
    this.busy = true;
    const done: string[] = [];
    try {
      const py = await this.python();
      for (const f of files) {
        if (f.size > MAX_UPLOAD_BYTES) {
          this.error = `“${f.name}” is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB and was not uploaded.`;
          continue;
        }
        const name = safeFileName(f.name);
        await py.writeFile(name, new Uint8Array(await f.arrayBuffer()));
        done.push(`/workspace/${name} (${fileSize(f.size)})`);
        const { [name]: _replaced, ...rest } = this.demoFiles; // now the user's file
        this.#setDemoFiles(rest);
      }
      if (done.length)
        this.uploaded = `Uploaded ${done.join(', ')}. The agent’s code reads ${done.length === 1 ? 'it' : 'them'} there.`;
    } catch (e) {
      this.error = `Upload failed: ${message(e)}`;
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  /** Records files a demo put into /workspace, so they are shown as the demo's. */
  markDemo(paths: string[], title: string): void {
    this.#setDemoFiles({
      ...this.demoFiles,
      ...Object.fromEntries(paths.map((p) => [p, title])),
    });
  }

  /** Deletes the files a demo put here (not the user's, even with the same demo open). */
  async removeDemoFiles(title: string): Promise<void> {
    const paths = Object.entries(this.demoFiles)
      .filter(([, t]) => t === title)
      .map(([p]) => p);
    for (const p of paths) await this.remove(p);
  }

  #setDemoFiles(next: Record<string, string>): void {
    this.demoFiles = next;
    try {
      localStore().setItem(DEMO_FILES_KEY, JSON.stringify(next));
    } catch {
      // Storage blocked: the marks last for this visit.
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

const DEMO_FILES_KEY = 'codeact.demoFiles';

function loadDemoFiles(): Record<string, string> {
  try {
    const v: unknown = JSON.parse(localStore().getItem(DEMO_FILES_KEY) ?? '{}');
    return v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).filter(([, t]) => typeof t === 'string'))
      : {};
  } catch {
    return {};
  }
}

export function fileSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
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
