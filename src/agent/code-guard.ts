// Checks on a code action before it runs, for two things small models do that no run can
// help with (seen in every 57-task run of Qwen2.5-Coder 0.5B/1.5B, docs/eval.md):
// - they write their own `def get_rate(...)` with made-up values over a tool function the app
//   defined, so the cell computes from invented data: that definition is left out (the cell
//   shows the code that ran) and the model is told to call the tool;
// - they copy the system prompt's worked example as their action: it is not run.
import { WORKED_EXAMPLE_CODE } from './prompts';

export type GuardedAction =
  /** Run `code`; `removed` names the tool functions whose definitions were left out. */
  | { run: true; code: string; removed: string[] }
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
  const stripped = withoutToolDefinitions(code, tools);
  if (stripped.removed.length === 0) return { run: true, code, removed: [] };
  if (canonical(stripped.code) === '')
    return { run: false, why: 'only-tool-definitions', removed: stripped.removed };
  return { run: true, code: stripped.code.trim(), removed: stripped.removed };
}
