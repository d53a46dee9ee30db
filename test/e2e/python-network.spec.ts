// No egress by any route: with network access off (the default), every route Python has to the
// web is tried against a local server that counts requests, and it must get none. Run against the
// production build served by scripts/serve.mjs (security headers sent by the server) and by a
// plain static server that sends no headers at all (on the first visit, Python waits until the
// service worker controls the page and adds them). Each route is stopped by the worker's CSP (enforced by the browser), most also
// by the JavaScript guard; the server's count is what decides.
import { expect, test, type Page } from '@playwright/test';
import { startCountingServer, testPort, type CountingServer } from './support/counting-server';
import { startStaticServer } from './support/static-server';
import { runPython, type CodeactGlobal } from './python-helpers';

let counting: CountingServer;
test.beforeAll(async () => {
  counting = await startCountingServer(testPort(2));
});
test.afterAll(() => counting.close());

const ROUTE_NAMES = [
  'pyfetch',
  'js.fetch',
  'XMLHttpRequest',
  'open_url',
  'WebSocket',
  'WebSocketStream',
  'EventSource',
  'WebTransport',
  'sendBeacon',
  'importScripts',
  'Function-constructor fetch',
  'prototype fetch',
  'blob Worker',
  'data: Worker',
  'SharedWorker',
  'import() via run_js',
  'eval',
  'Function',
  'AsyncFunction constructor',
  'setTimeout string',
  'pyodide.loadPackage URL',
  'micropip.install URL',
  'urllib',
];

const routes = (base: string) => `
import inspect, js, pyodide.http, pyodide_js
from pyodide.code import run_js
from pyodide.ffi import to_js
url = "${base}/probe"
ws = "${base.replace('http:', 'ws:')}/ws"
outcome = {}
async def attempt(name, fn):
    try:
        r = fn()
        if inspect.isawaitable(r) or hasattr(r, "then"):
            r = await r
        outcome[name] = "no error: " + str(r)[:80]
    except BaseException as e:
        outcome[name] = type(e).__name__ + ": " + str(e)[:200]
def xhr():
    x = js.XMLHttpRequest.new()
    x.open("GET", url + "?xhr", False)
    x.send()
    return x.responseText
def blob_worker():
    blob = js.Blob.new(to_js([f"fetch('{url}?blob-worker')"]))
    return js.Worker.new(js.URL.createObjectURL(blob))
async def micropip_install():
    # Loaded here, not by the cell's import scan: where micropip's wheel is not available
    # (offline, not bundled) the route ends at this load, and the outcome says so.
    await pyodide_js.loadPackage("micropip")
    micropip = __import__("micropip")
    return await micropip.install(url + "/evil-1.0-py3-none-any.whl")
await attempt("pyfetch", lambda: pyodide.http.pyfetch(url + "?pyfetch"))
await attempt("js.fetch", lambda: js.fetch(url + "?fetch"))
await attempt("XMLHttpRequest", xhr)
await attempt("open_url", lambda: pyodide.http.open_url(url + "?open_url").read())
await attempt("WebSocket", lambda: js.WebSocket.new(ws))
await attempt("WebSocketStream", lambda: js.WebSocketStream.new(ws))
await attempt("EventSource", lambda: js.EventSource.new(url + "?sse"))
await attempt("WebTransport", lambda: js.WebTransport.new("https://127.0.0.1:${new URL(base).port}/wt").ready)
await attempt("sendBeacon", lambda: js.navigator.sendBeacon(url + "?beacon", "data"))
await attempt("importScripts", lambda: js.importScripts(url + "?importScripts"))
await attempt("Function-constructor fetch", lambda: js.Object.constructor("return globalThis")().fetch(url + "?ctor"))
await attempt("prototype fetch", lambda: js.WorkerGlobalScope.prototype.fetch.call(js.self, url + "?proto"))
await attempt("blob Worker", blob_worker)
await attempt("data: Worker", lambda: js.Worker.new(f"data:text/javascript,fetch('{url}?data-worker')"))
await attempt("SharedWorker", lambda: js.SharedWorker.new(f"data:text/javascript,fetch('{url}?shared')"))
await attempt("import() via run_js", lambda: run_js(f"import('{url}?import')"))
await attempt("eval", lambda: js.eval(f"fetch('{url}?eval')"))
await attempt("Function", lambda: js.Function.new(f"return fetch('{url}?function')")())
await attempt("AsyncFunction constructor", lambda: pyodide_js.loadPackage.constructor(f"return import('{url}?async-fn')")())
await attempt("setTimeout string", lambda: js.setTimeout(f"fetch('{url}?timeout')", 0))
await attempt("pyodide.loadPackage URL", lambda: pyodide_js.loadPackage(url + "/evil-1.0-py3-none-any.whl"))
await attempt("micropip.install URL", micropip_install)
await attempt("urllib", lambda: __import__("urllib.request").request.urlopen(url + "?urllib").read())
outcome
`;

async function sandboxOf(page: Page) {
  return page.evaluate(async () => {
    const info = await (globalThis as unknown as CodeactGlobal).__codeact.python.start();
    return info.sandbox;
  });
}

/** Every route, tried; the counting server must see nothing. Returns the outcomes (for the log). */
async function expectNoEgress(page: Page): Promise<string> {
  counting.hits.length = 0;
  const r = await runPython(page, routes(counting.url), 120_000);
  expect(r.error).toBeNull();
  const last = r.outputs.at(-1);
  const text = last?.type === 'text' ? last.text : '';
  for (const name of ROUTE_NAMES) expect(text).toContain(`'${name}': `);
  expect(ROUTE_NAMES.length).toBeGreaterThanOrEqual(15);
  expect(text).not.toContain('counted'); // no response body was ever read
  await page.waitForTimeout(1500); // let any late request (timers, workers, beacons) arrive
  expect(counting.hits).toEqual([]);
  return text;
}

test('served with headers: no route reaches the network; turning network access on opens it', async ({
  page,
}) => {
  // A respawned Pyodide worker can take ~35 s to start in headless Chromium on this 2-core box.
  test.setTimeout(240_000);
  await page.goto('./');
  expect(await sandboxOf(page)).toEqual({ browserPolicy: true, networkOpen: false });
  await expect(page.getByTestId('python-sandbox')).toHaveText(
    'Python is offline: your data stays here',
  );
  const outcomes = await expectNoEgress(page);
  // The browser's policy, not only the guard, refused the eval routes.
  expect(outcomes).toMatch(/'eval': 'JsException: EvalError: .*Content Security Policy/);
  expect(outcomes).toMatch(/'import\(\) via run_js': 'JsException: EvalError/);
  expect(outcomes).toMatch(/'pyodide.loadPackage URL': 'JsException: PackageRequestError/);

  // The same server is reachable once network access is on (so the checks above can fail):
  // Python restarts in the worker whose policy opens the network.
  await page.evaluate(() => {
    (globalThis as unknown as CodeactGlobal).__codeact.python.setAllowNetwork(true);
  });
  await expect
    .poll(() => sandboxOf(page), { timeout: 150_000 })
    .toEqual({ browserPolicy: true, networkOpen: true });
  const on = await runPython(
    page,
    `import js\n(await (await js.fetch("${counting.url}/allowed")).text())`,
  );
  expect(on.outputs).toEqual([{ type: 'text', text: "'counted'" }]);
  expect(counting.hits).toEqual(['/allowed']);
});

test('plain static host, first visit: Python starts only under the browser lock, and no route reaches the network', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const server = await startStaticServer({ port: testPort(3), isolation: false });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const first = await page.goto(server.url);
    expect(first?.headers()['content-security-policy']).toBeUndefined();
    // No reload: Python waited for the service worker, whose worker scripts carry the CSP.
    expect(await sandboxOf(page)).toEqual({ browserPolicy: true, networkOpen: false });
    await expect(page.getByTestId('python-sandbox')).toHaveText(
      'Python is offline: your data stays here',
    );
    await expectNoEgress(page);
  } finally {
    await context.close();
    await server.close();
  }
});
