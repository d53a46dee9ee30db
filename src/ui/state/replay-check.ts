// Does a replay's recorded final answer still fit what really ran? A replay's text is fixed, but
// its Python runs live here: a package that did not load, or an offline browser, makes the code
// fail or print something else, and the recorded answer then describes a run that did not happen.
import type { ExpectedRun } from '../../engine';
import type { CellItem } from '../../storage/types';

const stdoutOf = (cell: CellItem): string =>
  cell.outputs
    .map((o) => (o.type === 'stream' && o.name === 'stdout' ? o.text : ''))
    .join('')
    .trimEnd();

/**
 * Why this run differs from the recording, in words for the user; undefined when every code
 * action the recording describes ran as recorded. `cells`: the demo turn's code cells, in order
 * (cells run by hand are not the recording's and are left out by the caller).
 */
export function replayMismatch(cells: CellItem[], expected: ExpectedRun[]): string | undefined {
  for (const [i, want] of expected.entries()) {
    const cell = cells[i];
    const n = i + 1;
    if (!cell || cell.status === 'queued' || cell.status === 'running')
      return `code step ${n} did not run here.`;
    if (cell.status === 'interrupted') return `code step ${n} was stopped before it finished.`;
    const failed = cell.status === 'error' ? (cell.error?.ename ?? 'an error') : undefined;
    if (want.error && !failed)
      return `code step ${n} was expected to fail (${want.error}) and did not.`;
    if (want.error && failed !== want.error)
      return `code step ${n} failed with ${failed}, not with ${want.error} as recorded.`;
    if (!want.error && failed)
      return `code step ${n} failed here (${failed}); it worked in the recording.`;
    if (want.stdout !== undefined && stdoutOf(cell) !== want.stdout.trimEnd())
      return `code step ${n} printed something else than in the recording.`;
  }
  return undefined;
}
