// The GGUF catalog's figures against their recorded sources (gguf-provenance.ts): official
// publishers' URLs on huggingface.co, sizes that add up, files over 2 GB as ≤512 MB shards named
// as llama-gguf-split names them, and every unconfirmed figure said in docs/models.md.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GGUF_MODELS,
  SHARD_MAX_BYTES,
  WHOLE_FILE_MAX_BYTES,
  fileNames,
  provenanceOf,
  publishedBytes,
  shardNames,
} from '../../src/engine/catalog/gguf-models';
import { GGUF_PROVENANCE } from '../../src/engine/catalog/gguf-provenance';
import type { CatalogModel, FileLocation } from '../../src/engine/catalog/types';

const filesOf = (m: CatalogModel): FileLocation[] => {
  if (m.source.backend !== 'wllama') throw new Error(`${m.id} is not GGUF`);
  return m.source.files;
};
const byFamily = (f: string) => {
  const m = GGUF_MODELS.find((x) => x.family === f);
  if (!m) throw new Error(`no ${f} in the GGUF catalog`);
  return m;
};

// Who publishes each family's official GGUF (the model's own authors).
const PUBLISHER: [RegExp, string][] = [
  [/^qwen/, 'Qwen'],
  [/^smollm2-/, 'HuggingFaceTB'],
  [/^codeact-/, 'xingyaoww'],
];
const publisherOf = (family: string) => PUBLISHER.find(([re]) => re.test(family))?.[1];

describe('GGUF catalog', () => {
  it('has the required models, each with a size, context and file list', () => {
    for (const f of [
      'qwen2.5-coder-0.5b-gguf',
      'qwen2.5-coder-1.5b-gguf',
      'qwen2.5-coder-7b-gguf',
      'qwen3-1.7b-gguf',
      'qwen3-4b-gguf',
      'qwen3-8b-gguf',
      'smollm2-135m-gguf',
      'codeact-mistral-7b-gguf',
    ]) {
      const m = byFamily(f);
      expect(m.downloadMB).toBeGreaterThan(50);
      expect(m.contextWindow).toBeGreaterThanOrEqual(4096);
      expect(m.maxContext).toBeGreaterThanOrEqual(m.contextWindow);
      expect(filesOf(m).length).toBeGreaterThan(0);
    }
  });

  it('every entry has a recorded source, and every record an entry', () => {
    expect(Object.keys(GGUF_PROVENANCE).sort()).toEqual(GGUF_MODELS.map((m) => m.id).sort());
    for (const m of GGUF_MODELS) {
      const p = provenanceOf(m.id);
      expect(p.sources.length, m.id).toBeGreaterThan(0);
      for (const url of p.sources)
        expect(url, m.id).toMatch(/^https:\/\/(huggingface\.co|github\.com)\//);
      expect(p.licence, m.id).toMatch(/^[A-Za-z0-9.-]+$/);
      expect(m.maxContext, m.id).toBe(p.maxContext.tokens);
      for (const f of p.published) {
        expect(Number.isInteger(f.bytes) && f.bytes > 0, `${m.id} ${f.name}`).toBe(true);
        expect(f.name, m.id).toMatch(/\.gguf$/);
        if (f.sha256 !== undefined) expect(f.sha256, m.id).toMatch(/^[0-9a-f]{64}$/);
      }
    }
  });

  it("each repository is on huggingface.co under the family's official publisher", () => {
    for (const m of GGUF_MODELS) {
      const p = provenanceOf(m.id);
      const owner = publisherOf(m.family);
      expect(owner, `${m.family} has no official publisher in this test`).toBeDefined();
      expect(p.repo.split('/')[0], m.id).toBe(owner);
      expect(
        p.sources.some((u) => u.startsWith(`https://huggingface.co/${p.repo}`)),
        m.id,
      ).toBe(true);
    }
  });

  it('the size shown is the published files added up, and a file loaded whole is under 2 GB', () => {
    for (const m of GGUF_MODELS) {
      const p = provenanceOf(m.id);
      const total = publishedBytes(p);
      expect(total, m.id).toBe(p.published.reduce((s, f) => s + f.bytes, 0));
      expect(m.downloadMB, m.id).toBe(Math.round(total / 1e6));
      expect(m.memoryMB, m.id).toBeGreaterThan(m.downloadMB);
      const files = filesOf(m);
      if (files.every((f) => f.kind === 'url')) {
        // The publisher's own files, in order, straight from the Hub.
        expect(files, m.id).toEqual(
          p.published.map((f) => ({
            kind: 'url',
            url: `https://huggingface.co/${p.repo}/resolve/main/${f.name}`,
          })),
        );
        for (const f of p.published)
          expect(f.bytes, f.name).toBeLessThanOrEqual(WHOLE_FILE_MAX_BYTES);
      }
    }
  });

  it('a download is held to the published size only where a public record confirms it (sha256 known)', () => {
    for (const m of GGUF_MODELS) {
      const p = provenanceOf(m.id);
      const bytes = m.source.backend === 'wllama' ? m.source.bytes : undefined;
      if (p.published.every((f) => f.sha256)) expect(bytes, m.id).toBe(publishedBytes(p));
      else expect(bytes, `${m.id}: its size is an estimate`).toBeUndefined();
    }
    // Both kinds exist: the small Qwen coders are confirmed, SmolLM2's Q8_0 size is not.
    expect(byFamily('qwen2.5-coder-1.5b-gguf').source).toMatchObject({ bytes: 1_117_320_768 });
    expect(byFamily('smollm2-135m-gguf').source).not.toHaveProperty('bytes');
  });

  it('files over 2 GB are ≤512 MB shards the host cuts, named as llama-gguf-split names them', () => {
    const split = GGUF_MODELS.filter(
      (m) => publishedBytes(provenanceOf(m.id)) > WHOLE_FILE_MAX_BYTES,
    );
    expect(split.map((m) => m.family).sort()).toEqual([
      'codeact-mistral-7b-gguf',
      'qwen2.5-coder-7b-gguf',
      'qwen3-4b-gguf',
      'qwen3-8b-gguf',
    ]);
    for (const m of split) {
      const p = provenanceOf(m.id);
      const [whole] = p.published;
      expect(p.published, m.id).toHaveLength(1);
      const files = filesOf(m);
      const n = files.length;
      // No shard over 512 MB means at least this many of them.
      expect(n, m.id).toBeGreaterThanOrEqual(Math.ceil(whole!.bytes / SHARD_MAX_BYTES));
      const stem = whole!.name.replace(/\.gguf$/, '');
      files.forEach((f, i) => {
        const k = String(i + 1).padStart(5, '0');
        const of = String(n).padStart(5, '0');
        expect(f, m.id).toEqual({
          kind: 'self-hosted',
          path: `gguf/${m.id}/${stem}-${k}-of-${of}.gguf`,
        });
      });
      expect(fileNames(files)).toEqual(shardNames(stem, n));
      // The card says where the whole file comes from and how to cut it.
      expect(m.needs, m.id).toContain(`From ${p.repo} (${whole!.name})`);
      expect(m.needs, m.id).toMatch(/≤512 MB shards with llama-gguf-split/);
    }
    expect(shardNames('x', 2)).toEqual(['x-00001-of-00002.gguf', 'x-00002-of-00002.gguf']);
  });

  it('CodeActAgent is the authors’ GGUF, in the CodeAct dialect, and says its RoPE base is read from the header', () => {
    const m = byFamily('codeact-mistral-7b-gguf');
    const p = provenanceOf(m.id);
    expect(p.repo).toBe('xingyaoww/CodeActAgent-Mistral-7b-v0.1.q8_0.gguf');
    expect(p.sources).toContain('https://github.com/xingyaoww/code-act#using-llamacpp-for-laptop');
    expect(m.dialect).toBe('codeact');
    expect(m.needs).toContain('xingyaoww/CodeActAgent-Mistral-7b-v0.1.q8_0.gguf');
    expect(m.caveat).toMatch(/RoPE base is read from the GGUF header/);
    expect(p.ropeBase?.value).toBe(10000);
    // Inferred from the conversion, so said as unconfirmed.
    expect(p.unconfirmed.join(' ')).toMatch(/RoPE base 10000: inferred/);
  });

  it('docs/models.md lists every entry with what is confirmed and what is not', () => {
    const doc = readFileSync('docs/models.md', 'utf8');
    const at = doc.indexOf('### Where the GGUF figures come from');
    expect(at, 'docs/models.md has no sources section').toBeGreaterThan(0);
    const section = doc.slice(at);
    for (const m of GGUF_MODELS) {
      const p = provenanceOf(m.id);
      const row = section.split('\n').find((l) => l.includes(`\`${m.id}\``));
      expect(row, `${m.id} has no row in docs/models.md`).toBeDefined();
      expect(row, m.id).toContain(p.repo);
      expect(row, m.id).toMatch(p.unconfirmed.length ? /unconfirmed/i : /all confirmed/i);
    }
  });
});
