// Exports of a run: JSON (the run as is), CSV (one row per task, no transcripts) and any task's
// transcript as a replay file (codeact-replay/1) that the replay engine can play back.
import type { EvalRun, TaskRecord } from './types';

const CSV_COLUMNS = [
  'id',
  'group',
  'strict',
  'tolerant',
  'turns',
  'codeActions',
  'errorsRecovered',
  'figures',
  'promptTokens',
  'completionTokens',
  'tokensEstimated',
  'decodeTokPerS',
  'wallMs',
  'ending',
  'noCode',
  'repeatWarnings',
] as const satisfies readonly (keyof TaskRecord)[];

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function runToCsv(run: EvalRun): string {
  const head = ['model', 'engine', 'simulated', 'date', ...CSV_COLUMNS];
  const rows = run.tasks.map((t) =>
    [run.engine.modelId, run.engine.kind, run.simulated, run.date, ...CSV_COLUMNS.map((c) => t[c])]
      .map(csvField)
      .join(','),
  );
  return [head.join(','), ...rows].join('\r\n') + '\r\n';
}

export function runToJson(run: EvalRun): string {
  return JSON.stringify(run, null, 2) + '\n';
}

/** The model's replies of one task, as a replay transcript (labelled as one in its title). */
export function taskToReplay(run: EvalRun, record: TaskRecord) {
  const turns = record.transcript.filter((m) => m.role === 'assistant').map((m) => m.content);
  if (turns.length === 0) throw new Error(`Task ${record.id} has no model reply to replay.`);
  const prompt = record.transcript.find((m) => m.role === 'user')?.content ?? '';
  return {
    format: 'codeact-replay/1' as const,
    title: `Replay of eval task ${record.id} (${run.engine.modelId}, ${run.date.slice(0, 10)})`,
    prompt,
    turns,
  };
}
