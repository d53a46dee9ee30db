// The first screen's heavier work waits for Python's start, never longer than its cap.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterPythonStart, FIRST_SCREEN_WAIT_MS, idle } from '../../src/app/start-gate';

describe('afterPythonStart', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const settledYet = (p: Promise<void>) => {
    let done = false;
    void p.then(() => (done = true));
    return () => done;
  };

  it('resolves when Python is ready, before the cap', async () => {
    let ready!: () => void;
    const done = settledYet(afterPythonStart(new Promise<void>((r) => (ready = r)), 3000));
    await vi.advanceTimersByTimeAsync(1000);
    expect(done()).toBe(false);
    ready();
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
  });

  it('comes after the task where the start ends, so a cell waiting for Python is sent first', async () => {
    let ready!: () => void;
    const start = new Promise<void>((r) => (ready = r));
    const done = settledYet(afterPythonStart(start, 3000));
    ready();
    // Every promise reaction of that task (the client's own awaits before it sends the cell).
    for (let i = 0; i < 50; i++) await Promise.resolve();
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
  });

  it('resolves when the start fails (the first screen is not held by a failure)', async () => {
    const done = settledYet(afterPythonStart(Promise.reject(new Error('no Python')), 3000));
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
  });

  it('waits no longer than the cap for a start that does not end', async () => {
    const done = settledYet(afterPythonStart(new Promise(() => {})));
    await vi.advanceTimersByTimeAsync(FIRST_SCREEN_WAIT_MS - 1);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
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
