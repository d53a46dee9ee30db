// Small parts of the Python owner: the run timer that pauses for package downloads, output batches
// checked before they reach the UI, undo of a run's file changes, what may be preloaded, and the
// private channel that makes messages on the worker object worthless.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTranscript } from '../../src/engine/engines/replay/replay-engine';
import { placeReplayFiles } from '../../src/engine/engines/replay/replay-files';
import { recordUndo } from '../../src/runtime/file-undo';
import { locallyAvailable, type Lockfile } from '../../src/runtime/lock';
import { describePackages } from '../../src/runtime/package-events';
import { timeoutError } from '../../src/runtime/run-result';
import { RunTimer, STALL_MS } from '../../src/runtime/run-timer';
import { parseOutputBatch } from '../../src/runtime/worker-events';
import { WorkerSession } from '../../src/runtime/worker-session';
import { greetWorker } from '../../src/runtime/worker-greeting';

afterEach(() => vi.useRealTimers());

describe('RunTimer', () => {
  it('does not count time spent loading packages', () => {
    vi.useFakeTimers();
    const expire = vi.fn();
    const t = new RunTimer(1000, expire);
    vi.advanceTimersByTime(400);
    t.pause();
    vi.advanceTimersByTime(30_000); // a long download, with no progress report for 30 s
    expect(expire).not.toHaveBeenCalled();
    t.resume();
    vi.advanceTimersByTime(599);
    expect(expire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expire).toHaveBeenCalledOnce();
  });

  it('stops a download that stalls, and never fires once cleared', () => {
    vi.useFakeTimers();
    const expire = vi.fn();
    const t = new RunTimer(1000, expire);
    t.pause();
    vi.advanceTimersByTime(STALL_MS - 1);
    t.pause(); // progress: the stall count starts again
    vi.advanceTimersByTime(STALL_MS - 1);
    expect(expire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expire).toHaveBeenCalledOnce();
    const u = new RunTimer(10, expire);
    u.clear();
    u.pause();
    u.resume();
    vi.advanceTimersByTime(STALL_MS * 2);
    expect(expire).toHaveBeenCalledOnce();
  });
});

describe('stall limit and package progress text', () => {
  it('a configured stall limit (never below the run limit) is what a silent download gets', () => {
    vi.useFakeTimers();
    const expire = vi.fn();
    const t = new RunTimer(1000, expire, 4000);
    expect(t.stallMs).toBe(4000);
    t.pause();
    vi.advanceTimersByTime(3999);
    expect(expire).not.toHaveBeenCalled();
    expect(t.paused).toBe(true); // the owner reports an expiry while paused as "stalled"
    vi.advanceTimersByTime(1);
    expect(expire).toHaveBeenCalledOnce();
    expect(new RunTimer(5000, vi.fn(), 10).stallMs).toBe(5000);
  });

  it('says MB and speed per package while it loads, and the stall in the error', () => {
    const text = describePackages({
      runId: 1,
      phase: 'loading',
      items: [
        { name: 'numpy', bytes: 3 * 1024 * 1024, done: true, bytesPerSecond: 1024 * 1024 },
        { name: 'pandas', bytes: 1.5 * 1024 * 1024, done: false, bytesPerSecond: 125_000 },
      ],
    });
    expect(text).toBe('Loading packages: numpy 3.0 MB ✓, pandas 1.5 MB at 0.1 MB/s…');
    expect(timeoutError(4000, '', true).evalue).toContain('no data arrived for 4 seconds');
  });
});

describe('parseOutputBatch', () => {
  it('keeps well-formed outputs and drops anything else', () => {
    expect(parseOutputBatch('not json')).toEqual([]);
    expect(parseOutputBatch('{"type":"text","text":"x"}')).toEqual([]);
    expect(
      parseOutputBatch(
        JSON.stringify([
          { type: 'stream', name: 'stdout', text: 'a' },
          { type: 'stream', name: 'evil', text: 'b' },
          { type: 'forged', html: '<b>' },
          { type: 'html', html: '<b>x</b>' },
          { type: 'png', data: 'AAAA' },
        ]),
      ),
    ).toEqual([
      { type: 'stream', name: 'stdout', text: 'a' },
      { type: 'png', data: 'AAAA' },
    ]);
  });
});

describe('recordUndo', () => {
  it('restores overwritten and deleted files and removes created ones', async () => {
    const before: Record<string, Uint8Array> = {
      'a.csv': new Uint8Array([1]),
      'b.csv': new Uint8Array([2]),
    };
    const step = await recordUndo(
      {
        writes: [
          { path: 'a.csv', data: new Uint8Array([9]) },
          { path: 'new.txt', data: new Uint8Array([3]) },
        ],
        deletes: ['b.csv'],
      },
      async (p) => before[p],
    );
    expect(step.restore).toEqual([
      { path: 'a.csv', data: new Uint8Array([1]) },
      { path: 'b.csv', data: new Uint8Array([2]) },
    ]);
    expect(step.remove).toEqual(['new.txt']);
  });
});

describe('locallyAvailable', () => {
  const lock: Lockfile = {
    packages: {
      numpy: { name: 'numpy', file_name: 'numpy.whl' },
      pandas: {
        name: 'pandas',
        file_name: 'https://cdn.test/pandas.whl',
        depends: ['numpy', 'six'],
      },
      six: { name: 'six', file_name: 'six.whl' },
    },
  };
  it('preloads only what is bundled or already cached, dependencies included', async () => {
    expect(
      await locallyAvailable(lock, ['numpy', 'pandas'], 'https://cdn.test/', async () => false),
    ).toEqual(['numpy']);
    expect(
      await locallyAvailable(lock, ['numpy', 'pandas'], 'https://cdn.test/', async (u) =>
        u.endsWith('pandas.whl'),
      ),
    ).toEqual(['numpy', 'pandas']);
  });
});

describe('WorkerSession', () => {
  it('ignores messages on the worker object: a forged comlink reply resolves nothing', async () => {
    const fakeWorker = new EventTarget() as EventTarget & {
      postMessage: (m: unknown) => void;
      terminate(): void;
    };
    let port: MessagePort | undefined;
    fakeWorker.postMessage = (m: unknown) => (port = (m as { port: MessagePort }).port);
    fakeWorker.terminate = () => {};
    const session = new WorkerSession(
      greetWorker(fakeWorker as unknown as Worker),
      () => {},
      false,
    );
    expect(port).toBeInstanceOf(MessagePort);
    // The real runtime answers on the private port; a forged reply arrives on the worker object.
    const calls: { id: string }[] = [];
    (port as MessagePort).addEventListener('message', (e) => {
      const msg = e.data as { id: string };
      calls.push(msg);
      fakeWorker.dispatchEvent(
        new MessageEvent('message', { data: { id: msg.id, type: 'RAW', value: 'forged' } }),
      );
      setTimeout(
        () => (port as MessagePort).postMessage({ id: msg.id, type: 'RAW', value: 'real' }),
        20,
      );
    });
    (port as MessagePort).start();
    const r = await session.api.useNamespace('x');
    expect(calls).toHaveLength(1);
    expect(r).toBe('real');
    session.terminate('done');
  });
});

describe('replay files', () => {
  const base = { format: 'codeact-replay/1', title: 't', prompt: 'p', turns: ['x'] };
  it('parses names and {path, url}, and rejects bad entries', () => {
    expect(
      parseTranscript({ ...base, files: ['data/sales.csv', { path: 'b.csv', url: 'x/b.csv' }] })
        .files,
    ).toEqual([
      { path: 'sales.csv', url: 'data/sales.csv' },
      { path: 'b.csv', url: 'x/b.csv' },
    ]);
    expect(() => parseTranscript({ ...base, files: [3] })).toThrow(/files\[0\]/);
  });
  it('fetches from the same origin only', async () => {
    const write = vi.fn(async () => {});
    await expect(
      placeReplayFiles(
        [{ path: 'a', url: 'https://evil.test/a' }],
        'https://app.test/examples/t.json',
        'https://app.test',
        write,
      ),
    ).rejects.toThrow(/not on this site/);
    expect(write).not.toHaveBeenCalled();
  });
});
