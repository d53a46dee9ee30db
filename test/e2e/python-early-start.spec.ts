// Python's early start (src/preboot.ts, src/runtime/early-python.ts): the page's first script, inline, starts
// the Python worker, which fetches Pyodide while the app's own code is still on its way, and the
// app then adopts that worker rather than making a second one. Shown by holding the app's chunk
// back: Pyodide's files are requested meanwhile, and once the app arrives, Python is ready on
// the one worker that was made.
import { expect, test } from '@playwright/test';
import { holdAppCode } from './support/hold-app-code';

test.use({ serviceWorkers: 'block' });

test('Pyodide loads while the app’s code is held back, and the app adopts that worker', async ({
  page,
  context,
}) => {
  const requested: string[] = [];
  context.on('request', (r) => requested.push(new URL(r.url()).pathname));
  const held = await holdAppCode(page);
  // Not waiting for the load event: the app's script, which the load event waits for, is held.
  await page.goto('./', { waitUntil: 'commit' });
  await expect.poll(held.holding, { timeout: 30_000 }).toBe(true);
  await expect
    .poll(() => requested.some((p) => p.endsWith('/pyodide/pyodide.asm.wasm')), {
      timeout: 60_000,
    })
    .toBe(true);
  // The app has not run yet: no layout, no test hook.
  expect(await page.evaluate(() => '__codeact' in globalThis)).toBe(false);
  await expect(page.getByTestId('python-status')).toHaveCount(0);
  held.release();
  await expect(page.getByTestId('python-status')).toContainText(/Pyodide 314\.0\.7/, {
    timeout: 90_000,
  });
  const result = await page.evaluate(() =>
    (
      globalThis as unknown as {
        __codeact: { python: { run(c: string): Promise<{ stdout: string }> } };
      }
    ).__codeact.python.run('print(6 * 7)'),
  );
  expect(result.stdout).toBe('42\n');
  // One Python worker was made (the early one), and Pyodide was fetched once.
  expect(requested.filter((p) => /\/python(-network)?\.worker-[^/]+\.js$/.test(p))).toHaveLength(1);
  expect(requested.filter((p) => p.endsWith('/pyodide/pyodide.asm.wasm'))).toHaveLength(1);
});

// A host that sends a document CSP of its own, without the first script's hash: that script is
// refused, and the app starts Python from its own code instead (docs/deploy.md).
test('where the host’s document CSP refuses the first script, the app starts Python itself', async ({
  page,
}) => {
  const blocked: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/.test(m.text())) blocked.push(m.text());
  });
  await page.route(
    (url) => url.pathname.endsWith('/') || url.pathname.endsWith('/index.html'),
    async (route) => {
      const response = await route.fetch();
      const csp = response.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("'sha256-");
      const without = csp.replace(/ 'sha256-[^']+'/, '');
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': without },
      });
    },
  );
  await page.goto('./');
  await expect(page.getByTestId('python-status')).toContainText(/Pyodide 314\.0\.7/, {
    timeout: 90_000,
  });
  expect(blocked.some((t) => /inline script/i.test(t))).toBe(true);
  const result = await page.evaluate(() =>
    (
      globalThis as unknown as {
        __codeact: { python: { run(c: string): Promise<{ stdout: string }> } };
      }
    ).__codeact.python.run('print(6 * 7)'),
  );
  expect(result.stdout).toBe('42\n');
});
