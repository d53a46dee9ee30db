// Every standard-library task of the evaluation suite in REAL Pyodide (node_modules, under
// Node, no wheels): its tools and reference solution run in a fresh namespace with its
// files in /workspace, and the checker (eval/python/codeact_eval, written into Pyodide's
// file system as the browser runner will do) must accept the reference's last printed line
// in strict mode. One Pyodide instance serves all tasks.
import { loadPyodide, type PyodideAPI } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_TASKS, CHECKER_SOURCES, isStdlibOnly, taskFileText } from '../../src/eval/suite';
import type { CheckVerdict, EvalTask } from '../../src/eval/task-format';

const CHECKER_ROOT = '/eval-checker';

let py: PyodideAPI;
let checkJson: PyProxy & ((...args: unknown[]) => string);
let tasks: EvalTask[];

beforeAll(async () => {
  tasks = ALL_TASKS.filter(isStdlibOnly);
  py = await loadPyodide();
  py.FS.mkdirTree(`${CHECKER_ROOT}/python/codeact_eval`);
  py.FS.mkdirTree('/workspace');
  for (const [name, text] of Object.entries(CHECKER_SOURCES))
    py.FS.writeFile(`${CHECKER_ROOT}/python/codeact_eval/${name}`, text);
  py.runPython(`import sys; sys.path.insert(0, "${CHECKER_ROOT}/python")`);
  checkJson = py.pyimport('codeact_eval').check_json as typeof checkJson;
  // Booting Pyodide takes seconds alone and much longer on a busy machine.
}, 180_000);

/** Runs tools + reference in a fresh namespace; returns its last printed line and namespace. */
async function runReference(task: EvalTask): Promise<{ answer: string; ns: PyProxy }> {
  for (const name of py.FS.readdir('/workspace') as string[])
    if (name !== '.' && name !== '..') py.FS.unlink(`/workspace/${name}`);
  for (const f of task.files) py.FS.writeFile(`/workspace/${f.name}`, taskFileText(f.name));
  const ns = (py.globals.get('dict') as PyProxy & (() => PyProxy))();
  ns.set('__name__', '__main__');
  let stdout = '';
  py.setStdout({ batched: (s: string) => (stdout += `${s}\n`) });
  try {
    if (task.tools) await py.runPythonAsync(task.tools.source, { globals: ns });
    await py.runPythonAsync(task.reference, { globals: ns });
  } finally {
    py.setStdout();
  }
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  return { answer: lines.at(-1) ?? '', ns };
}

function verdict(task: EvalTask, answer: string, ns: PyProxy): CheckVerdict {
  return JSON.parse(checkJson(JSON.stringify(task), answer, ns, 0)) as CheckVerdict;
}

describe('standard-library tasks in Pyodide', () => {
  it('covers the compute and tools groups', () => {
    expect(tasks.filter((t) => t.group === 'compute').length).toBeGreaterThanOrEqual(20);
    expect(tasks.filter((t) => t.group === 'tools').length).toBeGreaterThanOrEqual(20);
  });

  it(
    'every reference passes its checker in strict mode, and "I don\'t know" fails',
    { timeout: 180_000 },
    async () => {
      const failures: string[] = [];
      for (const task of tasks) {
        let result: { answer: string; ns: PyProxy };
        try {
          result = await runReference(task);
        } catch (e) {
          failures.push(`${task.id}: the reference raised ${String(e)}`);
          continue;
        }
        const good = verdict(task, result.answer, result.ns);
        if (!good.strict || !good.tolerant)
          failures.push(`${task.id}: ${JSON.stringify(result.answer)} -> ${good.detail}`);
        const empty = py.toPy({}) as PyProxy;
        const none = verdict(task, "I don't know.", empty);
        if (none.strict || none.tolerant) failures.push(`${task.id}: "I don't know" passed`);
        empty.destroy();
        result.ns.destroy();
      }
      expect(failures).toEqual([]);
    },
  );

  it('a hidden-test function that loops forever fails instead of hanging', async () => {
    const task = tasks.find((t) => t.answer.kind === 'function')!;
    const name = (task.answer as { name: string }).name;
    const ns = py.toPy({}) as PyProxy;
    py.runPython(`def ${name}(*args, **kwargs):\n    while True:\n        pass`, { globals: ns });
    const looping = { ...task, answer: { ...task.answer, step_limit: 50_000 } } as EvalTask;
    const v = verdict(looping, '', ns);
    expect(v.strict || v.tolerant).toBe(false);
    expect(v.detail).toContain('steps');
    ns.destroy();
  });
});
