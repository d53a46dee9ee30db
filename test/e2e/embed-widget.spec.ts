// The widget embedded by a host page on another origin (another port and host name, so
// another site), driven through embed.js's typed client, with the replay engine playing
// a scripted demo transcript. The app replays only transcripts from its own site, so the
// transcript and CSV live in public/embed-demo/ (the demo host page uses them too).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { chromiumArgsDisabling, findChromiumSync } from '../../scripts/browser.mjs';
import type { CodeActWidgetClient } from '../../src/embed/host/host-client';

const APP_PORT = Number(process.env.E2E_PORT ?? 4310);
const HOST_PORT = APP_PORT + 1;
const APP = `http://127.0.0.1:${APP_PORT}/`;
const HOST = `http://localhost:${HOST_PORT}`;
const FOREIGN = `http://127.0.0.1:${HOST_PORT}`;
const FIXTURES = path.resolve('test/fixtures/embed');

// Playwright's default --disable-features list denies storage to cross-site iframes;
// a list without ThirdPartyStoragePartitioning replaces it (Chromium keeps the last copy), as in
// stock Chrome.
test.use({
  launchOptions: {
    executablePath: findChromiumSync(),
    args: chromiumArgsDisabling(['HttpsUpgrades', 'MediaRouter', 'OptimizationHints']),
  },
});

// A plain static host: no COOP/COEP (like most sites).
let server: http.Server;
test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    const file = path.join(FIXTURES, new URL(req.url ?? '/', 'http://x').pathname);
    if (!file.startsWith(FIXTURES + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': file.endsWith('.html') ? 'text/html' : 'application/octet-stream',
    });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(HOST_PORT, r));
});
test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

type WidgetElement = HTMLElement & { client: CodeActWidgetClient };

interface Recorder {
  events: { type: string; [k: string]: unknown }[];
  toolCalls: unknown[];
  fromWidget: unknown[];
  foreignSent: boolean;
}

test('a host page on another origin drives the widget: CSV, prompt, JS tool, final answer; bad messages ignored; host untouched', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const replay = `${APP}embed-demo/sales-transcript.json`;
  await page.goto(`${HOST}/host.html?app=${encodeURIComponent(APP)}`);
  await expect(page.locator('body')).toHaveAttribute('data-embed-loaded', '1');

  // Mount the widget, then take the host's "before" picture.
  await page.evaluate(
    ({ app, replay }) => {
      const rec: Recorder = { events: [], toolCalls: [], fromWidget: [], foreignSent: false };
      Object.defineProperty(window, '__rec', { value: rec });
      window.addEventListener('message', (e) => {
        if ((e.data as { foreignFrameSent?: boolean }).foreignFrameSent) rec.foreignSent = true;
        else rec.fromWidget.push(e.data);
      });
      const el = document.createElement('codeact-agent');
      el.setAttribute('src', `${app}?replay=${encodeURIComponent(replay)}&pace=0`);
      el.setAttribute('height', '480');
      el.setAttribute('placeholder', 'Ask about the sales data');
      document.getElementById('slot')!.append(el);
    },
    { app: APP, replay },
  );
  const snapshot = () =>
    page.evaluate(() => ({
      globals: Object.getOwnPropertyNames(window).sort(),
      body: document.body.innerHTML,
      title: document.title,
      storage: JSON.stringify(Object.entries(localStorage)),
      cookie: document.cookie,
    }));
  const before = await snapshot();

  const info = await page.evaluate(async () => {
    const ready = (document.querySelector('codeact-agent') as WidgetElement).client.ready();
    // A clear failure instead of a hang when the app does not start the bridge at all.
    const unwired = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error('The widget never answered: is startEmbedMode wired into the app?')),
        60_000,
      ),
    );
    return Promise.race([ready, unwired]);
  });
  expect(info.protocol).toBe(1);
  // The host sends no COOP/COEP, so the widget runs without isolation (restart fallback).
  expect(info.crossOriginIsolated).toBe(false);

  // A third origin's frame and malformed messages from the host: all must be ignored.
  await page.evaluate((foreign) => {
    const widget = document.querySelector('codeact-agent')!.shadowRoot!.querySelector('iframe')!;
    const w = widget.contentWindow!;
    const target = new URL(widget.src).origin;
    w.postMessage(
      { channel: 'codeact-embed', kind: 'request', method: 'ask', params: { prompt: 'NO ID' } },
      target,
    );
    w.postMessage(
      { channel: 'codeact-embed', kind: 'request', id: 'bad-1', method: 'eval', params: {} },
      target,
    );
    w.postMessage('ask: STRING PROMPT', target);
    const f = document.createElement('iframe');
    f.src = `${foreign}/foreign.html`;
    document.body.append(f);
  }, FOREIGN);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __rec: Recorder }).__rec.foreignSent))
    .toBe(true);
  await page.evaluate(() => document.querySelector('iframe[src$="foreign.html"]')!.remove());

  // The real work: a CSV, a JavaScript tool implemented by the host, and a prompt.
  const final = await page.evaluate(async () => {
    const rec = (window as unknown as { __rec: Recorder }).__rec;
    const client = (document.querySelector('codeact-agent') as WidgetElement).client;
    client.on('*', (e) => rec.events.push(e));
    await client.writeFile('sales.csv', 'region,units\nnorth,10\nsouth,12\neast,20\n');
    await client.registerJsTool(
      {
        name: 'exchange_rate',
        signature: '(currency: str)',
        returns: 'dict',
        description: 'Rate for 1 unit',
      },
      (args) => {
        rec.toolCalls.push(args);
        return { rate: 0.5, source: 'host-page' };
      },
    );
    const bad = await client.ask('   ').then(
      () => 'accepted',
      (e: Error) => e.message,
    );
    const answer = await client.ask("How many units are in sales.csv, in EUR at the host's rate?");
    const transcript = await client.getTranscript();
    return { bad, answer, transcript };
  });

  const rec = await page.evaluate(() => (window as unknown as { __rec: Recorder }).__rec);
  const seen = JSON.stringify(rec.events, null, 1); // shown when an assertion fails
  expect(final.bad).toMatch(/prompt.*empty/);
  expect(final.answer.final, seen).toContain('42 units');
  expect(final.answer.final, seen).toContain('21.0 EUR');
  const outputs = rec.events
    .filter((e) => e.type === 'output')
    .map((e) => e.text as string)
    .join('');
  expect(outputs).toContain('total units: 42');
  expect(outputs).toContain('rate from host: 0.5 host-page');
  expect(outputs).toContain('host DOM reachable: False');
  expect(rec.toolCalls).toEqual([{ currency: 'EUR' }]);
  expect(rec.events.filter((e) => e.type === 'code')).toHaveLength(2);
  expect(rec.events.at(-1)).toMatchObject({ type: 'final' });

  // Nothing from the foreign frame or the malformed messages got through.
  const userTurns = final.transcript.filter((m) => m.role === 'user').map((m) => m.content);
  expect(userTurns.join('\n')).not.toMatch(/FOREIGN|NO ID|STRING PROMPT/);
  const ids = rec.fromWidget.map((m) => (m as { id?: string }).id).filter(Boolean);
  expect(ids).not.toContain('bad-1');
  expect(ids).not.toContain('foreign-1');
  expect(ids).not.toContain('foreign-2');
  // The `placeholder` attribute reached the widget's composer.
  const widget = page.locator('codeact-agent iframe').contentFrame();
  await expect(widget.getByTestId('composer')).toHaveAttribute(
    'placeholder',
    'Ask about the sales data',
  );
  // The host page is as it was: same globals, DOM, title, storage and cookies.
  expect(await snapshot()).toEqual(before);
});
