// The agent's new endings and texts through the real UI, against the FAKE OpenAI-compatible
// server (test/support/fake-openai-server.ts: scripted turns, not a model), with real Pyodide:
// a model that repeats the same failing code ends as stuck (the third copy is not run); a missing package gives the model
// its own observation and the person a notice next to the cell; a server that sends no usage
// (as llama-cpp-python) still shows a decode speed, labelled estimated; an answer given with no
// code to a question with a number is sent back once (the compute check), and the person is told.
import { expect, test, type Page } from '@playwright/test';
import { FakeOpenAIServer } from '../support/fake-openai-server';

test.use({ serviceWorkers: 'block' });

let fake: FakeOpenAIServer | undefined;
test.afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function connect(page: Page, baseUrl: string) {
  await page.goto('./');
  await page.getByTestId('endpoint-url').fill(baseUrl);
  await page.getByTestId('endpoint-connect').click();
  await expect(page.getByTestId('endpoint-status')).toHaveAttribute('data-state', 'connected');
}

type ChatBody = {
  messages: { role: string; content: string }[];
  temperature?: number;
  top_p?: number;
};
const SAME = 'Let me compute it.\n<execute>\nprint(total_of_values)\n</execute>';

test('the same failing code three times ends as stuck; no usage from the server still gives an estimated tok/s', async ({
  page,
}) => {
  test.setTimeout(150_000);
  fake = await FakeOpenAIServer.start({
    // Paced like a real server: a reply that arrives within one millisecond has no decode span,
    // so no speed to show (that made this test flaky).
    turns: [...[SAME, SAME, SAME].map((text) => ({ text, paceMs: 5 })), 'never sent'],
    sendUsage: false,
  });
  await connect(page, fake.baseUrl);
  await page.getByTestId('composer').fill('What is the total of the values?');
  await page.getByTestId('send').click();

  await expect(page.getByText(/I stopped here: I tried the same thing 3 times/)).toBeVisible({
    timeout: 90_000,
  });
  await expect(page.getByTestId('status')).toHaveText('idle');
  // Two runs: the third time the same failing code comes back it is not run (it would fail again).
  await expect(page.getByTestId('code-cell')).toHaveCount(2);
  const chats = fake.chatRequests.map((r) => r.body as ChatBody);
  expect(chats).toHaveLength(3);
  const observations = chats[2]!.messages.filter((m) => m.content.startsWith('Execution Output:'));
  expect(observations).toHaveLength(2);
  expect(observations[0]!.content).not.toContain('same code as before');
  expect(observations[1]!.content).toContain(
    'This is the same code as before and it failed the same way: change the approach. The error was: NameError',
  );
  // Only the retry after the note is sampled hotter.
  expect(chats[2]!.temperature).toBe(0.7);
  expect(chats[2]!.top_p).toBe(1);
  expect(chats[1]!.temperature).not.toBe(0.7);

  await expect(page.getByTestId('decode-rate')).toContainText(
    /writing \d+(\.\d)? tok\/s \(est\.\)/,
  );
});

test('a missing package: an observation for the model, a notice for the person next to the cell', async ({
  page,
  context,
}) => {
  test.setTimeout(150_000);
  // Offline except for loopback: sympy is in the lock but not bundled, so it cannot load.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  fake = await FakeOpenAIServer.start({
    turns: [
      'I will use sympy.\n<execute>\nimport sympy\nprint(sympy.isprime(97))\n</execute>',
      'I will check it with the standard library.\n<execute>\nprint(all(97 % d for d in range(2, 10)))\n</execute>',
      '97 is prime.',
    ],
  });
  await connect(page, fake.baseUrl);
  await page.getByTestId('composer').fill('Is 97 prime?');
  await page.getByTestId('send').click();

  const notice = page.getByTestId('code-cell').first().getByTestId('cell-notice');
  await expect(notice).toContainText('sympy could not be loaded', { timeout: 90_000 });
  await expect(notice).toContainText('PYODIDE_WHEELS_DIR');
  await expect(page.getByTestId('msg-assistant').last()).toContainText('97 is prime.');

  const second = fake.chatRequests[1]!.body as ChatBody;
  const observation = second.messages.at(-1)!.content;
  expect(observation).toMatch(/^Execution Output:/);
  expect(observation).toContain('sympy cannot be imported here');
  expect(observation).toContain('You can import the Python standard library');
  // Nothing meant for the developer reaches the model.
  for (const m of second.messages)
    expect(m.content).not.toMatch(/PYODIDE_WHEELS_DIR|cdn\.jsdelivr/);
});

test('an answer with no code to a question with a number: sent back once, then computed, and the person is told', async ({
  page,
}) => {
  test.setTimeout(150_000);
  fake = await FakeOpenAIServer.start({
    turns: [
      'It is 1000.',
      'I will compute it.\n<execute>\nprint(7 * 11 * 13)\n</execute>',
      'It is 1001.',
    ],
  });
  await connect(page, fake.baseUrl);
  await page.getByTestId('composer').fill('What is 7 * 11 * 13?');
  await page.getByTestId('send').click();

  await expect(
    page.getByRole('status').filter({ hasText: 'answered without running any code' }),
  ).toBeVisible({
    timeout: 90_000,
  });
  await expect(page.getByTestId('code-cell').first().getByTestId('cell-stdout')).toHaveText('1001');
  await expect(page.getByTestId('msg-assistant').last()).toContainText('It is 1001.');
  await expect(page.getByTestId('status')).toHaveText('idle');
  const chats = fake.chatRequests.map((r) => r.body as ChatBody);
  expect(chats).toHaveLength(3);
  expect(chats[1]!.messages.at(-2)).toMatchObject({ role: 'assistant', content: 'It is 1000.' });
  expect(chats[1]!.messages.at(-1)!.content).toMatch(
    /^Execution Output:\n\[No code was run for this answer, so it was not computed/,
  );
});
