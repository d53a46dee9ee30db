// Python's early start: the page's first script makes and greets the first worker (which loads
// Pyodide by itself, before the app's code has arrived), the client adopts that worker only for a start it
// fits, an early worker that failed before anyone listened is reported, and the build puts the
// early start in the page ahead of the app's script.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withPrebootScript } from '../../scripts/vite/preboot.mjs';
import { takeEarlyPython } from '../../src/runtime/early-python';
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
  vi.resetModules();
  FakeWorker.made = [];
});

/** Run the page's first script (src/preboot.ts) in a stubbed page. */
async function preboot(origin = 'https://app.example') {
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('document', { baseURI: `${origin}/sub/` });
  vi.stubGlobal('self', { origin: origin === 'null' ? 'null' : origin });
  await import('../../src/preboot');
}

describe('the early Python worker', () => {
  it('is made and greeted with its call port as soon as the page’s first script runs', async () => {
    await preboot();
    expect(FakeWorker.made).toHaveLength(1);
    const w = FakeWorker.made[0]!;
    expect(String(w.url)).toMatch(/python\.worker/);
    expect(String(w.url)).not.toMatch(/network/);
    expect(w.opts).toMatchObject({ type: 'module' });
    const hello = w.posted[0] as { kind: string; port: unknown };
    expect(hello.kind).toBe('codeact-runtime-channel');
    expect(hello.port).toBeInstanceOf(MessagePort);
  });

  it('is adopted once, by a locked start at the same Pyodide URL', async () => {
    await preboot();
    const taken = takeEarlyPython(false, 'https://app.example/sub/pyodide/');
    expect(taken?.worker).toBe(FakeWorker.made[0]);
    expect(takeEarlyPython(false, 'https://app.example/sub/pyodide/')).toBeUndefined();
    expect(FakeWorker.made[0]!.terminated).toBe(false);
  });

  it('is terminated, not adopted, by a start that needs the network-open worker', async () => {
    await preboot();
    expect(takeEarlyPython(true, 'https://app.example/sub/pyodide/')).toBeUndefined();
    expect(FakeWorker.made[0]!.terminated).toBe(true);
  });

  it('is terminated, not adopted, by a start with another Pyodide URL', async () => {
    await preboot();
    expect(takeEarlyPython(false, 'https://cdn.example/pyodide/')).toBeUndefined();
    expect(FakeWorker.made[0]!.terminated).toBe(true);
  });

  it('is not made in an opaque origin (the app starts its own from a blob: there)', async () => {
    await preboot('null');
    expect(FakeWorker.made).toHaveLength(0);
    expect(takeEarlyPython(false, 'null/sub/pyodide/')).toBeUndefined();
  });

  it('that failed before the app listened is reported as lost by its session', async () => {
    await preboot();
    const w = FakeWorker.made[0]!;
    const failure = new Event('error', { cancelable: true });
    Object.assign(failure, { message: 'Failed to fetch the worker script' });
    w.dispatchEvent(failure);
    expect(failure.defaultPrevented).toBe(true);
    const greeted = takeEarlyPython(false, 'https://app.example/sub/pyodide/')!;
    const session = new WorkerSession(greeted, () => {}, false);
    await expect(session.died).rejects.toThrow(/Failed to fetch the worker script/);
    expect(w.terminated).toBe(true);
  });

  it('a worker greeted without failing stays alive in its session', async () => {
    const w = new FakeWorker('python.worker.js');
    const session = new WorkerSession(greetWorker(w as unknown as Worker), () => {}, false);
    await Promise.resolve();
    expect(session.alive).toBe(true);
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
