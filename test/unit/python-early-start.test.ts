// Python's early start: the page's entry greets the first worker with Pyodide's URL (so it loads
// Pyodide before the app's code has arrived), the client adopts that worker only for a start it
// fits, an early worker that failed before anyone listened is reported, and the build puts the
// early start in the page ahead of the app's script.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withPrebootScript } from '../../scripts/vite/preboot.mjs';
import { startEarlyPython, takeEarlyPython } from '../../src/runtime/early-python';
import { greetWorker } from '../../src/runtime/worker-greeting';
import { WorkerSession } from '../../src/runtime/worker-session';

class FakeWorker extends EventTarget {
  static made: FakeWorker[] = [];
  posted: unknown[] = [];
  terminated = false;
  constructor(
    readonly url: string | URL,
    readonly opts?: WorkerOptions,
  ) {
    super();
    FakeWorker.made.push(this);
  }
  postMessage(m: unknown) {
    this.posted.push(m);
  }
  terminate() {
    this.terminated = true;
  }
}

afterEach(() => {
  takeEarlyPython(true, ''); // drop any early worker left by a test
  vi.unstubAllGlobals();
  FakeWorker.made = [];
});

function stubBrowser() {
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('document', { baseURI: 'https://app.example/sub/' });
}

describe('the early Python worker', () => {
  it('is greeted with its call port and Pyodide’s URL as soon as it is made', () => {
    stubBrowser();
    startEarlyPython();
    expect(FakeWorker.made).toHaveLength(1);
    const w = FakeWorker.made[0]!;
    expect(String(w.url)).toMatch(/python\.worker/);
    expect(String(w.url)).not.toMatch(/network/);
    const hello = w.posted[0] as { kind: string; port: unknown; prefetch: string };
    expect(hello.kind).toBe('codeact-runtime-channel');
    expect(hello.port).toBeInstanceOf(MessagePort);
    expect(hello.prefetch).toBe('https://app.example/sub/pyodide/');
  });

  it('is adopted once, by a locked start at the same Pyodide URL', () => {
    stubBrowser();
    startEarlyPython();
    startEarlyPython(); // a second call makes no second worker
    expect(FakeWorker.made).toHaveLength(1);
    const taken = takeEarlyPython(false, 'https://app.example/sub/pyodide/');
    expect(taken?.worker).toBe(FakeWorker.made[0]);
    expect(takeEarlyPython(false, 'https://app.example/sub/pyodide/')).toBeUndefined();
  });

  it('is terminated, not adopted, by a start that needs the network-open worker', () => {
    stubBrowser();
    startEarlyPython();
    expect(takeEarlyPython(true, 'https://app.example/sub/pyodide/')).toBeUndefined();
    expect(FakeWorker.made[0]!.terminated).toBe(true);
  });

  it('is terminated, not adopted, by a start with another Pyodide URL', () => {
    stubBrowser();
    startEarlyPython();
    expect(takeEarlyPython(false, 'https://cdn.example/pyodide/')).toBeUndefined();
    expect(FakeWorker.made[0]!.terminated).toBe(true);
  });

  it('that failed before a session listened is reported as lost by the session', async () => {
    const w = new FakeWorker('python.worker.js');
    const greeted = greetWorker(w as unknown as Worker, 'https://app.example/pyodide/');
    const failure = new Event('error', { cancelable: true });
    Object.assign(failure, { message: 'Failed to fetch the worker script' });
    w.dispatchEvent(failure);
    expect(failure.defaultPrevented).toBe(true);
    const session = new WorkerSession(greeted, () => {}, false);
    await expect(session.died).rejects.toThrow(/Failed to fetch the worker script/);
    expect(w.terminated).toBe(true);
  });

  it('a worker greeted without failing stays alive in its session', async () => {
    const w = new FakeWorker('python.worker.js');
    const session = new WorkerSession(greetWorker(w as unknown as Worker), () => {}, false);
    await Promise.resolve();
    expect(session.alive).toBe(true);
    expect((w.posted[0] as { prefetch?: string }).prefetch).toBeUndefined();
  });
});

describe('the page starts Python ahead of the app (scripts/vite/preboot.mjs)', () => {
  const page =
    '<head>\n    <meta http-equiv="Content-Security-Policy" content="x">\n' +
    '    <script type="module" crossorigin src="./assets/index-abc.js"></script>\n' +
    '    <link rel="stylesheet" crossorigin href="./assets/index-abc.css">\n</head>';

  it('puts an async module script before the app’s, after the CSP meta', () => {
    const html = withPrebootScript(page, 'assets/preboot-abc.js');
    const preboot = html.indexOf(
      '<script type="module" async crossorigin src="./assets/preboot-abc.js"></script>',
    );
    expect(preboot).toBeGreaterThan(html.indexOf('Content-Security-Policy'));
    expect(preboot).toBeLessThan(html.indexOf('./assets/index-abc.js'));
  });

  it('fails the build when the page has no module script', () => {
    expect(() => withPrebootScript('<head></head>', 'assets/preboot-abc.js')).toThrow(/preboot/);
  });
});
