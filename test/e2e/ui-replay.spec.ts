import { expect, test, type Page } from '@playwright/test';

// Full loop in the production build: a replay transcript (scripted, labelled as a replay) drives
// the real agent loop and real Pyodide. Transcripts are served by the test itself.
test.use({ serviceWorkers: 'block' });

interface Transcript {
  prompt: string;
  turns: string[];
  pace_ms?: number;
}

async function serveTranscript(page: Page, name: string, t: Transcript) {
  // Match the path only: the page's own URL names the transcript in its query string.
  await page.route(
    (url) => url.pathname.endsWith(`/ui-fixture/${name}.json`),
    (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ format: 'codeact-replay/1', title: name, pace_ms: 5, ...t }),
      }),
  );
}

function watchForTrouble(page: Page) {
  const trouble = { dialogs: 0, outside: [] as string[] };
  page.on('dialog', (d) => {
    trouble.dialogs++;
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1')) trouble.outside.push(r.url());
  });
  return trouble;
}

test('replay loop: streamed text, a code cell with real outputs, the final answer', async ({
  page,
}) => {
  const trouble = watchForTrouble(page);
  await serveTranscript(page, 'loop', {
    prompt: 'What is six times seven?',
    pace_ms: 20,
    turns: [
      'I will compute it in Python, which is more reliable than mental arithmetic for this.\n<execute>\nprint("hello from python")\nx = 6 * 7\nx\n</execute>',
      'The product is <solution>42</solution>.',
    ],
  });
  await page.goto('./?replay=./ui-fixture/loop.json&autorun=1');
  await expect(page.getByTestId('engine-label')).toContainText(/Replay/);
  await expect(page.getByTestId('msg-user')).toHaveText('What is six times seven?');
  // Streaming shows up as a busy assistant message before the reply is complete.
  await expect(
    page.locator('[data-testid="msg-assistant"][aria-busy="true"]').first(),
  ).toBeVisible();
  const cell = page.getByTestId('code-cell');
  await expect(cell.getByTestId('cell-stdout')).toHaveText('hello from python', {
    timeout: 90_000,
  });
  await expect(cell.getByTestId('cell-code')).toContainText('x = 6 * 7');
  await expect(cell.getByTestId('cell-result')).toHaveText('42');
  await expect(cell).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('msg-assistant').last()).toContainText('The product is 42.');
  await expect(page.getByTestId('status')).toHaveText('idle');
  await expect(page.getByTestId('msg-assistant').first()).toContainText('I will compute it');
  await expect(page.getByTestId('python-status')).toContainText(/Python 3\.14/);

  // Edit the cell and run it by hand: a new cell with its own output.
  await cell.getByRole('button', { name: 'Edit' }).click();
  const editor = cell.locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('print(x + 1)');
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  const manual = page.getByTestId('code-cell').nth(1);
  await expect(manual.getByTestId('cell-stdout')).toHaveText('43');
  await expect(manual).toContainText('Run by hand');
  await expect(page.getByTestId('code-cell').first().getByTestId('cell-code')).toContainText(
    'x = 6 * 7',
  );

  // Export JSON holds the exact last request (system prompt first).
  const download = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const data = JSON.parse(
    await (await download).createReadStream().then(async (s) => {
      const chunks: Buffer[] = [];
      for await (const c of s) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }),
  );
  expect(data.messages[0].role).toBe('system');
  expect(
    data.messages.some((m: { content: string }) => m.content.includes('hello from python')),
  ).toBe(true);
  expect(data.cells[0].outputs.length).toBeGreaterThan(0);
  expect(trouble).toEqual({ dialogs: 0, outside: [] });
});

test('uploaded CSV is read with the csv module; reload restores conversation and files', async ({
  page,
}) => {
  await serveTranscript(page, 'csv', {
    prompt: 'Total the amounts in sales.csv',
    turns: [
      "Let me read the file.\n<execute>\nimport csv\nwith open('sales.csv', newline='') as f:\n    rows = list(csv.DictReader(f))\nprint(len(rows), sum(float(r['amount']) for r in rows))\n</execute>",
      'There are 3 rows totalling <solution>60.0</solution>.',
    ],
  });
  await page.goto('./?replay=./ui-fixture/csv.json');
  await expect(page.getByTestId('composer')).toHaveValue('Total the amounts in sales.csv');
  await page.getByRole('button', { name: 'Files', exact: true }).click();
  await page.getByTestId('file-input').setInputFiles({
    name: 'sales.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('region,amount\nnorth,10\nsouth,20\neast,30\n'),
  });
  await expect(page.getByTestId('file-item')).toContainText('sales.csv', { timeout: 90_000 });
  // Keyboard-first: Enter sends.
  await page.getByTestId('composer').press('Enter');
  await expect(page.getByTestId('cell-stdout')).toHaveText('3 60.0', { timeout: 90_000 });
  await expect(page.getByTestId('msg-assistant').last()).toContainText('totalling 60.0');
  await expect(page.getByTestId('status')).toHaveText('idle');

  await page.reload();
  await expect(page.getByTestId('chat-item')).toHaveCount(1);
  await expect(page.getByTestId('cell-stdout')).toHaveText('3 60.0');
  await expect(page.getByTestId('msg-assistant').last()).toContainText('totalling 60.0');
  await page.getByRole('button', { name: 'Files', exact: true }).click();
  await expect(page.getByTestId('file-item')).toContainText('sales.csv', { timeout: 90_000 });
});

test('XSS in model text, Python stdout, HTML display and file names stays inert', async ({
  page,
}) => {
  const trouble = watchForTrouble(page);
  await serveTranscript(page, 'xss', {
    prompt: 'Show me <img src=x onerror=alert("prompt")>',
    turns: [
      'Look: <img src=x onerror=alert(1)> <script>alert(2)</script> ![t](https://evil.example/t.png) <a href="javascript:alert(3)">x</a>\n<execute>\nprint(\'<img src=x onerror=alert(4)><script>alert(5)</script>\')\nclass H:\n    def _repr_html_(self):\n        return \'<b>bold</b><img src="https://evil.example/h.png" onerror="alert(6)"><script>alert(7)</script><div style="background:url(https://evil.example/bg)">bg</div>\'\nH()\n</execute>',
      'Done <solution>ok</solution> <svg onload=alert(8)></svg>',
    ],
  });
  await page.goto('./?replay=./ui-fixture/xss.json&autorun=1');
  const cell = page.getByTestId('code-cell');
  await expect(cell.getByTestId('cell-stdout')).toContainText('<img src=x onerror=alert(4)>', {
    timeout: 90_000,
  });
  await expect(cell.getByTestId('cell-html').locator('b')).toHaveText('bold');
  await expect(page.getByTestId('msg-assistant').last()).toContainText('Done ok');

  await page.getByRole('button', { name: 'Files', exact: true }).click();
  const evilName = '<img src=x onerror=alert(9)>.csv';
  await page.getByTestId('file-input').setInputFiles({
    name: evilName,
    mimeType: 'text/csv',
    buffer: Buffer.from('a\n1\n'),
  });
  await expect(page.getByTestId('file-item').filter({ hasText: evilName })).toHaveCount(1);

  const live = await page.evaluate(() => {
    const root = document.querySelector('.app')!;
    const all = [...root.querySelectorAll('*')];
    return {
      scripts: root.querySelectorAll('script, iframe, svg, object, embed').length,
      handlers: all.flatMap((e) =>
        [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name),
      ),
      jsLinks: all.filter((e) => /javascript:/i.test(e.getAttribute('href') ?? '')).length,
    };
  });
  expect(live).toEqual({ scripts: 0, handlers: [], jsLinks: 0 });
  await page.waitForTimeout(300);
  expect(trouble).toEqual({ dialogs: 0, outside: [] });
});

test('stop during a long run interrupts Python and returns to idle', async ({ page }) => {
  await serveTranscript(page, 'stop', {
    prompt: 'Loop forever',
    turns: [
      "Running a long loop.\n<execute>\nprint('started', flush=True)\nwhile True:\n    pass\n</execute>",
      'It was stopped.',
    ],
  });
  await page.goto('./?replay=./ui-fixture/stop.json&autorun=1');
  const cell = page.getByTestId('code-cell');
  await expect(cell).toHaveAttribute('data-status', 'running', { timeout: 90_000 });
  await expect(page.getByTestId('status')).toHaveText('running');
  await page.getByTestId('stop').click();
  await expect(cell).toHaveAttribute('data-status', 'interrupted');
  await expect(page.getByTestId('status')).toHaveText('idle');
  // A stopped demo is over too: the composer offers the real ways on.
  await expect(page.getByTestId('demo-over')).toBeVisible();
});

test('a reload during a run brings the conversation back up to its last completed step', async ({
  page,
}) => {
  await serveTranscript(page, 'cut', {
    prompt: 'Count forever',
    turns: ['Counting now.\n<execute>\nwhile True:\n    pass\n</execute>', 'never played'],
  });
  await page.goto('./?replay=./ui-fixture/cut.json&autorun=1');
  await expect(page.getByTestId('code-cell')).toHaveAttribute('data-status', 'running', {
    timeout: 90_000,
  });
  await page.reload();
  await expect(page.getByTestId('chat-item')).toHaveCount(1);
  await expect(page.getByTestId('msg-user')).toHaveText('Count forever');
  await expect(page.getByTestId('msg-assistant')).toContainText('Counting now.');
  await expect(page.getByTestId('code-cell')).toHaveCount(0);
  await expect(page.getByTestId('status')).toHaveText('idle');
});

test('demo mode: a bundled scripted demo copies its files and runs, labelled as a replay', async ({
  page,
}) => {
  await page.goto('./');
  const demo = page.getByTestId('demo-item').filter({ hasText: 'CSV' });
  await expect(demo).toContainText('scripted demo');
  await demo.click();
  await expect(page.getByTestId('engine-label')).toContainText('Replay');
  await expect(page.getByTestId('code-cell').first()).toHaveAttribute('data-status', 'done', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('status')).toHaveText('idle', { timeout: 60_000 });
  await expect(page.getByTestId('msg-assistant').last()).toContainText('East');
  await page.getByRole('button', { name: 'Files', exact: true }).click();
  await expect(page.getByTestId('file-item')).toContainText('sales.csv');
});
