import { expect, test } from '@playwright/test';

test('page loads, Pyodide starts in a module worker from same-origin files, page is cross-origin isolated', async ({
  page,
}) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('./');
  await expect(page.locator('h1')).toContainText('CodeAct');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  // The app starts Python in the background after load (no click needed).
  await expect(page.getByTestId('python-status')).toContainText(
    /Python 3\.14\.\d+ \(Pyodide 314\.0\.7\)/,
    {
      timeout: 60_000,
    },
  );

  const origin = new URL(page.url()).origin;
  const pyodideFiles = requests.filter((u) =>
    /pyodide\.asm\.(wasm|mjs)|python_stdlib\.zip/.test(u),
  );
  expect(pyodideFiles.length).toBeGreaterThanOrEqual(3);
  for (const u of pyodideFiles) expect(new URL(u).origin).toBe(origin);
  expect(requests.every((u) => new URL(u).origin === origin)).toBe(true);
});
