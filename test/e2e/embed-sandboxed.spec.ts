// The app inside `<iframe sandbox="allow-scripts allow-forms">` on a host page of another origin
// (a second loopback port). Without allow-same-origin the frame's origin is opaque: reading
// localStorage or caches and opening IndexedDB throw a SecurityError, a service worker cannot
// register, and every request the app makes to its own server is cross-origin. The app must
// start, say that nothing will be kept, and play a scripted demo (a recorded transcript, no model)
// whose Python really runs.
import http from 'node:http';
import { expect, test } from '@playwright/test';

const APP_PORT = Number(process.env.E2E_PORT ?? 4310);
const HOST_PORT = APP_PORT + 2;
const APP = `http://127.0.0.1:${APP_PORT}/`;
const HOST = `http://localhost:${HOST_PORT}/`;

let server: http.Server;
test.beforeAll(async () => {
  // A plain host page: no COOP/COEP, a sandboxed frame with scripts and forms only.
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><title>Sandboxing host</title>
<iframe sandbox="allow-scripts allow-forms" src="${APP}" style="width:1200px;height:800px"></iframe>`);
  });
  await new Promise<void>((r) => server.listen(HOST_PORT, '127.0.0.1', r));
});
test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

test('in a sandboxed opaque-origin frame the app starts, says nothing is kept, and runs a replay demo', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(HOST);
  const app = page.frameLocator('iframe');
  // The frame really is opaque: its scripts see the origin "null".
  const frame = page.frames().find((f) => f.url().startsWith(APP));
  expect(await frame?.evaluate(() => self.origin)).toBe('null');

  await expect(app.getByTestId('composer')).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('storage-notice')).toContainText('lost when the page closes');

  const demo = app.getByTestId('demo-item').filter({ hasText: 'five small steps' });
  await demo.click();
  const cells = app.getByTestId('code-cell');
  await expect(cells).toHaveCount(5, { timeout: 120_000 });
  await expect(cells.first()).toHaveAttribute('data-status', 'done');
  await expect(cells.first().getByTestId('cell-stdout')).toContainText(
    '[2, 3, 5, 7, 11, 13, 17, 19]',
  );
  await expect(app.getByTestId('status')).toHaveText('idle', { timeout: 60_000 });
  // The worker started from a blob: URL takes the page's CSP, not its own: the app says so.
  // (It sits under the status line's Details, one tap away.)
  await app.getByTestId('status-details-toggle').click();
  await expect(app.getByTestId('python-sandbox')).toHaveText('Python is offline (partly enforced)');
  // Why, and what to do; and Python's first start did not fail on the way (it asked about a service
  // worker, which throws in an opaque origin, before anything else could).
  await expect(app.getByTestId('python-sandbox')).toHaveAttribute('title', /sandboxed frame/);
  // The Models panel lists what is stored (the Cache API of model files): nothing stored, no crash.
  if (!(await app.getByTestId('models-panel').isVisible()))
    await app.getByRole('button', { name: 'Models', exact: true }).click();
  await expect(app.getByTestId('models-panel')).toBeVisible();
  // Nothing the app reads at start may throw where storage is refused (localStorage, IndexedDB,
  // the Cache API of model files, the service worker).
  expect(errors.filter((e) => /localStorage|indexedDB|caches|serviceWorker/.test(e))).toEqual([]);
});
