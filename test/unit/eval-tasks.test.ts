// The evaluation suite's TypeScript side: loading eval/ through each source, validating
// tasks, and handing a task's tools to the agent.
import { describe, expect, it } from 'vitest';
import { checkTools, formatToolList } from '../../src/agent/tools';
import { bundledSource } from '../../src/eval/bundled';
import { TASK_GROUPS, type EvalTask } from '../../src/eval/task-format';
import {
  CHECKER_MODULES,
  isStdlibOnly,
  loadIndex,
  loadTaskFiles,
  loadTasks,
  sampleEntries,
  SuiteLoadError,
  toPythonTools,
  urlSource,
} from '../../src/eval/tasks';
import { parseTask, TaskFormatError } from '../../src/eval/validate';
import { fileSource } from '../support/eval-source';

describe('loading the suite', () => {
  it('loads every task the index lists, at least 20 per group', async () => {
    const index = await loadIndex(fileSource);
    const tasks = await loadTasks(fileSource, {}, index);
    expect(tasks.map((t) => t.id)).toEqual(index.tasks.map((e) => e.id));
    for (const group of TASK_GROUPS) {
      expect(tasks.filter((t) => t.group === group).length).toBeGreaterThanOrEqual(20);
      expect(index.counts[group]).toBe(tasks.filter((t) => t.group === group).length);
    }
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
    for (const t of tasks) {
      const entry = index.tasks.find((e) => e.id === t.id);
      expect(entry?.stdlib_only).toBe(isStdlibOnly(t));
    }
  });

  it('picks groups and ids, and refuses an unknown id', async () => {
    const compute = await loadTasks(fileSource, { groups: ['compute'] });
    expect(compute.length).toBeGreaterThanOrEqual(20);
    expect(compute.every((t) => t.group === 'compute')).toBe(true);
    const two = await loadTasks(fileSource, { ids: ['fx-invoice-total', 'merge-intervals'] });
    expect(two.map((t) => t.id).sort()).toEqual(['fx-invoice-total', 'merge-intervals']);
    await expect(loadTasks(fileSource, { ids: ['no-such-task'] })).rejects.toThrow(/no-such-task/);
  });

  it('reads the same files from the app bundle as from disk', async () => {
    for (const path of [
      'tasks/index.json',
      'tasks/data/sales-total-revenue.json',
      ...CHECKER_MODULES,
    ])
      expect(await bundledSource.readText(path)).toBe(await fileSource.readText(path));
    const [task] = await loadTasks(bundledSource, { ids: ['orders-city-average'] });
    const files = await loadTaskFiles(bundledSource, task!);
    expect(files.map((f) => f.name)).toEqual(['customers.csv', 'orders.csv']);
    expect(files[1]!.text).toBe(await fileSource.readText('files/orders.csv'));
    await expect(bundledSource.readText('files/generate.py')).rejects.toBeInstanceOf(
      SuiteLoadError,
    );
  });

  it('over HTTP, names the URL and status of a missing file', async () => {
    const fakeFetch = (async (url: URL) =>
      url.pathname.endsWith('index.json')
        ? new Response(await fileSource.readText('tasks/index.json'))
        : new Response('gone', { status: 404 })) as unknown as typeof fetch;
    const source = urlSource('http://127.0.0.1:1/eval/', fakeFetch);
    expect((await loadIndex(source)).tasks.length).toBeGreaterThanOrEqual(60);
    await expect(loadTasks(source, { ids: ['date-plus-1000-days'] })).rejects.toThrow(
      /eval\/tasks\/compute\/date-plus-1000-days\.json.*HTTP 404/,
    );
  });
});

describe('task validation', () => {
  const valid = async (): Promise<Record<string, unknown>> =>
    JSON.parse(await fileSource.readText('tasks/compute/weekday-of-leap-day.json')) as Record<
      string,
      unknown
    >;

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
  it('every tool task gives the agent tools it accepts and lists', async () => {
    const tools = (await loadTasks(fileSource, { groups: ['tools'] })) as EvalTask[];
    for (const task of tools) {
      const py = checkTools(toPythonTools(task));
      expect(py.length).toBe(task.tools!.functions.length);
      const listed = formatToolList(py);
      for (const f of task.tools!.functions) expect(listed).toContain(`${f.name}${f.signature}`);
    }
    const [plain] = await loadTasks(fileSource, { ids: ['divisible-count'] });
    expect(toPythonTools(plain!)).toEqual([]);
  });
});

describe('a quick sample', () => {
  it('spreads n tasks over the groups, the same every time', async () => {
    const index = await loadIndex(fileSource);
    const ten = sampleEntries(index, 10);
    expect(ten).toHaveLength(10);
    expect(new Set(ten.map((e) => e.id)).size).toBe(10);
    const per = TASK_GROUPS.map((g) => ten.filter((e) => e.group === g).length);
    expect(Math.max(...per) - Math.min(...per)).toBeLessThanOrEqual(1);
    expect(sampleEntries(index, 10)).toEqual(ten);
    expect(sampleEntries(index, 1000)).toHaveLength(index.tasks.length);
    expect(sampleEntries(index, 0)).toEqual([]);
    const small = {
      ...index,
      tasks: [
        ...index.tasks.filter((e) => e.group !== 'tools'),
        index.tasks.find((e) => e.group === 'tools')!,
      ],
    };
    const five = sampleEntries(small, 5);
    expect(five.filter((e) => e.group === 'tools')).toHaveLength(1);
    expect(five).toHaveLength(5);
  });
});
