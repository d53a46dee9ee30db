// GGUF files in Chromium, through the app's own llama.cpp runtime (WllamaRuntime, reached by the
// test hook `__codeact.gguf`): a split model downloads its shards in parallel from a loopback TEST
// server with MB / ETA progress; Stop keeps the partial bytes and the next download resumes with
// HTTP Range for only the rest; the stored files are byte-identical to the source; delete leaves
// nothing in the origin-private file system; servers that ignore Range or send too few or too many
// bytes never leave a corrupt model counted as stored. Import from disk in the Models panel: a
// split GGUF's shards together, and a file that is not GGUF or not a chat model refused with a
// clear message. The files are small synthetic GGUFs (a real header, random bytes after it):
// nothing here runs them (test/e2e/gguf-models-panel.spec.ts runs a real one).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { LoadProgress } from '../../src/engine/local/runtime';
import { ggufBytes, LLAMA_META } from '../support/gguf-bytes';
import { testPort } from './support/counting-server';
import { startRangeTestServer, type RangeTestServer } from './support/range-test-server';

test.use({ serviceWorkers: 'block' });
test.describe.configure({ mode: 'serial' });

const SHARD_BYTES = 1_500_000;
const HOLD_AFTER = 1_000_000;
const STEM = 'tiny-split';
const NAMES = [1, 2].map((n) => `${STEM}-0000${n}-of-00002.gguf`);

/** A split GGUF shard: its real header, then random bytes up to `size`. */
function shard(no: number, size: number): Uint8Array {
  const head = ggufBytes({ ...LLAMA_META, 'split.no': no, 'split.count': 2 });
  const out = new Uint8Array(size);
  out.set(head);
  out.set(crypto.randomBytes(size - head.length), head.length);
  return out;
}

const FILES = new Map(NAMES.map((n, i) => [n, shard(i, SHARD_BYTES)]));
// The right size, the wrong content: what a misconfigured host's error page would look like.
const NOT_GGUF = 'error-page.gguf';
const ERROR_PAGE = new Uint8Array(SHARD_BYTES).fill(0x20);
ERROR_PAGE.set(new TextEncoder().encode('<!doctype html><title>Not found</title>'));
const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

let server: RangeTestServer;
test.beforeAll(async () => {
  server = await startRangeTestServer(testPort(21), new Map([...FILES, [NOT_GGUF, ERROR_PAGE]]));
});
test.afterAll(async () => {
  await server.close();
});

/**
 * A catalog entry for the shards on the test server (plain data, as the catalog's own are), its
 * published size confirmed (`source.bytes`) as for the entries whose sha256 is known.
 */
const model = (id: string, downloadMB = 3) => ({
  id,
  label: `Test split GGUF ${id}`,
  family: 'test-gguf',
  series: 'generic',
  quantization: 'Q',
  dialect: 'generic',
  contextWindow: 2048,
  memoryMB: 10,
  downloadMB,
  lowResource: false,
  stopStrings: [],
  origin: 'prebuilt',
  source: {
    backend: 'wllama',
    files: NAMES.map((n) => ({ kind: 'url', url: server.url + n })),
    bytes: downloadMB * 1e6,
  },
});
type Model = ReturnType<typeof model>;

type Progress = Pick<
  LoadProgress,
  'percent' | 'mbDone' | 'mbTotal' | 'speedMBps' | 'etaSeconds' | 'text'
>;
type Outcome = 'done' | { code?: string; message: string; action?: string };
interface Runtime {
  download(
    m: unknown,
    o: { signal: AbortSignal; onProgress: (p: Progress) => void },
  ): Promise<void>;
  status(m: unknown): Promise<{ complete: boolean; bytes: number; shardsCached: number }>;
  listStored(ms: unknown[]): Promise<Map<string, { complete: boolean }>>;
  remove(m: unknown): Promise<void>;
}
interface W {
  __codeact: { gguf: { runtime(): Runtime } };
  __stop: AbortController;
  __progress: Progress[];
  __download: Promise<Outcome>;
}

/** Starts the app's download of `m` in the page; `finish` waits for its outcome. */
async function startDownload(page: Page, m: Model) {
  await page.evaluate((m) => {
    const w = globalThis as unknown as W;
    w.__stop = new AbortController();
    w.__progress = [];
    w.__download = w.__codeact.gguf
      .runtime()
      .download(m, { signal: w.__stop.signal, onProgress: (p) => w.__progress.push(p) })
      .then(
        () => 'done' as const,
        (e: { code?: string; message: string; action?: string }) => ({
          code: e.code,
          message: e.message,
          action: e.action,
        }),
      );
  }, m);
}
const finish = (page: Page) => page.evaluate(() => (globalThis as unknown as W).__download);
const progress = (page: Page) => page.evaluate(() => (globalThis as unknown as W).__progress);

async function download(page: Page, m: Model): Promise<{ outcome: Outcome; seen: Progress[] }> {
  await startDownload(page, m);
  return { outcome: await finish(page), seen: await progress(page) };
}

/** Everything under gguf/<id> in the origin-private file system: name → size and sha256. */
function stored(page: Page, id: string) {
  return page.evaluate(async (id) => {
    const out: Record<string, { bytes: number; sha256: string }> = {};
    const root = await navigator.storage.getDirectory();
    let dir: FileSystemDirectoryHandle;
    try {
      dir = await (await root.getDirectoryHandle('gguf')).getDirectoryHandle(id);
    } catch {
      return undefined; // no folder at all
    }
    for await (const [name, h] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) {
      const file = await (h as FileSystemFileHandle).getFile();
      const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
      out[name] = {
        bytes: file.size,
        sha256: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''),
      };
    }
    return out;
  }, id);
}

const runtimeCall = <T>(page: Page, fn: string, m: Model) =>
  page.evaluate(
    async ({ fn, m }) => {
      const rt = (globalThis as unknown as W).__codeact.gguf.runtime();
      if (fn === 'status') return rt.status(m);
      if (fn === 'listed') return [...(await rt.listStored([m])).entries()];
      return rt.remove(m);
    },
    { fn, m },
  ) as Promise<T>;
const status = (page: Page, m: Model) =>
  runtimeCall<{ complete: boolean; bytes: number; shardsCached: number }>(page, 'status', m);
const listed = (page: Page, m: Model) =>
  runtimeCall<[string, { complete: boolean }][]>(page, 'listed', m);

const identical = () =>
  Object.fromEntries(NAMES.map((n) => [n, { bytes: SHARD_BYTES, sha256: sha(FILES.get(n)!) }]));

const getsSince = (from: number) => server.requests.slice(from).filter((r) => r.method === 'GET');

/** Downloads with Stop pressed once both shards are held mid-way: HOLD_AFTER bytes each kept. */
async function stopMidway(page: Page, m: Model) {
  server.behave({ trickle: { bytes: 32_768, everyMs: 30 }, holdAfter: HOLD_AFTER });
  await startDownload(page, m);
  // Both shards are being sent at the same time: the download is parallel.
  await expect.poll(() => server.held(), { timeout: 30_000 }).toBe(2);
  await expect
    .poll(async () => (await progress(page)).at(-1)?.mbDone, { timeout: 30_000 })
    .toBe((2 * HOLD_AFTER) / 1e6);
  await page.evaluate(() => (globalThis as unknown as W).__stop.abort());
  const outcome = await finish(page);
  server.release();
  return { outcome, seen: await progress(page) };
}

test.beforeEach(async ({ page }) => {
  await page.goto('./');
  await page.waitForFunction(() => !!(globalThis as unknown as Partial<W>).__codeact?.gguf);
});

test('a split GGUF downloads in parallel with rising MB/ETA progress; Stop keeps the partial bytes; the resume asks only for the rest; delete leaves nothing', async ({
  page,
}) => {
  const m = model('dl-resume');
  const first = await stopMidway(page, m);
  expect(first.outcome).toMatchObject({ code: 'cancelled' });
  expect(server.maxInFlight).toBe(2);
  // Progress: over the whole model, in MB, rising, with an ETA once the speed is known.
  const seen = first.seen;
  expect(seen.every((p) => p.mbTotal === (2 * SHARD_BYTES) / 1e6)).toBe(true);
  const done = seen.map((p) => p.mbDone ?? -1);
  expect(done).toEqual([...done].sort((a, b) => a - b));
  expect(new Set(done).size).toBeGreaterThan(5);
  expect(seen.every((p) => Number.isInteger(p.percent))).toBe(true);
  const withEta = seen.filter((p) => p.etaSeconds !== undefined);
  expect(withEta.length).toBeGreaterThan(0);
  expect(withEta.every((p) => p.etaSeconds! > 0 && p.speedMBps! > 0)).toBe(true);
  expect(seen.at(-1)!.text).toBe('Downloading 2 / 3 MB');

  // Stop kept exactly the bytes that arrived, as parts: nothing counts as stored yet.
  expect(await stored(page, m.id)).toEqual(
    Object.fromEntries(
      NAMES.map((n) => [
        `${n}.part`,
        { bytes: HOLD_AFTER, sha256: sha(FILES.get(n)!.subarray(0, HOLD_AFTER)) },
      ]),
    ),
  );
  expect(await status(page, m)).toMatchObject({
    complete: false,
    bytes: 2 * HOLD_AFTER,
    shardsCached: 0,
  });

  // The next download resumes: each shard is asked only for the bytes it lacks.
  server.behave({});
  const mark = server.requests.length;
  const second = await download(page, m);
  expect(second.outcome).toBe('done');
  const resumed = getsSince(mark).sort((a, b) => a.name.localeCompare(b.name));
  expect(resumed).toEqual(
    NAMES.map((name) => ({ method: 'GET', name, range: `bytes=${HOLD_AFTER}-`, status: 206 })),
  );
  expect(second.seen[0]!.mbDone).toBe((2 * HOLD_AFTER) / 1e6);
  expect(second.seen.at(-1)).toMatchObject({ percent: 100, mbDone: 3 });
  expect(await stored(page, m.id)).toEqual(identical());
  expect(await status(page, m)).toMatchObject({ complete: true, shardsCached: 2 });
  expect(await listed(page, m)).toEqual([[m.id, expect.objectContaining({ complete: true })]]);

  // Delete removes every stored byte.
  await runtimeCall(page, 'remove', m);
  expect(await stored(page, m.id)).toBeUndefined();
  expect(await listed(page, m)).toEqual([]);
});

test('a server that ignores Range: the shard starts over from byte 0 and ends byte-identical', async ({
  page,
}) => {
  const m = model('dl-no-range');
  expect((await stopMidway(page, m)).outcome).toMatchObject({ code: 'cancelled' });
  server.behave({ ignoreRange: true });
  const mark = server.requests.length;
  const { outcome, seen } = await download(page, m);
  expect(outcome).toBe('done');
  // It was asked for the rest and answered with the whole file (200), which replaced the part.
  expect(getsSince(mark).map((r) => [r.range, r.status])).toEqual([
    [`bytes=${HOLD_AFTER}-`, 200],
    [`bytes=${HOLD_AFTER}-`, 200],
  ]);
  expect(seen.every((p) => p.percent <= 100 && p.mbDone! <= p.mbTotal!)).toBe(true);
  expect(await stored(page, m.id)).toEqual(identical());
  await runtimeCall(page, 'remove', m);
});

test('a 206 that starts elsewhere than asked is a clear error, and the part stays for a resume', async ({
  page,
}) => {
  const m = model('dl-wrong-range');
  expect((await stopMidway(page, m)).outcome).toMatchObject({ code: 'cancelled' });
  server.behave({ rangeFromZero: true });
  const { outcome } = await download(page, m);
  expect(outcome).toMatchObject({
    code: 'download-failed',
    message: expect.stringMatching(
      new RegExp(`: asked for the bytes from ${HOLD_AFTER}, the server sent them from 0\\.$`),
    ),
  });
  expect(await status(page, m)).toMatchObject({ complete: false, bytes: 2 * HOLD_AFTER });
  server.behave({});
  expect((await download(page, m)).outcome).toBe('done');
  expect(await stored(page, m.id)).toEqual(identical());
  await runtimeCall(page, 'remove', m);
});

test('a truncated body is a clear error and nothing counts as stored; the next download finishes it', async ({
  page,
}) => {
  const m = model('dl-truncated');
  server.behave({ truncateBy: 1000 });
  const { outcome } = await download(page, m);
  expect(outcome).toMatchObject({
    code: 'download-failed',
    message: expect.stringMatching(
      new RegExp(
        `^${STEM}-0000[12]-of-00002\\.gguf: got ${SHARD_BYTES - 1000} of ${SHARD_BYTES} bytes\\.$`,
      ),
    ),
    action: 'Try again; the download resumes.',
  });
  expect(await status(page, m)).toMatchObject({ complete: false });
  expect(await listed(page, m)).toEqual([[m.id, expect.objectContaining({ complete: false })]]);
  const files = await stored(page, m.id);
  expect(Object.keys(files ?? {}).every((n) => n.endsWith('.part'))).toBe(true);

  server.behave({});
  const mark = server.requests.length;
  expect((await download(page, m)).outcome).toBe('done');
  expect(getsSince(mark)).toContainEqual(
    expect.objectContaining({ range: `bytes=${SHARD_BYTES - 1000}-`, status: 206 }),
  );
  expect(await stored(page, m.id)).toEqual(identical());
  await runtimeCall(page, 'remove', m);
});

test('an oversized body is a clear error, its bytes are discarded, and the next download starts clean', async ({
  page,
}) => {
  const m = model('dl-oversized');
  server.behave({ oversizeBy: 5000 });
  const { outcome } = await download(page, m);
  expect(outcome).toMatchObject({
    code: 'download-failed',
    message: expect.stringContaining(
      `the server sent more than the ${SHARD_BYTES} bytes it announced, so the file was discarded.`,
    ),
  });
  expect(await status(page, m)).toMatchObject({ complete: false, shardsCached: 0 });
  const files = (await stored(page, m.id)) ?? {};
  // The shard that overflowed left nothing; the other one (stopped with it) at most a part.
  expect(Object.keys(files).every((n) => n.endsWith('.part'))).toBe(true);
  expect(Object.keys(files).length).toBeLessThan(2);

  server.behave({});
  expect((await download(page, m)).outcome).toBe('done');
  expect(await stored(page, m.id)).toEqual(identical());
  await runtimeCall(page, 'remove', m);
});

test('one shard failing stops the others before the download reports the error', async ({
  page,
}) => {
  const m = model('dl-one-fails');
  server.behave({
    trickle: { bytes: 32_768, everyMs: 30 },
    holdAfter: HOLD_AFTER,
    missing: NAMES[1],
  });
  const { outcome } = await download(page, m);
  expect(outcome).toMatchObject({
    code: 'download-failed',
    message: `${NAMES[1]}: HTTP 404 Not Found`,
  });
  // The first shard's transfer was stopped (not left writing behind a retry's back) and its
  // bytes kept for the resume.
  await expect.poll(() => server.held(), { timeout: 10_000 }).toBe(0);
  server.release();
  expect(await stored(page, m.id)).toEqual({
    [`${NAMES[0]}.part`]: {
      bytes: HOLD_AFTER,
      sha256: sha(FILES.get(NAMES[0]!)!.subarray(0, HOLD_AFTER)),
    },
  });
  expect(await status(page, m)).toMatchObject({ complete: false, shardsCached: 0 });
  await runtimeCall(page, 'remove', m);
});

test('a file of the right size that is not GGUF is discarded with a clear error', async ({
  page,
}) => {
  const m = {
    ...model('dl-not-gguf', 1.5),
    source: {
      backend: 'wllama',
      files: [{ kind: 'url', url: server.url + NOT_GGUF }],
      bytes: 1.5e6,
    },
  };
  server.behave({});
  const { outcome } = await download(page, m);
  expect(outcome).toMatchObject({
    code: 'download-failed',
    message: `${NOT_GGUF}: the server sent something that is not a GGUF file (it does not start with “GGUF”), so it was discarded.`,
  });
  expect(await stored(page, m.id)).toEqual({});
  expect(await status(page, m)).toMatchObject({ complete: false, bytes: 0 });
  await runtimeCall(page, 'remove', m);
});

test('files that do not add up to the catalog’s size are refused before a byte is stored', async ({
  page,
}) => {
  const m = model('dl-wrong-size', 50);
  server.behave({});
  const mark = server.requests.length;
  const { outcome } = await download(page, m);
  expect(outcome).toMatchObject({
    code: 'download-failed',
    message:
      'The server offers 3.0 MB, but this model is 50 MB: the address does not give the expected file, so nothing was downloaded.',
  });
  expect(getsSince(mark)).toEqual([]);
  expect(await stored(page, m.id)).toBeUndefined();
  expect(await listed(page, m)).toEqual([]);
});

/** Files on disk for the file picker. */
function onDisk(files: Record<string, Uint8Array | string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gguf-import-'));
  return Object.entries(files).map(([name, body]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, body);
    return p;
  });
}

test('Models panel: a split GGUF’s shards import together and delete; a non-GGUF file, a non-chat architecture and a missing shard are refused with a clear message', async ({
  page,
}) => {
  await expect(page.getByTestId('preflight')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('models-advanced').locator(':scope > summary').click();
  const picker = page.getByTestId('model-import-files');
  const error = page.getByTestId('import-error');

  await picker.setInputFiles(onDisk({ 'data.gguf': 'a,b\n1,2\n'.repeat(20) }));
  await expect(error).toContainText('Not a GGUF file');
  await expect(error).toContainText(
    'data.gguf is not a GGUF model file: it does not start with the GGUF magic bytes.',
  );
  const bert = ggufBytes({ 'general.architecture': 'bert', 'general.name': 'an embedder' });
  await picker.setInputFiles(onDisk({ 'embedder.gguf': bert }));
  await expect(error).toContainText('Unsupported model');
  await expect(error).toContainText(
    'embedder.gguf is a GGUF of architecture “bert”, which this app cannot chat with.',
  );
  await picker.setInputFiles(onDisk({ [NAMES[0]!]: FILES.get(NAMES[0]!)! }));
  await expect(error).toContainText('Shards missing');
  await expect(error).toContainText('Pick all 2 shards together.');
  for (const id of ['data-imported-GGUF', 'embedder-imported-GGUF', `${STEM}-imported-GGUF`])
    expect(await stored(page, id)).toBeUndefined();

  // Both shards, picked in reverse order: stored under one model, in load order, unchanged.
  const id = `${STEM}-imported-GGUF`;
  await picker.setInputFiles(onDisk(Object.fromEntries([...FILES].reverse())));
  await expect(page.getByTestId('import-status')).toHaveText(`Imported ${id}`);
  await expect(error).toHaveCount(0);
  const row = page.locator(`[data-testid="model-item"][data-model-id="${id}"]`);
  await expect(row.getByTestId('model-cached')).toHaveAttribute('data-complete', 'true');
  await expect(row).toContainText('Tiny Test (imported GGUF)');
  expect(await stored(page, id)).toEqual(identical());

  await row.getByTestId('model-delete').click();
  await expect(row).toHaveCount(0);
  expect(await stored(page, id)).toBeUndefined();
});
