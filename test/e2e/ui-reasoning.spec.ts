import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

// Reasoning models in the production build, driven by a replay (hand-written transcript in
// Qwen3's format, labelled as a replay) through the real agent loop and real Pyodide.
test.use({ serviceWorkers: 'block' });

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/replays/${name}`, import.meta.url), 'utf8');

async function serve(page: Page, name: string, body: string) {
  // Same-origin, like a transcript next to the app; matched on the path only.
  await page.route(
    (url) => url.pathname.endsWith(`/test-fixture/${name}`),
    (route) => route.fulfill({ contentType: 'application/json', body }),
  );
}

async function exportedJson(page: Page) {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const stream = await (await download).createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

test('an <execute> inside <think> never runs; the reasoning is shown collapsed', async ({
  page,
}) => {
  await serve(page, 'reasoning.json', fixture('reasoning-execute-inside.json'));
  await page.goto('./?replay=./test-fixture/reasoning.json&autorun=1');
  await expect(page.getByTestId('engine-label')).toContainText(/Replay/);
  // Reasoning models get the per-conversation thinking switch (replays ignore it); it leaves
  // with the replay engine when the demo is over.
  await expect(page.getByTestId('thinking-toggle')).toBeChecked();
  const cells = page.getByTestId('code-cell');
  await expect(cells.first().getByTestId('cell-stdout')).toHaveText('after think 42', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('status')).toHaveText('idle');
  // Only the action after </think> ran: one cell, with that code.
  await expect(cells).toHaveCount(1);
  await expect(cells.first().getByTestId('cell-code')).toContainText('print("after think", 6 * 7)');
  await expect(page.getByText('from inside think', { exact: false }).first()).toBeHidden();

  // The reasoning block: present, closed by default, holding the draft as text.
  const reasoning = page.getByTestId('reasoning').first();
  await expect(reasoning).toHaveCount(1);
  await expect(reasoning).not.toHaveAttribute('open', /.*/);
  await expect(reasoning.locator('p')).toBeHidden();
  await reasoning.locator('summary').click();
  await expect(reasoning).toHaveAttribute('open', '');
  await expect(reasoning.locator('p')).toContainText('print("from inside think")');
  await expect(page.getByTestId('msg-assistant').last()).toContainText('Six times seven is 42.');

  await expect(page.getByTestId('turn-stats')).toContainText(/ctx \d+\/32768/);

  // The history keeps the reasoning within this message's steps (what the model sees next).
  const data = await exportedJson(page);
  const replies = data.messages.filter((m: { role: string }) => m.role === 'assistant');
  expect(replies[0].content).toContain('<think>');
  expect(replies[0].content.endsWith('print("after think", 6 * 7)\n</execute>')).toBe(true);
});

test('after an upload, the request lists the file with its columns and first rows', async ({
  page,
}) => {
  await serve(
    page,
    'files.json',
    JSON.stringify({
      format: 'codeact-replay/1',
      title: 'Hand-written transcript: answers after an upload',
      prompt: 'What drives sales?',
      pace_ms: 5,
      turns: ['The file has regions and amounts; east sells most. <solution>east</solution>'],
    }),
  );
  await page.goto('./?replay=./test-fixture/files.json');
  await expect(page.getByTestId('composer')).toHaveValue('What drives sales?');
  await page.getByRole('button', { name: 'Files', exact: true }).click();
  await page.getByTestId('file-input').setInputFiles({
    name: 'sales.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'region,amount,day\nnorth,10,2024-01-02\nsouth,20,2024-01-03\neast,30,2024-01-04\n',
    ),
  });
  await expect(page.getByTestId('file-item')).toContainText('sales.csv', { timeout: 90_000 });
  await page.getByTestId('composer').press('Enter');
  await expect(page.getByTestId('msg-assistant').last()).toContainText('east sells most', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('status')).toHaveText('idle');
  const data = await exportedJson(page);
  const user = data.messages.find((m: { role: string }) => m.role === 'user');
  expect(user.content).toContain('<workspace_files>');
  expect(user.content).toContain('- sales.csv (');
  expect(user.content).toContain('CSV, 3 rows × 3 columns');
  expect(user.content).toContain('columns: region (text), amount (integer), day (date)');
  expect(user.content).toContain('north,10,2024-01-02');
  expect(user.content.endsWith('What drives sales?')).toBe(true);
  // The conversation shows what the user typed, not the listing.
  await expect(page.getByTestId('msg-user')).toHaveText('What drives sales?');
});
