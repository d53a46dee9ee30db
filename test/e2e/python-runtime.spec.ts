// The Python runtime in the production build, cross-origin isolated (SAB interrupts).
import { expect, test } from '@playwright/test';
import { runPython, startPython, type CodeactGlobal } from './python-helpers';

test.beforeEach(async ({ page }) => {
  await page.goto('./');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await startPython(page);
});

test('runs a cell: streamed output in order, trailing expression, traceback', async ({ page }) => {
  const streamed = await page.evaluate(async () => {
    const g = globalThis as unknown as CodeactGlobal;
    const seen: unknown[] = [];
    const r = await g.__codeact.python.run(
      'import sys\nprint("a")\nprint("b", file=sys.stderr)\n6 * 7',
      {
        onOutput: (o: unknown) => seen.push(o),
      },
    );
    return { seen, r };
  });
  expect(streamed.seen).toEqual([
    { type: 'stream', name: 'stdout', text: 'a\n' },
    { type: 'stream', name: 'stderr', text: 'b\n' },
    { type: 'text', text: '42' },
  ]);
  expect(streamed.r.outputs).toEqual(streamed.seen);
  const e = await runPython(page, 'def f():\n    return 1 / 0\nf()');
  expect(e.error?.ename).toBe('ZeroDivisionError');
  expect(e.error?.traceback).toMatch(/Cell In\[\d+\], line 3/);
  expect(e.error?.traceback).not.toContain('codeact_runtime');
});

test('the kernel runs from the build’s bytecode, not from its sources', async ({ page }) => {
  // Pyodide writes no bytecode itself: a .pyc here is the build's (scripts/vite/runtime-bytecode.mjs),
  // and its flags word 1 says hash-based and unchecked (PEP 552), so Python loads it as it is.
  const r = await runPython(
    page,
    "import codeact_runtime.kernel as k\nopen(k.__cached__, 'rb').read()[4:8].hex()",
  );
  expect(r.error).toBeNull();
  expect(r.outputs).toEqual([{ type: 'text', text: "'01000000'" }]);
});

test('interrupts `while True: pass` within 1 s and keeps variables', async ({ page }) => {
  await runPython(page, 'kept = 41');
  const r = await page.evaluate(async () => {
    const g = globalThis as unknown as CodeactGlobal;
    const py = g.__codeact.python;
    const stop = new AbortController();
    const pending = py.run('while True:\n    pass', { signal: stop.signal });
    await new Promise((res) => setTimeout(res, 300));
    const t0 = performance.now();
    stop.abort();
    const result = await pending;
    return { result, stopMs: performance.now() - t0 };
  });
  expect(r.result.error?.ename).toBe('KeyboardInterrupt');
  expect(r.result.interrupted).toBe(true);
  expect(r.result.restarted).toBe(false);
  expect(r.stopMs).toBeLessThan(1000); // the acceptance bound, not a benchmark
  expect((await runPython(page, 'kept + 1')).outputs).toEqual([{ type: 'text', text: '42' }]);
});

test('a run past its time limit stops with TimeoutError', async ({ page }) => {
  await runPython(page, 'kept = "still here"');
  const r = await runPython(page, 'while True:\n    pass', 1000);
  expect(r.timedOut).toBe(true);
  expect(r.error?.ename).toBe('TimeoutError');
  expect(r.restarted).toBe(false);
  expect((await runPython(page, 'kept')).outputs).toEqual([{ type: 'text', text: "'still here'" }]);
});

test('time.sleep ignores SIGINT: the worker is replaced after the grace period', async ({
  page,
}) => {
  await runPython(page, 'lost = 1');
  const r = await runPython(page, 'import time\ntime.sleep(30)', 500);
  expect(r.timedOut).toBe(true);
  expect(r.restarted).toBe(true);
  expect(r.restartReason).toContain('variables were lost');
  expect((await runPython(page, 'lost')).error?.ename).toBe('NameError');
  // An awaited sleep never sees SIGINT either (pyodide#2141): same path, no hang.
  const awaited = await runPython(page, 'import asyncio\nawait asyncio.sleep(30)', 500);
  expect(awaited.timedOut).toBe(true);
  expect(awaited.restarted).toBe(true);
  expect((await runPython(page, '"fresh"')).outputs).toEqual([{ type: 'text', text: "'fresh'" }]);
});

test('after a fatal runtime error the next run gets a fresh runtime and says so', async ({
  page,
}) => {
  await runPython(page, 'before = 1');
  const crash = await runPython(page, 'import ctypes\nctypes.string_at(0xFFFFFFF0, 100)');
  expect(crash.error?.ename).toBe('RuntimeCrash');
  const next = await runPython(page, 'print("alive")\n"before" in globals()');
  expect(next.stdout).toBe('alive\n');
  expect(next.outputs.at(-1)).toEqual({ type: 'text', text: 'False' });
  expect(next.restarted).toBe(true);
  expect(next.restartReason).toMatch(/crashed.*variables were lost/);
  const exit = await runPython(page, 'import os\nos._exit(0)');
  expect(exit.error?.ename).toBe('RuntimeCrash');
  expect((await runPython(page, '1 + 1')).outputs).toEqual([{ type: 'text', text: '2' }]);
});

test('a package that is neither vendored nor reachable fails with a message naming it', async ({
  page,
}) => {
  const r = await runPython(page, 'import numpy as np\nnp.arange(3)');
  expect(r.error?.ename).toBe('ModuleNotFoundError');
  expect(r.error?.evalue).toContain("'numpy'");
  expect(r.error?.traceback).toContain('PYODIDE_WHEELS_DIR');
});

test('a workspace file written by code survives a reload', async ({ page }) => {
  const w = await runPython(
    page,
    'import os\nos.makedirs("notes", exist_ok=True)\nopen("notes/saved.txt", "w").write("kept across reloads")',
  );
  expect(w.error).toBeNull();
  await page.reload();
  const files = await page.evaluate(async () => {
    const g = globalThis as unknown as CodeactGlobal;
    const list = await g.__codeact.python.listFiles();
    const bytes: Uint8Array = await g.__codeact.python.readFile('notes/saved.txt');
    return { list, text: new TextDecoder().decode(bytes) };
  });
  expect(files.list.map((f: { path: string }) => f.path)).toContain('notes/saved.txt');
  expect(files.text).toBe('kept across reloads');
  await startPython(page);
  const r = await runPython(page, 'open("notes/saved.txt").read()');
  expect(r.outputs).toEqual([{ type: 'text', text: "'kept across reloads'" }]);
});

test('namespaces per conversation, main-thread files, status/progress/files events, !pip offline', async ({
  page,
}) => {
  const r = await page.evaluate(async () => {
    const g = globalThis as unknown as CodeactGlobal;
    const py = g.__codeact.python;
    const statuses: string[] = [];
    let filesChanged = 0;
    py.onStatus((s: string) => statuses.push(s));
    py.onFilesChanged(() => filesChanged++);
    await py.run('secret = "conversation A"');
    const toB = await py.useNamespace('conv-b');
    const inB = await py.run('"secret" in globals()');
    const toA = await py.useNamespace('default');
    const inA = await py.run('secret');
    await py.writeFile('upload.csv', 'a,b\n1,2\n');
    const readBack = await py.run('open("upload.csv").read().splitlines()[1]');
    await py.run('open("made.txt", "w").write("x")');
    const pip = await py.run('!pip install not-a-pyodide-package');
    const progress: string[] = [];
    py.onProgress((p: { step: string }) => progress.push(p.step));
    await py.restart();
    return { toB, inB, toA, inA, readBack, filesChanged, statuses, pip, progress };
  });
  expect(r.toB.switched).toBe(true);
  expect(r.inB.outputs).toEqual([{ type: 'text', text: 'False' }]);
  expect(r.toA.message).toContain('Switched');
  expect(r.inA.outputs).toEqual([{ type: 'text', text: "'conversation A'" }]);
  expect(r.readBack.outputs).toEqual([{ type: 'text', text: "'1,2'" }]);
  expect(r.filesChanged).toBe(2); // the upload, then the file the code wrote
  expect(r.statuses).toContain('busy');
  expect(r.statuses).toContain('ready');
  expect(r.statuses).toContain('restarted');
  expect(r.pip.stderr).toContain('network access is off');
  expect(r.progress).toEqual(expect.arrayContaining(['runtime', 'files', 'packages']));
});

test('an output flood arrives in a few batches and is capped with a marker', async ({ page }) => {
  const r = await page.evaluate(async () => {
    const g = globalThis as unknown as CodeactGlobal;
    let callbacks = 0;
    const result = await g.__codeact.python.run('for i in range(200_000):\n    print(i)', {
      onOutput: () => callbacks++,
    });
    return { callbacks, truncated: result.truncated, stdout: result.stdout };
  });
  expect(r.truncated).toBe(true);
  expect(r.stdout).toContain('[output truncated');
  expect(r.stdout.length).toBeLessThan(1_100_000);
  expect(r.callbacks).toBeGreaterThan(0);
  expect(r.callbacks).toBeLessThan(1000); // batched, not one message per line
  expect((await runPython(page, '"responsive"')).outputs).toEqual([
    { type: 'text', text: "'responsive'" },
  ]);
});
