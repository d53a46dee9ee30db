// Loading the evaluation suite from wherever eval/ is: a URL (the served app, a test
// server), the app bundle (bundled.ts) or, in Node, the file system (the caller's own
// SuiteSource). All suite files are UTF-8 text: task JSON, CSV/JSON/text data, the
// checker's Python modules.
import type { PythonTool } from '../runtime/types';
import {
  TASK_GROUPS,
  type EvalTask,
  type SuiteIndex,
  type SuiteIndexEntry,
  type TaskGroup,
} from './task-format';
import { parseIndex, parseTask, TaskFormatError } from './validate';

/** Reads a file of the suite by its path under eval/, e.g. "tasks/index.json". */
export interface SuiteSource {
  readText(path: string, signal?: AbortSignal): Promise<string>;
}

/** A suite file that could not be read (missing, HTTP error, network). */
export class SuiteLoadError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Could not read the evaluation suite file eval/${path}: ${reason}`);
    this.name = 'SuiteLoadError';
  }
}

/** The checker package, in import order; write these into Pyodide's file system. */
export const CHECKER_MODULES = [
  'python/codeact_eval/__init__.py',
  'python/codeact_eval/normalise.py',
  'python/codeact_eval/hidden.py',
  'python/codeact_eval/check.py',
  'python/codeact_eval/schema.py',
] as const;

/** A source over HTTP: `base` is the URL of the eval/ folder (ending in "/"). */
export function urlSource(base: string | URL, fetchImpl: typeof fetch = fetch): SuiteSource {
  return {
    async readText(path, signal) {
      const url = new URL(path, base);
      let res: Response;
      try {
        res = await fetchImpl(url, { signal });
      } catch (e) {
        if (signal?.aborted) throw e;
        throw new SuiteLoadError(path, `${url.href} could not be fetched (${String(e)})`);
      }
      if (!res.ok) throw new SuiteLoadError(path, `${url.href} answered HTTP ${res.status}`);
      return res.text();
    },
  };
}

async function readJson(source: SuiteSource, path: string, signal?: AbortSignal): Promise<unknown> {
  const text = await source.readText(path, signal);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TaskFormatError(`eval/${path}`, [`not JSON (${(e as Error).message})`]);
  }
}

export async function loadIndex(source: SuiteSource, signal?: AbortSignal): Promise<SuiteIndex> {
  return parseIndex(await readJson(source, 'tasks/index.json', signal));
}

export interface TaskFilter {
  groups?: readonly TaskGroup[];
  ids?: readonly string[];
  signal?: AbortSignal;
}

/** The chosen index entries, in index order; an unknown id is an error, not a silent skip. */
export function selectEntries(index: SuiteIndex, filter: TaskFilter = {}): SuiteIndexEntry[] {
  const unknown = (filter.ids ?? []).filter((id) => !index.tasks.some((e) => e.id === id));
  if (unknown.length > 0)
    throw new Error(`No evaluation task has the id ${unknown.map((id) => `"${id}"`).join(', ')}.`);
  return index.tasks.filter(
    (e) =>
      (!filter.groups || filter.groups.includes(e.group)) &&
      (!filter.ids || filter.ids.includes(e.id)),
  );
}

/**
 * A quick, fixed sample of n entries that spreads over the groups: taken in turn from each
 * group, at evenly spaced positions within it, so the same n always gives the same tasks.
 */
export function sampleEntries(index: SuiteIndex, n: number): SuiteIndexEntry[] {
  const groups = TASK_GROUPS.map((g) => index.tasks.filter((e) => e.group === g)).filter(
    (list) => list.length > 0,
  );
  const total = groups.reduce((sum, list) => sum + list.length, 0);
  const want = Math.max(0, Math.min(Math.floor(n), total));
  // Deal the n places round the groups; a group that runs out is passed over.
  const quota = groups.map(() => 0);
  for (let left = want; left > 0;)
    for (let g = 0; g < groups.length && left > 0; g++)
      if (quota[g]! < groups[g]!.length) {
        quota[g]!++;
        left--;
      }
  return groups.flatMap((list, g) =>
    Array.from({ length: quota[g]! }, (_, k) => list[Math.floor((k * list.length) / quota[g]!)]!),
  );
}

/** Loads and validates the tasks an index lists (all, or those the filter picks). */
export async function loadTasks(
  source: SuiteSource,
  filter: TaskFilter = {},
  index?: SuiteIndex,
): Promise<EvalTask[]> {
  const idx = index ?? (await loadIndex(source, filter.signal));
  const tasks: EvalTask[] = [];
  for (const entry of selectEntries(idx, filter)) {
    const where = `eval/tasks/${entry.path}`;
    const task = parseTask(await readJson(source, `tasks/${entry.path}`, filter.signal), where);
    if (task.id !== entry.id || task.group !== entry.group)
      throw new TaskFormatError(where, [
        `the index lists it as ${entry.group}/${entry.id}: run python3 eval/build_index.py`,
      ]);
    tasks.push(task);
  }
  return tasks;
}

/** The task's data files as {name in /workspace, text}. */
export async function loadTaskFiles(
  source: SuiteSource,
  task: EvalTask,
  signal?: AbortSignal,
): Promise<{ name: string; text: string }[]> {
  return Promise.all(
    task.files.map(async (f) => ({
      name: f.name,
      text: await source.readText(`files/${f.path}`, signal),
    })),
  );
}

/**
 * The task's tools as the agent takes them. A task's tools share one module (data tables,
 * helpers), so each tool carries the whole source: defining them runs it once per tool,
 * which only redefines the same names before the agent's first action.
 */
export function toPythonTools(task: EvalTask): PythonTool[] {
  if (!task.tools) return [];
  const source = task.tools.source;
  return task.tools.functions.map((f) => ({ ...f, source }));
}

/** True when the task needs no package and no figure (it runs in a bare Pyodide). */
export function isStdlibOnly(task: EvalTask): boolean {
  return !(task.requires.packages?.length ?? 0) && !task.requires.figure;
}
