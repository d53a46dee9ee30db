// Self-hosted models on a clean load: the site's `models/local-models.json` is read first, and a
// model it does not list is never asked for (no 404 on every visit). A base without a manifest is
// asked directly; a failed request (offline) asks nothing more and is tried again later.
// The files come from a FAKE fetch that records every URL.
import { afterEach, describe, expect, it } from 'vitest';
import { readHostedManifest } from '../../src/engine/local/hosted-manifest';
import { LocalModels } from '../../src/engine/local/local-models';
import { WebLLMRuntime } from '../../src/engine/local/webllm';
import { LlmHost } from '../../src/engine/local/webllm/llm-host';
import { fakeWorkerFactory } from '../fixtures/engine/fake-llm-worker';
import { fakeWebLLMModel } from '../fixtures/engine/fake-model';

/** A FAKE self-hosted catalog entry (weights under the self-host base). */
const hostedModel = fakeWebLLMModel({
  id: 'Hosted-q4f16_1-MLC',
  needs: 'host it',
  source: {
    backend: 'webllm',
    weights: { kind: 'self-hosted', path: 'models/Hosted-q4f16_1-MLC/resolve/main/' },
    modelLib: 'https://libs.example/fake.wasm',
  },
});

let workers: ReturnType<typeof fakeWorkerFactory>;
afterEach(() => workers.closeAll());

/** `site`: path → body (JSON-encoded) the FAKE host serves; anything else is a 404. */
function setup(site: Record<string, unknown>, opts: { offline?: () => boolean } = {}) {
  const requested: string[] = [];
  const fetch = (async (url: string) => {
    requested.push(url);
    if (opts.offline?.()) throw new TypeError('Failed to fetch');
    const path = new URL(url).pathname;
    return path in site
      ? new Response(JSON.stringify(site[path]), {
          headers: { 'content-type': 'application/json' },
        })
      : new Response('not found', { status: 404 });
  }) as typeof globalThis.fetch;
  workers = fakeWorkerFactory();
  const host = new LlmHost({ createWorker: workers.create });
  const local = new LocalModels({
    runtimes: (ctx) => [new WebLLMRuntime(ctx, { host })],
    baseURI: () => 'https://app.example/',
    fetch,
  });
  return { local, requested };
}

const CONFIG = '/models/Hosted-q4f16_1-MLC/resolve/main/mlc-chat-config.json';

describe('self-hosted models and the site manifest', () => {
  it('a site that lists no model is asked for nothing but its manifest (a clean load has no 404)', async () => {
    const { local, requested } = setup({ '/models/local-models.json': { models: [] } });
    expect(await local.checkHosted(hostedModel)).toEqual({ reachable: false, caveatLifted: false });
    expect(await local.checkHosted(hostedModel)).toEqual({ reachable: false, caveatLifted: false });
    expect(requested).toEqual(['https://app.example/models/local-models.json']); // read once
  });

  it('a listed model is asked for its files and found', async () => {
    const { local, requested } = setup({
      '/models/local-models.json': { models: [{ id: 'Hosted-q4f16_1-MLC' }] },
      [CONFIG]: { model_type: 'mistral' },
    });
    expect(await local.checkHosted(hostedModel)).toMatchObject({ reachable: true });
    expect(requested).toContain(`https://app.example${CONFIG}`);
  });

  it('a base without a manifest (one the user typed) is asked directly', async () => {
    const { local, requested } = setup({
      '/cdn/Hosted-q4f16_1-MLC/resolve/main/mlc-chat-config.json': {},
    });
    local.setSelfHostBase('cdn/');
    expect(await local.checkHosted(hostedModel)).toMatchObject({ reachable: true });
    expect(requested[0]).toBe('https://app.example/cdn/local-models.json');
  });

  it('offline: nothing more is asked, and the manifest is read again once the network is back', async () => {
    let offline = true;
    const { local, requested } = setup(
      { '/models/local-models.json': { models: [{ id: 'Hosted-q4f16_1-MLC' }] }, [CONFIG]: {} },
      { offline: () => offline },
    );
    expect(await local.checkHosted(hostedModel)).toEqual({ reachable: false, caveatLifted: false });
    expect(requested).toEqual(['https://app.example/models/local-models.json']);
    offline = false;
    expect(await local.checkHosted(hostedModel)).toMatchObject({ reachable: true });
  });
});

describe('readHostedManifest', () => {
  const serve = (body: string, status = 200) =>
    (async () => new Response(body, { status })) as unknown as typeof fetch;
  it('lists the ids and ignores entries without one', async () => {
    const list = await readHostedManifest(
      'https://a.example/models',
      serve('{"models":[{"id":"A"},{"x":1},null,{"id":2}]}'),
    );
    expect(list).toEqual({ kind: 'listed', ids: new Set(['A']) });
  });
  it("a host's HTML page for a missing file, or a 404, is `unknown`", async () => {
    expect(await readHostedManifest('https://a.example/m/', serve('<!doctype html>'))).toEqual({
      kind: 'unknown',
    });
    expect(await readHostedManifest('https://a.example/m/', serve('', 404))).toEqual({
      kind: 'unknown',
    });
    expect(await readHostedManifest('https://a.example/m/', serve('{"models":3}'))).toEqual({
      kind: 'unknown',
    });
  });
});
