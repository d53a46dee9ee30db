// "Undo last run's file changes": before the owner saves what a run wrote or deleted under
// /workspace, it records the bytes those files had, so a destructive cell (for example one that
// overwrites or removes every file) can be undone from the Files panel. One step, kept until the
// next run that changes files or a change the user makes by hand.
import type { WorkspaceChanges, WorkspaceFileData } from '../../workers/contracts/python';

export interface UndoStep {
  /** Files to put back with their earlier bytes (overwritten or deleted by the run). */
  restore: WorkspaceFileData[];
  /** Files the run created: undo removes them. */
  remove: string[];
}

/** What undoing `changes` takes, read from the store before they are saved. */
export async function recordUndo(
  changes: WorkspaceChanges,
  read: (path: string) => Promise<Uint8Array | undefined>,
): Promise<UndoStep> {
  const step: UndoStep = { restore: [], remove: [] };
  for (const path of [...changes.writes.map((w) => w.path), ...changes.deletes]) {
    const before = await read(path);
    if (before) step.restore.push({ path, data: before });
    else if (!changes.deletes.includes(path)) step.remove.push(path);
  }
  return step;
}

export function describeUndo(step: UndoStep): string {
  const paths = [...step.restore.map((f) => f.path), ...step.remove];
  return paths.length === 1 ? (paths[0] as string) : `${paths.length} files`;
}
