import { expect, test, type Browser } from '@playwright/test';
import { startStaticServer } from './support/static-server';

async function offlineRoundTrip(browser: Browser, port: number, base: string) {
  const server = await startStaticServer({ port, base });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    // The worker claims the page once its precache (shell, Pyodide core, wheels) is complete.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 60_000,
    });

    await server.close();
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('h1')).toContainText('CodeAct');
    const info = await page.evaluate(async () => {
      const w = globalThis as unknown as {
        __codeact: { python: { start(): Promise<{ pythonVersion: string }> } };
      };
      return w.__codeact.python.start();
    });
    expect(info.pythonVersion).toMatch(/^3\.14\./);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    return page;
  } finally {
    await context.close();
    await server.close().catch(() => {});
  }
}

test('after one online visit the app and Python load with the network and the server gone', async ({
  browser,
}) => {
  await offlineRoundTrip(browser, 4811, '/');
});

test('the same works from a sub-path', async ({ browser }) => {
  await offlineRoundTrip(browser, 4812, '/some/sub/path/');
});
