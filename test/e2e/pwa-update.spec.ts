import { expect, test, type Browser } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStaticServer } from './support/static-server';
import { storedShell } from './support/stored-shell';

async function deployOver(browser: Browser, port: number, isolation: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codeact-deploy-'));
  fs.cpSync('dist', dir, { recursive: true });
  const server = await startStaticServer({ port, dir, isolation });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 60_000,
    });
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);
    // On a host without the CSP the page's first script registered the worker, which now takes
    // control before the app's code has run: the app's own registration (which hears of updates)
    // is made once its code runs. Wait for it, as a person's later update would.
    await page.waitForFunction(() => '__codeact' in globalThis, null, { timeout: 60_000 });
    await page.evaluate(() =>
      (
        globalThis as unknown as { __codeact: { pwa: { register(): Promise<void> } } }
      ).__codeact.pwa.register(),
    );

    // A first install stores the shell later (src/pwa/sw.ts); an update must store it at install,
    // before it may take over. Its store is emptied here, so only the update's install can fill it.
    await page.evaluate(async () => {
      for (const name of await caches.keys())
        if (name.includes('precache')) await caches.delete(name);
    });

    // "Deploy" a new build: a changed service worker and a changed shell.
    fs.appendFileSync(path.join(dir, 'sw.js'), '\n// build 2\n');
    await page.evaluate(async () => {
      const w = globalThis as unknown as {
        __codeact: { pwa: { checkForUpdate(): Promise<void> } };
      };
      await w.__codeact.pwa.checkForUpdate();
    });
    const prompt = page.getByTestId('update-prompt');
    await expect(prompt).toBeVisible({ timeout: 30_000 });
    await expect(prompt).toContainText('new version');
    const stored = await storedShell(page);
    expect(stored.some((p) => p.endsWith('/index.html'))).toBe(true);
    expect(stored.some((p) => /\/assets\/python\.worker-/.test(p))).toBe(true);

    await page.evaluate(
      () => ((globalThis as unknown as { __beforeUpdate: boolean }).__beforeUpdate = true),
    );
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await page.waitForFunction(
      () => !(globalThis as unknown as { __beforeUpdate?: boolean }).__beforeUpdate,
      null,
      {
        timeout: 30_000,
      },
    );
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);
    const script = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return r?.active ? (await fetch(r.active.scriptURL)).text() : '';
    });
    expect(script).toContain('// build 2');
  } finally {
    await context.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('deploying a new build over an old one shows the update prompt, and Reload activates it', async ({
  browser,
}) => {
  await deployOver(browser, 4814, true);
});

// There the page's first script registered the service worker (src/preboot.ts), before the app's
// own registration (workbox-window), which must still see the update.
test('the same on a host that sends no headers', async ({ browser }) => {
  await deployOver(browser, 4815, false);
});
