#!/usr/bin/env node
// Headless evaluation: serves the built app, drives Chromium with Playwright, runs the eval
// runner in the page (globalThis.__codeactEval), prints a table and writes the results JSON.
//
//   npm run eval -- --engine endpoint --url http://localhost:8000/v1 --model <id>
//                   [--group data|compute|tools] [--sample N] [--seed S] [--stdlib-only]
//                   [--api-key KEY] [--context N] [--no-build] [--out FILE] [--task-timeout SECONDS]
//                   (--context: the server's context window where it does not report one, e.g.
//                   llama-cpp-python started with --n_ctx N; otherwise the app's safe default)
//   npm run eval -- --engine replay --transcripts <dir>   (one codeact-replay/1 JSON per task id;
//                   the run covers the tasks that have one)
//   npm run eval -- --engine gguf --model-file <file.gguf> [--max-tokens N] [--context N]
//                   [--no-isolation] (llama.cpp in the page, on the CPU: the file is served next to
//                   the app; several threads, or one with --no-isolation)
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromiumArgs, findChromium, HOW_TO_GET_CHROMIUM } from './browser.mjs';
import { createStaticServer } from './serve.mjs';

/** Each task's time limit unless --task-timeout says otherwise (a stuck server ends the task). */
const DEFAULT_TASK_TIMEOUT_SEC = 600;

const USAGE = `Usage: npm run eval -- --engine endpoint --url URL --model ID [--context N] [--group data|compute|tools] [--sample N] [--seed S] [--stdlib-only] [--no-build] [--out FILE] [--task-timeout SECONDS]
       npm run eval -- --engine replay --transcripts DIR [...]
       npm run eval -- --engine gguf --model-file FILE.gguf [--max-tokens N] [--context N] [--no-isolation] [...]`;

export function parseEvalArgs(argv) {
  const o = { engine: '', build: true, seed: 1, stdlibOnly: false };
  const value = (i, flag) => {
    const v = argv[i];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value.\n${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--engine') o.engine = value(++i, a);
    else if (a === '--url') o.url = value(++i, a);
    else if (a === '--model') o.model = value(++i, a);
    else if (a === '--api-key') o.apiKey = value(++i, a);
    else if (a === '--group') o.group = value(++i, a);
    else if (a === '--sample') o.sample = Number(value(++i, a));
    else if (a === '--seed') o.seed = Number(value(++i, a));
    else if (a === '--transcripts') o.transcripts = value(++i, a);
    else if (a === '--out') o.out = value(++i, a);
    else if (a === '--model-file') o.modelFile = value(++i, a);
    else if (a === '--max-tokens') o.maxTokens = Number(value(++i, a));
    else if (a === '--context') o.context = Number(value(++i, a));
    else if (a === '--stdlib-only') o.stdlibOnly = true;
    else if (a === '--no-build') o.build = false;
    else if (a === '--task-timeout') o.taskTimeoutSec = Number(value(++i, a));
    else if (a === '--no-isolation') o.isolation = false;
    else throw new Error(`Unknown option ${a}.\n${USAGE}`);
  }
  if (o.engine === 'endpoint' && (!o.url || !o.model))
    throw new Error(`--engine endpoint needs --url and --model.\n${USAGE}`);
  if (o.engine === 'replay' && !o.transcripts)
    throw new Error(`--engine replay needs --transcripts DIR.\n${USAGE}`);
  if (o.engine === 'gguf' && !(o.modelFile && fs.existsSync(o.modelFile)))
    throw new Error(`--engine gguf needs --model-file with an existing .gguf file.\n${USAGE}`);
  if (!['endpoint', 'replay', 'gguf'].includes(o.engine))
    throw new Error(`--engine must be endpoint, replay or gguf.\n${USAGE}`);
  if (o.group && !['data', 'compute', 'tools'].includes(o.group))
    throw new Error(`--group must be data, compute or tools (got ${o.group}).`);
  if (o.sample !== undefined && !(Number.isInteger(o.sample) && o.sample > 0))
    throw new Error('--sample must be a whole number of at least 1.');
  if (o.taskTimeoutSec !== undefined && !(o.taskTimeoutSec > 0))
    throw new Error('--task-timeout must be a number of seconds above 0.');
  return o;
}

function newestMtime(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

/** Build unless dist/ is newer than every source it is made from. */
function ensureBuild(build) {
  const index = 'dist/index.html';
  const sources = ['src', 'workers', 'eval/tasks', 'eval/files', 'eval/python', 'index.html'];
  const fresh =
    fs.existsSync(index) &&
    fs.statSync(index).mtimeMs > Math.max(...sources.filter(fs.existsSync).map(newestMtime));
  if (fresh || !build) {
    if (!fs.existsSync(index)) throw new Error('No build in dist/: run without --no-build.');
    return;
  }
  console.log('Building the app (npm run build)…');
  execSync('npm run build', { stdio: 'inherit' });
}

function readTranscripts(dir) {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new Error(
      `--transcripts ${dir}: no such folder (one codeact-replay/1 JSON per task id).`,
    );
  const out = {};
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json')))
    out[f.slice(0, -'.json'.length)] = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  if (Object.keys(out).length === 0) throw new Error(`No .json transcripts in ${dir}.`);
  return out;
}

/** Where the page fetches a --model-file from: a link next to the built app, removed afterwards. */
const GGUF_DIR = path.join('dist', 'eval-models');

function specOf(o) {
  const common = {
    group: o.group,
    sample: o.sample,
    seed: o.seed,
    stdlibOnly: o.stdlibOnly,
    // A hung server or model must not hold a headless run forever: each task has a limit.
    taskTimeoutMs: (o.taskTimeoutSec ?? DEFAULT_TASK_TIMEOUT_SEC) * 1000,
    ...(o.maxTokens ? { maxTokens: o.maxTokens } : {}),
  };
  if (o.engine === 'gguf')
    return {
      engine: {
        kind: 'gguf',
        url: `eval-models/${path.basename(o.modelFile)}`,
        ...(o.context ? { contextWindow: o.context } : {}),
      },
      ...common,
    };
  if (o.engine === 'endpoint')
    return {
      engine: {
        kind: 'endpoint',
        url: o.url,
        model: o.model,
        apiKey: o.apiKey,
        ...(o.context ? { contextWindow: o.context } : {}),
      },
      ...common,
    };
  // The page evaluates the tasks the transcripts are for (src/eval/suite.ts selectReplayTasks).
  return { engine: { kind: 'replay', transcripts: readTranscripts(o.transcripts) }, ...common };
}

const yesNo = (b) => (b ? 'yes' : 'no');

export function formatTable(run) {
  const rows = run.tasks.map((t) => [
    t.id,
    yesNo(t.strict),
    yesNo(t.tolerant),
    String(t.turns),
    String(t.codeActions),
    t.ending ?? '',
    tokPerS(t),
    `${(t.wallMs / 1000).toFixed(1)} s`,
  ]);
  const head = ['task', 'strict', 'tolerant', 'turns', 'code', 'ending', 'tok/s', 'time'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  const t = run.totals;
  const kind = run.simulated ? ' [SIMULATED: replay or fake, not a model]' : '';
  return [
    `${run.engine.label}${kind}${run.engine.contextWindow ? `, context window ${run.engine.contextWindow} tokens` : ''}`,
    line(head),
    ...rows.map(line),
    `total: ${t.tasks} tasks, strict ${t.strict} (${t.strictPct} %), tolerant ${t.tolerant} (${t.tolerantPct} %), ${(t.wallMs / 1000).toFixed(1)} s${run.stoppedEarly ? ' (stopped early)' : ''}`,
    endingsLine(t),
    run.notice,
  ].join('\n');
}

/** Decode speed of a task; `est.` when the server sent no usage and the counts are estimated. */
function tokPerS(t) {
  if (t.decodeTokPerS === null || t.decodeTokPerS === undefined) return '–';
  return `${t.decodeTokPerS.toFixed(1)}${t.tokensEstimated ? ' est.' : ''}`;
}

/** How the tasks ended and how many were answered with no code (runs before these: ''). */
export function endingsLine(t) {
  if (!t.endings) return '';
  const e = t.endings;
  return `endings: ${e.final} final answer, ${e.stuck} stuck, ${e.budget} budget reached, ${e.other} other; ${t.noCode} answered with no code`;
}

export function defaultResultPath(run) {
  const day = run.date.slice(0, 10);
  const model = run.engine.modelId.replace(/[^A-Za-z0-9._-]+/g, '_');
  return path.join('eval', 'results', `${day}-${run.simulated ? 'SIMULATED-' : ''}${model}.json`);
}

/** Run an evaluation headlessly; returns the run (codeact-eval-run/1) and where it was written. */
export async function runHeadless(o, log = console.log) {
  const spec = specOf(o); // bad transcripts fail here, before anything starts
  ensureBuild(o.build);
  if (o.engine === 'gguf') {
    fs.mkdirSync(GGUF_DIR, { recursive: true });
    const link = path.join(GGUF_DIR, path.basename(o.modelFile));
    fs.rmSync(link, { force: true });
    fs.symlinkSync(path.resolve(o.modelFile), link);
  }
  // --no-isolation: served like a plain static host (no COOP/COEP): llama.cpp then runs on one thread.
  const server = createStaticServer({ dir: 'dist', base: '/', isolation: o.isolation !== false });
  await new Promise((r) => server.listen(o.port ?? 0, '127.0.0.1', r));
  const appUrl = `http://127.0.0.1:${server.address().port}/`;
  const executablePath = await findChromium();
  if (!executablePath) throw new Error(HOW_TO_GET_CHROMIUM);
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => log(`[page error] ${e.message}`));
    await page.goto(appUrl);
    await page.waitForFunction(() => '__codeactEval' in globalThis);
    let shown = 0;
    const timer = setInterval(async () => {
      const p = await page.evaluate(() => globalThis.__codeactEval.progress).catch(() => null);
      if (p && p.done > shown && p.last) {
        shown = p.done;
        log(
          `[${p.done}/${p.total}] ${p.last.id}: strict ${yesNo(p.last.strict)}, tolerant ${yesNo(p.last.tolerant)}`,
        );
      }
    }, 1000);
    // Ctrl-C (or SIGTERM) stops the run: the finished tasks are kept, scored and written.
    const stop = () => {
      log('Stopping: the finished tasks are kept and written (stoppedEarly).');
      void page.evaluate(() => globalThis.__codeactEval.stop()).catch(() => {});
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const run = await page
      .evaluate((s) => globalThis.__codeactEval.run(s), spec)
      .finally(() => {
        clearInterval(timer);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      });
    const file = o.out ?? defaultResultPath(run);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(run, null, 2) + '\n');
    log(formatTable(run));
    log(`Results written to ${file}`);
    return { run, file };
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(GGUF_DIR, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await runHeadless(parseEvalArgs(process.argv.slice(2)));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
