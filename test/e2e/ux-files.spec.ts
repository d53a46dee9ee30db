// Files a newcomer did not put there are marked, and can go with their demo; an upload says
// what arrived and where the agent's code finds it (production build, real Pyodide; the demo is
// a REPLAY: a scripted transcript, no model runs).
import { expect, test } from '@playwright/test';

test.use({ serviceWorkers: 'block' });

for (const size of [
  { name: 'desktop', width: 1366, height: 850 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`${size.name}: a demo's file is marked as the demo's and removable; an upload is confirmed`, async ({
    page,
  }) => {
    test.setTimeout(150_000);
    await page.setViewportSize(size);
    await page.goto('./');
    await page.getByTestId('demo-item').filter({ hasText: 'CSV' }).click();
    await expect(page.getByTestId('demo-over')).toBeVisible({ timeout: 90_000 });
    await page.getByRole('button', { name: 'Files', exact: true }).click();
    const item = page.getByTestId('file-item').filter({ hasText: 'sales.csv' });
    await expect(item.getByTestId('demo-file')).toHaveText('from a demo');
    await expect(item.getByTestId('demo-file')).toHaveAttribute('title', /revenue by region/);

    await page.getByTestId('file-input').setInputFiles({
      name: 'grades.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,score\nAda,90\nBo,85\n'),
    });
    await expect(page.getByTestId('upload-status')).toContainText(
      'Uploaded /workspace/grades.csv (24 B)',
    );
    const grades = page.getByTestId('file-item').filter({ hasText: 'grades.csv' });
    await expect(grades).toBeVisible();
    await expect(grades.getByTestId('demo-file')).toHaveCount(0);

    await page.getByTestId('remove-demo-files').click();
    await expect(item).toHaveCount(0);
    await expect(grades).toBeVisible(); // the user's own file stays
    await expect(page.getByTestId('remove-demo-files')).toHaveCount(0);
  });
}
