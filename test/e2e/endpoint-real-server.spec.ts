// "Use a model server" against a REAL server with a REAL model: llama-cpp-python's server
// (llama.cpp built from source, PyPI llama-cpp-python[server]==0.3.36) running
// SmolLM2-135M-Instruct (Q4_1 GGUF) on loopback, started and stopped by this spec
// (scripts/fixtures/llama-server.mjs). It asserts what the pipeline did, never whether the
// model was right. The fixture comes from `node scripts/fixtures/llama-server.mjs install`
// (.ci/run runs it): without it the spec skips with the reason, except under CI, where it fails.
import { expect, test, type Page } from '@playwright/test';
import {
  fixtureMissing,
  MODEL_ALIAS,
  startLlamaServer,
  type LlamaServer,
} from '../../scripts/fixtures/llama-server.mjs';

const PORT = Number(process.env.E2E_PORT ?? 4310) + 11;
const missing = fixtureMissing();

test.use({ serviceWorkers: 'block' });
test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  if (missing && process.env.CI)
    throw new Error(
      `The real-server fixture is missing under CI (${missing}): .ci/run must run "node scripts/fixtures/llama-server.mjs install".`,
    );
});
test.skip(
  !!missing,
  `real llama-cpp-python fixture absent (${missing}); run: node scripts/fixtures/llama-server.mjs install`,
);

let server: LlamaServer | undefined;
test.afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function connect(page: Page, baseUrl: string, contextTokens?: number) {
  await page.goto('./');
  await page.getByTestId('endpoint-url').fill(baseUrl);
  await page.getByTestId('endpoint-connect').click();
  const status = page.getByTestId('endpoint-status');
  await expect(status).toHaveAttribute('data-state', 'connected');
  await expect(status).toContainText('(llama-cpp-python)');
  await expect(page.getByTestId('endpoint-model')).toHaveValue(MODEL_ALIAS);
  if (contextTokens) {
    await page.getByTestId('endpoint-context-tokens').fill(String(contextTokens));
    await page.getByTestId('endpoint-context-tokens').dispatchEvent('change');
    await expect(page.getByTestId('endpoint-context')).toContainText(
      `${contextTokens} tokens (set by you)`,
    );
  }
}

/** Short replies and one code step: a 2-core CI machine decodes this model at tens of tokens a second. */
async function setBudget(page: Page, steps: number, tokens: number) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByTestId('setting-max-steps').fill(String(steps));
  await page.getByTestId('setting-max-steps').press('Tab');
  await page.getByTestId('setting-max-tokens').fill(String(tokens));
  await page.getByTestId('setting-max-tokens').press('Tab');
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
}

/** Records every distinct length of the streaming reply's text, in the page. */
async function watchStreaming(page: Page) {
  await page.evaluate(() => {
    const seen: number[] = [];
    (globalThis as { __lengths?: number[] }).__lengths = seen;
    new MutationObserver(() => {
      const msg = document.querySelector('[data-testid="msg-assistant"][aria-busy="true"]');
      const n = msg?.textContent?.trim().length ?? 0;
      if (n > 0 && seen.at(-1) !== n) seen.push(n);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (globalThis as { __lengths?: number[] }).__lengths ?? []);
}

test('real server, real model: an episode streams tokens, a code action it writes runs, Stop closes the connection', async ({
  page,
}) => {
  test.setTimeout(300_000);
  server = await startLlamaServer({ port: PORT, nCtx: 4096 });
  // The server does not report its context window: the user says it (4096, as started).
  await connect(page, server.baseUrl, 4096);
  await setBudget(page, 1, 64);
  const lengths = await watchStreaming(page);
  await page
    .getByTestId('composer')
    .fill(
      'Reply with exactly these three lines and nothing else:\n<execute>\nprint(6 * 7)\n</execute>',
    );
  await page.getByTestId('send').click();
  await expect(page.getByTestId('status')).toHaveText('idle', { timeout: 240_000 });
  // Tokens arrived one piece after another (several lengths seen while it streamed).
  expect((await lengths()).length).toBeGreaterThan(1);
  const cells = page.getByTestId('code-cell');
  const replies = page.getByTestId('msg-assistant');
  expect((await cells.count()) + (await replies.count())).toBeGreaterThan(0);
  // Any code action the model wrote was run (its cell finished, with output or an error).
  for (let i = 0; i < (await cells.count()); i++)
    await expect(cells.nth(i)).not.toHaveAttribute('data-status', /queued|running/);

  // Stop in the middle of a long reply: the connection is closed, and the server says so.
  await setBudget(page, 1, 600);
  await page.getByTestId('composer').fill('Write a very long story about a lighthouse keeper.');
  await page.getByTestId('send').click();
  await expect(replies.last()).toHaveAttribute('aria-busy', 'true', { timeout: 60_000 });
  await expect
    .poll(async () => (await replies.last().textContent())?.trim().length ?? 0, { timeout: 60_000 })
    .toBeGreaterThan(20);
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('status')).toHaveText('idle');
  await expect
    .poll(() => server!.output.join(''), { timeout: 30_000 })
    .toContain('Disconnected from client');
});

test('real server with a small --n_ctx: its context error becomes a clear message', async ({
  page,
}) => {
  test.setTimeout(180_000);
  server = await startLlamaServer({ port: PORT, nCtx: 512 });
  await connect(page, server.baseUrl);
  await page.getByTestId('composer').fill('What is 2 + 2?');
  await page.getByTestId('send').click();
  // The server's 400 names its limit; the engine believes it, the agent cannot fit the
  // conversation in it and says so, with the server's own setting to raise it.
  // The notice in the conversation (the status line's Details holds a hidden copy).
  const message = page
    .getByText(/context window/)
    .filter({ visible: true })
    .first();
  await expect(message).toBeVisible({ timeout: 120_000 });
  await expect(message).toContainText('512');
  await expect(message).toContainText('--n_ctx');
  await expect(page.getByTestId('status')).not.toHaveText(/generating|running|loading/);
  expect(server.output.join('')).toMatch(/POST \/v1\/chat\/completions HTTP\/1\.1" 400/);
});
