// /workspace in Pyodide's in-memory file system <-> the IndexedDB store.
// At start every stored file is written in; after each run the files the code
// changed are saved back in one transaction (all or nothing).
import type { PyodideAPI } from 'pyodide';
import { commit, readAll } from '../../src/runtime/workspace-store';

export const WORKSPACE = '/workspace';

export async function loadWorkspace(p: PyodideAPI): Promise<number> {
  p.FS.mkdirTree(WORKSPACE);
  const files = await readAll();
  for (const f of files) {
    const full = `${WORKSPACE}/${f.path}`;
    p.FS.mkdirTree(full.slice(0, full.lastIndexOf('/')));
    p.FS.writeFile(full, f.data);
  }
  return files.length;
}

/** Save what a run changed; returns a note for stderr when saving failed. */
export async function syncChangedFiles(
  p: PyodideAPI,
  changed: string[],
  deleted: string[],
): Promise<string> {
  if (changed.length === 0 && deleted.length === 0) return '';
  try {
    const writes = changed.map((path) => ({
      path,
      data: p.FS.readFile(`${WORKSPACE}/${path}`) as Uint8Array,
    }));
    await commit(writes, deleted);
    return '';
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return `\n[workspace: changes were not saved for the next session: ${why}]\n`;
  }
}
