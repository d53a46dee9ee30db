// Checks that JSON read from eval/tasks/ has the shape the runner relies on, and says
// which field is wrong. The full rules (and the ones only a file system can check) are in
// eval/python/codeact_eval/schema.py, which the pytest suite runs over every task.
import {
  ANSWER_KINDS,
  MAX_TURNS_LIMIT,
  TASK_GROUPS,
  TASK_PACKAGES,
  type EvalTask,
} from './task-format';

/** A task file that does not follow the format; `problems` names each field. */
export class TaskFormatError extends Error {
  constructor(
    readonly where: string,
    readonly problems: string[],
  ) {
    super(`${where} is not a valid evaluation task file: ${problems.join('; ')}`);
    this.name = 'TaskFormatError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown, lo: number, hi: number): boolean =>
  Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function answerProblems(a: unknown): string[] {
  if (!isObj(a)) return ['answer: must be an object'];
  const p: string[] = [];
  const v = a.value;
  switch (a.kind) {
    case 'number':
      if (!isNum(v)) p.push('answer.value: must be a number');
      if (!isInt(a.decimals, 0, 10)) p.push('answer.decimals: must be an integer 0-10');
      break;
    case 'string':
    case 'date':
      if (!isText(v)) p.push('answer.value: must be a non-empty string');
      else if (a.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v))
        p.push('answer.value: a date must be written YYYY-MM-DD');
      break;
    case 'bool':
      if (typeof v !== 'boolean') p.push('answer.value: must be true or false');
      break;
    case 'set':
    case 'list':
      if (!Array.isArray(v) || v.length === 0 || !(v.every(isNum) || v.every(isText)))
        p.push('answer.value: a non-empty list of all numbers or all strings');
      break;
    case 'function':
      if (typeof a.name !== 'string' || !IDENT.test(a.name))
        p.push('answer.name: must be a Python function name');
      if (!Array.isArray(a.cases) || a.cases.length === 0)
        p.push('answer.cases: must be a non-empty list');
      else if (!a.cases.every((c) => isObj(c) && Array.isArray(c.args ?? []) && 'expected' in c))
        p.push('answer.cases: each must be {args, kwargs?, expected}');
      break;
    default:
      p.push(`answer.kind: must be one of ${ANSWER_KINDS.join(', ')}`);
  }
  return p;
}

function toolsProblems(t: unknown): string[] {
  if (t === null) return [];
  if (!isObj(t) || !isText(t.source) || !Array.isArray(t.functions) || t.functions.length === 0)
    return ['tools: must be null or {source, functions: [...]}'];
  return t.functions.flatMap((f, i) =>
    isObj(f) &&
    typeof f.name === 'string' &&
    IDENT.test(f.name) &&
    typeof f.signature === 'string' &&
    typeof f.returns === 'string' &&
    isText(f.description) &&
    !/[\r\n]/.test(f.description)
      ? []
      : [`tools.functions[${i}]: must be {name, signature, returns, description (one line)}`],
  );
}

function requiresProblems(r: unknown): string[] {
  if (!isObj(r)) return ['requires: must be an object'];
  const packages = r.packages ?? [];
  const known: readonly unknown[] = TASK_PACKAGES;
  const p: string[] = [];
  if (!Array.isArray(packages) || !packages.every((x) => known.includes(x)))
    p.push(`requires.packages: only ${TASK_PACKAGES.join(', ')}`);
  if (r.figure !== undefined && typeof r.figure !== 'boolean')
    p.push('requires.figure: must be true or false');
  return p;
}

/** The task, typed; throws TaskFormatError listing every problem. */
export function parseTask(value: unknown, where: string): EvalTask {
  if (!isObj(value)) throw new TaskFormatError(where, ['the task must be a JSON object']);
  const t = value;
  const p: string[] = [];
  if (typeof t.id !== 'string' || !ID.test(t.id)) p.push("id: lower-case words joined by '-'");
  if (!(TASK_GROUPS as readonly unknown[]).includes(t.group))
    p.push(`group: must be one of ${TASK_GROUPS.join(', ')}`);
  for (const k of ['title', 'prompt', 'reference'] as const)
    if (!isText(t[k])) p.push(`${k}: must be a non-empty string`);
  if (
    !Array.isArray(t.files) ||
    !t.files.every((f) => isObj(f) && isText(f.name) && !f.name.includes('/') && isText(f.path))
  )
    p.push('files: must be a list of {name (a plain file name), path}');
  p.push(...toolsProblems(t.tools), ...answerProblems(t.answer), ...requiresProblems(t.requires));
  if (!isInt(t.max_turns, 1, MAX_TURNS_LIMIT)) p.push(`max_turns: an integer 1-${MAX_TURNS_LIMIT}`);
  if (!Array.isArray(t.tags) || t.tags.length === 0 || !t.tags.every((x) => isText(x)))
    p.push('tags: a non-empty list of strings');
  if (p.length > 0) throw new TaskFormatError(where, p);
  return t as unknown as EvalTask;
}
