// Widget mode: a model the host asks for loads only once its weights are cached, and only once.
import { describe, expect, it } from 'vitest';
import { modelToLoad } from '../../src/embed/app/requested-model.svelte';

const models = (cached: string[]) => ({
  row: (id: string) => ({ cached: { complete: cached.includes(id) } }),
});

describe('modelToLoad', () => {
  it('loads a requested model only when cached, once per request', () => {
    expect(modelToLoad('qwen', '', models([]))).toBeNull(); // a widget never starts a download
    expect(modelToLoad('qwen', '', models(['qwen']))).toBe('qwen');
    expect(modelToLoad('qwen', 'qwen', models(['qwen']))).toBeNull(); // already asked for
    expect(modelToLoad('other', 'qwen', models(['qwen', 'other']))).toBe('other');
    expect(modelToLoad('', '', models(['qwen']))).toBeNull();
  });
});
