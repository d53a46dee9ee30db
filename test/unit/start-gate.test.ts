// The first screen's heavier work waits for Python's start and for a cell sent as it ended,
// never longer than its caps.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  afterPythonStart,
  FIRST_RUN_WAIT_MS,
  FIRST_SCREEN_WAIT_MS,
  idle,
  pythonQuiet,
  type StartingPython,
} from '../../src/app/start-gate';
import type { RuntimeStatus } from '../../src/runtime/types';

/** A Python runtime the test drives: its start settles when the test says, its status likewise. */
function scriptedPython(start: Promise<unknown>) {
  const listeners = new Set<(s: RuntimeStatus) => void>();
  let status: RuntimeStatus = 'starting';
  const python: StartingPython & { set(s: RuntimeStatus): void; readonly listeners: number } = {
    get status() {
      return status;
    },
    start: () => start,
    onStatus(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    set(s) {
      status = s;
      for (const cb of listeners) cb(s);
    },
    get listeners() {
      return listeners.size;
    },
  };
  return python;
}

function held() {
  let ready!: () => void;
  const start = new Promise<void>((r) => (ready = r));
  return { start, ready };
}

const settledYet = (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  return () => done;
};

describe('afterPythonStart', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves when Python is ready, before the cap', async () => {
    const { start, ready } = held();
    const done = settledYet(afterPythonStart(pythonQuiet(scriptedPython(start)), 3000));
    await vi.advanceTimersByTimeAsync(1000);
    expect(done()).toBe(false);
    ready();
    await vi.advanceTimersByTimeAsync(1); // a task, then the idle moment's
    expect(done()).toBe(true);
  });

  it('comes after the task where the start ends, so a cell waiting for Python is sent first', async () => {
    const { start, ready } = held();
    const done = settledYet(afterPythonStart(pythonQuiet(scriptedPython(start)), 3000));
    ready();
    // Every promise reaction of that task (the client's own awaits before it sends the cell).
    for (let i = 0; i < 50; i++) await Promise.resolve();
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
  });

  it('waits for a cell sent as the start ended to come back, so its answer arrives first', async () => {
    const { start, ready } = held();
    const python = scriptedPython(start);
    const done = settledYet(afterPythonStart(pythonQuiet(python), 3000));
    ready();
    // The client sends the waiting cell in the start's task: busy before the gate looks.
    await Promise.resolve();
    python.set('busy');
    await vi.advanceTimersByTimeAsync(FIRST_RUN_WAIT_MS / 2);
    expect(done()).toBe(false);
    python.set('ready');
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
    expect(python.listeners).toBe(0); // it stopped listening
  });

  it('waits for that cell no longer than its own cap (a long cell does not hold the screen)', async () => {
    const { start, ready } = held();
    const python = scriptedPython(start);
    const done = settledYet(pythonQuiet(python));
    ready();
    await Promise.resolve();
    python.set('busy');
    await vi.advanceTimersByTimeAsync(FIRST_RUN_WAIT_MS - 1);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(done()).toBe(true);
    expect(python.listeners).toBe(0);
  });

  it('resolves when the start fails (the first screen is not held by a failure)', async () => {
    const failed = Promise.reject(new Error('no Python'));
    const done = settledYet(afterPythonStart(pythonQuiet(scriptedPython(failed)), 3000));
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
  });

  it('waits no longer than the cap for a start that does not end', async () => {
    const done = settledYet(afterPythonStart(pythonQuiet(scriptedPython(new Promise(() => {})))));
    await vi.advanceTimersByTimeAsync(FIRST_SCREEN_WAIT_MS - 1);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
  });

  it('pythonQuiet itself has no overall cap (the service worker waits for a slow start)', async () => {
    const { start, ready } = held();
    const done = settledYet(pythonQuiet(scriptedPython(start)));
    await vi.advanceTimersByTimeAsync(FIRST_SCREEN_WAIT_MS * 3);
    expect(done()).toBe(false);
    ready();
    await vi.advanceTimersByTimeAsync(1); // a task, then the idle moment's
    expect(done()).toBe(true);
  });
});

describe('idle', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('waits for the browser’s idle callback, never longer than its timeout', async () => {
    const asked: { timeout?: number }[] = [];
    let call!: () => void;
    vi.stubGlobal('requestIdleCallback', (cb: () => void, opts: { timeout?: number }) => {
      asked.push(opts);
      call = cb;
      return 1;
    });
    let done = false;
    void idle(500).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(done).toBe(false);
    expect(asked).toEqual([{ timeout: 500 }]);
    call();
    await Promise.resolve();
    expect(done).toBe(true);
  });
});
