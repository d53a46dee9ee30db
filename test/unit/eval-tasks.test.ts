// The evaluation suite's TypeScript side: the bundled suite (every task checked by the one
// validator), selecting tasks, validation errors, and handing a task's tools to the agent.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTools, formatToolList } from '../../src/agent/tools';
import { taskTools } from '../../src/eval/runner';
import { ALL_TASKS, CHECKER_SOURCES, selectTasks, taskFileText } from '../../src/eval/suite';
import { TASK_GROUPS } from '../../src/eval/task-format';
import { parseTask, TaskFormatError } from '../../src/eval/validate';

/** Every task file on disk, as eval/tasks/<group>/<id>.json paths. */
const taskPaths = TASK_GROUPS.flatMap((g) =>
  fs
    .readdirSync(path.join('eval', 'tasks', g))
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join('eval', 'tasks', g, f)),
);

describe('the bundled suite', () => {
  it('holds every task file on disk, validated, at least 20 per group', () => {
    expect(ALL_TASKS.map((t) => t.id).sort()).toEqual(
      taskPaths.map((p) => path.basename(p, '.json')).sort(),
    );
    for (const group of TASK_GROUPS)
      expect(ALL_TASKS.filter((t) => t.group === group).length).toBeGreaterThanOrEqual(20);
    expect(new Set(ALL_TASKS.map((t) => t.id)).size).toBe(ALL_TASKS.length);
    for (const p of taskPaths)
      expect(() => parseTask(JSON.parse(fs.readFileSync(p, 'utf8')), p)).not.toThrow();
  });

  it('picks groups and ids, refuses an unknown id, and samples the same tasks every time', () => {
    const compute = selectTasks({ group: 'compute' });
    expect(compute.length).toBeGreaterThanOrEqual(20);
    expect(compute.every((t) => t.group === 'compute')).toBe(true);
    const two = selectTasks({ ids: ['fx-invoice-total', 'merge-intervals'] });
    expect(two.map((t) => t.id).sort()).toEqual(['fx-invoice-total', 'merge-intervals']);
    expect(() => selectTasks({ ids: ['no-such-task'] })).toThrow(/no-such-task/);
    const ten = selectTasks({ sample: 10, seed: 1 });
    expect(ten).toHaveLength(10);
    expect(selectTasks({ sample: 10, seed: 1 })).toEqual(ten);
  });

  it('bundles the same files and checker modules as on disk', () => {
    const [task] = selectTasks({ ids: ['orders-city-average'] });
    expect(task!.files.map((f) => f.name)).toEqual(['customers.csv', 'orders.csv']);
    expect(taskFileText('orders.csv')).toBe(fs.readFileSync('eval/files/orders.csv', 'utf8'));
    expect(() => taskFileText('generate.py')).toThrow(/not in eval\/files/);
    const modules = fs.readdirSync('eval/python/codeact_eval').filter((f) => f.endsWith('.py'));
    expect(Object.keys(CHECKER_SOURCES).sort()).toEqual(modules.sort());
  });
});

describe('task validation', () => {
  const valid = async (): Promise<Record<string, unknown>> =>
    JSON.parse(
      fs.readFileSync(path.join('eval', 'tasks', 'compute', 'weekday-of-leap-day.json'), 'utf8'),
    ) as Record<string, unknown>;

  it('accepts a task file as it is', async () => {
    expect(parseTask(await valid(), 'x').id).toBe('weekday-of-leap-day');
  });

  it('names every broken field', async () => {
    const broken = {
      ...(await valid()),
      id: 'Not An Id',
      answer: { kind: 'vibes' },
      max_turns: 0,
      requires: { packages: ['tensorflow'] },
    };
    try {
      parseTask(broken, 'eval/tasks/compute/x.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TaskFormatError);
      const problems = (e as TaskFormatError).problems.join('\n');
      for (const field of ['id:', 'answer.kind:', 'max_turns:', 'requires.packages:'])
        expect(problems).toContain(field);
      expect((e as Error).message).toContain('eval/tasks/compute/x.json');
    }
    expect(() => parseTask([], 'y')).toThrow(TaskFormatError);
  });
});

describe('tools for the agent', () => {
  it('every tool task gives the agent tools it accepts and lists', () => {
    for (const task of selectTasks({ group: 'tools' })) {
      const py = checkTools(taskTools(task));
      expect(py.length).toBe(task.tools!.functions.length);
      const listed = formatToolList(py);
      for (const f of task.tools!.functions) expect(listed).toContain(`${f.name}${f.signature}`);
    }
    const [plain] = selectTasks({ ids: ['divisible-count'] });
    expect(taskTools(plain!)).toEqual([]);
  });
});
