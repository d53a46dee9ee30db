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

async function addCustom(page: Page, weightsUrl: string, libUrl: string) {
  await page.getByTestId('custom-weights-url').fill(weightsUrl);
  await page.getByTestId('custom-lib-url').fill(libUrl);
  await page.getByTestId('custom-add').click();
}

interface Hook {
  models: { id: string }[];
  record(m: unknown): unknown;
  engine: { hasModelInCache(r: unknown): Promise<boolean> };
}

/** The WebLLM ModelRecord the panel built for a model (plain data). */
function recordOf(page: Page, id: string): Promise<unknown> {
  return page.evaluate((modelId) => {
    const s = (globalThis as unknown as { __codeactModels: Hook }).__codeactModels;
    const m = s.models.find((x) => x.id === modelId);
    if (!m) throw new Error(`no model ${modelId}`);
    return JSON.parse(JSON.stringify(s.record(m))) as unknown;
  }, id);
}

/** WebLLM's own hasModelInCache, run inside the LLM worker. */
function hasModelInCache(page: Page, record: unknown): Promise<boolean> {
  return page.evaluate((r) => {
    const s = (globalThis as unknown as { __codeactModels: Hook }).__codeactModels;
    return s.engine.hasModelInCache(r);
  }, record);
}

test('pre-flight reports the software adapter and missing shader-f16, and recommends no local model', async ({
  page,
}) => {
  const shardRequests: string[] = [];
  page.on('request', (r) => {
    if (/params_shard|tensor-cache/.test(r.url())) shardRequests.push(r.url());
  });
  await openPanel(page);
  const adapter = page.getByTestId('preflight-adapter');
  await expect(adapter).toContainText('software adapter');
  await expect(adapter).toContainText('no shader-f16');
  // A software (CPU-emulated) adapter has no GPU memory for a model: nothing is recommended,
  // although the q4f32 models pass the feature checks.
  await expect(page.getByTestId('preflight-default')).not.toHaveAttribute('data-model-id', /./);
  await expect(page.getByTestId('preflight-default')).toContainText('No model');
  await expect(row(page, 'CodeActAgent-Mistral-7b-v0.1-q4f16_1-MLC')).toHaveAttribute(
    'data-verdict',
    'needs-f16',
  );
  await expect(row(page, 'Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC')).toHaveAttribute(
    'data-verdict',
    'needs-f16',
  );
  await expect(row(page, 'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC')).toHaveAttribute(
    'data-verdict',
    'runs',
  );

  // A model that cannot run here is not downloaded: the click explains why instead.
  const codeact = row(page, 'CodeActAgent-Mistral-7b-v0.1-q4f16_1-MLC');
  await codeact.getByTestId('model-load').click();
  await expect(codeact.getByTestId('model-error')).toHaveAttribute('data-code', 'shader-f16');
  expect(shardRequests).toEqual([]);
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
      timeout: 60_000,
    });
    await expect(r.getByTestId('model-error')).toContainText('Clear and download again');
    expect(requests.slice(before)).toEqual([]);
  } finally {
    releaseShard3();
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
