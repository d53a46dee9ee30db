// Evaluation tasks apart: the evaluation runner asks the Python owner for a fresh interpreter
// before each task (src/eval/runner.ts). Here a "task" changes the working directory, patches a
// standard module and leaves a variable; after freshInterpreter() the next one sees none of it,
// and is not told that variables were lost (a clean slate is the point, not an accident). The cost
// of the fresh interpreter is recorded as an annotation (our measurement, not asserted).
import { expect, test } from '@playwright/test';
import type { CodeactGlobal } from './python-helpers';

test('a fresh interpreter per evaluation task: no working directory, patched module or variable leaks', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('./');
  const r = await page.evaluate(async () => {
    const py = (globalThis as unknown as CodeactGlobal).__codeact.python;
    const first = await py.run(
      'import os, json\nos.chdir("/tmp")\njson.dumps = lambda *a, **k: "patched"\nleaked = 1\n' +
        'print(os.getcwd(), json.dumps([1]))',
    );
    const t0 = performance.now();
    await py.freshInterpreter();
    const freshMs = performance.now() - t0;
    const next = await py.run(
      'import os, json\nprint(os.getcwd(), json.dumps([1]), "leaked" in globals())',
    );
    return { first: first.stdout, next: next.stdout, restarted: next.restarted, freshMs };
  });
  expect(r.first).toBe('/tmp patched\n');
  expect(r.next).toBe('/workspace [1] False\n');
  expect(r.restarted).toBe(false);
  test.info().annotations.push({
    type: 'fresh interpreter cost (our measurement, this machine)',
    description: `${Math.round(r.freshMs)} ms`,
  });
});
