// The first screen's heavier work waits for Python's start (src/app/start-gate.ts): on a wide
// screen the Models panel is open at start, but it renders, and the device pre-flight runs, only
// once Python is ready; the conversation view and its renderer are fetched then too. Shown by
// holding one of Pyodide's files back: meanwhile the panel says it is waiting and no pre-flight is
// shown; released, Python becomes ready and the panel comes.
import { expect, test } from '@playwright/test';

test.use({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });

test('the Models panel opened at start waits for Python, then shows the pre-flight', async ({
  page,
  context,
}) => {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held = false;
  await context.route('**/pyodide/python_stdlib.zip', async (route) => {
    held = true;
    await released;
    await route.continue();
  });
  // The empty first screen has no use for the conversation view and its markdown renderer yet.
  const later = /\/assets\/(ConversationView|render)-[\w-]+\.js$/;
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (later.test(r.url())) fetched.push(new URL(r.url()).pathname);
  });
  await page.goto('./');
  await expect.poll(() => held, { timeout: 30_000 }).toBe(true);
  await expect(page.getByTestId('models-waiting')).toBeVisible();
  // Held well inside the gate's 3-second cap: nothing of the panel yet.
  await expect(page.getByTestId('preflight')).toHaveCount(0);
  await page.waitForTimeout(500); // room for a fetch that should not come
  expect(fetched).toEqual([]);
  release();
  await expect(page.getByTestId('python-status')).toContainText(/Pyodide 314\.0\.7/, {
    timeout: 90_000,
  });
  await expect(page.getByTestId('preflight')).toHaveAttribute('data-ready', 'true', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('models-waiting')).toHaveCount(0);
  // Once Python is up, both are fetched ahead of the first reply.
  await expect.poll(() => fetched.length, { timeout: 30_000 }).toBe(2);
});

test('a Models panel the user opens while Python starts comes at once', async ({
  page,
  context,
}) => {
  await page.setViewportSize({ width: 800, height: 900 }); // narrow: no panel open at start
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await context.route('**/pyodide/python_stdlib.zip', async (route) => {
    await released;
    await route.continue();
  });
  await page.goto('./');
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  // Python is still held back: the panel and its pre-flight came anyway.
  await expect(page.getByTestId('preflight')).toHaveAttribute('data-ready', 'true', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('models-waiting')).toHaveCount(0);
  await expect(page.getByTestId('python-status')).not.toContainText(/Pyodide 314\.0\.7/);
  release();
});
