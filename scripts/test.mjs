#!/usr/bin/env node
// `npm test`: unit tests (Vitest, Node), Python helper tests (pytest under Debian's
// python3 with numpy/pandas/matplotlib/scikit-learn), then end-to-end tests
// (Playwright, production build, headless Chromium). Stops at the first failing stage.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { findChromium, HOW_TO_GET_CHROMIUM } from './browser.mjs';

const PY = process.env.PYTHON ?? '/usr/bin/python3';

function run(title, cmd, args) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
}

const browser = await findChromium();
if (!browser) {
  console.error(HOW_TO_GET_CHROMIUM);
  process.exit(1);
}

run('unit', 'npx', ['vitest', 'run']);

const hasPyTests =
  fs.existsSync('test/python') &&
  fs.readdirSync('test/python').some((f) => /^test_.*\.py$/.test(f));
if (hasPyTests) {
  const probe = spawnSync(PY, ['-c', 'import pytest, numpy, pandas, matplotlib, sklearn'], {
    stdio: 'pipe',
  });
  if (probe.status !== 0) {
    console.error(
      `${PY} lacks pytest/numpy/pandas/matplotlib/scikit-learn.\n` +
        'Install: sudo apt-get install -y python3-pytest python3-numpy python3-pandas python3-matplotlib python3-sklearn',
    );
    process.exit(1);
  }
  run('python helpers', PY, ['-m', 'pytest', '-q', 'test/python']);
}

run('end-to-end', 'npx', ['playwright', 'test']);
