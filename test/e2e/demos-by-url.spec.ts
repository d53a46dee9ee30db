// Every bundled demo produces its outputs when opened by URL (?replay=examples/<file>&autorun=1),
// online and then offline: a demo's transcript names its own files (codeact-replay/1 "files"), so
// a link works exactly like the Demos list. A demo whose packages this build cannot provide (the
// matplotlib wheels are not vendored here) must fail honestly, naming what is missing.
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { testPort } from './support/counting-server';
import { startStaticServer } from './support/static-server';

interface Expect {
  cells: number;
  /** Text in each cell's stdout (or error, for a cell that fails on purpose), in order. */
  outputs: { stdout?: string; error?: string }[];
  answer: string;
}

const EXPECTED: Record<string, Expect> = {
  'self-debug.json': {
    cells: 2,
    outputs: [{ error: 'NameError' }, { stdout: "('i', 5)" }],
    answer: '5 times',
  },
  'csv-analysis.json': {
    cells: 2,
    outputs: [{ stdout: '24 rows' }, { stdout: 'East: 381.70' }],
    answer: '381.70',
  },
  'five-steps.json': {
    cells: 5,
    outputs: [{}, {}, {}, {}, { stdout: '3.632' }],
    answer: '3.632',
  },
  'plot.json': { cells: 1, outputs: [{}], answer: 'π/4' },
};

const demos = (
  JSON.parse(fs.readFileSync('dist/examples/index.json', 'utf8')) as {
    demos: { file: string; requires?: string[] }[];
  }
).demos;

// Packages this build bundles (a relative file_name in its lock): what works offline and here.
const lock = JSON.parse(fs.readFileSync('dist/pyodide/pyodide-lock.json', 'utf8')) as {
  packages: Record<string, { name: string; file_name: string }>;
};
const bundled = Object.values(lock.packages)
  .filter((p) => !/^[a-z]+:/i.test(p.file_name))
  .map((p) => p.name);

async function playByUrl(page: Page, base: string, file: string, missing: string[]) {
  const want = EXPECTED[file] as Expect;
  const { prompt } = JSON.parse(fs.readFileSync(`dist/examples/${file}`, 'utf8')) as {
    prompt: string;
  };
  await page.goto(`${base}?replay=examples/${file}&autorun=1&pace=0`);
  // The reload first shows the previous conversation: wait for this demo's own.
  await expect(page.getByTestId('msg-user').first()).toContainText(prompt.slice(0, 40), {
    timeout: 60_000,
  });
  await expect(page.getByTestId('msg-assistant').last()).toContainText(want.answer, {
    timeout: 120_000,
  });
  await expect(page.getByTestId('status')).toHaveText('idle', { timeout: 60_000 });
  const cells = page.getByTestId('code-cell');
  await expect(cells).toHaveCount(want.cells);
  if (missing.length) {
    // Not available in this build: the cell says which package and how to get it.
    await expect(cells.first().getByTestId('cell-error')).toContainText(
      `Package '${missing[0]}' is not available`,
    );
    return;
  }
  for (const [i, out] of want.outputs.entries()) {
    const cell = cells.nth(i);
    if (out.error) await expect(cell.getByTestId('cell-error')).toContainText(out.error);
    else await expect(cell).toHaveAttribute('data-status', 'done');
    if (out.stdout) await expect(cell.getByTestId('cell-stdout')).toContainText(out.stdout);
  }
  await expect(page.getByText('FileNotFoundError')).toHaveCount(0);
}

test('every bundled demo works when opened by URL, online and offline', async ({ browser }) => {
  test.setTimeout(600_000);
  expect(demos.map((d) => d.file).sort()).toEqual(Object.keys(EXPECTED).sort());
  const server = await startStaticServer({ port: testPort(5) });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const missingFor = (d: { requires?: string[] }) =>
      (d.requires ?? []).filter((r) => !bundled.includes(r));
    for (const d of demos) {
      const missing = missingFor(d);
      if (missing.length)
        test.info().annotations.push({
          type: 'not available in this build',
          description: `${d.file} needs ${missing.join(', ')}: checked that it says so`,
        });
      await playByUrl(page, server.url, d.file, missing);
    }
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 60_000,
    });
    await server.close();
    await context.setOffline(true);
    for (const d of demos) await playByUrl(page, server.url, d.file, missingFor(d));
  } finally {
    await context.close();
    await server.close().catch(() => {});
  }
});
