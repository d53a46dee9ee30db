// "Use a model server" against FAKE servers (test/support/fake-openai-server.ts: recorded
// turns, not a model), each reproducing one documented behaviour of real servers: a strict
// hosted API, reasoning in `delta.reasoning_content`, a reply cut inside its reasoning, Ollama's
// 4096-token loaded context with silent truncation, and a stream that goes silent.
// Real Chromium, real HTTP, real Pyodide.
import { expect, test, type Page } from '@playwright/test';
import { FakeOpenAIServer, type FakeServerOptions } from '../support/fake-openai-server';
import { STRICT_HOST_FIELDS } from '../support/fake-server-behaviours';

test.use({ serviceWorkers: 'block' });

let fake: FakeOpenAIServer | undefined;
test.afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

type Body = { messages: { role: string; content: string }[]; max_tokens?: number };

async function startWith(page: Page, opts: FakeServerOptions) {
  fake = await FakeOpenAIServer.start(opts);
  await page.goto('./');
  await page.getByTestId('endpoint-url').fill(fake.baseUrl);
  await page.getByTestId('endpoint-connect').click();
  await expect(page.getByTestId('endpoint-status')).toHaveAttribute('data-state', 'connected');
  return fake;
}

async function ask(page: Page, text: string) {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('send').click();
}

const idle = (page: Page) =>
  expect(page.getByTestId('status')).toHaveText('idle', { timeout: 90_000 });

test('fake strict host (HTTP 400 to unknown fields): the episode completes, only OpenAI fields sent', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const f = await startWith(page, {
    strict: true,
    ownedBy: 'system',
    models: [{ id: 'fake-strict/gpt-like' }],
    turns: ['Computing.\n<execute>\nprint(6 * 7)\n</execute>', 'The answer is 42.'],
  });
  await ask(page, 'What is 6 times 7?');
  await expect(page.getByTestId('code-cell').first().getByTestId('cell-stdout')).toHaveText('42', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('msg-assistant').last()).toContainText('The answer is 42.');
  await idle(page);
  expect(f.chatRequests).toHaveLength(2);
  for (const r of f.chatRequests) {
    expect(r.completed).toBe(true);
    for (const k of Object.keys(r.body as object)) expect(STRICT_HOST_FIELDS.has(k)).toBe(true);
  }
});

test('fake reasoning server (delta.reasoning_content): shown as reasoning, its code never runs, the action after it runs', async ({
  page,
}) => {
  test.setTimeout(150_000);
  // The draft's </execute> ends the first request inside the reasoning (servers match stops on
  // the raw text); the agent asks again without action stops, so the turn is recorded twice.
  const turn = {
    reasoning:
      'Plan: a draft <execute>print("DRAFT-IN-REASONING")</execute> — no, multiply directly.',
    text: 'I will multiply.\n<execute>\nprint(6 * 7)\n</execute>',
  };
  const f = await startWith(page, {
    models: [{ id: 'fake-reasoning/qwen3-8b' }],
    turns: [turn, turn, 'The product is 42.'],
  });
  await ask(page, 'Multiply 6 by 7.');
  const cells = page.getByTestId('code-cell');
  await expect(cells.first().getByTestId('cell-stdout')).toHaveText('42', { timeout: 90_000 });
  await idle(page);
  await expect(cells).toHaveCount(1);
  await expect(cells.first()).not.toContainText('DRAFT-IN-REASONING');
  const first = page.getByTestId('msg-assistant').first();
  await expect(first.getByTestId('reasoning')).toContainText('multiply directly');
  await expect(page.getByTestId('msg-assistant').last()).toContainText('The product is 42.');
  expect(f.chatRequests).toHaveLength(3);
});

test('fake reply cut inside its reasoning: the agent asks again, never an empty answer', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const f = await startWith(page, {
    reasoningField: 'reasoning',
    models: [{ id: 'fake-reasoning/deep-thinker' }],
    turns: [
      {
        reasoning: 'Thinking at length about the question. '.repeat(10),
        text: '',
        finishReason: 'length',
      },
      'The answer is 7.',
    ],
  });
  await ask(page, 'What is 3 + 4?');
  await expect(page.getByTestId('msg-assistant').last()).toContainText('The answer is 7.', {
    timeout: 90_000,
  });
  await idle(page);
  const second = f.chatRequests[1]!.body as Body;
  expect(second.messages.at(-1)?.content).toMatch(/reasoning never ended/);
  // The unfinished reply was shown as reasoning, not as an (empty) answer.
  await expect(page.getByTestId('msg-assistant').first().getByTestId('reasoning')).toContainText(
    'Thinking at length',
  );
});

test('fake Ollama with a 4096-token loaded context: every request fits, the task stays in it', async ({
  page,
}) => {
  test.setTimeout(200_000);
  const TASK = 'TASK-7F3: print four long lines, then tell me how many you printed.';
  const action = (i: number) =>
    `Line ${i}.\n<execute>\nprint(${JSON.stringify(`row${i} `)} * 1200)\n</execute>`;
  const f = await startWith(page, {
    ollamaContext: 4096,
    models: [{ id: 'fake-ollama/qwen2.5-coder:7b' }],
    turns: [action(1), action(2), action(3), action(4), 'I printed 4 long lines.'],
  });
  await expect(page.getByTestId('endpoint-status')).toContainText('(Ollama)');
  await expect(page.getByTestId('endpoint-context')).toContainText(
    "4096 tokens (Ollama's default)",
  );
  await expect(page.getByTestId('endpoint-context')).toContainText('OLLAMA_CONTEXT_LENGTH');
  await ask(page, TASK);
  await expect(page.getByTestId('msg-assistant').last()).toContainText('I printed 4 long lines.', {
    timeout: 150_000,
  });
  await idle(page);
  // After the first reply the loaded context comes from /api/ps.
  await expect(page.getByTestId('endpoint-context')).toContainText('4096 tokens (Ollama /api/ps)');
  const chats = f.chatRequests;
  expect(chats).toHaveLength(5);
  for (const r of chats) {
    const body = r.body as Body;
    expect(r.truncated).toBe(false);
    expect(r.promptTokens! + (body.max_tokens ?? 0)).toBeLessThanOrEqual(4096);
    expect(body.messages.some((m) => m.role === 'user' && m.content.includes('TASK-7F3'))).toBe(
      true,
    );
  }
  // The observations really were long: the history had to be compacted to fit.
  const last = chats.at(-1)!.body as Body;
  expect(last.messages.some((m) => m.content.includes('removed to fit the context window'))).toBe(
    true,
  );
});

test('fake server that goes silent: a clear error after the idle limit, then the chat works again', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const f = await startWith(page, {
    models: [{ id: 'fake-silent/model' }],
    turns: [{ text: 'I am about to say something important, '.repeat(5), hangAfterChunks: 3 }],
  });
  await page.getByTestId('endpoint-idle').fill('3');
  await page.getByTestId('endpoint-idle').dispatchEvent('change');
  await ask(page, 'Say something.');
  // The engine's idle error, as the chat shows it.
  await expect(page.getByText(/sent nothing for 3 s/).first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('status')).toHaveText('error');
  await f.waitFor(() => f.chatRequests[0]?.closedByClient === true);
  f.setTurns(['Back again: all fine.']);
  await ask(page, 'Are you there?');
  await expect(page.getByTestId('msg-assistant').last()).toContainText('Back again: all fine.');
  await idle(page);
});
