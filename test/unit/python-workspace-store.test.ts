// The /workspace store (IndexedDB, here fake-indexeddb): paths, size limit, atomic commits.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  MAX_FILE_BYTES,
  commit,
  deleteFile,
  listFiles,
  normalizePath,
  readFile,
  writeFile,
} from '../../src/runtime/workspace-store';

describe('workspace store', () => {
  it('normalizes paths and rejects escapes', () => {
    expect(normalizePath('/workspace/data/a.csv')).toBe('data/a.csv');
    expect(normalizePath('./x//y.txt')).toBe('x/y.txt');
    expect(() => normalizePath('../etc/passwd')).toThrow(/"\.\." is not allowed/);
    expect(() => normalizePath('')).toThrow(/empty name/);
  });

  it('writes, lists, reads and deletes files', async () => {
    await writeFile('notes.txt', 'hello');
    await writeFile('data/b.bin', new Uint8Array([1, 2, 3]));
    const list = await listFiles();
    expect(list.map((f) => [f.path, f.size])).toEqual([
      ['data/b.bin', 3],
      ['notes.txt', 5],
    ]);
    expect(new TextDecoder().decode(await readFile('notes.txt'))).toBe('hello');
    await deleteFile('notes.txt');
    await expect(readFile('notes.txt')).rejects.toThrow(/No file "notes.txt"/);
  });

  it('refuses a file over the size limit and writes nothing of that commit', async () => {
    const tooBig = { byteLength: MAX_FILE_BYTES + 1 } as Uint8Array;
    await expect(
      commit([
        { path: 'small.txt', data: 'fine' },
        { path: 'huge.bin', data: tooBig },
      ]),
    ).rejects.toThrow(/workspace limit is 200 MB/);
    const paths = (await listFiles()).map((f) => f.path);
    expect(paths).not.toContain('small.txt');
    expect(paths).not.toContain('huge.bin');
  });
});
