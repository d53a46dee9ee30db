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

/** A page's service worker container: `controller` is whether one controls the page. */
function serviceWorkers(controller: object | null) {
  return Object.assign(new EventTarget(), {
    controller,
    register: vi.fn(() => Promise.resolve({})),
  });
}

/**
 * Run the page's first script (src/preboot.ts) in a stubbed page; `serviceWorker`: the page's
 * container (none: a browser or context without service workers); `headers`: the page's own
 * response headers (what a HEAD of it returns); `isolated`: crossOriginIsolated (default: yes);
 * `framed`: the page is in a frame.
 */
async function preboot(
  origin = 'https://app.example',
  page: {
    serviceWorker?: ReturnType<typeof serviceWorkers>;
    headers?: HeadersInit;
    isolated?: boolean;
    framed?: boolean;
  } = {},
) {
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('document', { baseURI: `${origin}/sub/` });
  vi.stubGlobal('location', { href: `${origin}/sub/?replay=x.json` });
  const self = { origin: origin === 'null' ? 'null' : origin };
  vi.stubGlobal('self', self);
  vi.stubGlobal('top', page.framed ? {} : self);
  vi.stubGlobal('crossOriginIsolated', page.isolated ?? true);
  vi.stubGlobal('navigator', page.serviceWorker ? { serviceWorker: page.serviceWorker } : {});
  const fetch = vi.fn((_url: string, _init?: RequestInit) =>
    Promise.resolve(new Response(null, { headers: page.headers })),
  );
  vi.stubGlobal('fetch', fetch);
  await import('../../src/preboot');
  await new Promise((r) => setTimeout(r, 0)); // the HEAD and what follows it
  return { fetch };
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

  it('made before a service worker controlled the page is not adopted once one does', async () => {
    const sw = serviceWorkers(null);
    await preboot('https://app.example', { serviceWorker: sw });
    // The service worker registered by the page's first script took control meanwhile: the start
    // gate no longer waits, so this worker (whose script may lack the worker CSP) must not serve.
    sw.controller = {};
    expect(takeEarlyPython(false, 'https://app.example/sub/pyodide/')).toBeUndefined();
    expect(FakeWorker.made[0]!.terminated).toBe(true);
  });

  it('made under a service worker is adopted', async () => {
    await preboot('https://app.example', { serviceWorker: serviceWorkers({}) });
    expect(takeEarlyPython(false, 'https://app.example/sub/pyodide/')?.worker).toBe(
      FakeWorker.made[0],
    );
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

describe('the service worker on a first visit (src/preboot.ts)', () => {
  it('is registered at once, as the app registers it, where the host sends no CSP', async () => {
    const sw = serviceWorkers(null);
    const { fetch } = await preboot('https://app.example', {
      serviceWorker: sw,
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin' }, // COOP/COEP only
    });
    expect(fetch).toHaveBeenCalledWith('https://app.example/sub/?replay=x.json', {
      method: 'HEAD',
    });
    expect(sw.register).toHaveBeenCalledWith('https://app.example/sub/sw.js', { scope: '/sub/' });
  });

  it('is registered without asking for headers where the page got no COOP/COEP', async () => {
    const sw = serviceWorkers(null);
    const { fetch } = await preboot('https://app.example', { serviceWorker: sw, isolated: false });
    expect(fetch).not.toHaveBeenCalled();
    expect(sw.register).toHaveBeenCalledWith('https://app.example/sub/sw.js', { scope: '/sub/' });
    // No early Python worker yet: without the worker CSP it would only be replaced.
    expect(FakeWorker.made).toHaveLength(0);
    expect(takeEarlyPython(false, 'https://app.example/sub/pyodide/')).toBeUndefined();
  });

  it('on a page without headers, the early worker is made once the service worker controls it', async () => {
    const sw = serviceWorkers(null);
    await preboot('https://app.example', { serviceWorker: sw, isolated: false });
    expect(FakeWorker.made).toHaveLength(0);
    sw.controller = {};
    sw.dispatchEvent(new Event('controllerchange'));
    sw.dispatchEvent(new Event('controllerchange')); // once only
    expect(FakeWorker.made).toHaveLength(1);
    // Made under the service worker (its script carries the CSP): the app adopts it.
    expect(takeEarlyPython(false, 'https://app.example/sub/pyodide/')?.worker).toBe(
      FakeWorker.made[0],
    );
    expect(FakeWorker.made[0]!.terminated).toBe(false);
  });

  it('on a page without headers, makes none at control where the app has started its own', async () => {
    const sw = serviceWorkers(null);
    await preboot('https://app.example', { serviceWorker: sw, isolated: false });
    // The app's start came first (it waits for the lock, then makes a worker of its own).
    expect(takeEarlyPython(false, 'https://app.example/sub/pyodide/')).toBeUndefined();
    sw.controller = {};
    sw.dispatchEvent(new Event('controllerchange'));
    expect(FakeWorker.made).toHaveLength(0); // no second worker loading Pyodide unadopted
  });

  it('leaves an early worker where no service worker can run, or one controls the page', async () => {
    await preboot('https://app.example', { isolated: false });
    expect(FakeWorker.made).toHaveLength(1);
  });

  it('in a frame (not isolated by its host page) asks for the headers first', async () => {
    const sw = serviceWorkers(null);
    const { fetch } = await preboot('https://app.example', {
      serviceWorker: sw,
      isolated: false,
      framed: true,
      headers: { 'Content-Security-Policy': "default-src 'self'" },
    });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sw.register).not.toHaveBeenCalled();
  });

  it('is left to the app (registered once Python is up) where the host sends the CSP', async () => {
    const sw = serviceWorkers(null);
    await preboot('https://app.example', {
      serviceWorker: sw,
      headers: { 'Content-Security-Policy': "default-src 'self'" },
    });
    expect(sw.register).not.toHaveBeenCalled();
  });

  it('is not asked for when one controls the page already, or none can run', async () => {
    const sw = serviceWorkers({});
    const controlled = await preboot('https://app.example', { serviceWorker: sw });
    expect(controlled.fetch).not.toHaveBeenCalled();
    expect(sw.register).not.toHaveBeenCalled();
    vi.resetModules();
    const none = await preboot('https://app.example');
    expect(none.fetch).not.toHaveBeenCalled();
  });

  it('refused (a private window) leaves the page as it was: the app says why', async () => {
    const sw = serviceWorkers(null);
    sw.register.mockImplementation(() => Promise.reject(new DOMException('denied')));
    await preboot('https://app.example', { serviceWorker: sw });
    expect(sw.register).toHaveBeenCalledTimes(1);
    expect(takeEarlyPython(false, 'https://app.example/sub/pyodide/')?.worker).toBe(
      FakeWorker.made[0],
    );
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
