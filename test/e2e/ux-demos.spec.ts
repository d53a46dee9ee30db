// A first-time user and the scripted demos (production build, real Pyodide; the demos are
// REPLAYS: hand-written transcripts, no model runs). What they click, and what they must and
// must not see: a demo that ends says so, a new chat never plays the demo again, a model server
// takes over a finished demo chat, and a recorded answer that the live run contradicts is marked.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { FakeOpenAIServer } from '../support/fake-openai-server';

test.use({ serviceWorkers: 'block' });

const SIZES = [
  { name: 'desktop', width: 1366, height: 850 },
  { name: 'phone', width: 390, height: 844 },
];

async function playNameErrorDemo(page: Page) {
  await page.goto('./');
  await page.getByTestId('demo-item').filter({ hasText: 'NameError' }).click();
  await expect(page.getByTestId('demo-over')).toBeVisible({ timeout: 90_000 });
}

for (const size of SIZES) {
  test(`${size.name}: a finished demo says so and offers the real choices; a new chat does not play it again`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await playNameErrorDemo(page);
    const over = page.getByTestId('demo-over');
    await expect(over).toContainText('This demo is over');
    // No box that invites a question nobody can answer.
    await expect(page.getByTestId('composer')).toHaveCount(0);
    await expect(over.getByRole('button', { name: 'Load a model' })).toBeInViewport();
    await expect(over.getByRole('button', { name: 'Another demo' })).toBeInViewport();
    // Its code ran as recorded here, so its answer is not flagged.
    await expect(page.getByTestId('answer-mismatch')).toHaveCount(0);

    await over.getByRole('button', { name: 'Use a model server' }).click();
    await expect(page.getByTestId('endpoint-url')).toBeInViewport();
    await page.getByRole('button', { name: 'Close panel' }).first().click();

    await over.getByRole('button', { name: 'Another demo' }).click();
    await expect(page.getByTestId('demo-item').first()).toBeFocused();
    await expect(page.getByTestId('engine-label')).toHaveText('No model loaded');
    const composer = page.getByTestId('composer');
    await expect(composer).toBeDisabled();
    await expect(composer).toHaveAttribute('placeholder', /Load a model or run a demo/);
    await expect(page.getByText('[replay finished]')).toHaveCount(0);
    await expect(page.getByText('mississippi')).toHaveCount(0);
  });
}

test('a model server connected before a demo takes over the finished demo chat', async ({
  page,
}) => {
  const fake = await FakeOpenAIServer.start({ turns: ['The server answers: North sold most.'] });
  try {
    await page.setViewportSize({ width: 1366, height: 850 });
    await page.goto('./');
    await page.getByTestId('endpoint-url').fill(fake.baseUrl);
    await page.getByTestId('endpoint-connect').click();
    await expect(page.getByTestId('endpoint-status')).toHaveAttribute('data-state', 'connected');
    await page.getByTestId('demo-item').filter({ hasText: 'NameError' }).click();
    await expect(page.getByTestId('msg-assistant').last()).toContainText('appears most', {
      timeout: 90_000,
    });
    await expect(page.getByTestId('status')).toHaveText(/idle/i);
    await expect(page.getByTestId('engine-label')).toContainText('model server');
    await expect(page.getByTestId('demo-over')).toHaveCount(0);
    await page.getByTestId('composer').fill('Which product sold the most?');
    await page.getByTestId('send').click();
    await expect(page.getByTestId('msg-assistant').last()).toContainText('The server answers');
    await expect(page.getByText('[replay finished]')).toHaveCount(0);
    expect(fake.chatRequests).toHaveLength(1);
  } finally {
    await fake.close();
  }
});

test('a recorded answer that this run contradicts is marked, on the page and in the exports', async ({
  page,
}) => {
  // A transcript whose recording printed 3, while its code prints 4 here.
  await page.route(
    (url) => url.pathname.endsWith('/ux-fixture/contradicted.json'),
    (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          format: 'codeact-replay/1',
          title: 'Contradicted',
          prompt: 'What is 1 + 2?',
          pace_ms: 1,
          turns: ['Computing.\n<execute>\nprint(2 + 2)\n</execute>', 'The result is **3**.'],
          expected_runs: [{ stdout: '3' }],
        }),
      }),
  );
  await page.goto('./?replay=./ux-fixture/contradicted.json&autorun=1');
  const mark = page.getByTestId('answer-mismatch');
  await expect(mark).toContainText('does not match this run', { timeout: 90_000 });
  await expect(mark).toContainText('printed something else');
  for (const kind of ['ipynb', 'md', 'json']) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(`export-${kind}`).click(),
    ]);
    const text = await readFile((await download.path())!, 'utf8');
    expect(text, kind).toMatch(/does not match this run|"mismatch"/);
  }
});
