// Words a newcomer understands, with the technical term one click away, and one place for an
// error; the status line is one line at 1366 and at 390 px, with its details on tap. What a
// first-time user sees in the production build (a FAKE model server stands in for a real one).
import { expect, test, type Page } from '@playwright/test';
import { FakeOpenAIServer } from '../support/fake-openai-server';

test.use({ serviceWorkers: 'block' });

const SIZES = [
  { name: 'desktop', width: 1366, height: 850 },
  { name: 'phone', width: 390, height: 844 },
];

const visible = (page: Page, text: string | RegExp) =>
  page.getByText(text).filter({ visible: true });

async function footerHeight(page: Page) {
  return (await page.locator('footer.status-line').boundingBox())!.height;
}

for (const size of SIZES) {
  test(`${size.name}: the first screen speaks plainly; the technical terms are one tap away`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await page.goto('./');
    await expect(page.getByTestId('demo-item').first()).toBeVisible();
    await expect(page.getByTestId('python-status')).toBeAttached();
    for (const jargon of [/generic dialect/i, /cross-origin isolated/i, /Python network:/i, /RoPE/])
      await expect(visible(page, jargon), String(jargon)).toHaveCount(0);
    // The status line is one line, and its details open on tap.
    expect(await footerHeight(page)).toBeLessThan(40);
    await page.getByTestId('status-details-toggle').click();
    await expect(page.getByTestId('isolation')).toBeVisible();
    await expect(page.getByTestId('isolation')).toContainText(/Stop (keeps|restarts)/);
    await expect(visible(page, /cross-origin isolated/i)).toHaveCount(1);
    await page.getByTestId('status-details-toggle').click();
    await expect(page.getByTestId('isolation')).toBeHidden();
  });
}

test('desktop: the flagship model says what its limits mean before the RoPE details', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 850 });
  await page.goto('./');
  // The WebLLM entry (the GGUF one has its own caveat).
  const flagship = page.locator(
    '[data-testid="model-item"][data-model-id="CodeActAgent-Mistral-7b-v0.1-q4f16_1-MLC"]',
  );
  await expect(page.getByTestId('preflight')).toHaveAttribute('data-ready', 'true');
  const cannot = page.getByTestId('models-cannot-run');
  if (await cannot.locator('[data-model-id^="CodeActAgent"]').count())
    await cannot.locator('summary').first().click();
  const caveat = flagship.getByTestId('model-caveat');
  await expect(caveat).toContainText('Answers would be worse');
  await expect(visible(page, /RoPE/)).toHaveCount(0);
  await caveat.locator('summary').click();
  await expect(visible(page, /RoPE/)).toHaveCount(1);
  await expect(flagship).toContainText('trained for code');
  await expect(flagship.locator('[title^="Prompt dialect"]')).toHaveCount(1);
});

for (const size of SIZES) {
  test(`${size.name}: an error is said once, in the conversation; the status line points there`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    const fake = await FakeOpenAIServer.start({ turns: ['unused'] });
    await page.goto('./');
    if (size.width < 900) await page.getByRole('button', { name: 'Models', exact: true }).click();
    await page.getByTestId('endpoint-url').fill(fake.baseUrl);
    await page.getByTestId('endpoint-connect').click();
    await expect(page.getByTestId('endpoint-status')).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('endpoint-status')).not.toContainText('dialect');
    await fake.close(); // the server goes away
    if (size.width < 900) await page.getByRole('button', { name: 'Close panel' }).click();
    await page.getByTestId('composer').fill('What is 2 + 2?');
    await page.getByTestId('send').click();
    // A connection refused can take a while to be reported as such.
    await expect(page.getByTestId('status')).toHaveText('error', { timeout: 60_000 });
    await expect(page.getByTestId('status-error')).toHaveText('see the conversation above');
    await expect(visible(page, /Nothing answered/)).toHaveCount(1);
    expect(await footerHeight(page)).toBeLessThan(40);
  });
}
