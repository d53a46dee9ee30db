// LocalModels over several backends: it drives any LocalRuntime the same way, holds one loaded
// model across all of them, and asks each backend only about its own models. Both runtimes here
// are FAKES (test/support/fake-local-runtime.ts), one registered under each backend name.
import { describe, expect, it } from 'vitest';
import { NO_GPU } from '../../src/engine/device/probe';
import { LocalModels } from '../../src/engine/local/local-models';
import { FakeLocalRuntime, fakeModel } from '../support/fake-local-runtime';
import { deviceFacts } from '../support/device-facts';

function setup(opts: { unavailable?: [string?, string?] } = {}) {
  const a = new FakeLocalRuntime('webllm', {
    unavailable: opts.unavailable?.[0],
    importExt: '.json',
  });
  const b = new FakeLocalRuntime('wllama', {
    unavailable: opts.unavailable?.[1],
    importExt: '.gguf',
  });
  const local = new LocalModels({ runtimes: () => [a, b] });
  return { a, b, local, ma: fakeModel('a', 'webllm'), mb: fakeModel('b', 'wllama') };
}

describe('LocalModels over two backends', () => {
  it('routes each model to its own backend and holds one loaded model at a time', async () => {
    const { a, b, local, ma, mb } = setup();
    const first = await local.load(ma);
    expect(local.status('a').phase).toBe('ready');
    expect(a.calls).toEqual(['download a', 'load a']);
    const second = await local.load(mb);
    expect(a.calls).toContain('unload a'); // the other backend let go first
    expect(b.calls).toEqual(['download b', 'load b']);
    expect(local.status('a').phase).toBe('idle');
    expect(local.status('b')).toMatchObject({ phase: 'ready', cached: { complete: true } });
    expect(local.engine).toBe(second);
    expect(local.isLocalEngine(first)).toBe(true); // handed out earlier, still recognised
  });

  it('a backend reporting its model lost makes the row lost until it is loaded again', async () => {
    const { b, local, mb } = setup();
    await local.load(mb);
    b.lose(mb);
    expect(local.status('b')).toMatchObject({ phase: 'lost', error: { message: 'fake loss' } });
    expect(local.engine).toBeUndefined();
    expect(local.lost?.id).toBe('b');
    await local.load(mb);
    expect(local.lost).toBeUndefined();
    expect(local.status('b').phase).toBe('ready');
  });

  it('asks each backend only about its own models', async () => {
    const { a, b, local, ma, mb } = setup();
    b.stored.add('b');
    await local.refreshCache([ma, mb]);
    expect(local.status('a').cached?.complete).toBe(false);
    expect(local.status('b').cached?.complete).toBe(true);
    expect(local.verdict(mb, deviceFacts({ ...NO_GPU }))).toMatchObject({ runsOn: 'cpu' });
    expect(a.calls).toEqual([]);
  });

  it('an import goes to the backend that claims the files; files nobody claims are refused', async () => {
    const { local } = setup();
    const gguf = [new File(['x'], 'tiny.gguf')];
    expect((await local.importFiles({ files: gguf, modelId: 't' })).source.backend).toBe('wllama');
    await expect(local.importFiles({ files: [new File(['x'], 'notes.txt')] })).rejects.toThrow(
      /ModelImportError/,
    );
  });

  it('says no local model can run only when every backend says so', () => {
    const facts = deviceFacts({ ...NO_GPU });
    expect(setup({ unavailable: ['No WebGPU.'] }).local.unavailableReason(facts)).toBeUndefined();
    expect(
      setup({ unavailable: ['No WebGPU.', 'No threads.'] }).local.unavailableReason(facts),
    ).toBe('No WebGPU. No threads.');
  });
});

describe('LocalModels.classify', () => {
  it("reads each backend's own errors, then the shared rules", () => {
    const { local } = setup();
    expect(local.classify('FakeBackendError: boom').title).toBe('The fake webllm backend failed');
    expect(local.classify('TypeError: Failed to fetch').code).toBe('network');
    expect(local.classify('AbortError: stopped').code).toBe('cancelled');
  });
});
