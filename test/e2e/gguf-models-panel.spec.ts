// The Models panel's GGUF path from the user's side, with a REAL model. The catalog's tiny entry
// is SmolLM2-135M-Instruct Q8_0 from its publisher; its Hugging Face URL is unreachable here, so
// this browser resolves huggingface.co to a loopback HTTPS TEST server (a self-signed certificate
// the test's browser context accepts) that answers the entry's own URL with our fixture: the
// same model's Q4_1 GGUF (`npm run fixtures`, sha256-checked, in .cache/models/), standing in for
// the Q8_0 file. The app runs its normal download code on its own URL and no app code knows about
// the test. That entry's size is not confirmed by a public record, so the catalog sets no size to
// check it against (gguf-files.spec.ts shows the size check); the GGUF header is still checked.
// The user downloads the model, sees MB and ETA progress, presses Stop, resumes (HTTP Range for
// the rest), loads it, gets one streamed reply (pipeline properties only, never whether the tiny
// model is right), and deletes it, which frees its storage.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { chromiumArgs, findChromiumSync } from '../../scripts/browser.mjs';
import { GGUF_MODELS } from '../../src/engine/catalog/gguf-models';
import { testPort } from './support/counting-server';
import { seenTexts, sendWatched } from './support/send-watched';
import { startRangeTestServer, type RangeTestServer } from './support/range-test-server';

const FIXTURE = path.resolve('.cache/models/SmolLM2-135M-Instruct-Q4_1.gguf');
// The catalog's own entry and URL (src/engine/catalog/gguf-models.ts).
const ENTRY = GGUF_MODELS.find((m) => m.family === 'smollm2-135m-gguf')!;
const ID = ENTRY.id;
const [FILE] = ENTRY.source.backend === 'wllama' ? ENTRY.source.files : [];
const HF_URL = FILE?.kind === 'url' ? FILE.url : '';
const NAME = HF_URL.split('/').pop()!;

const PORT = testPort(22);
const HOLD_AFTER = 40_000_000;

test.use({
  serviceWorkers: 'block',
  ignoreHTTPSErrors: true,
  launchOptions: {
    executablePath: findChromiumSync(),
    args: [...chromiumArgs, `--host-resolver-rules=MAP huggingface.co 127.0.0.1:${PORT}`],
  },
});

/** A throwaway self-signed certificate for huggingface.co (the test server's only name here). */
function selfSigned(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gguf-tls-'));
  const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=huggingface.co',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  const pem = { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
  fs.rmSync(dir, { recursive: true, force: true });
  return pem;
}

let server: RangeTestServer;
test.beforeAll(async () => {
  if (!fs.existsSync(FIXTURE))
    throw new Error(
      `${FIXTURE} is missing: run \`npm run fixtures\` once (it fetches and checks it).`,
    );
  const files = new Map([[NAME, fs.readFileSync(FIXTURE)]]);
  server = await startRangeTestServer(PORT, files, selfSigned());
});
test.afterAll(async () => {
  await server?.close();
});

test('Models panel: download a GGUF with MB/ETA progress, Stop, resume with Range, load it, one streamed reply, delete frees it', async ({
  page,
}) => {
  test.slow(); // a real model loads and answers on a shared 2-core machine
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
  const progressTexts = () =>
    page.evaluate(() => (globalThis as unknown as { __progressTexts: string[] }).__progressTexts);

  // Where the time goes on this machine (recorded, not asserted).
  let t = Date.now();
  const phase = (type: string) => {
    test.info().annotations.push({
      type: `${type} (s, measured)`,
      description: String((Date.now() - t) / 1000),
    });
    t = Date.now();
  };

  // Download over a slow link; Stop once 40 MB are in.
  server.behave({ trickle: { bytes: 1 << 20, everyMs: 60 }, holdAfter: HOLD_AFTER });
  await row.getByTestId('model-download').click();
  await expect.poll(() => server.held(), { timeout: 60_000 }).toBe(1);
  await expect(row.getByTestId('model-progress')).toContainText('40.0 of 98.4 MB');
  await row.getByTestId('model-cancel').click();
  server.release();
  await expect(row.getByTestId('model-error')).toHaveAttribute('data-code', 'cancelled');
  await expect(row.getByTestId('model-cached')).toHaveAttribute('data-complete', 'false');
  await expect(row.getByTestId('model-cached')).toContainText('Partly downloaded: 0 of 1 files');
  const first = (await progressTexts()).filter((t) => t.startsWith('Downloading'));
  // MB over the whole file, rising, with speed and time left once the speed is known.
  const mb = first.map((t) => Number(/([\d.]+) of 98\.4 MB/.exec(t)?.[1]));
  expect(mb.length).toBeGreaterThan(5);
  expect(mb).toEqual([...mb].sort((a, b) => a - b));
  expect(mb.at(-1)).toBe(40);
  expect(first.some((t) => /MB\/s · about \d+ s left$/.test(t))).toBe(true);
  test.info().annotations.push({ type: 'progress texts', description: first.join(' | ') });

  // Resume: the app asks for the rest only, and the file is complete.
  server.behave({});
  await expect(row.getByTestId('model-download')).toHaveText('Resume download');
  await row.getByTestId('model-download').click();
  await expect(row.getByTestId('model-cached')).toHaveAttribute('data-complete', 'true', {
    timeout: 120_000,
  });
  await expect(row.getByTestId('model-cached')).toContainText('Stored on this device');
  await expect(row.getByTestId('model-error')).toHaveCount(0);
  phase('download, Stop, resume');
  expect(server.requests.filter((r) => r.method !== 'OPTIONS')).toEqual([
    { method: 'HEAD', name: NAME, range: undefined, status: 200 },
    { method: 'GET', name: NAME, range: undefined, status: 200 },
    { method: 'HEAD', name: NAME, range: undefined, status: 200 },
    { method: 'GET', name: NAME, range: `bytes=${HOLD_AFTER}-`, status: 206 },
  ]);

  // Load it: the app's engine is now llama.cpp with this model; one short reply streams.
  await row.getByTestId('model-load').click();
  await expect(row).toHaveAttribute('data-status', 'ready', { timeout: 180_000 });
  await expect(page.getByTestId('engine-label')).toContainText('llama.cpp');
  phase('load');
  await page.evaluate(() => {
    const w = globalThis as unknown as {
      __codeact: { app: { settings: { maxReplyTokens: number } } };
    };
    w.__codeact.app.settings.maxReplyTokens = 12;
  });
  await sendWatched(page, 'Say hello.');
  await expect(page.getByTestId('status')).toHaveText('idle', { timeout: 300_000 });
  phase('one reply');
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
