// Importing GGUF files: the header is read before anything is stored; a file that is not GGUF, a
// model of an architecture the app cannot chat with, or an incomplete split is refused with a
// message that says which file and what to do.
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors/app-error';
import { readGgufHeader, summarize } from '../../src/engine/local/wllama/gguf-header';
import {
  checkImport,
  importedEntry,
  importId,
  looksLikeGguf,
} from '../../src/engine/local/wllama/gguf-import';
import { ggufBytes, ggufFile, LLAMA_META } from '../support/gguf-bytes';

describe('GGUF header', () => {
  it('reads architecture, context, RoPE base and chat template, skipping arrays', async () => {
    const s = summarize(await readGgufHeader(ggufFile('m.gguf', ggufBytes(LLAMA_META))));
    expect(s).toMatchObject({
      architecture: 'llama',
      name: 'Tiny Test',
      contextLength: 8192,
      ropeFreqBase: 10000,
      blockCount: 4,
      kvHeads: 2,
      splitCount: 1,
    });
    expect(s.chatTemplate).toContain('<|im_start|>');
  });

  it('refuses a truncated header', async () => {
    const bytes = ggufBytes(LLAMA_META).slice(0, 60);
    await expect(readGgufHeader(ggufFile('m.gguf', bytes))).rejects.toThrow(
      /ends inside its GGUF header/,
    );
  });
});

describe('GGUF import check', () => {
  it('refuses a file that is not GGUF, naming it and saying what to pick', async () => {
    const csv = new File(['a,b\n1,2\n'.repeat(10)], 'data.gguf');
    const err = await checkImport([csv]).catch((e: unknown) => e);
    expect(isAppError(err, 'not-gguf')).toBe(true);
    expect((err as Error).message).toBe(
      'data.gguf is not a GGUF model file: it does not start with the GGUF magic bytes.',
    );
    expect((err as { action?: string }).action).toMatch(/Pick a \.gguf file/);
  });

  it('refuses an architecture it cannot chat with', async () => {
    const bert = ggufBytes({ 'general.architecture': 'bert', 'general.name': 'an embedder' });
    const err = await checkImport([ggufFile('e.gguf', bert)]).catch((e: unknown) => e);
    expect(isAppError(err, 'unsupported-architecture')).toBe(true);
    expect((err as Error).message).toContain('architecture “bert”');
  });

  it('refuses an incomplete split and accepts all shards in order', async () => {
    const shard = (no: number) =>
      ggufFile(
        `m-0000${no + 1}-of-00002.gguf`,
        ggufBytes({ ...LLAMA_META, 'split.no': no, 'split.count': 2 }),
      );
    const err = await checkImport([shard(0)]).catch((e: unknown) => e);
    expect(isAppError(err, 'import-incomplete')).toBe(true);
    expect((err as Error).message).toContain('split GGUF of 2 files, but 1 were picked');
    const ok = await checkImport([shard(1), shard(0)]);
    expect(ok.files.map((f) => f.name)).toEqual(['m-00001-of-00002.gguf', 'm-00002-of-00002.gguf']);
    expect(importId(ok.files)).toBe('m-imported-GGUF');
  });

  it('makes a catalog entry from the header (context, KV shape, ChatML end token)', async () => {
    const checked = await checkImport([ggufFile('tiny.gguf', ggufBytes(LLAMA_META))]);
    const m = importedEntry('tiny-imported-GGUF', checked);
    expect(m).toMatchObject({
      origin: 'imported',
      maxContext: 8192,
      kv: { attentionLayers: 4, kvHeads: 2, headDim: 64 },
      stopStrings: ['<|im_end|>'],
      source: { backend: 'wllama', files: [{ kind: 'self-hosted', path: 'tiny.gguf' }] },
    });
    expect(looksLikeGguf(checked.files)).toBe(true);
    expect(looksLikeGguf([new File([], 'weights.bin')])).toBe(false);
  });
});
