import { expect, test } from '@playwright/test';
import { startStaticServer } from './support/static-server';

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
    // No reload loop: the page stays put.
    await page.waitForTimeout(1500);
    expect(reloads).toBe(1);
  } finally {
    await context.close();
    await server.close();
  }
});
