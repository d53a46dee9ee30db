// "Use a model server" in the production build, against the FAKE OpenAI-compatible server
// (test/support/fake-openai-server.ts: recorded turns, not a model). The page talks to it
// over real HTTP from Chromium, Python runs in real Pyodide, and the fake records what it
// receives (bodies, headers, whether the client closed the stream).
import { expect, test, type Page } from '@playwright/test';
import { FAKE_MODEL_ID, FakeOpenAIServer } from '../support/fake-openai-server';
import { runPython } from './python-helpers';

const APP_PORT = Number(process.env.E2E_PORT ?? 4310);
const APP = `http://127.0.0.1:${APP_PORT}/`;
const KEY = 'sk-e2e-fake-key-31337';

test.use({ serviceWorkers: 'block' });

let fake: FakeOpenAIServer | undefined;
test.afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function connect(page: Page, baseUrl: string, key?: string) {
  await page.goto('./');
  await page.getByTestId('endpoint-url').fill(baseUrl);
  if (key) await page.getByTestId('endpoint-key').fill(key);
  await page.getByTestId('endpoint-connect').click();
  const status = page.getByTestId('endpoint-status');
  await expect(status).not.toHaveAttribute('data-state', 'connecting');
  return status;
}

const ACTION_1 =
  'I will compute the mean first.\n<execute>\nimport statistics\nprint(statistics.mean([2, 4, 9]))\n</execute>';
const ACTION_2 = 'Now the sum.\n<execute>\nprint(sum(range(10)))\n</execute>';
const FINAL = 'The mean is 5 and the sum of 0..9 is 45.';

type ChatBody = { messages: { role: string; content: string }[]; stop: string[] };

test('connect lists the models; a two-action episode runs through real Pyodide; Python cannot reach the server', async ({
  page,
}) => {
  test.setTimeout(150_000);
  fake = await FakeOpenAIServer.start({
    apiKey: KEY,
    models: [{ id: FAKE_MODEL_ID, max_model_len: 32768 }, { id: 'fake-replay/other-model' }],
    turns: [ACTION_1, ACTION_2, FINAL],
  });
  const status = await connect(page, fake.baseUrl, KEY);
  await expect(status).toHaveAttribute('data-state', 'connected');
  await expect(status).toContainText('2 models');
  await expect(page.getByTestId('endpoint-model').locator('option')).toHaveText([
    FAKE_MODEL_ID,
    'fake-replay/other-model',
  ]);
  await expect(page.getByTestId('engine-label')).toContainText(
    `${FAKE_MODEL_ID} (model server at ${fake.baseUrl})`,
  );

  await page.getByTestId('composer').fill('What is the mean of 2, 4 and 9, and the sum of 0..9?');
  await page.getByTestId('send').click();
  const cells = page.getByTestId('code-cell');
  await expect(cells.nth(0).getByTestId('cell-stdout')).toHaveText('5', { timeout: 90_000 });
  await expect(cells.nth(1).getByTestId('cell-stdout')).toHaveText('45');
  await expect(page.getByTestId('msg-assistant').last()).toContainText(FINAL);
  await expect(page.getByTestId('status')).toHaveText('idle');

  const chats = fake.chatRequests;
  expect(chats).toHaveLength(3);
  for (const r of chats) expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
  const second = chats[1]!.body as ChatBody;
  expect(second.stop).toEqual(['</execute>', '<|im_end|>']); // the CodeAct dialect
  expect(second.messages[0]?.role).toBe('system');
  expect(second.messages.at(-2)).toEqual({ role: 'assistant', content: ACTION_1 });
  expect(second.messages.at(-1)?.role).toBe('user');
  expect(second.messages.at(-1)?.content).toMatch(/^Execution Output:\n5\b/);
  expect((chats[2]!.body as ChatBody).messages.at(-1)?.content).toMatch(/^Execution Output:\n45\b/);

  // The endpoint is the page's, not Python's: with network access off Python cannot call it.
  const before = fake.requests.length;
  const r = await runPython(
    page,
    `import js, pyodide.http\nout = []\nfor f in (lambda: pyodide.http.pyfetch("${fake.baseUrl}/models"), lambda: js.fetch("${fake.baseUrl}/models")):\n    try:\n        await f()\n        out.append("REACHED")\n    except BaseException as e:\n        out.append("blocked")\nout`,
  );
  expect(JSON.stringify(r.outputs)).toContain("['blocked', 'blocked']");
  expect(fake.requests.length).toBe(before);
});

test('Stop mid-stream closes the connection: the server sees the client close its stream', async ({
  page,
}) => {
  test.setTimeout(150_000);
  fake = await FakeOpenAIServer.start({
    turns: [{ text: 'Let me think about this slowly. '.repeat(40), hangAfterChunks: 6 }],
  });
  await expect(await connect(page, fake.baseUrl)).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('composer').fill('Take your time.');
  await page.getByTestId('send').click();
  // The first request waits for Python to boot (the agent's system prompt lists its packages).
  await expect(page.getByTestId('msg-assistant').last()).toContainText('Let me think', {
    timeout: 90_000,
  });
  expect(fake.chatRequests[0]?.closedByClient).toBe(false);
  await page.getByTestId('stop').click();
  await fake.waitFor(() => fake!.chatRequests[0]?.closedByClient === true);
  expect(fake.chatRequests[0]).toMatchObject({ closedByClient: true, completed: false });
  await expect(page.getByTestId('status')).toHaveText('idle');
});

test('a server without CORS headers: the CORS message names the setting for each server', async ({
  page,
}) => {
  fake = await FakeOpenAIServer.start({ cors: false });
  const status = await connect(page, fake.baseUrl);
  // Served with COOP/COEP, so the classifier relies on the browser's COEP report here.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(status).toHaveAttribute('data-code', 'cors');
  const origin = APP.replace(/\/$/, '');
  for (const setting of [
    `OLLAMA_ORIGINS=${origin}`,
    'Enable CORS',
    'lms server start --cors',
    `--allowed-origins '["${origin}"]'`,
    `--cors-origins ${origin}`,
  ])
    await expect(status).toContainText(setting);
  // The fake did receive the request: the browser only hid the answer from the page.
  expect(fake.requests.some((r) => r.path === '/v1/models')).toBe(true);
});

test('a server that is not running is "unreachable", not CORS', async ({ page }) => {
  const gone = await FakeOpenAIServer.start();
  const baseUrl = gone.baseUrl;
  await gone.close();
  const status = await connect(page, baseUrl);
  await expect(status).toHaveAttribute('data-code', 'unreachable');
  await expect(status).toContainText(`Nothing answered at ${baseUrl}`);
});

test('a 401 gives the key message', async ({ page }) => {
  fake = await FakeOpenAIServer.start({ apiKey: KEY });
  const status = await connect(page, fake.baseUrl, 'sk-wrong');
  await expect(status).toHaveAttribute('data-code', 'unauthorized');
  await expect(status).toContainText('refused the API key (HTTP 401)');
  await expect(status).toContainText('API key field');
});
