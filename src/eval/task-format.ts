// The evaluation suite's one task model ("codeact-eval-task/1"): the JSON files under
// eval/tasks/<group>/<id>.json, checked by validate.ts when the suite is bundled (suite.ts).
// Field names are the JSON's own (snake_case), so a task goes to the Python checker unchanged.
// eval/python/codeact_eval/schema.py holds the same rules for the Python side.

export const TASK_FORMAT = 'codeact-eval-task/1';

export const TASK_GROUPS = ['data', 'compute', 'tools'] as const;
export type TaskGroup = (typeof TASK_GROUPS)[number];

export const ANSWER_KINDS = [
  'number',
  'string',
  'bool',
  'date',
  'set',
  'list',
  'function',
] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

/** Packages a task may need besides the standard library (Pyodide package names). */
export const TASK_PACKAGES = ['numpy', 'pandas', 'matplotlib', 'scikit-learn', 'scipy'] as const;

/** The most code actions a task may allow. */
export const MAX_TURNS_LIMIT = 20;

/** A file copied into /workspace/<name> before the agent starts; `path` is under eval/files/. */
export interface TaskFile {
  name: string;
  path: string;
}

/** How a tool function is listed to the model (the agent's `PythonTool` without its source). */
export interface ToolFunction {
  name: string;
  /** e.g. "(from_currency: str, to_currency: str)" */
  signature: string;
  returns: string;
  /** One line; equals the function's docstring. */
  description: string;
}

/** Python source run in the namespace before the agent's first action, and its functions. */
export interface TaskTools {
  source: string;
  functions: ToolFunction[];
}

export interface NumberAnswer {
  kind: 'number';
  value: number;
  /** The precision the prompt asks for; strict mode wants exactly this many decimals. */
  decimals: number;
  /** Tolerant mode: the larger of the two; default one unit in the last decimal (exact for whole numbers). */
  tolerance?: { abs?: number; rel?: number };
}

export interface StringAnswer {
  kind: 'string';
  value: string;
  /** Every answer a model might plausibly give (e.g. all months); tolerant mode wants only `value` named. */
  choices?: string[];
  /** Other spellings that tolerant mode accepts (e.g. "Nov"). */
  aliases?: string[];
}

export interface BoolAnswer {
  kind: 'bool';
  value: boolean;
}

/** An ISO date, YYYY-MM-DD. */
export interface DateAnswer {
  kind: 'date';
  value: string;
}

/** `value` is in the order the prompt asks for; a set's order matters only to strict mode. */
export interface CollectionAnswer {
  kind: 'set' | 'list';
  value: string[] | number[];
  choices?: string[];
  /** For numbers: the precision they are written with. */
  decimals?: number;
}

/** One hidden test: the checker calls the agent's function with these and compares. */
export interface HiddenCase {
  args: unknown[];
  kwargs?: Record<string, unknown>;
  expected: unknown;
}

/** The prompt asks for a function with this name; the checker runs the hidden cases. */
export interface FunctionAnswer {
  kind: 'function';
  name: string;
  cases: HiddenCase[];
  /** Compare list results as multisets. */
  unordered?: boolean;
  /** Bytecode steps allowed per case before it fails as an endless loop. */
  step_limit?: number;
}

export type TaskAnswer =
  NumberAnswer | StringAnswer | BoolAnswer | DateAnswer | CollectionAnswer | FunctionAnswer;

export interface TaskRequires {
  /** The answer counts only if the agent's code produced at least one figure. */
  figure?: boolean;
  packages?: string[];
}

export interface EvalTask {
  id: string;
  group: TaskGroup;
  title: string;
  /** What the user types; names its files as /workspace/<name>. */
  prompt: string;
  files: TaskFile[];
  tools: TaskTools | null;
  answer: TaskAnswer;
  requires: TaskRequires;
  /** The most code actions the agent may run (its `maxSteps`); the final reply comes after. */
  max_turns: number;
  tags: string[];
  /** A complete solution as one code action; its last printed line is the final answer. */
  reference: string;
}

/** The checker's verdict for one final answer (codeact_eval.check). */
export interface CheckVerdict {
  strict: boolean;
  tolerant: boolean;
  detail: string;
}
