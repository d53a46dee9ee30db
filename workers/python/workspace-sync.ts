// /workspace in Pyodide's in-memory file system. The worker never opens the app's storage: the
// owner (src/runtime/python-client.ts) hands it the stored files at start and saves the files a run
// changed, which this module collects after each run.
import type { PyodideAPI } from 'pyodide';
import type { WorkspaceChanges, WorkspaceFileData } from '../contracts/python';
import { WORKSPACE } from './kernel-boot.mjs';

export { WORKSPACE };

export function writeWorkspaceFile(p: PyodideAPI, path: string, data: Uint8Array): void {
  const full = `${WORKSPACE}/${path}`;
  p.FS.mkdirTree(full.slice(0, full.lastIndexOf('/')));
  p.FS.writeFile(full, data);
}

export function loadWorkspace(p: PyodideAPI, files: WorkspaceFileData[]): number {
  p.FS.mkdirTree(WORKSPACE);
  for (const f of files) writeWorkspaceFile(p, f.path, f.data);
  return files.length;
}

/** The bytes of what a run changed, for the owner to save. */
export function collectChanges(
  p: PyodideAPI,
  changed: string[],
  deleted: string[],
): WorkspaceChanges {
  const writes: WorkspaceFileData[] = [];
  for (const path of changed) {
    try {
      writes.push({ path, data: p.FS.readFile(`${WORKSPACE}/${path}`) as Uint8Array });
    } catch {
      deleted.push(path); // removed again before the scan finished
    }
  }
  return { writes, deletes: deleted };
}
