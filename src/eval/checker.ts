// Runs eval/python/codeact_eval's check() inside Pyodide, in the namespace the agent used,
// so "function" answers are called on what the agent defined. The package is written to
// /tmp (outside /workspace, so it never shows up as one of the agent's files).
import type { CodeRunner } from '../runtime/types';
import { CHECKER_SOURCES } from './suite';
import type { EvalTask } from './types';

export interface Verdict {
  strict: boolean;
  tolerant: boolean;
  detail: string;
}

const MARK = '__codeact_eval_verdict__';

/** Python literal for any JSON-able value: a JSON string decoded by json.loads. */
const pyJson = (value: unknown) =>
  `__import__("json").loads(${JSON.stringify(JSON.stringify(value))})`;

/** The cell that checks an answer; it defines nothing that stays in the namespace. */
export function checkerCode(task: EvalTask, answer: string, figures: number): string {
  return [
    'def __codeact_eval_check(ns):',
    '    import json, os, sys',
    '    root = "/tmp/codeact_eval_checker"',
    '    os.makedirs(root + "/codeact_eval", exist_ok=True)',
    `    for name, text in ${pyJson(CHECKER_SOURCES)}.items():`,
    '        with open(root + "/codeact_eval/" + name, "w", encoding="utf-8") as f:',
    '            f.write(text)',
    '    if root not in sys.path:',
    '        sys.path.insert(0, root)',
    '    from codeact_eval import check',
    `    verdict = check(${pyJson(task)}, ${pyJson(answer)}, ns, ${figures})`,
    `    print(${JSON.stringify(MARK)} + json.dumps(verdict))`,
    'try:',
    '    __codeact_eval_check(globals())',
    'finally:',
    '    del __codeact_eval_check',
  ].join('\n');
}

/** Check one answer; a checker that cannot run is a clear error, not a silent failure. */
export async function checkAnswer(
  runner: CodeRunner,
  task: EvalTask,
  answer: string,
  figures: number,
  signal?: AbortSignal,
): Promise<Verdict> {
  const result = await runner.run(checkerCode(task, answer, figures), {
    signal,
    timeoutMs: 60_000,
  });
  const line = result.stdout.split('\n').find((l) => l.startsWith(MARK));
  if (result.error || !line) {
    const why = result.error
      ? `${result.error.ename}: ${result.error.evalue}`
      : result.timedOut
        ? 'it timed out'
        : 'it printed no verdict';
    throw new Error(`The answer checker failed for task ${task.id}: ${why}`);
  }
  const v = JSON.parse(line.slice(MARK.length)) as Verdict;
  return { strict: v.strict === true, tolerant: v.tolerant === true, detail: String(v.detail) };
}
