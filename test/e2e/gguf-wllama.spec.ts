// A REAL model through the app: SmolLM2-135M-Instruct (Q4_1 GGUF, fetched and sha256-checked by
// `npm run fixtures` into .cache/models/) runs in llama.cpp (wllama) in Chromium, on the CPU:
// several threads when the page is cross-origin isolated, one when it is not. The test asserts
// what the pipeline did (tokens streamed, tok/s reported, a reply parsed, code run, the KV cache
// reused, Stop ending generation), never whether the tiny model's answers are right.
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createStaticServer } from '../../scripts/serve.mjs';
import { seenTexts, sendWatched } from './support/send-watched';

const MODEL = path.resolve('.cache/models/SmolLM2-135M-Instruct-Q4_1.gguf');
const MODEL_URL = 'test-models/SmolLM2-135M-Instruct-Q4_1.gguf';
const APP_PORT = Number(process.env.E2E_PORT ?? 4310);
const PLAIN_PORT = APP_PORT + 17;

test.use({ serviceWorkers: 'block' });
test.describe.configure({ mode: 'serial' });

// The test servers hand out the fixture next to the built app (a link in dist/, made after the
// build, so it is in no precache list); the app fetches it like any same-site file.
const SERVED = path.resolve('dist', MODEL_URL);

let plain: Server;
const plainRequests: string[] = [];
test.beforeAll(async () => {
  if (!fs.existsSync(MODEL))
    throw new Error(
      `${MODEL} is missing: run \`npm run fixtures\` once (it fetches and checks it).`,
    );
  fs.mkdirSync(path.dirname(SERVED), { recursive: true });
  fs.rmSync(SERVED, { force: true });
  fs.symlinkSync(MODEL, SERVED);
  plain = createStaticServer({ dir: 'dist', base: '/', isolation: false }, (req) =>
    plainRequests.push(req.url ?? ''),
  ) as Server;
  await new Promise<void>((r) => plain.listen(PLAIN_PORT, '127.0.0.1', r));
});
test.afterAll(async () => {
  fs.rmSync(path.dirname(SERVED), { recursive: true, force: true });
  await new Promise<void>((r) => plain.close(() => r()));
});

interface Timings {
  cache_n: number;
  prompt_n: number;
  predicted_n: number;
  predicted_per_second: number;
}
interface Hook {
  __codeact: {
    app: { settings: { maxReplyTokens: number } };
    gguf: {
      importUrlAndLoad(
        url: string,
        o?: { contextWindow?: number },
      ): Promise<{
        template: { name: string; source: string };
        threads: number;
        backend: string;
        architecture: string;
        contextWindow: number;
        ropeFreqBase?: number;
      }>;
      timings(): Timings[];
      requests(): { messages: number; last: string }[];
    };
  };
}

async function openWithModel(page: Page, url: string) {
  await page.goto(url);
  const info = await page.evaluate(
    (u) =>
      (globalThis as unknown as Hook).__codeact.gguf.importUrlAndLoad(u, { contextWindow: 4096 }),
    MODEL_URL,
  );
  await page.evaluate(
    () => ((globalThis as unknown as Hook).__codeact.app.settings.maxReplyTokens = 24),
  );
  return info;
}

const timings = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as Hook).__codeact.gguf.timings());
const requests = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as Hook).__codeact.gguf.requests());

const send = sendWatched;

async function episode(page: Page, url: string, isolated: boolean) {
  // Generous: a shared 2-core machine under load ran the one-thread episode in 12 minutes.
  test.setTimeout(1_800_000);
  const info = await openWithModel(page, url);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(isolated);
  expect(info.architecture).toBe('llama');
  expect(info.template).toEqual({ name: 'ChatML', source: 'gguf' });
  expect(info.backend).toBe('cpu');
  expect(info.contextWindow).toBe(4096);
  if (isolated) expect(info.threads).toBeGreaterThanOrEqual(2);
  else {
    expect(info.threads).toBe(1);
    // llama.cpp's wasm came from the app's own server (no CDN is reachable from the tests anyway).
    expect(plainRequests).toContain('/wllama/wllama.wasm');
  }
  await expect(page.getByTestId('engine-label')).toContainText('llama.cpp, CPU');

  // Turn 1: real tokens stream into the UI and a reply is parsed.
  await send(page, 'Print 2 + 2 with Python. Answer with one ```python code block.');
  await expect(page.getByTestId('status')).toHaveText('idle', { timeout: 1_200_000 });
  const seen = await seenTexts(page);
  expect(seen.filter((t) => t.trim()).length).toBeGreaterThan(1); // streamed, not one final paint
  await expect(page.getByTestId('msg-assistant').last()).not.toBeEmpty();
  await expect(page.getByTestId('turn-stats')).toContainText('tok/s');
  const turn1 = await timings(page);
  expect(turn1.length).toBeGreaterThanOrEqual(1);
  expect(turn1[0]!.predicted_n).toBeGreaterThan(0);
  expect(turn1[0]!.predicted_n).toBeLessThanOrEqual(24);
  // A code action, when the model wrote one, ran in Pyodide and went back as an observation.
  const cells = await page.getByTestId('code-cell').count();
  const reqs1 = await requests(page);
  if (cells > 0)
    expect(reqs1.slice(1).some((r) => /^user: (Execution Output|Observation)/i.test(r.last))).toBe(
      true,
    );
  test
    .info()
    .annotations.push({ type: 'turn 1', description: JSON.stringify({ cells, turn1, reqs1 }) });

  // Turn 2: the history is not processed again (llama.cpp's own timings).
  const before = turn1.length;
  await send(page, 'Thanks. Say OK.');
  await expect(page.getByTestId('status')).toHaveText('idle', { timeout: 1_200_000 });
  const t2 = (await timings(page))[before]!;
  expect(t2.cache_n).toBeGreaterThan(0);
  expect(t2.prompt_n).toBeLessThan(t2.cache_n);
  console.log(
    `[${isolated ? 'isolated' : 'one thread'}] turn 2: cache_n ${t2.cache_n}, prompt_n ${t2.prompt_n}`,
  );

  // Stop during generation ends it (finish: abort, fewer tokens than allowed), then the next message works.
  await page.evaluate(
    () => ((globalThis as unknown as Hook).__codeact.app.settings.maxReplyTokens = 400),
  );
  const n = (await timings(page)).length;
  await send(page, 'Write a long story about a robot.');
  await page.waitForFunction(
    () => ((globalThis as unknown as { __seen: string[] }).__seen.at(-1) ?? '').trim().length > 0,
    undefined,
    { timeout: 600_000 },
  );
  const stopAt = Date.now();
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('status')).toHaveText('idle', { timeout: 60_000 });
  const stopMs = Date.now() - stopAt;
  const stopped = (await timings(page)).slice(n);
  expect(stopped.at(-1)?.predicted_n ?? 0).toBeLessThan(400);
  test.info().annotations.push({
    type: 'stop latency (ms, measured, not asserted)',
    description: String(stopMs),
  });
  await page.evaluate(
    () => ((globalThis as unknown as Hook).__codeact.app.settings.maxReplyTokens = 16),
  );
  const m = (await timings(page)).length;
  await send(page, 'Say OK.');
  await expect(page.getByTestId('status')).toHaveText('idle', { timeout: 1_200_000 });
  expect((await timings(page)).length).toBeGreaterThan(m);
  await expect(page.getByTestId('msg-assistant').last()).not.toBeEmpty();
}

test('SmolLM2 GGUF through the app, several threads (cross-origin isolated)', async ({ page }) => {
  await episode(page, './', true);
});

test('SmolLM2 GGUF through the app, one thread (not isolated)', async ({ page }) => {
  await episode(page, `http://127.0.0.1:${PLAIN_PORT}/`, false);
});
