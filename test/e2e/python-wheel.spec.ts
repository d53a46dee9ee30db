// Vendoring and offline same-origin package loading, proven with a wheel the test
// builds itself: the vendor script checks its sha256 and places it beside the core,
// the browser loads it from our own origin (enforcing the lock's sha256), and a
// tampered wheel is refused.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http, { type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createStaticServer } from '../../scripts/serve.mjs';
import {
  buildTestWheel,
  TEST_GREETING,
  TEST_PACKAGE,
  TEST_WHEEL,
} from '../fixtures/python/test-wheel';
import { runPython, startPython, type CodeactGlobal } from './python-helpers';
import { testPort } from './support/counting-server';

// Offset from E2E_PORT: a fixed port collides when several checkouts run this spec at once.
const PORT = testPort(7);
// The service worker would serve the precached (untampered) wheel; this spec is about
// what the browser enforces on the network fetch itself.
test.use({ serviceWorkers: 'block' });
let server: Server;
let site: string;
let requests: string[] = [];
/** When set, the wheel is sent in small pieces this many ms apart (a slow link). */
let trickleMs = 0;

function trickle(file: string, res: http.ServerResponse): void {
  const bytes = fs.readFileSync(file);
  const pieces = 8;
  const size = Math.ceil(bytes.length / pieces);
  // nosniff: otherwise the browser holds back the first KB (MIME sniffing) and the pieces arrive as one.
  res.writeHead(200, {
    'Content-Type': 'application/zip',
    'Content-Length': bytes.length,
    'X-Content-Type-Options': 'nosniff',
  });
  let i = 0;
  const next = () => {
    res.write(bytes.subarray(i * size, (i + 1) * size));
    if (++i < pieces) setTimeout(next, trickleMs);
    else res.end();
  };
  next();
}

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
  const files = createStaticServer({ dir: site, base: '/', isolation: true }) as Server;
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (trickleMs > 0 && req.url === `/pyodide/${TEST_WHEEL}`)
      return trickle(path.join(site, 'pyodide', TEST_WHEEL), res);
    files.emit('request', req, res);
  });
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
  await context.route(new RegExp(`^https?://(?!127\\.0\\.0\\.1:${PORT}/)`), (route) =>
    route.abort(),
  );
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
  try {
    const refused = await runPython(fresh, 'import codeact_testpkg');
    expect(refused.error?.ename).toBe('ModuleNotFoundError');
    expect(refused.error?.evalue).toContain(`'${TEST_PACKAGE}'`);
  } finally {
    bytes[at] = (bytes[at] ?? 0) ^ 0xff; // the next test needs the real wheel
    fs.writeFileSync(file, bytes);
  }
});

test('the time limit does not count package downloads, and each package shows its progress', async ({
  page,
}) => {
  await context_offline(page);
  trickleMs = 900; // 8 pieces: over 6 s for the wheel, twice the 3 s limit below
  try {
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await startPython(page);
    const r = await page.evaluate(async () => {
      const py = (globalThis as unknown as CodeactGlobal).__codeact.python;
      const loads: { phase: string; items: { name: string; bytes: number; done: boolean }[] }[] =
        [];
      py.onPackages((l) => loads.push(structuredClone(l)));
      const t0 = performance.now();
      const result = await py.run('import codeact_testpkg\ncodeact_testpkg.GREETING', {
        timeoutMs: 3000,
      });
      return { result, loads, ms: performance.now() - t0 };
    });
    expect(r.ms).toBeGreaterThan(6000); // the download really took longer than the limit
    expect(r.result.error).toBeNull();
    expect(r.result.outputs).toEqual([{ type: 'text', text: `'${TEST_GREETING}'` }]);
    const last = r.loads.at(-1);
    expect(last?.phase).toBe('done');
    expect(last?.items).toEqual([
      {
        name: TEST_PACKAGE,
        bytes: fs.statSync(path.join(site, 'pyodide', TEST_WHEEL)).size,
        done: true,
        bytesPerSecond: expect.any(Number),
      },
    ]);
    expect(r.loads.some((l) => l.phase === 'loading' && l.items[0]?.bytes === 0)).toBe(true);
  } finally {
    trickleMs = 0;
  }
  // The same limit still stops code that runs too long once its packages are loaded.
  const slow = await page.evaluate(() =>
    (globalThis as unknown as CodeactGlobal).__codeact.python.run(
      'import time\nt = time.time()\nwhile time.time() - t < 10:\n    pass',
      { timeoutMs: 3000 },
    ),
  );
  expect(slow.error?.ename).toBe('TimeoutError');
});

async function context_offline(page: Page) {
  await page
    .context()
    .route(new RegExp(`^https?://(?!127\\.0\\.0\\.1:${PORT}/)`), (route) => route.abort());
}
