import { expect, test, type Browser, type Page } from '@playwright/test';
import { startStaticServer } from './support/static-server';

const DEMO = 'examples/self-debug.json';

async function playDemo(page: Page, url: string) {
  await page.goto(`${url}?replay=${DEMO}&autorun=1&pace=0`);
  const cells = page.getByTestId('code-cell');
  await expect(cells.nth(0).getByTestId('cell-error')).toContainText('NameError', {
    timeout: 90_000,
  });
  await expect(cells.nth(1).getByTestId('cell-stdout')).toContainText("('i', 5)");
  await expect(page.getByTestId('msg-assistant').last()).toContainText('5 times');
  await expect(page.getByTestId('status')).toHaveText('idle');
}

async function offlineRoundTrip(browser: Browser, port: number, base: string) {
  const server = await startStaticServer({ port, base });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // Online: one visit that also leaves a conversation behind.
    await playDemo(page, server.url);
    // The worker claims the page once its precache (shell, Pyodide core, wheels, demos) is complete.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 60_000,
    });

    // Only the app shell is part of the install (a first visit's Python does not wait for the
    // rest); once Python is ready the page has the worker store the rest too, and it says when.
    const laterComplete = () =>
      page.evaluate(async () => {
        for (const key of await caches.keys())
          if (key.startsWith('codeact-later-')) {
            const cache = await caches.open(key);
            if (await cache.match('__codeact-later-complete')) return (await cache.keys()).length;
          }
        return 0;
      });
    await expect.poll(laterComplete, { timeout: 120_000 }).toBeGreaterThan(10);

    await server.close();
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('header').first()).toBeVisible();
    // The earlier conversation is still there.
    await expect(page.getByTestId('msg-user').first()).toContainText('mississippi');
    await expect(page.getByTestId('code-cell')).toHaveCount(2);

    // llama.cpp's wasm is there offline too, with the app's headers.
    const wasm = await page.evaluate(async () => {
      const res = await fetch('wllama/wllama.wasm');
      return {
        ok: res.ok,
        type: res.headers.get('content-type'),
        bytes: (await res.arrayBuffer()).byteLength,
      };
    });
    expect(wasm.ok).toBe(true);
    expect(wasm.bytes).toBeGreaterThan(1_000_000);

    // And a demo runs real Python with no network at all.
    await playDemo(page, server.url);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  } finally {
    await context.close();
    await server.close().catch(() => {});
  }
}

test('after one online visit the app, its demos and Python work with the network and the server gone', async ({
  browser,
}) => {
  await offlineRoundTrip(browser, 4811, '/');
});

test('the same works from a sub-path', async ({ browser }) => {
  await offlineRoundTrip(browser, 4812, '/some/sub/path/');
});
