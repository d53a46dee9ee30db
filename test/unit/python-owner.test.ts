// The Python owner (PythonClient + WorkerSession + RunStopper) with a FAKE worker: no Pyodide,
// the real comlink contract. Start, death, restart, abort during start and run, time limits.
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors/app-error';
import { PythonClient, type PythonClientOptions } from '../../src/runtime/python-client';
import type { RuntimeStatus } from '../../src/runtime/types';
import { FakeWorkers, MemoryWorkspace } from '../support/fake-python-worker';

const clients: PythonClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.dispose()));

function setup(opts: Partial<PythonClientOptions> = {}, workers = new FakeWorkers()) {
  const files = new MemoryWorkspace();
  const python = new PythonClient({
    indexURL: 'http://fake.test/pyodide/',
    createWorker: workers.create,
    files,
    isolated: true,
    // Small on purpose: the tests wait for real grace periods, not for fake clocks.
    stopTimings: { rearmMs: 5, graceMs: 40 },
    ...opts,
  });
  clients.push(python);
  const statuses: RuntimeStatus[] = [];
  python.onStatus((s) => statuses.push(s));
  return { python, workers, files, statuses };
}

/** A promise and its resolver (a gate the fake worker waits on). */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.unreachable('expected a rejection'),
    (e: unknown) => e,
  );
}

describe('start', () => {
  it('starts once, reports the worker’s steps, and hands it the stored files', async () => {
    const { python, workers, files, statuses } = setup();
    files.files.set('data.csv', new TextEncoder().encode('a,b'));
    const steps: string[] = [];
    python.onProgress((p) => steps.push(p.step));
    const [a, b] = await Promise.all([python.start(), python.start()]);
    expect(a).toEqual({
      version: 'fake',
      pythonVersion: '3.0-fake',
      sandbox: { browserPolicy: false, networkOpen: false },
    });
    expect(b).toBe(a);
    expect(workers.made).toHaveLength(1);
    expect(workers.latest.files).toEqual(['data.csv']);
    expect(workers.latest.init?.interruptBuffer).toBeInstanceOf(Uint8Array);
    expect(steps).toEqual(['runtime', 'files']);
    expect(statuses).toEqual(['starting', 'ready']);
  });

  it('sends the stored files and the tools with init, not after its answer', async () => {
    const slow = gate();
    const { python, workers, files, statuses } = setup(
      {},
      new FakeWorkers({ startGate: slow.promise }),
    );
    files.files.set('data.csv', new TextEncoder().encode('a,b'));
    const tool = {
      name: 't',
      signature: '()',
      returns: 'None',
      description: '',
      source: 'def t(): pass',
    };
    // Tools defined before the start are part of it (the boot's settings).
    const defined = python.defineTools([tool]);
    // Both reached the worker while its start (Pyodide, the kernel) is still going on; the worker
    // applies them after it (the fake waits for its start, as workers/python/runtime.ts does).
    await expect.poll(() => workers.latest.calls).toEqual(['init', 'defineTools 1', 'putFiles']);
    expect(workers.latest.files).toBeUndefined();
    expect(statuses).toEqual(['starting']);
    slow.open();
    await defined;
    expect(workers.latest.files).toEqual(['data.csv']);
    expect(statuses).toEqual(['starting', 'ready']);
  });

  it('a failed start rejects with start-failed, and the next use tries a new worker', async () => {
    const workers = new FakeWorkers({ failStart: 'pyodide.asm.wasm: 404' });
    const { python, statuses } = setup({}, workers);
    const e = await rejection(python.start());
    expect(isAppError(e, 'start-failed')).toBe(true);
    expect((e as Error).message).toContain('404');
    expect(statuses.at(-1)).toBe('dead');
    workers.script = {};
    await python.start();
    expect(workers.made).toHaveLength(2);
    expect(workers.made[0]?.terminated).toBe(true);
  });

  it('abort during start terminates the starting worker and rejects with cancelled', async () => {
    const slow = gate();
    const { python, workers, statuses } = setup({}, new FakeWorkers({ startGate: slow.promise }));
    const abort = new AbortController();
    const starting = python.start({ signal: abort.signal });
    await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    const e = await rejection(starting);
    expect(isAppError(e, 'cancelled')).toBe(true);
    expect(workers.latest.terminated).toBe(true);
    expect(statuses.at(-1)).toBe('idle');
    // The next use starts afresh.
    workers.script = {};
    await python.start();
    expect(workers.made).toHaveLength(2);
    expect(python.status).toBe('ready');
  });

  it('an already aborted signal starts no worker', async () => {
    const { python, workers } = setup();
    const e = await rejection(python.start({ signal: AbortSignal.abort() }));
    expect(isAppError(e, 'cancelled')).toBe(true);
    expect(workers.made).toHaveLength(0);
  });

  it('one caller giving up does not cancel a start another caller waits for', async () => {
    const slow = gate();
    const { python, workers } = setup({}, new FakeWorkers({ startGate: slow.promise }));
    const abort = new AbortController();
    const mine = python.start({ signal: abort.signal });
    const theirs = python.start();
    abort.abort();
    expect(isAppError(await rejection(mine), 'cancelled')).toBe(true);
    slow.open();
    await theirs;
    expect(workers.made).toHaveLength(1);
    expect(workers.latest.terminated).toBe(false);
  });

  it('a run aborted while Python starts is reported as interrupted and starts nothing more', async () => {
    const slow = gate();
    const { python, workers } = setup({}, new FakeWorkers({ startGate: slow.promise }));
    const abort = new AbortController();
    const running = python.run('print:never', { signal: abort.signal });
    await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    const r = await running;
    expect(r.error?.ename).toBe('KeyboardInterrupt');
    expect(r.interrupted).toBe(true);
    expect(workers.latest.terminated).toBe(true);
    expect(workers.latest.calls).not.toContain('run print:never');
  });
});

describe('death', () => {
  it('a worker error rejects every pending call with worker-lost and marks the state', async () => {
    const pending = gate();
    const { python, workers, statuses } = setup(
      {},
      new FakeWorkers({ toolsGate: pending.promise }),
    );
    await python.start();
    const tool = { name: 't', signature: '()', returns: 'None', description: '', source: 'x' };
    const defining = python.defineTools([tool]);
    const running = python.run('sleep');
    await new Promise((r) => setTimeout(r, 5));
    workers.latest.crash('Uncaught RangeError: Maximum call stack size exceeded');
    const e = await rejection(defining);
    expect(isAppError(e, 'worker-lost')).toBe(true);
    expect((e as Error).message).toContain('Maximum call stack');
    const r = await running;
    expect(r.error?.ename).toBe('RuntimeCrash');
    expect(r.restarted).toBe(true);
    expect(statuses.at(-1)).toBe('dead');
    expect(workers.latest.terminated).toBe(true);
  });

  it('restarts on the next use, and that run says the variables were lost', async () => {
    const { python, workers } = setup();
    await python.start();
    workers.latest.crash('boom');
    const r = await python.run('print:hi');
    expect(workers.made).toHaveLength(2);
    expect(r.stdout).toBe('hi');
    expect(r.restarted).toBe(true);
    expect(r.restartReason).toContain('boom');
    expect(python.status).toBe('ready');
    expect((await python.run('x = 1')).restarted).toBe(false);
  });

  it('a fatal run replaces the runtime', async () => {
    const { python, workers } = setup();
    const r = await python.run('fatal');
    expect(r.restarted).toBe(true);
    expect(r.restartReason).toContain('memory access out of bounds');
    expect(workers.made[0]?.terminated).toBe(true);
    expect((await python.run('x = 1')).restarted).toBe(true); // runs in the fresh runtime
    expect(workers.made).toHaveLength(2);
  });

  it('dispose rejects pending calls, and later calls get disposed', async () => {
    const pending = gate();
    const { python } = setup({}, new FakeWorkers({ toolsGate: pending.promise }));
    await python.start();
    const defining = python.defineTools([]);
    python.dispose();
    expect(isAppError(await rejection(defining), 'worker-lost')).toBe(true);
    expect(isAppError(await rejection(python.start()), 'disposed')).toBe(true);
    expect((await python.run('x = 1')).error?.ename).toBe('RuntimeStartError');
  });
});

describe('stopping a run', () => {
  it('abort sends SIGINT through the buffer; the worker and its variables stay', async () => {
    const { python, workers } = setup();
    await python.start();
    const abort = new AbortController();
    const running = python.run('loop', { signal: abort.signal });
    await new Promise((r) => setTimeout(r, 10));
    abort.abort();
    const r = await running;
    expect(r.error?.ename).toBe('KeyboardInterrupt');
    expect(r.interrupted).toBe(true);
    expect(r.restarted).toBe(false);
    expect(workers.made).toHaveLength(1);
    expect(workers.latest.init?.interruptBuffer?.[0]).toBe(0); // cleared for the next run
    expect(python.status).toBe('ready');
  });

  it('a run that ignores SIGINT is terminated after the grace period', async () => {
    const { python, workers } = setup();
    await python.start();
    const abort = new AbortController();
    const running = python.run('print:partial', { signal: abort.signal });
    await running; // a first run streams output, the next one hangs
    const hanging = python.run('sleep', { signal: abort.signal });
    await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    const r = await hanging;
    expect(r.interrupted).toBe(true);
    expect(r.restarted).toBe(true);
    expect(r.restartReason).toContain('did not stop within');
    expect(workers.made[0]?.terminated).toBe(true);
    expect(workers.made).toHaveLength(2); // warmed up again for the next run
    const next = await python.run('print:fresh');
    expect(next.stdout).toBe('fresh');
    expect(next.restarted).toBe(false); // the stopped run already reported the loss
  });

  it('without cross-origin isolation a stop terminates at once', async () => {
    const { python, workers } = setup({ isolated: false });
    await python.start();
    expect(workers.latest.init?.interruptBuffer).toBeUndefined();
    const abort = new AbortController();
    const running = python.run('loop', { signal: abort.signal });
    await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    const r = await running;
    expect(r.interrupted).toBe(true);
    expect(r.restarted).toBe(true);
    expect(r.restartReason).toContain('not cross-origin isolated');
    expect((await python.run('print:again')).stdout).toBe('again');
  });

  it('the time limit stops a run and reads as TimeoutError', async () => {
    const { python } = setup();
    const r = await python.run('loop', { timeoutMs: 20 });
    expect(r.timedOut).toBe(true);
    expect(r.error?.ename).toBe('TimeoutError');
    expect(r.restarted).toBe(false);
  });

  it('streams output to the caller and keeps it in the result', async () => {
    const { python } = setup();
    const seen: string[] = [];
    const r = await python.run('print:hello', {
      onOutput: (o) => seen.push(o.type === 'stream' ? o.text : o.type),
    });
    expect(seen).toEqual(['hello']);
    expect(r.outputs).toEqual([{ type: 'stream', name: 'stdout', text: 'hello' }]);
  });
});

describe('workspace files', () => {
  it('saves what a run changed and mirrors page-side writes into the running worker', async () => {
    const { python, workers, files } = setup();
    let changed = 0;
    python.onFilesChanged(() => changed++);
    await python.run('write:out/result.txt');
    expect(new TextDecoder().decode(files.files.get('out/result.txt'))).toBe('written by a run');
    await python.writeFile('/workspace/./in.csv', 'a,b');
    expect(workers.latest.calls).toContain('putFile in.csv');
    await python.deleteFile('in.csv');
    expect(workers.latest.calls).toContain('removeFile in.csv');
    expect(files.files.has('in.csv')).toBe(false);
    expect(changed).toBe(3);
  });

  it('undoes the last run’s file changes: overwritten files come back, created ones go', async () => {
    const { python, workers, files } = setup();
    files.files.set('a.txt', new TextEncoder().encode('before'));
    await python.run('write:a.txt');
    expect(python.lastRunFileChanges).toBe('a.txt');
    await python.undoLastRun();
    expect(new TextDecoder().decode(files.files.get('a.txt'))).toBe('before');
    expect(workers.latest.calls).toContain('putFile a.txt');
    expect(python.lastRunFileChanges).toBeUndefined();

    await python.run('write:new.txt');
    await python.undoLastRun();
    expect(files.files.has('new.txt')).toBe(false);
    expect(workers.latest.calls).toContain('removeFile new.txt');
  });

  it('a change by hand drops the undo step (undo would overwrite it)', async () => {
    const { python } = setup();
    await python.run('write:a.txt');
    await python.writeFile('a.txt', 'typed by the user');
    expect(python.lastRunFileChanges).toBeUndefined();
  });
});

describe('network setting', () => {
  it('switching it starts the other worker entry and the next run says variables were lost', async () => {
    const { python, workers } = setup();
    await python.run('print:x');
    expect(workers.networkOpen).toEqual([false]);
    python.setAllowNetwork(true);
    const r = await python.run('print:y');
    expect(workers.networkOpen.at(-1)).toBe(true);
    expect(workers.made[0]?.terminated).toBe(true);
    expect(r.restarted).toBe(true);
    expect(r.restartReason).toMatch(/network setting/);
  });

  it('a setting given before the first start picks the network-open entry at once', async () => {
    const { python, workers } = setup({ allowNetwork: true });
    await python.run('print:x');
    expect(workers.networkOpen).toEqual([true]);
    expect(workers.latest.init?.allowNetwork).toBe(true);
  });
});
