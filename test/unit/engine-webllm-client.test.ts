// The main-thread WebLLMEngine talking through real comlink (over a MessageChannel instead of a
// worker) to the worker service, which drives a fake WebLLM engine (FakeMLCEngine).
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelRecord } from '@mlc-ai/web-llm';
import { WebLLMEngine } from '../../src/engine/engines/webllm/webllm-engine';
import { createLlmService } from '../../workers/llm/llm-service';
import { FakeMLCEngine } from '../fixtures/engine/fake-mlc-engine';

const record: ModelRecord = {
  model: 'https://h/m/resolve/main/',
  model_id: 'm',
  model_lib: 'https://h/l.wasm',
};
const ports: MessagePort[] = [];

function connected(fake: FakeMLCEngine): WebLLMEngine {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(
    createLlmService(fake, {
      hasModelInCache: async () => true,
      deleteModelAllInfoInCache: async () => {},
    }),
    port1,
  );
  return new WebLLMEngine({ connect: () => port2 });
}

afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

describe('WebLLMEngine (client) over comlink', () => {
  it('loads with parsed progress, then streams deltas and settles with the engine’s final message', async () => {
    const fake = new FakeMLCEngine();
    const engine = connected(fake);
    const phases: string[] = [];
    expect(
      await engine.load({ record, label: 'Fake model', contextWindow: 2048 }, (p) =>
        phases.push(p.phase),
      ),
    ).toBe(true);
    expect(phases).toContain('load');
    expect(engine.label).toMatch(/Fake model/);
    expect(engine.contextWindow).toBe(2048);

    const stream = engine.chat([{ role: 'user', content: 'hi' }], { stop: ['</execute>'] });
    const deltas: string[] = [];
    for await (const d of stream) deltas.push(d);
    expect(deltas.join('')).toBe('Let me run <execute>x</exe');
    const r = await stream.result;
    expect(r.content).toBe('Let me run <execute>x');
    expect(r.usage?.decodeTokensPerSec).toBe(20);
    expect(fake.requests[0]?.stop).toEqual(['</execute>']);
  });

  it('rejects chat before a model is loaded; load errors keep the "Name: message" text', async () => {
    const fake = new FakeMLCEngine();
    fake.reload = async () => {
      throw Object.assign(new Error('quota reached'), { name: 'QuotaExceededError' });
    };
    const engine = connected(fake);
    await expect(engine.chat([]).result).rejects.toThrow(/ModelNotLoadedError/);
    await expect(engine.load({ record, label: 'x', contextWindow: 1 })).rejects.toThrow(
      'QuotaExceededError: quota reached',
    );
  });

  it('an abort signal interrupts the generation in the worker', async () => {
    const fake = new FakeMLCEngine();
    const engine = connected(fake);
    await engine.load({ record, label: 'x', contextWindow: 1 });
    const ctl = new AbortController();
    const s = engine.chat([], { signal: ctl.signal });
    ctl.abort();
    await s.result;
    await expect.poll(() => fake.interrupted).toBe(1);
  });
});
