// Vendoring and offline same-origin package loading, proven with a wheel the test
// builds itself: the vendor script checks its sha256 and places it beside the core,
// the browser loads it from our own origin (enforcing the lock's sha256), and a
// tampered wheel is refused.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createStaticServer } from '../../scripts/serve.mjs';
import {
  buildTestWheel,
  TEST_GREETING,
  TEST_PACKAGE,
  TEST_WHEEL,
} from '../fixtures/python/test-wheel';
import { runPython, startPython } from './python-helpers';

const PORT = 4413;
// The service worker would serve the precached (untampered) wheel; this spec is about
// what the browser enforces on the network fetch itself.
test.use({ serviceWorkers: 'block' });
let server: Server;
let site: string;
let requests: string[] = [];

test.beforeAll(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'codeact-wheel-'));
  site = path.join(tmp, 'site');
  fs.cpSync('dist', site, { recursive: true });
  const wheels = path.join(tmp, 'wheels');
  fs.mkdirSync(wheels);
  const { bytes, lockEntry } = buildTestWheel();
  fs.writeFileSync(path.join(wheels, TEST_WHEEL), bytes);
  const extra = path.join(tmp, 'extra-lock.json');
  fs.writeFileSync(extra, JSON.stringify({ [TEST_PACKAGE]: lockEntry }));
  const log = execFileSync('node', ['scripts/vendor-pyodide.mjs'], {
    env: {
      ...process.env,
      PYODIDE_OUT_DIR: path.join(site, 'pyodide'),
      PYODIDE_WHEELS_DIR: wheels,
      PYODIDE_EXTRA_LOCK: extra,
      PYODIDE_NO_DOWNLOAD: '1',
    },
    encoding: 'utf8',
  });
  expect(log).toContain('1 wheel(s) vendored');
  expect(log).toContain('will load from https://cdn.jsdelivr.net/pyodide/v314.0.7/full/');
  server = createStaticServer({ dir: site, base: '/', isolation: true }, (req: { url?: string }) =>
    requests.push(req.url ?? ''),
  ) as Server;
  await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r));
});
test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

test('the vendor script writes a lock with the test wheel local and the rest on the CDN', () => {
  const lock = JSON.parse(fs.readFileSync(path.join(site, 'pyodide/pyodide-lock.json'), 'utf8'));
  expect(lock.packages[TEST_PACKAGE].file_name).toBe(TEST_WHEEL);
  expect(lock.packages.numpy.file_name).toMatch(
    /^https:\/\/cdn\.jsdelivr\.net\/pyodide\/v314\.0\.7\/full\//,
  );
  expect(fs.existsSync(path.join(site, 'pyodide', TEST_WHEEL))).toBe(true);
});

test('the test wheel loads offline from our own origin; a tampered copy is refused', async ({
  page,
  context,
}) => {
  // Offline for everything but our own server.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1:4413\/)/, (route) => route.abort());
  requests = [];
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await startPython(page);
  const r = await runPython(page, 'import codeact_testpkg\ncodeact_testpkg.GREETING');
  expect(r.error).toBeNull();
  expect(r.outputs).toEqual([{ type: 'text', text: `'${TEST_GREETING}'` }]);
  expect(requests).toContain(`/pyodide/${TEST_WHEEL}`);
  const available = await page.evaluate(() => {
    const g = globalThis as unknown as {
      __codeact: { python: { availablePackages(): Promise<string[]> } };
    };
    return g.__codeact.python.availablePackages();
  });
  expect(available).toContain(TEST_PACKAGE);

  // Same size, different bytes: only the sha256 check can catch it.
  const file = path.join(site, 'pyodide', TEST_WHEEL);
  const bytes = fs.readFileSync(file);
  const at = bytes.length - 30;
  bytes[at] = (bytes[at] ?? 0) ^ 0xff;
  fs.writeFileSync(file, bytes);
  const fresh = await context.newPage();
  await fresh.goto(`http://127.0.0.1:${PORT}/`);
  await startPython(fresh);
  const refused = await runPython(fresh, 'import codeact_testpkg');
  expect(refused.error?.ename).toBe('ModuleNotFoundError');
  expect(refused.error?.evalue).toContain(`'${TEST_PACKAGE}'`);
});
