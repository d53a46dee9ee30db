import { expect, test } from '@playwright/test';
import { startStaticServer } from './support/static-server';
import { runPython, type CodeactGlobal } from './python-helpers';

test('on a host without COOP/COEP the service worker makes the page cross-origin isolated', async ({
  browser,
}) => {
  const server = await startStaticServer({ port: 4813, isolation: false });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const first = await page.goto(server.url);
    expect(first?.headers()['cross-origin-embedder-policy']).toBeUndefined();
    // Not isolated before the worker controls the page: the app must still work.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 60_000,
    });

    let reloads = 0;
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) reloads++;
    });
    await page.reload();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
    // Interrupts now work: the loop stops with KeyboardInterrupt and variables survive.
    await runPython(page, 'kept = 41');
    const r = await page.evaluate(async () => {
      const py = (globalThis as unknown as CodeactGlobal).__codeact.python;
      const stop = new AbortController();
      const pending = py.run('while True:\n    pass', { signal: stop.signal });
      await new Promise((res) => setTimeout(res, 300));
      stop.abort();
      return pending;
    });
    expect(r.error?.ename).toBe('KeyboardInterrupt');
    expect(r.restarted).toBe(false);
    expect((await runPython(page, 'kept + 1')).outputs).toEqual([{ type: 'text', text: '42' }]);

    // No reload loop: the page stays put.
    await page.waitForTimeout(1500);
    expect(reloads).toBe(1);
  } finally {
    await context.close();
    await server.close();
  }
});
