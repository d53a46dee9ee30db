// Python's early start: the page's first script makes and greets the first worker (which loads
// Pyodide by itself, before the app's code has arrived), the client adopts that worker only for a start it
// fits, an early worker that failed before anyone listened is reported, and the build puts the
// early start in the page ahead of the app's script, as an inline script that the document CSP
// allows by its hash. The page's first script is run here as the build inlines it (src/preboot.ts
// compiled by scripts/vite/preboot.mjs), not as the TypeScript module.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DOCUMENT_CSP, PREBOOT_SCRIPT_HASH } from '../../scripts/headers.mjs';
import {
  prebootScriptText,
  scriptHashSource,
  withPrebootScript,
} from '../../scripts/vite/preboot.mjs';
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

let prebootText = '';
beforeAll(async () => {
  prebootText = await prebootScriptText();
});

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
 * Run the page's first script (its inline text, as built) in a stubbed page; `serviceWorker`: the
 * page's container (none: a browser or context without service workers); `headers`: the page's own
 * response headers (what a HEAD of it returns); `isolated`: crossOriginIsolated (default: yes);
 * `framed`: the page is in a frame; `worker`: the script element's `data-python-worker` (the build
 * sets it; none: a page without it).
 */
async function preboot(
  origin = 'https://app.example',
  page: {
    serviceWorker?: ReturnType<typeof serviceWorkers>;
    headers?: HeadersInit;
    isolated?: boolean;
    framed?: boolean;
    worker?: string | null;
  } = {},
) {
  const worker = page.worker === undefined ? './assets/python.worker-abc.js' : page.worker;
  const currentScript = { dataset: worker === null ? {} : { pythonWorker: worker } };
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('document', { baseURI: `${origin}/sub/`, currentScript });
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
  new Function(prebootText)(); // as the page runs it: a classic script
  await new Promise((r) => setTimeout(r, 0)); // the HEAD and what follows it
  return { fetch };
}

describe('the early Python worker', () => {
  it('is made and greeted with its call port as soon as the page’s first script runs', async () => {
    await preboot();
    expect(FakeWorker.made).toHaveLength(1);
    const w = FakeWorker.made[0]!;
    // The script the build named in the element, resolved against the page.
    expect(String(w.url)).toBe('https://app.example/sub/assets/python.worker-abc.js');
    expect(w.opts).toMatchObject({ type: 'module' });
    const hello = w.posted[0] as { kind: string; port: unknown };
    expect(hello.kind).toBe('codeact-runtime-channel');
    expect(hello.port).toBeInstanceOf(MessagePort);
  });

  it('is not made, nor the service worker registered, by a page that names no worker', async () => {
    const sw = serviceWorkers(null);
    await preboot('https://app.example', { serviceWorker: sw, worker: null });
    expect(FakeWorker.made).toHaveLength(0);
    expect(sw.register).not.toHaveBeenCalled();
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
    // At low priority: it must not hold up the page's scripts or the Python worker's.
    expect(fetch).toHaveBeenCalledWith('https://app.example/sub/?replay=x.json', {
      method: 'HEAD',
      priority: 'low',
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

  it('puts the inline script before the app’s, after the CSP meta, naming the worker', () => {
    const html = withPrebootScript(page, 'run()', 'assets/python.worker-abc.js');
    const at = html.indexOf(
      '<script data-python-worker="./assets/python.worker-abc.js">run()</script>',
    );
    expect(at).toBeGreaterThan(html.indexOf('Content-Security-Policy'));
    expect(at).toBeLessThan(html.indexOf('./assets/index-abc.js'));
  });

  it('fails the build when the page has no module script', () => {
    expect(() => withPrebootScript('<head></head>', 'run()', 'assets/w.js')).toThrow(/preboot/);
  });

  it('is allowed by the document CSP by its hash, and by nothing looser', () => {
    expect(scriptHashSource(prebootText)).toBe(PREBOOT_SCRIPT_HASH);
    const scripts = /(?:^|; )script-src ([^;]*)/.exec(DOCUMENT_CSP)?.[1]?.split(' ');
    expect(scripts).toEqual(["'self'", "'wasm-unsafe-eval'", PREBOOT_SCRIPT_HASH]);
    // Any other text has another hash.
    expect(scriptHashSource(`${prebootText};`)).not.toBe(PREBOOT_SCRIPT_HASH);
  });

  it('is a classic script: its own names stay its own, it has no import or export', () => {
    expect(prebootText).toMatch(/^\(\(\)=>\{.*\}\)\(\);?$/s);
    expect(prebootText).not.toMatch(/\bimport\s*[({"'\w]|\bexport\s*\{|import\.meta/);
    expect(prebootText).not.toMatch(/<\/script/i);
  });

  it('fails the build for a first script that imports a value', async () => {
    await expect(prebootScriptText("import { x } from './x';\nx();\n")).rejects.toThrow(
      /types only/,
    );
  });
});
