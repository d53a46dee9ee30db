// The evaluation runner with REAL Python (Pyodide from node_modules, in Node) and the suite's
// REAL checker inside it; the model is the FAKE engine with scripted replies (not a model).
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { dialectForEngine } from '../../src/agent/agent-setup';
import { runEval, taskTools } from '../../src/eval/runner';
import { ALL_TASKS, selectTasks } from '../../src/eval/suite';
import type { EvalTask } from '../../src/eval/types';
import { FakeEngine } from '../support/fake-engine';
import { NodeEvalPython } from '../support/node-eval-python';

const task = (id: string): EvalTask => {
  const t = ALL_TASKS.find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id}`);
  return t;
};
const act = (code: string) => `Let me run it.\n<execute>\n${code}\n</execute>`;

let py: PyodideAPI;
beforeAll(async () => {
  py = await loadPyodide();
});

describe('eval runner', () => {
  it('scores scripted replies with the real checker, and counts turns, actions and recoveries', async () => {
    const python = new NodeEvalPython(py);
    const scripts: Record<string, string[]> = {
      // An error first, then the reference: one error recovered from.
      'is-it-prime': [act('print(undefined_name)'), act(task('is-it-prime').reference), 'True'],
      // The tools must be defined in the namespace for the reference to work.
      'decode-message': [
        act(task('decode-message').reference),
        'The spare key is under the blue flowerpot',
      ],
      // A function answer is checked on what the agent defined (hidden cases).
      'luhn-check': [act(task('luhn-check').reference), 'Done.'],
      // A wrong final answer in prose: neither verdict.
      'days-between-dates': ['It is 12 days.', 'It is 12 days, as I said.'],
    };
    const tasks = selectTasks({ ids: Object.keys(scripts) });
    const engines = new Map(tasks.map((t) => [t.id, new FakeEngine(scripts[t.id]!)]));
    const progress: number[] = [];
    const run = await runEval({
      tasks,
      engineFor: (t) => engines.get(t.id)!,
      python,
      dialect: dialectForEngine({ modelId: 'codeact-agent' }),
      selection: { group: 'all', sample: null, seed: 1 },
      appVersion: 'test',
      onProgress: (p) => progress.push(p.done),
    });
    const by = Object.fromEntries(run.tasks.map((r) => [r.id, r]));
    expect(by['is-it-prime']).toMatchObject({
      strict: true,
      tolerant: true,
      turns: 3,
      codeActions: 2,
      errorsRecovered: 1,
    });
    expect(by['decode-message']).toMatchObject({
      strict: true,
      tolerant: true,
      turns: 2,
      codeActions: 1,
      errorsRecovered: 0,
    });
    expect(by['luhn-check']).toMatchObject({ strict: true, tolerant: true, codeActions: 1 });
    // The chat's compute check runs in evaluations too: the uncomputed answer was sent back once.
    expect(by['days-between-dates']).toMatchObject({
      strict: false,
      tolerant: false,
      turns: 2,
      codeActions: 0,
      noCode: true,
      finalAnswer: 'It is 12 days, as I said.',
    });
    expect(JSON.stringify(by['days-between-dates']!.transcript)).toContain(
      'No code was run for this answer',
    );
    expect(by['days-between-dates']!.detail).toMatch(/expected/);
    expect(run.totals).toMatchObject({ tasks: 4, strict: 3, tolerant: 3, strictPct: 75 });
    expect(run.simulated).toBe(true);
    expect(run.engine.kind).toBe('fake');
    expect(run.notice).toMatch(/not M3ToolEval, MINT/);
    expect(progress).toEqual([0, 1, 2, 3, 4]);
    // Each task had its own namespace, and its transcript starts with the system prompt.
    expect(new Set(python.namespaces).size).toBe(4);
    // ...and a fresh interpreter before it (PythonClient.freshInterpreter; e2e: python-eval-isolation).
    expect(python.steps).toEqual(Array(4).fill(['fresh', 'namespace']).flat());
    expect(by['decode-message']!.transcript[0]!.content).toContain('hex_to_text');
    // The checker left nothing behind in the agent's namespace.
    const prime = await python.run('print("__codeact_eval_check" in globals())');
    expect(prime.stdout.trim()).toBe('False');
  });

  it('a task that goes over its time limit is scored unanswered, and the run goes on', async () => {
    const python = new NodeEvalPython(py);
    const tasks = selectTasks({ ids: ['is-it-prime', 'luhn-check'] });
    // The first task's model hangs (a stuck server); the second answers.
    const engines = new Map([
      ['is-it-prime', new FakeEngine([{ content: 'Thinking…', hang: true }])],
      ['luhn-check', new FakeEngine([act(task('luhn-check').reference), 'Done.'])],
    ]);
    const run = await runEval({
      tasks,
      engineFor: (t) => engines.get(t.id)!,
      python,
      dialect: dialectForEngine({ modelId: 'codeact-agent' }),
      selection: { group: 'all', sample: null, seed: 1 },
      appVersion: 'test',
      taskTimeoutMs: 300,
    });
    expect(run.stoppedEarly).toBe(false);
    expect(run.tasks.map((t) => t.id)).toEqual(['is-it-prime', 'luhn-check']);
    expect(run.tasks[0]).toMatchObject({ strict: false, tolerant: false });
    expect(run.tasks[0]!.detail).toMatch(/over its time limit of 0 s/);
    expect(run.tasks[1]).toMatchObject({ strict: true, tolerant: true });
  });

  it('gives each task exactly its own files in /workspace', async () => {
    const python = new NodeEvalPython(py);
    await python.writeFile('leftover.txt', 'from an earlier task');
    const [t] = selectTasks({ ids: ['log-most-404s'] });
    const engine = new FakeEngine([act('import os\nprint(sorted(os.listdir("/workspace")))'), 'x']);
    const run = await runEval({
      tasks: [t!],
      engineFor: () => engine,
      python,
      dialect: dialectForEngine({ modelId: 'codeact-agent' }),
      selection: { group: 'all', sample: null, seed: 1 },
      appVersion: 'test',
    });
    const observation = run.tasks[0]!.transcript.at(-2)!.content;
    expect(observation).toContain(
      JSON.stringify(t!.files.map((f) => f.path).sort()).replace(/"/g, "'"),
    );
    expect(observation).not.toContain('leftover');
  });

  it('stops at the signal: the task in progress is not scored and the run says it stopped', async () => {
    const python = new NodeEvalPython(py);
    const stop = new AbortController();
    const tasks = selectTasks({ ids: ['is-it-prime', 'days-between-dates'] });
    const run = await runEval({
      tasks,
      engineFor: () => new FakeEngine([{ content: 'thinking', hang: true }]),
      python,
      dialect: dialectForEngine({ modelId: 'codeact-agent' }),
      selection: { group: 'all', sample: null, seed: 1 },
      appVersion: 'test',
      signal: stop.signal,
      onProgress: (p) => p.done === 0 && setTimeout(() => stop.abort(), 50),
    });
    expect(run.stoppedEarly).toBe(true);
    expect(run.tasks).toEqual([]);
  });

  it('tools of a task become PythonTools carrying the whole module', () => {
    const tools = taskTools(task('decode-message'));
    expect(tools.map((t) => t.name)).toEqual([
      'hex_to_text',
      'reverse_text',
      'shift_letters',
      'count_vowels',
    ]);
    expect(tools.every((t) => t.source.includes('def shift_letters'))).toBe(true);
  });

  it('samples reproducibly and filters by group and packages', () => {
    const a = selectTasks({ group: 'compute', sample: 5, seed: 3 });
    expect(a).toEqual(selectTasks({ group: 'compute', sample: 5, seed: 3 }));
    expect(a).toHaveLength(5);
    expect(a.every((t) => t.group === 'compute')).toBe(true);
    expect(
      selectTasks({ stdlibOnly: true }).every((t) => !(t.requires.packages ?? []).length),
    ).toBe(true);
    expect(ALL_TASKS).toHaveLength(87);
    expect(() => selectTasks({ ids: ['nope'] })).toThrow(/unknown task id/);
    expect(() => selectTasks({ sample: 0 })).toThrow(/at least 1/);
  });
});
