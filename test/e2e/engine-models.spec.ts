// Models panel end to end, in Chromium with --enable-unsafe-webgpu (SwiftShader: software adapter,
// no shader-f16). No real model runs here; fake models are built by the tests themselves.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fakeModelFiles, writeFakeModelFolder } from '../fixtures/engine/fake-model';

const FAKE_PORT = Number(process.env.E2E_PORT ?? 4310) + 1;

async function openPanel(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('./');
  await expect(page.getByTestId('preflight')).toHaveAttribute('data-ready', 'true');
  return errors;
}

const row = (page: Page, id: string) =>
  page.locator(`[data-testid="model-item"][data-model-id="${id}"]`);

/**
 * WebLLM models are "far too slow" on this software GPU: the user opens that group and confirms
 * on the card before Download or Load show.
 */
async function allowTooSlow(page: Page, id: string) {
  const group = page.getByTestId('models-too-slow');
  if ((await group.getAttribute('open')) === null) await group.locator(':scope > summary').click();
  await row(page, id).getByTestId('model-slow-try').click();
  await row(page, id).getByTestId('model-slow-yes').click();
}

/** Self-hosting, custom models and folder import sit under "Advanced". */
async function openAdvanced(page: Page) {
  const advanced = page.getByTestId('models-advanced');
  if ((await advanced.getAttribute('open')) === null)
    await advanced.locator(':scope > summary').click();
}

async function addCustom(page: Page, weightsUrl: string, libUrl: string) {
  await openAdvanced(page);
  await page.getByTestId('custom-weights-url').fill(weightsUrl);
  await page.getByTestId('custom-lib-url').fill(libUrl);
  await page.getByTestId('custom-add').click();
}

/** The WebLLM runtime behind the Models panel (src/engine/local/webllm/webllm-runtime.ts). */
interface WebLLMRuntimeHook {
  record(m: unknown): unknown;
  host: { hasModelInCache(r: unknown): Promise<boolean> };
}

interface Hook {
  models: {
    models: { id: string }[];
    local: { runtime(backend: 'webllm'): WebLLMRuntimeHook };
  };
  llm: { crash(detail?: string): void };
}

/** The WebLLM ModelRecord the panel built for a model (plain data). */
function recordOf(page: Page, id: string): Promise<unknown> {
  return page.evaluate((modelId) => {
    const s = (globalThis as unknown as { __codeact: Hook }).__codeact.models;
    const m = s.models.find((x) => x.id === modelId);
    if (!m) throw new Error(`no model ${modelId}`);
    return JSON.parse(JSON.stringify(s.local.runtime('webllm').record(m))) as unknown;
  }, id);
}

/** WebLLM's own hasModelInCache, run inside the LLM worker. */
function hasModelInCache(page: Page, record: unknown): Promise<boolean> {
  return page.evaluate((r) => {
    const s = (globalThis as unknown as { __codeact: Hook }).__codeact.models;
    return s.local.runtime('webllm').host.hasModelInCache(r);
  }, record);
}

test('on the software adapter no WebLLM model says "Should run" or offers Download without the too-slow confirmation; a small GGUF on the CPU is recommended with its estimated speed', async ({
  page,
}) => {
  const fileRequests: string[] = [];
  page.on('request', (r) => {
    // The first-run estimate times a short ranged read of the recommended file; nothing more.
    const probe = /\.gguf/.test(r.url()) && /^bytes=0-\d+$/.test(r.headers()['range'] ?? '');
    if (/params_shard|tensor-cache|\.gguf/.test(r.url()) && !probe) fileRequests.push(r.url());
  });
  await openPanel(page);
  const adapter = page.getByTestId('preflight-adapter');
  await expect(adapter).toContainText('software adapter');
  await expect(adapter).toContainText('no shader-f16');
  // The recommendation names what does work here: a GGUF on the CPU, its speed as our estimate.
  const advice = page.getByTestId('preflight-default');
  await expect(advice).toHaveAttribute('data-model-id', /-GGUF$/);
  const note = page.getByTestId('preflight-note');
  await expect(note).toContainText(/roughly [\d.]+ tokens per second\. That is our estimate/);
  await expect(note).toContainText('A model server is much faster');
  const recommended = page.getByTestId('models-recommended').getByTestId('model-item');
  await expect(recommended).toHaveCount(1);
  await expect(recommended).toHaveAttribute('data-model-id', /-GGUF$/);
  await expect(recommended.getByTestId('model-verdict')).toContainText(
    /Runs on the CPU \(\d+ threads?;.*\), at roughly [\d.]+ tokens per second \(our estimate\)/,
  );
  // Nothing claims "Should run", and no WebLLM model is among those that fit.
  await expect(page.getByText(/Should run/)).toHaveCount(0);
  await expect(page.locator('[data-testid="models-fit"] [data-model-id$="-MLC"]')).toHaveCount(0);

  // WebLLM models that would load are grouped as far too slow, collapsed, with no Download/Load.
  const slow = page.getByTestId('models-too-slow');
  await expect(slow).not.toHaveAttribute('open');
  const q05 = row(page, 'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC');
  await expect(
    slow.locator('[data-model-id="Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC"]'),
  ).toHaveCount(1);
  await expect(q05).toHaveAttribute('data-verdict', 'software-adapter');
  await slow.locator(':scope > summary').click();
  const slowCards = slow.getByTestId('model-item');
  expect(await slowCards.count()).toBeGreaterThan(0);
  for (const card of await slowCards.all()) {
    await expect(card.getByTestId('model-verdict')).toContainText('Far too slow here');
    await expect(card.getByTestId('model-download')).toHaveCount(0);
    await expect(card.getByTestId('model-load')).toHaveCount(0);
    await expect(card.getByTestId('model-slow-try')).toBeVisible();
  }
  // The inline confirmation says so before any Download shows; "No" leaves none.
  await q05.getByTestId('model-slow-try').click();
  const confirm = q05.getByTestId('model-slow-confirm');
  await expect(confirm).toContainText('This would be far too slow here');
  await q05.getByTestId('model-slow-no').click();
  await expect(confirm).toHaveCount(0);
  await expect(q05.getByTestId('model-download')).toHaveCount(0);
  await q05.getByTestId('model-slow-try').click();
  await q05.getByTestId('model-slow-yes').click();
  await expect(q05.getByTestId('model-download')).toBeVisible();

  // Models that cannot run here are grouped, collapsed, with the reason and no Download or Load.
  const cannot = page.getByTestId('models-cannot-run');
  await expect(cannot).not.toHaveAttribute('open');
  for (const id of [
    'CodeActAgent-Mistral-7b-v0.1-q4f16_1-MLC',
    'Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC',
  ]) {
    const card = cannot.locator(`[data-testid="model-item"][data-model-id="${id}"]`);
    await expect(card).toHaveAttribute('data-verdict', 'needs-f16');
  }
  await cannot.locator(':scope > summary').click();
  const cards = cannot.getByTestId('model-item');
  expect(await cards.count()).toBeGreaterThan(0);
  for (const card of await cards.all()) {
    await expect(card.getByTestId('model-download')).toHaveCount(0);
    await expect(card.getByTestId('model-load')).toHaveCount(0);
  }
  expect(fileRequests).toEqual([]);
});

test('the empty state recommends the CPU model with its estimated speed and a model server, the same at 1366 px and 390 px', async ({
  page,
}) => {
  const adviceAt = async (width: number) => {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('./');
    const note = page.getByTestId('first-run-note');
    await expect(note).toContainText(/roughly [\d.]+ tokens per second\. That is our estimate/);
    await expect(page.getByTestId('no-model-reason')).toHaveCount(0);
    const setup = page.getByTestId('first-run-setup');
    await expect(setup).toHaveAttribute('data-model-id', /-GGUF$/);
    await expect(setup).toContainText(/download/);
    await expect(page.getByTestId('use-model-server')).toBeVisible();
    await expect(page.getByTestId('demo-item').first()).toBeVisible();
    return `${await setup.innerText()} | ${await note.innerText()}`;
  };
  const desktop = await adviceAt(1366);
  const phone = await adviceAt(390);
  expect(phone).toBe(desktop);
  // "Use a model server" opens the Models panel (where the endpoint form lives).
  await page.getByTestId('use-model-server').click();
  await expect(page.getByTestId('models-panel')).toBeVisible();
});

test('loading a model whose files cannot be fetched shows a classified error; the app stays usable', async ({
  page,
  baseURL,
}) => {
  const errors = await openPanel(page);
  await addCustom(
    page,
    `${baseURL}no-such-model/resolve/main/`,
    `${baseURL}no-such-model/lib.wasm`,
  );
  const r = row(page, 'no-such-model');
  await allowTooSlow(page, 'no-such-model');
  await r.getByTestId('model-load').click();
  const err = r.getByTestId('model-error');
  await expect(err).toHaveAttribute('data-code', 'model-not-found');
  await expect(err).toContainText('Model files not found');
  // Still usable: the same row can be retried and other controls answer.
  await expect(r.getByTestId('model-load')).toBeEnabled();
  await r.getByTestId('model-load').click();
  await expect(err).toBeVisible();
  await addCustom(page, 'not a url', 'x');
  await expect(page.getByTestId('custom-error')).toContainText('Not a valid URL');
  expect(errors).toEqual([]);
});

test('importing a model folder lands it in WebLLM’s cache; deleting it works', async ({ page }) => {
  await openPanel(page);
  const id = 'fake-import-q4f32_1-MLC';
  await page.getByTestId('model-import').setInputFiles(writeFakeModelFolder(id));
  await expect(page.getByTestId('import-status')).toContainText(`Imported ${id}`);
  await expect(row(page, id).getByTestId('model-cached')).toHaveAttribute('data-complete', 'true');
  const record = await recordOf(page, id);
  expect(await hasModelInCache(page, record)).toBe(true);

  await page.getByTestId('models-too-slow').locator(':scope > summary').click(); // WebLLM: too slow here
  await row(page, id).getByTestId('model-delete').click();
  await expect(row(page, id)).toHaveCount(0);
  expect(await hasModelInCache(page, record)).toBe(false);
});

test('an incomplete folder is refused with a clear error and nothing is stored', async ({
  page,
}) => {
  await openPanel(page);
  const id = 'broken-import-q4f32_1-MLC';
  await page
    .getByTestId('model-import')
    .setInputFiles(writeFakeModelFolder(id, ['params_shard_2.bin']));
  await expect(page.getByTestId('import-error')).toContainText('not a complete MLC model');
  await expect(page.getByTestId('import-error')).toContainText('missing shard params_shard_2.bin');
  await expect(row(page, id)).toHaveCount(0);
  const stored = await page.evaluate(async (modelId) => {
    const urls: string[] = [];
    for (const name of await caches.keys())
      for (const req of await (await caches.open(name)).keys()) urls.push(req.url);
    return urls.filter((u) => u.includes(modelId));
  }, id);
  expect(stored).toEqual([]);
});

test('an interrupted or cancelled download resumes and keeps the finished shards', async ({
  page,
}) => {
  test.slow(); // ends with a WebLLM load on a software GPU (tens of seconds on a busy machine)
  const { files } = fakeModelFiles();
  const requests: string[] = [];
  let failShard2 = true;
  let releaseShard3: () => void = () => {};
  const shard3Released = new Promise<void>((r) => (releaseShard3 = r));
  const server = http.createServer(async (req, res) => {
    const name = (req.url ?? '').split('/').pop() ?? '';
    requests.push(name);
    const headers = {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    };
    if (name === 'params_shard_2.bin' && failShard2) {
      failShard2 = false; // the first attempt dies mid-way: the connection drops after a few bytes
      res.writeHead(200, { ...headers, 'Content-Length': '5000' });
      res.write(Buffer.alloc(100));
      setTimeout(() => res.destroy(), 50);
      return;
    }
    if (name === 'params_shard_3.bin' && !failShard2) await shard3Released;
    const body = name.endsWith('.wasm') ? Buffer.from('not a real model library') : files.get(name);
    if (!body) return void res.writeHead(404, headers).end();
    res.writeHead(200, { ...headers, 'Content-Length': String(body.length) }).end(body);
  });
  await new Promise<void>((r) => server.listen(FAKE_PORT, '127.0.0.1', r));
  try {
    await openPanel(page);
    const base = `http://127.0.0.1:${FAKE_PORT}`;
    await addCustom(page, `${base}/fake-model/resolve/main/`, `${base}/lib/fake.wasm`);
    const r = row(page, 'fake-model');
    await allowTooSlow(page, 'fake-model');
    await r.getByTestId('model-download').click();
    await expect(r.getByTestId('model-error')).toHaveAttribute('data-code', 'network');
    await expect(r.getByTestId('model-cached')).toContainText('2 of 4');

    await r.getByTestId('model-download').click(); // now labelled "Resume download"
    await expect(r.getByTestId('model-progress')).toContainText(/MB/);
    // Shard 3 is held by the server: cancel mid-download, then resume again.
    await r.getByTestId('model-cancel').click();
    await expect(r.getByTestId('model-error')).toHaveAttribute('data-code', 'cancelled');
    await expect(r.getByTestId('model-cached')).toContainText('3 of 4');
    await r.getByTestId('model-download').click();
    await expect(r.getByTestId('model-progress')).toContainText(/MB/);
    releaseShard3();
    await expect(r.getByTestId('model-cached')).toHaveAttribute('data-complete', 'true');
    await expect(r.getByTestId('model-error')).toHaveCount(0);
    expect(await hasModelInCache(page, await recordOf(page, 'fake-model'))).toBe(true);

    const count = (n: string) => requests.filter((x) => x === n).length;
    expect(count('params_shard_0.bin')).toBe(1);
    expect(count('params_shard_1.bin')).toBe(1);
    expect(count('params_shard_2.bin')).toBe(2);
    expect(count('params_shard_3.bin')).toBe(2); // the cancelled attempt and the finishing one

    // WebLLM itself now loads from the cache we filled (no request reaches the server), and its
    // failure on the fake library is classified.
    const before = requests.length;
    await r.getByTestId('model-load').click();
    await expect(r.getByTestId('model-error')).toHaveAttribute('data-code', 'bad-library', {
      timeout: 150_000,
    });
    await expect(r.getByTestId('model-error')).toContainText('Clear and download again');
    expect(requests.slice(before)).toEqual([]);
  } finally {
    releaseShard3();
    server.close();
  }
});

test('killing the LLM worker mid-load: a clear message, the app stays usable, and Load works again', async ({
  page,
}) => {
  test.slow(); // WebLLM's worker starts twice on a software GPU: tens of seconds each on a busy machine
  // The fake model's files come from 127.0.0.1; its library from "localhost", which neither our
  // downloader nor WebLLM caches (reference §3.2), so WebLLM fetches it during the load, and the
  // server holds the first request: the load is in flight while the worker is killed.
  const { files } = fakeModelFiles();
  let libRequests = 0;
  let libAsked: () => void = () => {};
  const libRequested = new Promise<void>((r) => (libAsked = r));
  let releaseLib: () => void = () => {};
  const libReleased = new Promise<void>((r) => (releaseLib = r));
  const server = http.createServer(async (req, res) => {
    const name = (req.url ?? '').split('/').pop() ?? '';
    const headers = {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    };
    if (name.endsWith('.wasm')) {
      if (++libRequests === 1) {
        libAsked();
        await libReleased;
      }
      return void res.writeHead(200, headers).end('not a real model library');
    }
    const body = files.get(name);
    if (!body) return void res.writeHead(404, headers).end();
    res.writeHead(200, { ...headers, 'Content-Length': String(body.length) }).end(body);
  });
  await new Promise<void>((r) => server.listen(FAKE_PORT, '127.0.0.1', r));
  try {
    const errors = await openPanel(page);
    await addCustom(
      page,
      `http://127.0.0.1:${FAKE_PORT}/fake-model/resolve/main/`,
      `http://localhost:${FAKE_PORT}/lib/fake.wasm`,
    );
    const r = row(page, 'fake-model');
    await allowTooSlow(page, 'fake-model');
    await r.getByTestId('model-load').click();
    await libRequested;
    await expect(r).toHaveAttribute('data-status', 'loading');

    await page.evaluate(() =>
      (globalThis as unknown as { __codeact: Hook }).__codeact.llm.crash('killed by the e2e test'),
    );
    const err = r.getByTestId('model-error');
    await expect(err).toHaveAttribute('data-code', 'worker-stopped');
    await expect(err).toContainText('The model worker stopped');
    await expect(err).toContainText('killed by the e2e test');
    await expect(r).toHaveAttribute('data-status', 'idle');

    // Still usable: other panels answer, and the conversation side still offers the demos.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect(page.getByLabel('Allow Python network access')).toBeVisible();
    await page.getByRole('button', { name: 'Models', exact: true }).click();
    await expect(page.getByTestId('demo-item').first()).toBeVisible();

    // Load again: a new worker starts and WebLLM in it runs the load to its end (here the
    // classified failure of the fake library, which only a live worker can report).
    await r.getByTestId('model-load').click();
    await expect(err).toHaveAttribute('data-code', 'bad-library', { timeout: 150_000 });
    expect(libRequests).toBe(2);
    expect(errors).toEqual([]);
  } finally {
    releaseLib();
    server.close();
  }
});

test('WebLLM’s runtime is bundled only into the LLM worker', () => {
  // The production build the web server serves; detectGPUDevice is tvmjs code inside WebLLM.
  const dir = path.resolve('dist/assets');
  const withRuntime = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .filter((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes('detectGPUDevice'));
  expect(withRuntime).toHaveLength(1);
  expect(withRuntime[0]).toMatch(/^llm\.worker-/);
});
