// The headless evaluation runner (scripts/eval.mjs) end to end: the built app in Chromium, the
// real agent loop and Pyodide, against FAKE model servers (scripted replies, not a model).
// The Playwright webServer has just built dist/, so the runner reuses it (build: false).
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { parseEvalArgs, runHeadless } from '../../scripts/eval.mjs';
import { FakeOpenAIServer, FAKE_MODEL_ID } from '../support/fake-openai-server';
import { dontKnow, readSuite, referencePlayer } from '../support/eval-fakes';

test.describe.configure({ timeout: 420_000 });

const suite = readSuite();
const stdlibTasks = suite.filter((t) => (t.requires.packages ?? []).length === 0);
const outDir = path.join('test-results', 'eval-headless');

function args(fake: FakeOpenAIServer, extra: string[], out: string) {
  const o = parseEvalArgs([
    '--engine',
    'endpoint',
    '--url',
    fake.baseUrl,
    '--model',
    FAKE_MODEL_ID,
    '--no-build',
    '--out',
    path.join(outDir, out),
    ...extra,
  ]);
  return o;
}

test('a fake that answers "I don\'t know" without code scores 0 %', async () => {
  const fake = await FakeOpenAIServer.start({ respond: dontKnow });
  try {
    const { run } = await runHeadless(
      args(fake, ['--sample', '4', '--seed', '7'], 'dont-know.json'),
      () => {},
    );
    expect(run.totals.tasks).toBe(4);
    expect(run.totals.strict).toBe(0);
    expect(run.totals.tolerant).toBe(0);
    // Decided by the engine's kind: a model server, whatever its model is called (the FAKE
    // server is named as one here, in the test).
    expect(run.simulated).toBe(false);
    // The chat's compute check runs here too: an uncomputed answer to a question with a number
    // (or tools) is sent back once, and the same answer again is final.
    let checked = 0;
    for (const t of run.tasks) {
      const sentBack = JSON.stringify(t.transcript).includes('No code was run for this answer');
      if (sentBack) checked++;
      expect(t.turns).toBe(sentBack ? 2 : 1);
      expect(t.codeActions).toBe(0);
      expect(t.noCode).toBe(true);
      expect(t.ending).toBe('final answer');
    }
    expect(checked).toBeGreaterThan(0);
    expect(fake.chatRequests.length).toBe(4 + checked);
  } finally {
    await fake.close();
  }
});

test('a fake that plays each reference solution scores 100 % strict and tolerant on every stdlib-only task', async () => {
  const fake = await FakeOpenAIServer.start({ respond: referencePlayer(suite) });
  try {
    const { run, file } = await runHeadless(
      args(fake, ['--stdlib-only'], 'reference.json'),
      () => {},
    );
    expect(file).toContain('reference.json');
    const failed = run.tasks
      .filter((t) => !t.strict || !t.tolerant)
      .map((t) => `${t.id}: ${String(t.detail)}`);
    expect(failed).toEqual([]);
    expect(run.tasks.map((t) => t.id).sort()).toEqual(stdlibTasks.map((t) => t.id).sort());
    expect(new Set(run.tasks.map((t) => t.group))).toEqual(new Set(['compute', 'tools']));
    for (const t of run.tasks) {
      expect(t.codeActions).toBe(1);
      expect(t.turns).toBe(2);
      expect(t.completionTokens as number).toBeGreaterThan(0);
      expect((t.transcript as { role: string }[])[0]?.role).toBe('system');
    }
    expect(run.notice).toMatch(/not M3ToolEval, MINT/);
    // The written file is the same run.
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof run;
    expect(written.totals).toEqual(run.totals);
    expect(written.format).toBe('codeact-eval-run/1');
  } finally {
    await fake.close();
  }
});
