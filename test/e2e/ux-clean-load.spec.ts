// A clean load, as a newcomer's first visit (production build, service worker allowed, empty
// profile): the page, Python and the Models panel start without a console error, an uncaught
// exception or a failed request, at both widths. A newcomer who opens the developer tools must
// not see red on a page that works.
import { expect, test, type Page } from '@playwright/test';

function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

for (const size of [
  { name: 'desktop', width: 1366, height: 850 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`${size.name}: a clean load has no console errors and no failed requests`, async ({
    page,
  }) => {
    const problems = watch(page);
    await page.setViewportSize(size);
    await page.goto('./');
    await expect(page.getByTestId('demo-item').first()).toBeVisible();
    // Python ready, and the Models panel's start-up checks (device probe, stored models, the
    // site's list of self-hosted models) have run.
    await expect(page.getByTestId('python-status')).toContainText(/Pyodide 314\.0\.7/, {
      timeout: 90_000,
    });
    if (size.width < 800) await page.getByRole('button', { name: 'Models', exact: true }).click();
    await expect(page.getByTestId('models-panel')).toBeVisible();
    await expect(page.getByTestId('model-verdict').first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(problems).toEqual([]);
  });
}
