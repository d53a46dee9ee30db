// KeyboardInterrupt through a SharedArrayBuffer stops a busy loop in the Python
// engine and keeps the namespace (Pyodide in a Node worker thread, like the browser worker).
import { Worker } from 'node:worker_threads';
import { afterAll, expect, it } from 'vitest';

const sab = new SharedArrayBuffer(1);
const buf = new Uint8Array(sab);
const worker = new Worker(new URL('../fixtures/python/interrupt-worker.mjs', import.meta.url), {
  workerData: { sab },
});
const ready = new Promise((r) => worker.once('message', r));
const run = (code: string) =>
  new Promise<{ error: { ename: string } | null; outputs: unknown[] }>((resolve) => {
    worker.once('message', resolve);
    worker.postMessage(code);
  });

afterAll(() => worker.terminate());

it('interrupts `while True: pass` and keeps variables', async () => {
  await ready;
  expect((await run('kept = 7')).error).toBeNull();
  const pending = run('while True:\n    pass');
  // Re-arm like the client does: the first SIGINT is occasionally swallowed.
  const rearm = setInterval(() => (buf[0] = 2), 300);
  const r = await pending;
  clearInterval(rearm);
  buf[0] = 0;
  expect(r.error?.ename).toBe('KeyboardInterrupt');
  expect((await run('kept')).outputs).toEqual([{ type: 'text', text: '7' }]);
});
