// `npm run eval -- --engine replay --transcripts DIR` end to end: RECORDED replies (scripted here,
// one codeact-replay/1 file per task id: a replay, not a model) through the built app in Chromium,
// the real agent loop, real Pyodide and the suite's checker. Every output says it is a replay.
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { parseEvalArgs, runHeadless } from '../../scripts/eval.mjs';
import { readSuite } from '../support/eval-fakes';

test.describe.configure({ timeout: 300_000 });

const outDir = path.join('test-results', 'eval-replay-headless');
const act = (code: string) => `Let me run it.\n<execute>\n${code}\n</execute>`;

function writeTranscripts(dir: string, scripts: Record<string, string[]>) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const [id, turns] of Object.entries(scripts)) {
    const json = {
      format: 'codeact-replay/1',
      title: `scripted replay of ${id}`,
      prompt: id,
      turns,
    };
    fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(json));
  }
}

test('a replay run scores what the recorded replies really answer, and is labelled a replay everywhere', async () => {
  const suite = readSuite();
  const byId = (id: string) => suite.find((t) => t.id === id)!;
  const right = byId('days-between-dates');
  const wrong = byId('business-days-december');
  const answerOf = (id: string) => String(byId(id).answer.value);
  const dir = path.join(outDir, 'transcripts');
  writeTranscripts(dir, {
    [right.id]: [act(right.reference), answerOf(right.id)],
    // The right code, then a WRONG answer: this task must score false.
    [wrong.id]: [act(wrong.reference), String(Number(answerOf(wrong.id)) + 1)],
  });
  const lines: string[] = [];
  const out = path.join(outDir, 'run.json');
  const { run, file } = await runHeadless(
    parseEvalArgs(['--engine', 'replay', '--transcripts', dir, '--no-build', '--out', out]),
    (line: string) => lines.push(line),
  );
  expect(run.tasks.map((t) => t.id).sort()).toEqual([wrong.id, right.id].sort());
  const rec = (id: string) => run.tasks.find((t) => t.id === id)!;
  expect(rec(right.id)).toMatchObject({ strict: true, tolerant: true, codeActions: 1, turns: 2 });
  expect(rec(wrong.id)).toMatchObject({ strict: false, tolerant: false, codeActions: 1 });
  expect(run.totals).toMatchObject({ tasks: 2, strict: 1, tolerant: 1 });
  // Labelled a replay: in the run, in the written file and in what is printed.
  expect(run.simulated).toBe(true);
  expect(run.engine.kind).toBe('replay');
  expect(run.engine.label).toMatch(/replay/i);
  const written = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof run;
  expect(written).toMatchObject({ simulated: true, engine: { kind: 'replay' } });
  const printed = lines.join('\n');
  expect(printed).toContain('[SIMULATED: replay or fake, not a model]');
  expect(printed).toMatch(/Replay of recorded transcripts/);
  expect(printed).toMatch(/not M3ToolEval, MINT/);
});

test('a transcript named after no task is refused with a clear error', async () => {
  const dir = path.join(outDir, 'unknown');
  writeTranscripts(dir, { 'no-such-task': ['I do not know.'] });
  await expect(
    runHeadless(
      parseEvalArgs(['--engine', 'replay', '--transcripts', dir, '--no-build']),
      () => {},
    ),
  ).rejects.toThrow(/no-such-task/);
});
