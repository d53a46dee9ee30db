// Network policy: with network access off (the default), every route Python has to
// the web is tried against a local server that counts requests; it must get none.
import http from 'node:http';
import { expect, test } from '@playwright/test';
import { runPython, startPython } from './python-helpers';

const PORT = 4412;
let hits: string[] = [];
let server: http.Server;

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Content-Type': 'text/plain',
    });
    res.end('counted');
  });
  await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r));
});
test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

const ROUTES = `
import inspect, js, pyodide.http
url = "http://127.0.0.1:${PORT}/probe"
outcome = {}
async def attempt(name, fn):
    try:
        r = fn()
        if inspect.isawaitable(r) or hasattr(r, "then"):
            await r
        outcome[name] = "REACHED"
    except BaseException as e:
        outcome[name] = str(e)
await attempt("pyfetch", lambda: pyodide.http.pyfetch(url + "?pyfetch"))
await attempt("js.fetch", lambda: js.fetch(url + "?fetch"))
def xhr():
    x = js.XMLHttpRequest.new()
    x.open("GET", url + "?xhr", False)
    x.send()
await attempt("XMLHttpRequest", xhr)
await attempt("WebSocket", lambda: js.WebSocket.new("ws://127.0.0.1:${PORT}/ws"))
await attempt("EventSource", lambda: js.EventSource.new(url + "?sse"))
real_global = js.Object.constructor("return globalThis")()
await attempt("Function-constructor fetch", lambda: real_global.fetch(url + "?ctor"))
proto_fetch = js.Object.constructor("return Object.getPrototypeOf(globalThis).fetch || globalThis.fetch")()
await attempt("prototype fetch", lambda: proto_fetch.call(real_global, url + "?proto"))
await attempt("Worker", lambda: js.Worker.new("data:text/javascript,fetch('" + url + "?worker')"))
outcome
`;

test('no network route reaches a local server while network access is off', async ({ page }) => {
  await page.goto('./');
  await startPython(page);
  hits = [];
  const r = await runPython(page, ROUTES);
  expect(r.error).toBeNull();
  const text = r.outputs.at(-1)?.type === 'text' ? (r.outputs.at(-1) as { text: string }).text : '';
  for (const route of [
    'pyfetch',
    'js.fetch',
    'XMLHttpRequest',
    'WebSocket',
    'EventSource',
    'Function-constructor fetch',
    'prototype fetch',
    'Worker',
  ]) {
    expect(text).toContain(`'${route}': `);
  }
  expect(text).not.toContain('REACHED');
  expect(text).toContain('Network access is off');
  await page.waitForTimeout(500); // let any stray request arrive before counting
  expect(hits).toEqual([]);

  // The same server is reachable once network access is turned on (so the check above can fail).
  await page.evaluate(() => {
    const g = globalThis as unknown as {
      __codeact: { python: { setAllowNetwork(on: boolean): void } };
    };
    g.__codeact.python.setAllowNetwork(true);
  });
  const on = await runPython(
    page,
    `import js\n(await (await js.fetch("http://127.0.0.1:${PORT}/allowed")).text())`,
  );
  expect(on.outputs).toEqual([{ type: 'text', text: "'counted'" }]);
  expect(hits).toEqual(['/allowed']);
});
