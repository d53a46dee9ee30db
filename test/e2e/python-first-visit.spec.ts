// The browser lock holds from the first second: a shared replay link (autorun=1) opened for the
// first time, in a fresh browser profile, on a host that sends no worker CSP. Python must wait for
// the app's service worker (whose worker scripts carry the CSP) before it runs the link's cell,
// which tries to import() a module from a local counting server two ways that the JavaScript
// guard alone cannot stop. The server must see nothing. The same on a host that sends COOP/COEP
// only. The page's first script registers the service worker there, so it takes control while the
// app's own code is still on its way, and Python then starts in a new worker that it serves. Where
// the browser refuses service workers, Python runs under the guard alone, and the status line says
// so in red, with what the user can do.
import { expect, test, type Browser } from '@playwright/test';
import { startCountingServer, testPort, type CountingServer } from './support/counting-server';
import { holdAppCode } from './support/hold-app-code';
import { startStaticServer } from './support/static-server';
import { storedShell } from './support/stored-shell';
import type { CodeactGlobal } from './python-helpers';

let counting: CountingServer;
test.beforeAll(async () => {
  counting = await startCountingServer(testPort(12));
});
test.afterAll(() => counting.close());

const cell = (url: string) => `import js
from pyodide.code import run_js
tries = {
    "run_js import": lambda: run_js("import('${url}/run-js.mjs')"),
    "Function import": lambda: js.Function.new("return import('${url}/function.mjs')")(),
}
for name, attempt in tries.items():
    try:
        r = attempt()
        if hasattr(r, "then"):
            r = await r
        print(name, "-> no error")
    except BaseException as e:
        print(name, "->", type(e).__name__)`;

const transcript = (url: string) =>
  JSON.stringify({
    format: 'codeact-replay/1',
    title: 'Scripted test: import() of a remote module',
    prompt: 'Import a module from another site.',
    turns: [`Trying it.\n<execute>\n${cell(url)}\n</execute>`, 'Both tries are done.'],
    pace_ms: 0,
  });

async function firstVisit(browser: Browser, isolation: false | 'only', port: number) {
  const server = await startStaticServer({
    port,
    isolation,
    extra: { 'first-visit-import.json': transcript(counting.url) },
  });
  // A fresh profile: no service worker, empty caches.
  const context = await browser.newContext();
  counting.hits.length = 0;
  // Pyodide's core as the page and its workers ask for it (the service worker stores it again later).
  const coreFetches: string[] = [];
  context.on('request', (r) => {
    if (!r.serviceWorker() && r.url().endsWith('/pyodide/pyodide.asm.wasm'))
      coreFetches.push(r.url());
  });
  try {
    const page = await context.newPage();
    const first = await page.goto(`${server.url}?replay=first-visit-import.json&autorun=1&pace=0`);
    expect(first?.headers()['content-security-policy']).toBeUndefined();
    expect(first?.headers()['cross-origin-opener-policy']).toBe(
      isolation === 'only' ? 'same-origin' : undefined,
    );
    const code = page.getByTestId('code-cell');
    await expect(code).toHaveCount(1, { timeout: 60_000 });
    await expect(code.getByTestId('cell-stdout')).toContainText('Function import ->', {
      timeout: 120_000,
    });
    await expect(code.getByTestId('cell-stdout')).not.toContainText('no error');
    await expect(page.getByTestId('python-sandbox')).toHaveText(
      'Python is offline: your data stays here',
    );
    const info = await page.evaluate(
      async () => (await (globalThis as unknown as CodeactGlobal).__codeact.python.start()).sandbox,
    );
    expect(info.browserPolicy).toBe(true);
    // The page was not controlled when it loaded: Python waited for the service worker.
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await page.waitForTimeout(1500); // let a late request arrive
    expect(counting.hits).toEqual([]);
    // Pyodide was fetched once, by the worker that runs Python: a worker whose script came
    // without the CSP (COOP/COEP only) fetches nothing before it is replaced.
    expect(coreFetches).toHaveLength(1);
  } finally {
    await context.close();
    await server.close();
  }
}

test('first visit to a host that sends no headers: Python waits for the browser lock', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  await firstVisit(browser, false, testPort(13));
});

test('first visit to a host that sends COOP/COEP only: Python waits for the browser lock', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  await firstVisit(browser, 'only', testPort(14));
});

test('first visit to a host that sends no headers: the service worker takes control while the app’s code is on its way', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const server = await startStaticServer({ port: testPort(17), isolation: false });
  const context = await browser.newContext();
  // Neither the page's first script nor the service worker's install asks the host for its
  // headers there: a page and a service worker without COOP/COEP got none (src/pwa/sw.ts).
  const heads: string[] = [];
  context.on('request', (r) => {
    if (r.method() === 'HEAD') heads.push(r.url());
  });
  try {
    const page = await context.newPage();
    const held = await holdAppCode(page);
    await page.goto(server.url, { waitUntil: 'commit' });
    await expect.poll(held.holding, { timeout: 30_000 }).toBe(true);
    // The page's first script registered the service worker (src/preboot.ts): it installs and
    // takes control before the app has run.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 60_000,
    });
    expect(await page.evaluate(() => '__codeact' in globalThis)).toBe(false);
    // Its first install stored no shell (src/pwa/sw.ts): that would have held up the lock.
    expect(await storedShell(page)).toEqual([]);
    expect(heads).toEqual([]);
    held.release();
    await page.waitForFunction(() => '__codeact' in globalThis, null, { timeout: 60_000 });
    // The first script made the worker once the service worker had control (so its script came
    // with the CSP), and the app adopted it.
    const info = await page.evaluate(
      async () => (await (globalThis as unknown as CodeactGlobal).__codeact.python.start()).sandbox,
    );
    expect(info.browserPolicy).toBe(true);
  } finally {
    await context.close();
    await server.close();
  }
});

test('a host that sends the CSPs: the first install stores the shell, as precaching does', async ({
  browser,
}) => {
  // No Python waits for the lock there, and Chromium keeps the compiled code of scripts stored
  // at install, so the next visit starts sooner.
  test.setTimeout(120_000);
  const server = await startStaticServer({ port: testPort(18), isolation: true });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const held = await holdAppCode(page);
    await page.goto(server.url, { waitUntil: 'commit' });
    await expect.poll(held.holding, { timeout: 30_000 }).toBe(true);
    // The app (held back, so it sends no CACHE_LATER) would register it once Python is up.
    await page.evaluate(async () => {
      await navigator.serviceWorker.register('sw.js');
      await navigator.serviceWorker.ready;
    });
    const stored = await storedShell(page);
    expect(stored.some((p) => p.endsWith('/index.html'))).toBe(true);
    expect(stored.some((p) => /\/assets\/python\.worker-/.test(p))).toBe(true);
    held.release();
  } finally {
    await context.close();
    await server.close();
  }
});

test('a host without the CSP: the shell is stored once Python is ready, even where the rest was kept', async ({
  browser,
}) => {
  // A first install there stores no shell (src/pwa/sw.ts); CACHE_LATER stores it. Here the rest
  // is complete already, from an earlier registration whose caches outlived it.
  test.setTimeout(180_000);
  const server = await startStaticServer({ port: testPort(19), isolation: false });
  const context = await browser.newContext();
  const complete = async () =>
    (await caches.match(new URL('__codeact-later-complete', document.baseURI).href)) !== undefined;
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    // Polled with evaluate: waitForFunction would take the Promise as a truthy value at once.
    await expect.poll(() => page.evaluate(complete), { timeout: 120_000 }).toBe(true);
    await page.evaluate(async () => {
      for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
      for (const name of await caches.keys())
        if (name.includes('precache')) await caches.delete(name);
    });
    const again = await context.newPage();
    await page.close();
    await again.goto(server.url);
    expect(await again.evaluate(complete)).toBe(true);
    await expect
      .poll(async () => (await storedShell(again)).some((p) => p.endsWith('/index.html')), {
        timeout: 120_000,
      })
      .toBe(true);
  } finally {
    await context.close();
    await server.close();
  }
});

test('first visit to a host without headers: one Python worker, Pyodide straight from the host, then from the service worker', async ({
  browser,
}) => {
  // The first worker is made only once the service worker controls the page (none is made before
  // and thrown away), and Pyodide's start files it fetches go to the host, not through the service
  // worker (src/pwa/sw.ts: that doubled the standard library's download time on the critical
  // path). Once Python is ready the service worker stores them, and a new worker gets them there.
  test.setTimeout(180_000);
  const server = await startStaticServer({ port: testPort(20), isolation: false });
  const context = await browser.newContext();
  const startFiles = /\/pyodide\/(pyodide\.asm\.wasm|pyodide\.asm\.mjs|python_stdlib\.zip)$/;
  const servedByWorker: string[] = [];
  let pythonReady = false;
  context.on('response', (r) => {
    if (startFiles.test(r.url()) && r.fromServiceWorker())
      servedByWorker.push(`${pythonReady ? 'after' : 'before'} ${r.url().split('/').pop()}`);
  });
  try {
    const page = await context.newPage();
    const pythonWorkers: string[] = [];
    page.on('worker', (w) => {
      if (/python\.worker-/.test(w.url())) pythonWorkers.push(w.url());
    });
    await page.goto(server.url);
    const info = await page.evaluate(
      async () => (await (globalThis as unknown as CodeactGlobal).__codeact.python.start()).sandbox,
    );
    pythonReady = true;
    expect(info.browserPolicy).toBe(true);
    expect(pythonWorkers).toHaveLength(1);
    expect(servedByWorker).toEqual([]);
    const complete = async () =>
      (await caches.match(new URL('__codeact-later-complete', document.baseURI).href)) !==
      undefined;
    await expect.poll(() => page.evaluate(complete), { timeout: 120_000 }).toBe(true);
    await page.evaluate(async () => {
      const python = (globalThis as unknown as CodeactGlobal).__codeact.python;
      await python.restart();
    });
    await expect
      .poll(() => servedByWorker.sort(), { timeout: 60_000 })
      .toEqual(['after pyodide.asm.mjs', 'after pyodide.asm.wasm', 'after python_stdlib.zip']);
  } finally {
    await context.close();
    await server.close();
  }
});

test('a browser that refuses service workers: guard only, in red, saying what to do', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const server = await startStaticServer({ port: testPort(15), isolation: false });
  const context = await browser.newContext();
  // What a private window that refuses service workers does.
  await context.addInitScript(() => {
    ServiceWorkerContainer.prototype.register = () =>
      Promise.reject(
        new DOMException('The user denied permission to use Service Worker.', 'SecurityError'),
      );
  });
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    const info = await page.evaluate(
      async () => (await (globalThis as unknown as CodeactGlobal).__codeact.python.start()).sandbox,
    );
    expect(info.browserPolicy).toBe(false);
    expect(info.lockUnavailable).toContain('refused the app’s service worker');
    const status = page.getByTestId('python-sandbox');
    await expect(status).toHaveText('Python is offline (partly enforced)');
    await expect(status).toHaveClass(/weak/);
    await expect(status).toHaveAttribute('title', /normal, non-private window/);
  } finally {
    await context.close();
    await server.close();
  }
});
