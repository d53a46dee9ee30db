// The task suite, bundled at build time (eval/ is the single source: tasks, their files and
// the stdlib checker package), and the selection of tasks for a run. Every bundled task is
// checked by the one validator (validate.ts): a broken task file is a clear error naming the
// file and its fields, not a run that fails halfway.
import type { EvalGroup, EvalTask } from './types';
import { parseTask } from './validate';

const taskJson = import.meta.glob<unknown>('../../eval/tasks/*/*.json', {
  eager: true,
  import: 'default',
});
const fileText = import.meta.glob<string>('../../eval/files/*.{csv,json,txt,log}', {
  eager: true,
  query: '?raw',
  import: 'default',
});
const checkerText = import.meta.glob<string>('../../eval/python/codeact_eval/*.py', {
  eager: true,
  query: '?raw',
  import: 'default',
});

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

export const ALL_TASKS: readonly EvalTask[] = Object.entries(taskJson)
  .map(([path, json]) => parseTask(json, path.replace(/^(\.\.\/)+/, '')))
  .sort((a, b) =>
    a.group === b.group ? a.id.localeCompare(b.id) : a.group.localeCompare(b.group),
  );

/** eval/python/codeact_eval/*.py: file name -> source. */
export const CHECKER_SOURCES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(checkerText).map(([p, text]) => [baseName(p), text]),
);

/** The text of a task file from eval/files; throws a clear error for a missing one. */
export function taskFileText(name: string): string {
  const hit = Object.entries(fileText).find(([p]) => baseName(p) === name);
  if (!hit) throw new Error(`Eval suite: the task file "${name}" is not in eval/files.`);
  return hit[1];
}

export const isStdlibOnly = (t: EvalTask): boolean => (t.requires.packages ?? []).length === 0;

export interface Selection {
  group?: EvalGroup | 'all';
  /** Only tasks that need no packages beyond the standard library. */
  stdlibOnly?: boolean;
  /** Pick this many tasks at random (seeded), else all that match. */
  sample?: number;
  seed?: number;
  ids?: string[];
}

/** A replay covers the tasks it has transcripts for (unless `ids` says), narrowed by the rest. */
export function selectReplayTasks(
  sel: Selection,
  transcripts: Record<string, unknown>,
): EvalTask[] {
  return selectTasks({ ...sel, ids: sel.ids ?? Object.keys(transcripts) });
}

/** The tasks of a run, in suite order; the same seed always picks the same sample. */
export function selectTasks(sel: Selection, tasks: readonly EvalTask[] = ALL_TASKS): EvalTask[] {
  let pool = tasks.filter(
    (t) =>
      (!sel.group || sel.group === 'all' || t.group === sel.group) &&
      (!sel.stdlibOnly || isStdlibOnly(t)) &&
      (!sel.ids || sel.ids.includes(t.id)),
  );
  if (sel.ids) {
    const unknown = sel.ids.filter((id) => !tasks.some((t) => t.id === id));
    if (unknown.length) throw new Error(`Eval suite: unknown task id(s): ${unknown.join(', ')}`);
  }
  if (sel.sample !== undefined) {
    if (!Number.isInteger(sel.sample) || sel.sample < 1)
      throw new Error(`The sample size must be a whole number of at least 1 (got ${sel.sample}).`);
    const random = mulberry32(sel.seed ?? 1);
    const keyed = pool.map((t) => ({ t, k: random() })).sort((a, b) => a.k - b.k);
    const picked = new Set(keyed.slice(0, sel.sample).map((x) => x.t));
    pool = pool.filter((t) => picked.has(t));
  }
  return pool;
}

/** A small seeded generator, so a sample is reproducible across runs and machines. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
