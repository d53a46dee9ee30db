// On a static host without COOP/COEP there is no SharedArrayBuffer: stopping a run
// means terminating the worker and starting a fresh one, and the result says so.
import type { Server } from 'node:http';
import { expect, test } from '@playwright/test';
import { createStaticServer } from '../../scripts/serve.mjs';
import { runPython, startPython, type CodeactGlobal } from './python-helpers';

const PORT = 4411;
let server: Server;

test.beforeAll(async () => {
  server = createStaticServer({ dir: 'dist', base: '/', isolation: false }) as Server;
  await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r));
});
test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

test('interrupt and time limit terminate and restart the worker, reporting lost variables', async ({
  page,
}) => {
  await page.goto(`http://127.0.0.1:${PORT}/`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await startPython(page);
  await runPython(page, 'kept = 1');
  const interrupted = await page.evaluate(async () => {
    const g = globalThis as unknown as CodeactGlobal;
    const stop = new AbortController();
    const pending = g.__codeact.python.run('print("started", flush=True)\nwhile True:\n    pass', {
      signal: stop.signal,
    });
    await new Promise((r) => setTimeout(r, 500));
    stop.abort();
    return pending;
  });
  expect(interrupted.error?.ename).toBe('KeyboardInterrupt');
  expect(interrupted.interrupted).toBe(true);
  expect(interrupted.restarted).toBe(true);
  expect(interrupted.restartReason).toContain('not cross-origin isolated');
  expect(interrupted.restartReason).toContain('variables were lost');
  expect((await runPython(page, 'kept')).error?.ename).toBe('NameError');

  const timedOut = await runPython(page, 'while True:\n    pass', 1000);
  expect(timedOut.timedOut).toBe(true);
  expect(timedOut.error?.ename).toBe('TimeoutError');
  expect(timedOut.restarted).toBe(true);
  expect((await runPython(page, '1 + 1')).outputs).toEqual([{ type: 'text', text: '2' }]);
});
