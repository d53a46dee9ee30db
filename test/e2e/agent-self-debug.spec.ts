import { expect, test } from '@playwright/test';

// The CodeAct loop end to end: replay engine (a scripted demo, not model output) → agent loop →
// real Pyodide → UI. The first action raises; its traceback goes back to the "model" as an
// observation; the second action fixes it; the final answer is on screen.
test.use({ serviceWorkers: 'block' });

test('first action fails, the observation carries the traceback, the second fixes it, the answer shows', async ({
  page,
}) => {
  await page.goto('./?replay=examples/self-debug.json&autorun=1&pace=0');
  await expect(page.getByTestId('engine-label')).toContainText(/Replay/);

  const cells = page.getByTestId('code-cell');
  await expect(cells.nth(0)).toHaveAttribute('data-status', 'error', { timeout: 90_000 });
  await expect(cells.nth(0).getByTestId('cell-error')).toContainText(
    "NameError: name 'Counter' is not defined",
  );
  await expect(cells.nth(1)).toHaveAttribute('data-status', 'done');
  await expect(cells.nth(1).getByTestId('cell-stdout')).toHaveText(
    "[('i', 5), ('s', 4), ('p', 2)]",
  );
  await expect(page.getByTestId('msg-assistant').last()).toContainText(
    'appears most often in "mississippi riverboat": 5 times',
  );
  await expect(page.getByTestId('status')).toHaveText('idle');

  // What the model was sent: the traceback as an "Execution Output" observation.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-json').click(),
  ]);
  const exported = JSON.parse(
    await (await download.createReadStream()).toArray().then((b) => Buffer.concat(b).toString()),
  );
  const sent: Array<{ role: string; content: string }> = exported.messages;
  const observation = sent.find(
    (m) => m.role === 'user' && m.content.startsWith('Execution Output:'),
  );
  expect(observation?.content).toContain('NameError');
  expect(sent[0]?.role).toBe('system');
  expect(sent[0]?.content).toContain('<execute>');
});
