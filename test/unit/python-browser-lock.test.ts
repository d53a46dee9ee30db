// The Python owner's start gate with a FAKE worker and a scripted gate (no service worker here):
// where the lock can still come, a worker without the CSP runs no Python and is replaced by a new
// one made only after the gate opens (and where the page got no headers at all, no worker is made
// before); where it cannot, Python starts and says why.
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors/app-error';
import type { BrowserLockGate } from '../../src/runtime/browser-lock';
import { WAITING_FOR_LOCK } from '../../src/runtime/locked-start';
import { PythonClient } from '../../src/runtime/python-client';
import { FakeWorkers, MemoryWorkspace } from '../support/fake-python-worker';

const clients: PythonClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.dispose()));

/**
 * A gate the test opens: `controlled` says whether a service worker controls the page now;
 * `noHeaders`: the page got no headers at all (a worker made before control surely lacks the CSP).
 */
function scriptedGate(opts: { unavailable?: string; refuse?: string; noHeaders?: boolean } = {}) {
  const state = { controlled: false, waits: 0 };
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const gate: BrowserLockGate = {
    pending: () => !opts.unavailable && !state.controlled,
    noPolicyYet: () => !!opts.noHeaders && !opts.unavailable && !state.controlled,
    unavailable: () => opts.unavailable,
    async wait(signal) {
      state.waits++;
      await Promise.race([
        opened,
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      ]);
      return opts.refuse;
    },
  };
  return {
    gate,
    state,
    open: () => {
      state.controlled = true;
      open();
    },
  };
}

/**
 * `csp`: the CSP is in force in workers made after the service worker took control (the default),
 * or in none (a service worker that never comes).
 */
function setup(gate: BrowserLockGate, csp: 'after control' | 'never' = 'after control') {
  const workers = new FakeWorkers(
    csp === 'never' ? {} : { browserPolicy: () => !gate.pending() && !gate.unavailable() },
  );
  const python = new PythonClient({
    indexURL: 'http://fake.test/pyodide/',
    createWorker: workers.create,
    files: new MemoryWorkspace(),
    isolated: true,
    browserLock: gate,
  });
  clients.push(python);
  return { python, workers };
}

describe('browser lock before any Python runs', () => {
  it('first visit: the worker without the CSP starts nothing; a new one starts under the lock', async () => {
    const g = scriptedGate();
    const { python, workers } = setup(g.gate);
    const progress: string[] = [];
    python.onProgress((p) => progress.push(p.message));
    const starting = python.start();
    const running = python.run('print:hi');
    await expect.poll(() => progress).toContain(WAITING_FOR_LOCK);
    expect(workers.made).toHaveLength(1);
    expect(workers.made[0]?.terminated).toBe(true);
    expect(workers.made[0]?.calls).toEqual(['init']); // no run, no tools, nothing else
    expect(python.status).toBe('starting');
    g.open();
    const info = await starting;
    expect(info.sandbox).toEqual({ browserPolicy: true, networkOpen: false });
    expect((await running).stdout).toBe('hi');
    expect(workers.made).toHaveLength(2);
    expect(workers.made[1]?.calls).toEqual(['init', 'putFiles', 'run print:hi']);
    expect(g.state.waits).toBe(1);
  });

  it('first visit to a host without headers: no worker at all until the lock is on', async () => {
    const g = scriptedGate({ noHeaders: true });
    const { python, workers } = setup(g.gate);
    const progress: string[] = [];
    python.onProgress((p) => progress.push(p.message));
    const starting = python.start();
    const running = python.run('print:hi');
    await expect.poll(() => g.state.waits).toBe(1);
    expect(progress).toContain(WAITING_FOR_LOCK);
    expect(workers.made).toHaveLength(0);
    // Changing the network setting while waiting touches no worker either.
    python.setAllowNetwork(false);
    expect(python.status).toBe('starting');
    g.open();
    expect((await starting).sandbox).toEqual({ browserPolicy: true, networkOpen: false });
    expect((await running).stdout).toBe('hi');
    expect(workers.made).toHaveLength(1);
    expect(workers.made[0]?.calls).toEqual(['init', 'putFiles', 'run print:hi']);
  });

  it('without headers, a start replaced or disposed while waiting makes no worker at control', async () => {
    const g = scriptedGate({ noHeaders: true });
    const { python, workers } = setup(g.gate);
    const replaced = python.start().catch((e: unknown) => e);
    await expect.poll(() => g.state.waits).toBe(1);
    python.setAllowNetwork(true); // the network-open worker is needed now: a new start
    await expect.poll(() => g.state.waits).toBe(2);
    // Its callers hear what a terminated worker would have told them.
    const e = await replaced;
    expect(isAppError(e, 'worker-lost')).toBe(true);
    expect((e as Error).message).toContain('new network setting');
    g.open();
    expect((await python.start()).sandbox.networkOpen).toBe(true);
    await new Promise((r) => setTimeout(r, 10));
    expect(workers.networkOpen).toEqual([true]); // none for the start it replaced

    const h = scriptedGate({ noHeaders: true });
    const other = setup(h.gate);
    void other.python.start().catch(() => {});
    await expect.poll(() => h.state.waits).toBe(1);
    other.python.dispose();
    h.open();
    await new Promise((r) => setTimeout(r, 10));
    expect(other.workers.made).toHaveLength(0);
  });

  it('without headers, giving up while waiting leaves no worker; the next start makes one', async () => {
    const g = scriptedGate({ noHeaders: true });
    const { python, workers } = setup(g.gate);
    const abort = new AbortController();
    const starting = python.start({ signal: abort.signal });
    await expect.poll(() => g.state.waits).toBe(1);
    abort.abort();
    expect(isAppError(await starting.catch((x: unknown) => x), 'cancelled')).toBe(true);
    expect(workers.made).toHaveLength(0);
    expect(python.status).toBe('idle');
    g.open();
    expect((await python.start()).sandbox.browserPolicy).toBe(true);
    expect(workers.made).toHaveLength(1);
  });

  it('without headers, a refused service worker: one worker, under the guard, with the reason', async () => {
    const g = scriptedGate({
      noHeaders: true,
      refuse: 'The browser refused the app’s service worker.',
    });
    const { python, workers } = setup(g.gate, 'never');
    const starting = python.start();
    await expect.poll(() => g.state.waits).toBe(1);
    expect(workers.made).toHaveLength(0);
    g.open();
    const info = await starting;
    expect(info.sandbox.lockUnavailable).toBe('The browser refused the app’s service worker.');
    expect(workers.made).toHaveLength(1);
  });

  it('already controlled (or headers sent): one worker, no wait', async () => {
    const g = scriptedGate();
    g.open();
    const { python, workers } = setup(g.gate);
    expect((await python.start()).sandbox.browserPolicy).toBe(true);
    expect(workers.made).toHaveLength(1);
    expect(g.state.waits).toBe(0);
  });

  it('no service worker can run: starts under the guard and says why', async () => {
    const g = scriptedGate({ unavailable: 'Opened from file://; open it over https.' });
    const { python, workers } = setup(g.gate);
    const info = await python.start();
    expect(info.sandbox).toEqual({
      browserPolicy: false,
      networkOpen: false,
      lockUnavailable: 'Opened from file://; open it over https.',
    });
    expect(workers.made).toHaveLength(1);
  });

  it('the service worker fails to install: starts under the guard with that reason', async () => {
    const g = scriptedGate({ refuse: 'The app’s service worker failed to install.' });
    const { python, workers } = setup(g.gate, 'never');
    const starting = python.start();
    await expect.poll(() => workers.made.length).toBe(1);
    g.open();
    const info = await starting;
    expect(info.sandbox.lockUnavailable).toBe('The app’s service worker failed to install.');
    expect(workers.made).toHaveLength(2);
  });

  it('giving up while waiting for the lock makes no further worker', async () => {
    const g = scriptedGate();
    const { python, workers } = setup(g.gate);
    const abort = new AbortController();
    const starting = python.start({ signal: abort.signal });
    await expect.poll(() => g.state.waits).toBe(1);
    abort.abort();
    const e = await starting.catch((x: unknown) => x);
    expect(isAppError(e, 'cancelled')).toBe(true);
    g.open();
    await new Promise((r) => setTimeout(r, 10));
    expect(workers.made).toHaveLength(1);
    expect(python.status).toBe('idle');
  });
});
