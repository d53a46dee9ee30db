import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'ui-export.json');

async function importFixture(page: Page) {
  await page.goto('./');
  await expect(page.locator('h1')).toContainText('CodeAct');
  await page.getByLabel('Import a JSON export').setInputFiles(FIXTURE);
  await expect(page.getByTestId('code-cell')).toHaveCount(2);
}

test('an imported conversation renders its cells, survives a reload and exports valid ipynb', async ({
  page,
}) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const outside: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1')) outside.push(r.url());
  });
  await importFixture(page);
  const first = page.getByTestId('code-cell').first();
  await expect(first.getByTestId('cell-code')).toContainText('import csv');
  await expect(first.getByTestId('cell-stdout')).toContainText('line');
  await expect(first.getByRole('button', { name: /Show all/ })).toBeVisible();
  await expect(first.getByTestId('cell-html').locator('td').first()).toHaveText('0');
  await expect(first.getByTestId('cell-image')).toBeVisible();
  await expect(page.getByTestId('code-cell').nth(1).getByTestId('cell-error')).toContainText(
    'ZeroDivisionError',
  );
  await expect(page.getByTestId('msg-assistant').last()).toContainText('Done.');

  await page.reload();
  await expect(page.getByTestId('chat-item')).toHaveCount(1);
  await expect(page.getByTestId('code-cell')).toHaveCount(2);
  await expect(page.getByTestId('msg-user')).toContainText('Analyse the data');

  const download = page.waitForEvent('download');
  await page.getByTestId('export-ipynb').click();
  const file = await (await download).path();
  const nb = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(nb.nbformat).toBe(4);
  const code = nb.cells.filter((c: { cell_type: string }) => c.cell_type === 'code');
  expect(code).toHaveLength(2);
  const types = code[0].outputs.map((o: { output_type: string }) => o.output_type);
  expect(types).toEqual(['stream', 'display_data', 'display_data']);
  expect(Object.keys(code[0].outputs[2].data)).toContain('image/png');
  expect(code[1].outputs[0]).toMatchObject({ output_type: 'error', ename: 'ZeroDivisionError' });

  expect(dialogs).toBe(0);
  expect(outside).toEqual([]);
});

test('conversations: rename, search, new chat and delete', async ({ page }) => {
  await importFixture(page);
  await page.getByLabel('Import a JSON export').setInputFiles(FIXTURE);
  await expect(page.getByTestId('chat-item')).toHaveCount(2);
  await page
    .getByRole('button', { name: /^Rename/ })
    .first()
    .click();
  await page.getByLabel('New title').fill('Quarterly sales');
  await page.getByLabel('New title').press('Enter');
  await expect(page.getByTestId('chat-item').first()).toContainText('Quarterly sales');
  await page.getByLabel('Search conversations').fill('quarterly');
  await expect(page.getByTestId('chat-item')).toHaveCount(1);
  await page.getByLabel('Search conversations').fill('');
  await expect(page.getByTestId('chat-item')).toHaveCount(2);

  await page.getByTestId('new-chat').click();
  await expect(page.getByTestId('code-cell')).toHaveCount(0);
  await page.getByTestId('chat-item').first().getByRole('button').first().click();
  await expect(page.getByTestId('code-cell')).toHaveCount(2);

  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: /^Delete Quarterly/ }).click();
  await expect(page.getByTestId('chat-item')).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('chat-item')).toHaveCount(1);
  await expect(page.getByTestId('chat-item')).not.toContainText('Quarterly');
});

test('settings persist; network access is off by default', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByLabel('Allow Python network access')).not.toBeChecked();
  await page.getByTestId('setting-max-steps').fill('7');
  await page.getByTestId('setting-max-steps').press('Tab');
  await page.getByTestId('setting-timeout').fill('30');
  await page.getByTestId('setting-timeout').press('Tab');
  await page.getByLabel('dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByTestId('setting-max-steps')).toHaveValue('7');
  await expect(page.getByTestId('setting-timeout')).toHaveValue('30');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('phone width: no horizontal overflow', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await importFixture(page);
  const overflow = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    body: document.body.scrollWidth - document.body.clientWidth,
  }));
  expect(overflow).toEqual({ doc: 0, body: 0 });
  // Every visible element stays inside the viewport horizontally.
  const outside = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && (r.right > innerWidth + 1 || r.left < -1);
      })
      .filter((e) => !e.closest('.html, .code, pre, .markdown table, dialog, [hidden]'))
      .map((e) => `${e.tagName}.${e.className}`),
  );
  expect(outside).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('phone.png') });
  fs.mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/ui-phone.png' });
  await page.getByRole('button', { name: 'Files', exact: true }).click();
  await page.screenshot({ path: 'test-results/ui-phone-files.png' });
});
