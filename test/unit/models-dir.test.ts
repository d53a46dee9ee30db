import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeModelFolder } from '../../scripts/vite/models-dir.mjs';

function modelFolder(files: Record<string, string>): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'models-')), 'Tiny-q4f32_1-MLC');
  fs.mkdirSync(dir);
  for (const [f, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), body);
  return dir;
}

const tensorCache = JSON.stringify({
  records: [{ dataPath: 'params_shard_0.bin' }, { dataPath: 'params_shard_1.bin' }],
});

describe('MODELS_DIR validation for self-contained builds', () => {
  it('accepts a complete MLC model folder and finds its library', () => {
    const dir = modelFolder({
      'mlc-chat-config.json': '{}',
      'tensor-cache.json': tensorCache,
      'params_shard_0.bin': 'a',
      'params_shard_1.bin': 'b',
      'tokenizer.json': '{}',
      'Tiny-q4f32_1-webgpu.wasm': 'w',
    });
    const info = describeModelFolder(dir);
    expect(info.id).toBe('Tiny-q4f32_1-MLC');
    expect(info.modelLib).toBe('Tiny-q4f32_1-webgpu.wasm');
    expect(info.bytes).toBeGreaterThan(0);
  });
  it('names the missing shard', () => {
    const dir = modelFolder({
      'mlc-chat-config.json': '{}',
      'tensor-cache.json': tensorCache,
      'params_shard_0.bin': 'a',
      'tokenizer.json': '{}',
    });
    expect(() => describeModelFolder(dir)).toThrow(/params_shard_1\.bin/);
  });
  it('names a missing config', () => {
    const dir = modelFolder({ 'tensor-cache.json': tensorCache });
    expect(() => describeModelFolder(dir)).toThrow(/mlc-chat-config\.json/);
  });
});
