// The LLM worker's owner (LlmHost) with an injected worker factory: each fake worker runs the real
// worker service over real comlink and drives FakeMLCEngine (a fake of WebLLM's engine).
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelRecord } from '@mlc-ai/web-llm';
import { isAppError } from '../../src/errors/app-error';
import { LlmHost } from '../../src/engine/local/webllm/llm-host';
import type { LoadableModel } from '../../src/engine/local/webllm/records';
import { fakeWorkerFactory } from '../fixtures/engine/fake-llm-worker';

const record: ModelRecord = {
  model: 'https://h/m/resolve/main/',
  model_id: 'm',
  model_lib: 'https://h/l.wasm',
};
const model: LoadableModel = { record, label: 'Fake model', contextWindow: 2048 };

let factories: ReturnType<typeof fakeWorkerFactory>[] = [];
function setup(configure?: Parameters<typeof fakeWorkerFactory>[0]) {
  const workers = fakeWorkerFactory(configure);
  factories.push(workers);
  return { workers, host: new LlmHost({ createWorker: workers.create }) };
}

afterEach(() => {
  for (const f of factories) f.closeAll();
  factories = [];
});

const code = (e: unknown) => (isAppError(e) ? e.code : `not an AppError: ${String(e)}`);
const isCancelled = (e: unknown) => code(e) === 'cancelled';

/** A load with an AbortSignal whose fake reload() holds until released; resolves once it runs. */
async function heldLoad(configure: Parameters<typeof fakeWorkerFactory>[0] = () => {}) {
  const { workers, host } = setup((e) => {
    e.holdReload = true;
    configure(e);
  });
  const ctl = new AbortController();
  const loading = host.load(model, { signal: ctl.signal });
  const fake = (await workers.worker()).engine;
  await fake.reloadStarted();
  return { workers, host, ctl, loading, fake };
}

async function drain(stream: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const d of stream) text += d;
  return text;
}

describe('LlmHost: start, load and chat', () => {
  it('starts its worker only on first use, then loads with progress and chats', async () => {
    const { workers, host } = setup();
    expect(workers.made).toHaveLength(0);
    const phases: string[] = [];
    const engine = await host.load(model, { onProgress: (p) => phases.push(p.phase) });
    expect(workers.made).toHaveLength(1);
    expect(phases).toContain('load');
    expect(host.life.phase).toBe('ready');
    expect(engine.label).toMatch(/Fake model \(WebLLM/);
    expect(engine.contextWindow).toBe(2048);

    const stream = engine.chat([{ role: 'user', content: 'hi' }], { stop: ['</execute>'] });
    expect(await drain(stream)).toBe('Let me run <execute>x</exe');
    const r = await stream.result;
    expect(r.content).toBe('Let me run <execute>x'); // the engine's final message, not the deltas
    expect(r.usage?.decodeTokensPerSec).toBe(20);
    expect(workers.last.engine.requests[0]?.stop).toEqual(['</execute>']);
  });

  it('load errors keep WebLLM’s "Name: message" text and leave nothing loaded', async () => {
    const { host } = setup((e) => (e.reloadError = 'QuotaExceededError: quota reached'));
    await expect(host.load(model)).rejects.toThrow('QuotaExceededError: quota reached');
    expect(host.life.phase).toBe('empty');
  });

  it('a Stop during generation reaches WebLLM once; a stop before the request sends nothing', async () => {
    const { workers, host } = setup((e) => (e.hangUntilInterrupt = true));
    const engine = await host.load(model);
    const fake = workers.last.engine;
    const ctl = new AbortController();
    const stream = engine.chat([{ role: 'user', content: 'go' }], { signal: ctl.signal });
    await expect.poll(() => fake.requests.length).toBe(1);
    ctl.abort();
    ctl.abort();
    expect((await stream.result).finishReason).toBe('abort');
    expect(fake.interrupted).toBe(1);

    const early = new AbortController();
    early.abort();
    const r = await engine.chat([{ role: 'user', content: 'no' }], { signal: early.signal }).result;
    expect(r.finishReason).toBe('abort');
    expect(fake.requests).toHaveLength(1);
  });

  it('a view of a replaced model refuses to chat', async () => {
    const { host } = setup();
    const first = await host.load(model);
    await host.load({ ...model, label: 'Second' });
    await expect(first.chat([]).result).rejects.toSatisfy((e) => code(e) === 'no-model');
    expect(first.label).toMatch(/unloaded/);
  });

  it('deleting the loaded model unloads it first', async () => {
    const { workers, host } = setup();
    await host.load(model);
    workers.last.stored.add('m');
    await host.deleteModel(record);
    expect(host.life.phase).toBe('empty');
    expect(workers.last.engine.loadedModel).toBeUndefined();
    expect(await host.hasModelInCache(record)).toBe(false);
  });
});

describe('LlmHost: death of the worker', () => {
  it('a crash rejects the pending load with a typed error; the next use starts a new worker', async () => {
    const { workers, host } = setup((e) => (e.holdReload = true));
    const loading = host.load(model);
    const first = await workers.worker(1);
    await first.engine.reloadStarted();
    first.crash('out of memory');
    await expect(loading).rejects.toSatisfy((e) => code(e) === 'worker-stopped');
    await expect(loading).rejects.toThrow(/out of memory/);
    expect(host.life.phase).toBe('empty');
    expect(host.workerRunning).toBe(false);
    expect(host.stopped?.code).toBe('worker-stopped');

    const again = host.load(model);
    const second = await workers.worker(2);
    await second.engine.reloadStarted();
    second.engine.releaseReload();
    await again;
    expect(workers.made).toHaveLength(2);
    expect(host.life.phase).toBe('ready');
    expect(host.stopped).toBeUndefined();
  });

  it('a crash during generation rejects it and marks the loaded model lost; reload works', async () => {
    const { workers, host } = setup((e) => (e.hangUntilInterrupt = true));
    const engine = await host.load(model);
    const stream = engine.chat([{ role: 'user', content: 'long' }]);
    await expect.poll(() => workers.last.engine.requests.length).toBe(1);
    workers.last.crash();
    await expect(stream.result).rejects.toSatisfy((e) => code(e) === 'worker-stopped');
    expect(host.life.phase).toBe('lost');
    await expect(engine.chat([]).result).rejects.toSatisfy((e) => code(e) === 'model-lost');

    const reloaded = await host.load(model);
    expect(workers.made).toHaveLength(2);
    expect(host.life).toMatchObject({ phase: 'ready', engine: reloaded });
  });

  it('the crash test hook ends the worker and goes through its error event', async () => {
    const { workers, host } = setup();
    await host.load(model);
    host.crashWorker('terminated by the test hook');
    expect(workers.last.terminated).toBe(true);
    await expect.poll(() => host.life.phase).toBe('lost');
    expect(host.stopped?.message).toMatch(/terminated by the test hook/);
  });

  it('dispose() rejects what is pending and refuses later calls', async () => {
    const { workers, host } = setup((e) => (e.holdReload = true));
    const loading = host.load(model);
    await (await workers.worker()).engine.reloadStarted();
    host.dispose();
    await expect(loading).rejects.toSatisfy((e) => code(e) === 'worker-stopped');
    await expect(host.load(model)).rejects.toSatisfy((e) => code(e) === 'disposed');
    expect(workers.last.terminated).toBe(true);
  });
});

describe('LlmHost: lifecycle state machines', () => {
  it('device lost after load: the state is lost at once, chat says model-lost, one reload fixes it', async () => {
    const { workers, host } = setup();
    const engine = await host.load(model);
    const changes: string[] = [];
    host.onChange(() => changes.push(host.life.phase));
    workers.last.engine.loseDevice(); // WebLLM's device.lost handler unloads through the engine
    await expect.poll(() => host.life.phase).toBe('lost');
    expect(changes).toEqual(['lost']);
    expect(engine.label).toMatch(/unloaded/);
    const err = await engine.chat([{ role: 'user', content: 'hi' }]).result.catch((e) => e);
    expect(code(err)).toBe('model-lost');
    expect(String(err.message)).toMatch(/GPU device was lost/);

    const again = await host.load(model);
    expect(host.life.phase).toBe('ready');
    expect(await drain(again.chat([{ role: 'user', content: 'hi' }]))).toMatch(/Let me/);
  });

  it('a device loss nobody reported still surfaces: WebLLM’s ModelNotLoadedError marks it lost', async () => {
    const { workers, host } = setup();
    const engine = await host.load(model);
    workers.last.engine.deviceLost = true; // chat fails, but no unload was seen
    const err = await engine.chat([{ role: 'user', content: 'hi' }]).result.catch((e) => e);
    expect(code(err)).toBe('model-lost');
    expect(host.life.phase).toBe('lost');
  });

  it('unloads the service asks for itself are not mistaken for a lost device', async () => {
    const { host } = setup();
    await host.load(model); // reload() starts with an unload
    await host.load(model);
    expect(host.life.phase).toBe('ready');
    await host.unload();
    expect(host.life.phase).toBe('empty');
  });

  it('cancel during load: the caller hears at once, and nothing is held (WebLLM resolves early)', async () => {
    const { host, ctl, loading, fake } = await heldLoad();
    ctl.abort();
    await expect(loading).rejects.toSatisfy(isCancelled);
    await host.unload(); // queued behind the cancelled load's clean-up
    expect(fake.loadedModel).toBeUndefined();
    expect(host.life.phase).toBe('empty');
  });

  it('cancel during load, and the load completes anyway (all cached): it is unloaded again', async () => {
    const { host, ctl, loading, fake } = await heldLoad((e) => (e.cancelBehaviour = 'complete'));
    ctl.abort();
    await expect(loading).rejects.toSatisfy(isCancelled);
    expect(host.life.phase).not.toBe('ready');
    fake.releaseReload(); // the pipeline registers after the cancel
    await host.unload();
    expect(fake.reloads).toBe(1);
    expect(fake.loadedModel).toBeUndefined();
    expect(host.life.phase).toBe('empty');
  });

  it('cancel when the worker had already finished loading: nothing stays loaded', async () => {
    const { host, ctl, loading, fake } = await heldLoad();
    fake.releaseReload();
    ctl.abort(); // in the same tick: the result is on its way when the cancel is sent
    await expect(loading).rejects.toSatisfy(isCancelled);
    await host.unload();
    expect(fake.loadedModel).toBeUndefined();
    expect(host.life.phase).toBe('empty');
  });

  it('a cancelled load never reaches into the load queued after it', async () => {
    const { host, ctl, loading, fake } = await heldLoad();
    fake.holdReload = false;
    fake.releaseReload();
    ctl.abort();
    const second = host.load(model); // queued right behind the cancelled one
    await expect(loading).rejects.toSatisfy(isCancelled);
    await second;
    expect(host.life.phase).toBe('ready');
    expect(fake.loadedModel).toBe('m');
  });

  it('an already-aborted signal never reaches the worker', async () => {
    const { workers, host } = setup();
    const ctl = new AbortController();
    ctl.abort();
    await expect(host.load(model, { signal: ctl.signal })).rejects.toSatisfy(isCancelled);
    expect(workers.made).toHaveLength(0);
  });
});
