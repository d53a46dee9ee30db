// The in-app Evaluate flow end to end in the production build: the Models panel's Evaluate
// section, driven through its UI, replays RECORDED replies (scripted here, one codeact-replay/1
// file per task, named <task-id>.json: a replay, not a model) through the real agent loop and a
// real Pyodide, scores them with the suite's checker, and exports what it measured.
import { expect, test, type Download, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { readSuite, referencePlayer } from '../support/eval-fakes';
import { FAKE_MODEL_ID, FakeOpenAIServer } from '../support/fake-openai-server';

test.use({ serviceWorkers: 'block' });
test.describe.configure({ timeout: 240_000 });

interface Task {
  id: string;
  group: string;
  reference: string;
  answer: { kind: string; value?: unknown };
}

function task(group: string, id: string): Task {
  const file = path.join(process.cwd(), 'eval', 'tasks', group, `${id}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Task;
}

const act = (code: string) => `Let me run it.\n<execute>\n${code}\n</execute>`;

function replayFile(id: string, turns: string[]) {
  const json = { format: 'codeact-replay/1', title: `scripted replay of ${id}`, prompt: id, turns };
  return {
    name: `${id}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(json)),
  };
}

async function readDownload(page: Page, click: () => Promise<void>): Promise<[Download, string]> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return [download, fs.readFileSync(file, 'utf8')];
}

async function openEvaluate(page: Page) {
  await page.goto('./');
  const section = page.getByTestId('eval-section');
  await expect(section).toBeVisible();
  await expect(section.getByTestId('eval-notice')).toHaveText(
    'Our own suite; not comparable to published benchmark numbers.',
  );
  return section;
}

const prime = task('compute', 'is-it-prime');
const days = task('compute', 'days-between-dates');
const business = task('compute', 'business-days-december');
const luhn = task('compute', 'luhn-check');
const decode = task('tools', 'decode-message');

test('Evaluate replays recorded replies: progress, a scored table, JSON/CSV/replay exports, kept runs', async ({
  page,
}) => {
  const section = await openEvaluate(page);
  // No model can run here (no GPU, no server): the button says why instead of starting.
  await expect(section.getByTestId('eval-open')).toBeDisabled();
  await expect(section.getByTestId('eval-reason')).toContainText('No model yet');

  const scripts: Record<string, string[]> = {
    // An error first, then the reference: one error recovered from, two code actions. It answers
    // "true": the tolerant checker accepts it, the strict one wants exactly "True".
    [prime.id]: [act('print(undefined_name)'), act(prime.reference), 'true'],
    [days.id]: [act(days.reference), String(days.answer.value)],
    // Runs the right code, then answers WRONGLY: this task must score false.
    [business.id]: [act(business.reference), String(Number(business.answer.value) + 1)],
    // A function answer is checked on what the agent defined (hidden cases).
    [luhn.id]: [act(luhn.reference), 'Done.'],
    [decode.id]: [act(decode.reference), String(decode.answer.value)],
  };
  await section
    .getByTestId('eval-replay-files')
    .setInputFiles(Object.entries(scripts).map(([id, turns]) => replayFile(id, turns)));
  await expect(section.getByTestId('eval-source')).toContainText('Replay of 5 recorded');
  await expect(section.getByTestId('eval-source')).toContainText('not a model measurement');

  await section.getByTestId('eval-open').click();
  await section.getByTestId('eval-choice-all').check();
  await section.getByTestId('eval-start').click();
  const progress = section.getByTestId('eval-progress');
  await expect(progress).toBeVisible();
  // The run's size is known before its own Python starts (that cold start can take minutes on a
  // busy machine, while the app's Python boots too; the progress says what it waits for).
  await expect(progress).toHaveAttribute('data-total', '5');
  await expect(
    section.getByTestId('eval-starting').or(section.getByTestId('eval-current')),
  ).toBeVisible();
  await expect(section.getByTestId('eval-current')).toContainText(/now: \S+/, { timeout: 120_000 });

  const results = section.getByTestId('eval-results');
  await expect(results).toBeVisible({ timeout: 180_000 });
  await expect(progress).toBeHidden();
  await expect(results).toHaveAttribute('data-simulated', 'true');
  await expect(results.getByTestId('eval-simulated-label')).toHaveText(
    'replay — recorded output, not a model measurement',
  );
  await expect(results.getByTestId('eval-totals')).toContainText(
    'Strict 60 % (3/5) · tolerant 80 % (4/5)',
  );
  await expect(results.getByTestId('eval-chart')).toBeVisible();
  const rows = results.getByTestId('eval-row');
  await expect(rows).toHaveCount(5);
  await expect(rows.filter({ hasText: business.id })).toHaveAttribute('data-strict', 'false');
  await expect(rows.filter({ hasText: prime.id })).toHaveAttribute('data-strict', 'false');
  await expect(rows.filter({ hasText: days.id })).toHaveAttribute('data-strict', 'true');

  // JSON: every per-task record carries what the issue asks for, with real outcomes.
  const [jsonFile, jsonText] = await readDownload(page, () =>
    results.getByTestId('eval-export-json').click(),
  );
  expect(jsonFile.suggestedFilename()).toMatch(/^eval-replay-\d{14}\.json$/);
  const run = JSON.parse(jsonText) as {
    format: string;
    simulated: boolean;
    notice: string;
    engine: { kind: string };
    stoppedEarly: boolean;
    tasks: Record<string, unknown>[];
  };
  expect(run.format).toBe('codeact-eval-run/1');
  expect(run.simulated).toBe(true);
  expect(run.engine.kind).toBe('replay');
  expect(run.stoppedEarly).toBe(false);
  expect(run.notice).toMatch(/not M3ToolEval, MINT/);
  expect(run.tasks.map((t) => t.id).sort()).toEqual(Object.keys(scripts).sort());
  for (const t of run.tasks) {
    const turns = scripts[t.id as string]!;
    expect(typeof t.strict).toBe('boolean');
    expect(typeof t.tolerant).toBe('boolean');
    const why = `${String(t.id)}: ${String(t.detail)}`;
    expect(t.strict, why).toBe(t.id !== business.id && t.id !== prime.id);
    expect(t.tolerant, why).toBe(t.id !== business.id);
    expect(t.turns).toBe(turns.length);
    expect(t.codeActions).toBe(turns.length - 1);
    expect(t.errorsRecovered).toBe(t.id === prime.id ? 1 : 0);
    expect(t.promptTokens).toEqual(expect.any(Number)); // a replay reports no prompt tokens (0)
    expect(t.completionTokens as number).toBeGreaterThan(0);
    expect(t.decodeTokPerS as number).toBeGreaterThan(0);
    expect(t.wallMs as number).toBeGreaterThan(0);
    const transcript = t.transcript as { role: string; content: string }[];
    expect(transcript[0]?.role).toBe('system');
    expect(transcript.filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual(turns);
  }

  const [, csv] = await readDownload(page, () => results.getByTestId('eval-export-csv').click());
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toMatch(/^model,engine,simulated,date,id,group,strict,tolerant,turns/);
  expect(lines).toHaveLength(6);
  expect(lines.find((l) => l.includes(`,${business.id},`))).toContain(',compute,false,false,');

  // A task's transcript as a replay file, named so the replay picker keys it by task id.
  const [replay, replayText] = await readDownload(page, () =>
    rows.filter({ hasText: days.id }).getByTestId('eval-export-replay').click(),
  );
  expect(replay.suggestedFilename()).toBe(`${days.id}.json`);
  expect(JSON.parse(replayText)).toMatchObject({
    format: 'codeact-replay/1',
    turns: scripts[days.id],
  });

  // Kept in the browser: after a reload the run is listed, labelled a replay, and can be deleted.
  await expect(section.getByTestId('eval-run-row')).toHaveCount(1);
  await page.reload();
  const kept = page.getByTestId('eval-run-row');
  await expect(kept).toHaveCount(1);
  await expect(kept).toContainText('replay');
  await expect(kept).toContainText('60 %');
  await kept.getByTestId('eval-run-show').click();
  await expect(page.getByTestId('eval-row')).toHaveCount(5);
  await kept.getByTestId('eval-run-delete').click();
  await expect(page.getByTestId('eval-run-row')).toHaveCount(0);
  await expect(page.getByTestId('eval-results')).toHaveCount(0);
});

test('Stop during a task keeps the finished tasks and marks the run stopped', async ({ page }) => {
  const section = await openEvaluate(page);
  await section.getByTestId('eval-replay-files').setInputFiles([
    replayFile(days.id, [act(days.reference), String(days.answer.value)]),
    // Runs for a minute: Stop must end it (Python is interrupted) and it must not be scored.
    replayFile(luhn.id, [act('import time\ntime.sleep(60)'), 'Done.']),
  ]);
  await section.getByTestId('eval-open').click();
  await section.getByTestId('eval-choice-compute').check();
  await section.getByTestId('eval-start').click();
  await expect(section.getByTestId('eval-current')).toContainText(luhn.id, { timeout: 120_000 });
  await expect(section.getByTestId('eval-progress')).toHaveAttribute('data-done', '1');
  await expect(section.getByTestId('eval-eta')).toContainText('left');
  await section.getByTestId('eval-stop').click();
  const results = section.getByTestId('eval-results');
  await expect(results).toHaveAttribute('data-stopped', 'true', { timeout: 30_000 });
  await expect(results.getByTestId('eval-stopped')).toContainText('1 finished task');
  await expect(results.getByTestId('eval-row')).toHaveCount(1);
  await expect(results.getByTestId('eval-row')).toHaveAttribute('data-task-id', days.id);
  await expect(section.getByTestId('eval-run-row')).toContainText('(stopped)');
});

test('Evaluate a connected model server (a FAKE one that plays each reference) on the tools group', async ({
  page,
}) => {
  test.setTimeout(720_000);
  const suite = readSuite();
  const fake = await FakeOpenAIServer.start({ respond: referencePlayer(suite) });
  try {
    const section = await openEvaluate(page);
    await page.getByTestId('endpoint-url').fill(fake.baseUrl);
    await page.getByTestId('endpoint-connect').click();
    await expect(page.getByTestId('endpoint-status')).toHaveAttribute('data-state', 'connected');
    await expect(section.getByTestId('eval-source')).toContainText(FAKE_MODEL_ID);
    // "simulated" comes from what the engine is, not from the model's name: to the app this is
    // a model server (the FAKE server is named as one here, in the test).
    await expect(section.getByTestId('eval-source-note')).toHaveCount(0);
    await section.getByTestId('eval-open').click();
    await section.getByTestId('eval-choice-tools').check();
    await section.getByTestId('eval-start').click();
    await expect(section.getByTestId('eval-current')).toBeVisible({ timeout: 120_000 });
    // The chat waits while the evaluation uses the model.
    await page.getByTestId('composer').fill('What is 2 + 2?');
    await page.getByTestId('send').click();
    await expect(page.locator('.notice')).toContainText('An evaluation is using the model');

    const tools = suite.filter((t) => t.group === 'tools');
    const results = section.getByTestId('eval-results');
    // Each task runs in a fresh interpreter (one Pyodide start per task, overlapped with the
    // previous task): 26 tasks need more than 3 minutes on a loaded 2-core machine.
    await expect(results).toBeVisible({ timeout: 480_000 });
    await expect(results.getByTestId('eval-row')).toHaveCount(tools.length);
    await expect(results.getByTestId('eval-totals')).toContainText(
      `Strict 100 % (${tools.length}/${tools.length})`,
    );
    await expect(results).toHaveAttribute('data-simulated', 'false');
    // Two requests per task (the action, then the answer), none from the chat.
    expect(fake.chatRequests).toHaveLength(2 * tools.length);
  } finally {
    await fake.close();
  }
});
