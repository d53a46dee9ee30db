// A widget on another origin chats with a model server named by its host page: the
// `endpoint-url` / `endpoint-model` attributes, then the key through the host API
// (client.setEndpoint). The server is the FAKE OpenAI-compatible one (recorded turns).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { chromiumArgsDisabling, findChromiumSync } from '../../scripts/browser.mjs';
import type { CodeActWidgetClient } from '../../src/embed/host/host-client';
import { FAKE_MODEL_ID, FakeOpenAIServer } from '../support/fake-openai-server';

const APP_PORT = Number(process.env.E2E_PORT ?? 4310);
const APP = `http://127.0.0.1:${APP_PORT}/`;
const KEY = 'sk-e2e-widget-key-4711';
type ChatBody = { messages: { role: string; content: string }[] };

let fake: FakeOpenAIServer | undefined;
test.afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

// As in embed-widget.spec.ts: keep storage for cross-site iframes, as stock Chrome does.
test.use({
  launchOptions: {
    executablePath: findChromiumSync(),
    args: chromiumArgsDisabling(['HttpsUpgrades', 'MediaRouter', 'OptimizationHints']),
  },
});
const HOST_PORT = APP_PORT + 2;
const FIXTURES = path.resolve('test/fixtures/embed');
let host: http.Server;
test.beforeAll(async () => {
  host = http.createServer((req, res) => {
    const file = path.join(FIXTURES, new URL(req.url ?? '/', 'http://x').pathname);
    if (!file.startsWith(FIXTURES + path.sep) || !fs.existsSync(file))
      return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => host.listen(HOST_PORT, r));
});
test.afterAll(() => new Promise<void>((r) => host.close(() => r())));

test('the host names the endpoint (attributes) and gives its key (setEndpoint); the key never comes back', async ({
  page,
}) => {
  test.setTimeout(150_000);
  fake = await FakeOpenAIServer.start({
    apiKey: KEY,
    turns: ['I will check.\n<execute>\nprint(6 * 7)\n</execute>', 'It is 42.'],
  });
  await page.goto(`http://localhost:${HOST_PORT}/host.html?app=${encodeURIComponent(APP)}`);
  await expect(page.locator('body')).toHaveAttribute('data-embed-loaded', '1');
  await page.evaluate(
    ({ app, baseUrl, model }) => {
      const seen: unknown[] = [];
      Object.defineProperty(window, '__seen', { value: seen });
      window.addEventListener('message', (e) => seen.push(e.data));
      const el = document.createElement('codeact-agent');
      el.setAttribute('src', app);
      el.setAttribute('endpoint-url', baseUrl);
      el.setAttribute('endpoint-model', model);
      document.getElementById('slot')!.append(el);
    },
    { app: APP, baseUrl: fake.baseUrl, model: FAKE_MODEL_ID },
  );
  const frame = page.locator('codeact-agent iframe');
  expect(await frame.getAttribute('allow')).toContain('local-network-access');
  const widget = frame.contentFrame();
  await expect(widget.getByTestId('endpoint-status')).toHaveAttribute('data-state', 'host');
  await expect(widget.getByTestId('endpoint-status')).toContainText(FAKE_MODEL_ID);

  const out = await page.evaluate(
    async ({ baseUrl, model, key }) => {
      type El = HTMLElement & { client: CodeActWidgetClient };
      const client = (document.querySelector('codeact-agent') as El).client;
      await client.ready();
      const set = await client.setEndpoint({ url: baseUrl, model, apiKey: key });
      const answer = await client.ask('What is six times seven?');
      const transcript = await client.getTranscript();
      return { set, answer, transcript };
    },
    { baseUrl: fake.baseUrl, model: FAKE_MODEL_ID, key: KEY },
  );
  expect(out.set).toEqual({ url: fake.baseUrl, model: FAKE_MODEL_ID });
  expect(out.answer.final).toBe('It is 42.');
  expect(fake.chatRequests).toHaveLength(2);
  for (const r of fake.chatRequests) {
    expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(r.headers.origin).toBe(APP.replace(/\/$/, ''));
  }
  expect((fake.chatRequests[1]!.body as ChatBody).messages.at(-1)?.content).toMatch(
    /^Execution Output:\n42/,
  );
  const seen = await page.evaluate(() =>
    JSON.stringify((window as unknown as { __seen: unknown[] }).__seen),
  );
  expect(seen).toContain('It is 42.');
  expect(seen).not.toContain(KEY);
  expect(JSON.stringify(out.transcript)).not.toContain(KEY);
});
