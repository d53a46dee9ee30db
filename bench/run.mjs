#!/usr/bin/env node
// `npm run bench`: builds the app and measures it against bare baselines in headless
// Chromium, interleaving app and baseline runs (absolute times drift on shared machines,
// ratios measured side by side in one run do not). Reports; never fails on targets.
//
//   npm run bench                 # RUNS=5 by default
//   RUNS=7 npm run bench -- --no-build --only python-ready-cold,run-overhead
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium, HOW_TO_GET_CHROMIUM } from '../scripts/browser.mjs';
import { createStaticServer } from '../scripts/serve.mjs';
import { writeReport } from './report.mjs';
import { BENCHMARKS } from './benchmarks.mjs';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const runs = Number(process.env.RUNS ?? 5);
const APP_PORT = Number(process.env.BENCH_PORT ?? 4950);

if (!args.includes('--no-build')) {
  const r = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const executablePath = await findChromium();
if (!executablePath) {
  console.error(HOW_TO_GET_CHROMIUM);
  process.exit(1);
}

// The bare baseline is served from its own folder next to the very same Pyodide files.
const bareDir = fs.mkdtempSync(path.join(os.tmpdir(), 'codeact-bare-'));
for (const f of fs.readdirSync('bench/bare'))
  fs.copyFileSync(path.join('bench/bare', f), path.join(bareDir, f));
fs.symlinkSync(path.resolve('dist/pyodide'), path.join(bareDir, 'pyodide'));
// Generated fixtures (long replies, floods) are served next to the app.
const fixtureDir = path.resolve('dist/bench-fixtures');
fs.mkdirSync(fixtureDir, { recursive: true });

const listen = (server, port) =>
  new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const appServer = createStaticServer({ dir: 'dist', base: '/', isolation: true });
const bareServer = createStaticServer({ dir: bareDir, base: '/', isolation: true });
// The same two folders from a plain static host that sends no headers at all (the first visit
// there waits for the service worker's browser lock before Python starts).
const appPlain = createStaticServer({ dir: 'dist', base: '/', isolation: false });
const barePlain = createStaticServer({ dir: bareDir, base: '/', isolation: false });
await listen(appServer, APP_PORT);
await listen(bareServer, APP_PORT + 1);
await listen(appPlain, APP_PORT + 2);
await listen(barePlain, APP_PORT + 3);

const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
const env = {
  browser,
  runs,
  appURL: `http://127.0.0.1:${APP_PORT}/`,
  bareURL: `http://127.0.0.1:${APP_PORT + 1}/`,
  appPlainURL: `http://127.0.0.1:${APP_PORT + 2}/`,
  barePlainURL: `http://127.0.0.1:${APP_PORT + 3}/`,
  distDir: path.resolve('dist'),
  bareDir,
  args,
  fixtureDir,
  fixtureURL: `http://127.0.0.1:${APP_PORT}/bench-fixtures/`,
};

const results = {
  date: new Date().toISOString(),
  runs,
  chromium: browser.version(),
  cpus: os.cpus().length,
  // The machine's load when the run started (1, 5, 15 min), so noisy figures can be read as such.
  loadavg: os.loadavg(),
  metrics: {},
};
try {
  for (const b of BENCHMARKS) {
    if (only && !only.includes(b.id)) continue;
    process.stderr.write(`bench: ${b.id} … `);
    const t = Date.now();
    try {
      results.metrics[b.id] = { ...(await b.run(env)), ...(b.target ? { target: b.target } : {}) };
      process.stderr.write(`${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    } catch (e) {
      results.metrics[b.id] = { error: String(e?.stack ?? e) };
      process.stderr.write(`failed: ${e?.message ?? e}\n`);
    }
  }
} finally {
  await browser.close();
  appServer.close();
  bareServer.close();
  appPlain.close();
  barePlain.close();
  fs.rmSync(bareDir, { recursive: true, force: true });
  fs.rmSync(fixtureDir, { recursive: true, force: true });
}
console.log(writeReport(results, 'bench/results'));
