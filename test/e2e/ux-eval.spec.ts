// Evaluate results read plainly (production build; the runs replay RECORDED, scripted replies,
// a replay and not a model): strict and tolerant are explained, the table fits the panel at
// 1366 and 390 px, why a task failed opens on a click, and the options open in view.
import { expect, test } from '@playwright/test';

test.use({ serviceWorkers: 'block' });

const replay = (id: string, turns: string[]) => ({
  name: `${id}.json`,
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify({ format: 'codeact-replay/1', title: id, prompt: id, turns })),
});

for (const size of [
  { name: 'desktop', width: 1366, height: 850 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`${size.name}: results explain strict and tolerant, fit the panel, and say why a task failed`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await page.setViewportSize(size);
    await page.goto('./');
    if (size.width < 900) await page.getByRole('button', { name: 'Models', exact: true }).click();
    const section = page.getByTestId('eval-section');
    await section
      .getByTestId('eval-replay-files')
      .setInputFiles([
        replay('days-between-dates', ['I think it is 3.']),
        replay('is-it-prime', ['Let me run it.\n<execute>\nprint(1)\n</execute>', 'maybe']),
      ]);
    await section.getByTestId('eval-open').click();
    // The options open in view, the first one focused.
    await expect(section.getByTestId('eval-start')).toBeInViewport();
    await expect(section.getByTestId('eval-choice-sample')).toBeFocused();
    await section.getByTestId('eval-choice-all').check();
    await section.getByTestId('eval-start').click();
    const results = section.getByTestId('eval-results');
    await expect(results).toBeVisible({ timeout: 180_000 });
    await expect(results.getByTestId('eval-scoring')).toContainText('Strict');
    await expect(results.getByTestId('eval-scoring')).toContainText('tolerant');
    // No sideways scrolling: the table is no wider than the panel.
    const table = results.getByTestId('eval-table');
    const [tableWidth, panelWidth] = await Promise.all([
      table.evaluate((t) => t.scrollWidth),
      page.locator('#side-panel').evaluate((p) => p.clientWidth),
    ]);
    expect(tableWidth).toBeLessThanOrEqual(panelWidth);
    // Why a task failed: a click (or Enter) on its name, not a hover-only tooltip.
    await expect(results.getByTestId('eval-task-detail')).toHaveCount(0);
    await results.getByRole('button', { name: 'days-between-dates', exact: true }).click();
    const detail = results.getByTestId('eval-task-detail');
    await expect(detail).toBeVisible();
    await expect(detail).toContainText('Failed');
    await expect(detail).toContainText('expected');
    // The download of a task's transcript says what it is.
    await expect(
      results.getByRole('button', { name: /Download the transcript of days-between-dates/ }),
    ).toBeVisible();
  });
}
