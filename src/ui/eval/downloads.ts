// Downloads of a run: JSON, CSV, and one task's replies as a replay file named `<task-id>.json`
// (the name the Evaluate flow's replay picker and `npm run eval --transcripts` key tasks by).
import { runToCsv, runToJson, taskToReplay } from '../../eval/export';
import type { EvalRun, TaskRecord } from '../../eval/types';
import { saveBlob } from '../state/files.svelte';

/** `eval-<model>-<date>`, with only characters every file system takes. */
export function runFileBase(run: EvalRun): string {
  const model = run.engine.modelId.replace(/[^\w.-]+/g, '-').slice(0, 60);
  return `eval-${model}-${run.date.replace(/[^0-9]/g, '').slice(0, 14)}`;
}

export function downloadRun(run: EvalRun, kind: 'json' | 'csv'): void {
  if (kind === 'csv')
    saveBlob(new Blob([runToCsv(run)], { type: 'text/csv' }), `${runFileBase(run)}.csv`);
  else
    saveBlob(new Blob([runToJson(run)], { type: 'application/json' }), `${runFileBase(run)}.json`);
}

/** Throws (with the reason) when the task has no model reply to replay. */
export function downloadReplay(run: EvalRun, record: TaskRecord): void {
  const text = JSON.stringify(taskToReplay(run, record), null, 2) + '\n';
  saveBlob(new Blob([text], { type: 'application/json' }), `${record.id}.json`);
}
