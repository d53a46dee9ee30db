// Checks on a code action before it runs, for two things small models do that no run can
// help with (seen in every 57-task run of Qwen2.5-Coder 0.5B/1.5B, docs/eval.md):
// - they write their own `def get_rate(...)` with made-up values over a tool function the app
//   defined, so the cell computes from invented data: that definition is left out (the cell
//   shows the code that ran) and the model is told to call the tool;
// - they import the tool functions from a module that does not exist
//   (`from staff_directory import find_employee`): that import is left out, the same way;
// - they copy the system prompt's worked example as their action: it is not run.
import { WORKED_EXAMPLE_CODE } from './prompts';

export type GuardedAction =
  /**
   * Run `code`; `removed` names the tool functions whose definitions were left out, `imported`
   * those whose import from a module was.
   */
  | { run: true; code: string; removed: string[]; imported: string[] }
  /** Nothing to run: `removed` is set when the code only redefined tools. */
  | { run: false; why: 'worked-example' | 'only-tool-definitions'; removed: string[] };

const lines = (code: string) => code.replace(/\r\n?/g, '\n').split('\n');

/** Whitespace-insensitive form of code, for comparing it with the worked example. */
function canonical(code: string): string {
  return lines(code)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .join('\n');
}

const EXAMPLE = canonical(WORKED_EXAMPLE_CODE);

export function isWorkedExample(code: string): boolean {
  return canonical(code) === EXAMPLE;
}

const topLevel = (line: string) => line !== '' && !/^[ \t]/.test(line);

/**
 * Removes top-level `def name(...)` blocks (with their decorators) whose name is a tool's.
 * A block ends at the next top-level line that is not a comment; nested definitions are left
 * alone (they shadow the tool only inside their own function).
 */
export function withoutToolDefinitions(
  code: string,
  tools: readonly string[],
): { code: string; removed: string[] } {
  if (tools.length === 0) return { code, removed: [] };
  const names = new Set(tools);
  const src = lines(code);
  const keep: string[] = [];
  const removed: string[] = [];
  for (let i = 0; i < src.length; i++) {
    const line = src[i]!;
    const def = /^(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(/.exec(line);
    if (!def || !names.has(def[1]!)) {
      keep.push(line);
      continue;
    }
    if (!removed.includes(def[1]!)) removed.push(def[1]!);
    while (keep.length > 0 && /^@/.test(keep[keep.length - 1]!)) keep.pop();
    // Skip the body: indented, blank or comment lines, up to the next top-level statement.
    let j = i + 1;
    while (j < src.length) {
      const next = src[j]!;
      if (topLevel(next) && !next.startsWith('#')) break;
      j++;
    }
    // Comments and blank lines just before that statement belong to it, not to the body.
    while (j - 1 > i && (src[j - 1]!.trim() === '' || src[j - 1]!.startsWith('#'))) j--;
    i = j - 1;
  }
  return { code: keep.join('\n'), removed };
}

const FROM_IMPORT = /^from[ \t]+[\w.]+[ \t]+import[ \t]+\(?([\w \t,]+?)\)?[ \t]*(?:#.*)?$/;

/**
 * Removes top-level `from <module> import a, b` lines whose names are all tool functions: tools
 * live in no module, so such a line can only fail (or bring in another `a`).
 */
export function withoutToolImports(
  code: string,
  tools: readonly string[],
): { code: string; imported: string[] } {
  if (tools.length === 0) return { code, imported: [] };
  const names = new Set(tools);
  const imported: string[] = [];
  const keep = lines(code).filter((line) => {
    const m = FROM_IMPORT.exec(line);
    const list =
      m?.[1]
        ?.split(',')
        .map((n) => n.trim())
        .filter(Boolean) ?? [];
    if (list.length === 0 || !list.every((n) => names.has(n))) return true;
    for (const n of list) if (!imported.includes(n)) imported.push(n);
    return false;
  });
  return { code: keep.join('\n'), imported };
}

export interface GuardContext {
  /** The tool functions the app defined. */
  tools: readonly string[];
  /** The prompt shows the worked example (the generic dialect). */
  exampleShown: boolean;
  /** The user's newest message: one about the example's own subject may run its code. */
  question: string;
}

/** What to do with a code action: run it (perhaps without tool redefinitions) or not at all. */
export function guardAction(code: string, ctx: GuardContext): GuardedAction {
  const { tools } = ctx;
  const copied = ctx.exampleShown && !/odd numbers/i.test(ctx.question) && isWorkedExample(code);
  if (copied) return { run: false, why: 'worked-example', removed: [] };
  const unimported = withoutToolImports(code, tools);
  const stripped = withoutToolDefinitions(unimported.code, tools);
  const { removed } = stripped;
  const { imported } = unimported;
  if (removed.length === 0 && imported.length === 0)
    return { run: true, code, removed: [], imported: [] };
  if (canonical(stripped.code) === '')
    return { run: false, why: 'only-tool-definitions', removed: [...removed, ...imported] };
  return { run: true, code: stripped.code.trim(), removed, imported };
}
