// Accessibility check with axe-core (the npm package, injected into the page) on the screens a
// first-time user meets: the first visit, a finished demo, the Models panel and Evaluate results,
// at 1366 and 390 px. No serious or critical violation may remain.
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';

// The app's CSP forbids inline scripts; the test injects axe itself, so it bypasses the CSP.
test.use({ serviceWorkers: 'block', bypassCSP: true });

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (c: Document) => Promise<unknown> } }).axe;
    const res = (await axe.run(document)) as { violations: Violation[] };
    return res.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

const SIZES = [
  { name: 'desktop', width: 1366, height: 850 },
  { name: 'phone', width: 390, height: 844 },
];

for (const size of SIZES) {
  test(`${size.name}: first visit, a finished demo and the Models panel pass axe`, async ({
    page,
  }) => {
    test.setTimeout(150_000);
    await page.setViewportSize(size);
    await page.goto('./');
    await expect(page.getByTestId('demo-item').first()).toBeVisible();
    // Pre-flight has answered (the Models panel, holding its banner, is closed on a phone).
    await expect(page.getByText("Checking this device's GPU…")).toHaveCount(0);
    expect(await seriousViolations(page), 'first visit').toEqual([]);

    await page.getByTestId('demo-item').filter({ hasText: 'NameError' }).click();
    await expect(page.getByTestId('demo-over')).toBeVisible({ timeout: 90_000 });
    expect(await seriousViolations(page), 'finished demo').toEqual([]);

    if (!(await page.getByTestId('models-panel').isVisible()))
      await page.getByRole('button', { name: 'Models', exact: true }).click();
    await expect(page.getByTestId('models-panel')).toBeVisible();
    await expect(page.getByTestId('preflight')).toHaveAttribute('data-ready', 'true');
    expect(await seriousViolations(page), 'Models panel').toEqual([]);
  });
}

test('desktop: Evaluate results pass axe', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 850 });
  await page.goto('./');
  const section = page.getByTestId('eval-section');
  await expect(section).toBeVisible();
  const replay = (id: string, turns: string[]) => ({
    name: `${id}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({ format: 'codeact-replay/1', title: id, prompt: id, turns }),
    ),
  });
  // Two recorded (scripted) task runs: one answers wrongly, one without running code.
  await section
    .getByTestId('eval-replay-files')
    .setInputFiles([
      replay('is-it-prime', ['Let me run it.\n<execute>\nprint(1)\n</execute>', 'maybe']),
      replay('days-between-dates', ['I think it is 3.']),
    ]);
  await section.getByTestId('eval-open').click();
  await section.getByTestId('eval-choice-all').check();
  await section.getByTestId('eval-start').click();
  await expect(section.getByTestId('eval-results')).toBeVisible({ timeout: 180_000 });
  expect(await seriousViolations(page), 'Evaluate results').toEqual([]);
});
