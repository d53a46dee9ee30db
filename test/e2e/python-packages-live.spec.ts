// Package loading as a user on a slow link sees it, with wheels the test builds itself (vendored
// beside the core, loaded from our own origin):
// - at about 1 Mbit/s (Chromium's own throttling, DevTools protocol) a wheel of a few MB shows
//   progress that rises in steps much smaller than the wheel, with a speed, and the run is not
//   stopped as stalled although the download takes longer than the stall limit;
// - a server that stops sending bytes mid-wheel gets the run stopped as stalled after the limit;
// - a library that imports a lock package inside a function (not seen by the import scan) runs
//   after one automatic load and re-run, and the cell says so.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http, { type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createStaticServer } from '../../scripts/serve.mjs';
import { buildWheel } from '../fixtures/python/test-wheel';
import { startPython, type CodeactGlobal } from './python-helpers';
import { testPort } from './support/counting-server';

const PORT = testPort(16);
// The service worker would serve cached copies; this spec is about the network fetch itself.
test.use({ serviceWorkers: 'block' });

const BIG = buildWheel({
  name: 'codeact-bigpkg',
  // Random bytes do not compress: the wheel is as big as this (about 2 MB).
  files: {
    '__init__.py':
      'import os\nSIZE = os.path.getsize(os.path.join(os.path.dirname(__file__), "blob.bin"))\n',
    'blob.bin': new Uint8Array(crypto.randomBytes(2 * 1024 * 1024)),
  },
  store: true,
});
const LAZY_DEP = buildWheel({
  name: 'codeact-lazydep',
  files: { '__init__.py': 'MESSAGE = "lazy dependency loaded"\n' },
});
const LAZY_LIB = buildWheel({
  name: 'codeact-lazylib',
  // Like pandas' df.plot(): the dependency is imported only when the function runs.
  files: {
    '__init__.py': 'def use():\n    import codeact_lazydep\n    return codeact_lazydep.MESSAGE\n',
  },
});

let server: Server;
let site: string;
/** When set, the big wheel is sent only up to half and the connection is left open. */
let stallBigWheel = false;

test.beforeAll(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'codeact-live-'));
  site = path.join(tmp, 'site');
  fs.cpSync('dist', site, { recursive: true });
  const wheels = path.join(tmp, 'wheels');
  fs.mkdirSync(wheels);
  const extraLock: Record<string, unknown> = {};
  for (const w of [BIG, LAZY_DEP, LAZY_LIB]) {
    fs.writeFileSync(path.join(wheels, w.fileName), w.bytes);
    extraLock[w.lockEntry.name as string] = w.lockEntry;
  }
  const extra = path.join(tmp, 'extra-lock.json');
  fs.writeFileSync(extra, JSON.stringify(extraLock));
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
  expect(log).toContain('3 wheel(s) vendored');
  const files = createStaticServer({ dir: site, base: '/', isolation: true }) as Server;
  server = http.createServer((req, res) => {
    if (stallBigWheel && req.url === `/pyodide/${BIG.fileName}`) {
      res.writeHead(200, {
        'Content-Type': 'application/zip',
        'Content-Length': BIG.bytes.length,
        'X-Content-Type-Options': 'nosniff',
      });
      res.write(BIG.bytes.subarray(0, BIG.bytes.length >> 1)); // then nothing, connection open
      return;
    }
    files.emit('request', req, res);
  });
  await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r));
});
test.afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

interface Loads {
  result: Awaited<ReturnType<CodeactGlobal['__codeact']['python']['run']>>;
  loads: { phase: string; items: { name: string; bytes: number; bytesPerSecond?: number }[] }[];
  ms: number;
}

function runWithLoads(page: Page, code: string, limits: { timeoutMs: number; stallMs: number }) {
  return page.evaluate(
    async ([c, l]) => {
      const py = (globalThis as unknown as CodeactGlobal).__codeact.python;
      const loads: Loads['loads'] = [];
      py.onPackages((x) => loads.push(structuredClone(x)));
      const t0 = performance.now();
      const result = await py.run(c, l);
      return { result, loads, ms: performance.now() - t0 };
    },
    [code, limits] as const,
  ) as Promise<Loads>;
}

async function offlineButOurs(page: Page) {
  await page
    .context()
    .route(new RegExp(`^https?://(?!127\\.0\\.0\\.1:${PORT}/)`), (route) => route.abort());
}

test('about 1 Mbit/s: progress rises in small steps with a speed, and the run is not stopped as stalled', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await offlineButOurs(page);
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await startPython(page);
  // Chromium's network throttling (what DevTools' "custom" profile does): 1 Mbit/s down.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 40,
    downloadThroughput: 125_000,
    uploadThroughput: 125_000,
  });
  const r = await runWithLoads(page, 'import codeact_bigpkg\ncodeact_bigpkg.SIZE', {
    timeoutMs: 3000,
    stallMs: 5000,
  });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  expect(r.result.error).toBeNull();
  expect(r.result.timedOut).toBe(false);
  expect(r.result.outputs).toEqual([{ type: 'text', text: String(2 * 1024 * 1024) }]);
  // The download took longer than the stall limit: only a clock that means "no bytes" lets it through.
  expect(r.ms).toBeGreaterThan(8000);
  const seen = r.loads
    .filter((l) => l.phase === 'loading')
    .map((l) => l.items.find((i) => i.name === 'codeact-bigpkg'))
    .filter((i) => i !== undefined);
  const sizes = [...new Set(seen.map((i) => i.bytes))].filter((b) => b > 0);
  expect(sizes.length).toBeGreaterThanOrEqual(5);
  const steps = sizes.slice(1).map((b, i) => b - sizes[i]!);
  expect(Math.max(sizes[0]!, ...steps)).toBeLessThan(BIG.bytes.length / 4);
  expect(seen.some((i) => (i.bytesPerSecond ?? 0) > 0)).toBe(true);
});

test('a server that stops sending mid-wheel: the run is stopped as stalled after the limit', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await offlineButOurs(page);
  stallBigWheel = true;
  try {
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await startPython(page);
    const r = await runWithLoads(page, 'import codeact_bigpkg', { timeoutMs: 2000, stallMs: 4000 });
    expect(r.result.timedOut).toBe(true);
    expect(r.result.error?.ename).toBe('TimeoutError');
    expect(r.result.error?.evalue).toContain('Package download stalled: no data arrived for 4');
    const partial = r.loads.flatMap((l) => l.items).filter((i) => i.name === 'codeact-bigpkg');
    expect(partial.some((i) => i.bytes > 0 && i.bytes < BIG.bytes.length)).toBe(true);
  } finally {
    stallBigWheel = false;
    server.closeAllConnections();
  }
});

test('a lazy import inside a library: the lock package is loaded and the cell run again, once', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await offlineButOurs(page);
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await startPython(page);
  const r = await runWithLoads(
    page,
    'import codeact_lazylib\nprint("before")\nprint(codeact_lazylib.use())',
    { timeoutMs: 30_000, stallMs: 30_000 },
  );
  expect(r.result.error).toBeNull();
  expect(r.result.stdout).toBe('before\nlazy dependency loaded\n');
  expect(r.result.stderr).toContain(
    "[The cell needed the package 'codeact-lazydep' (module 'codeact_lazydep', imported inside a library), which was loaded; the cell was run again.]",
  );
  const loaded = r.loads
    .filter((l) => l.phase === 'done')
    .flatMap((l) => l.items.map((i) => i.name));
  expect(loaded).toEqual(['codeact-lazylib', 'codeact-lazydep']);
});
