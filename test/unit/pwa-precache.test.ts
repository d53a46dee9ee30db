import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { precacheEntries } from '../../scripts/precache-manifest.mjs';

function site(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'precache-'));
  for (const [f, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), body);
  }
  return dir;
}

describe('service-worker precache list', () => {
  it('holds the shell, Pyodide and wheels, but never model weights or the worker itself', () => {
    const dir = site({
      'index.html': '<!doctype html>',
      'assets/index-abc.js': 'x',
      'pyodide/pyodide.asm.wasm': 'w',
      'pyodide/numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl': 'n',
      'pyodide/pyodide.js': 'classic loader',
      'examples/self-debug.json': '{}',
      'models/M-q4f32_1-MLC/resolve/main/params_shard_0.bin': 'weights',
      'models/M-q4f32_1-MLC/resolve/main/mlc-chat-config.json': '{}',
      'sw.js': 'self.__WB_MANIFEST',
      'assets/index-abc.js.map': '{}',
    });
    const { entries, later } = precacheEntries(dir);
    const urls = [...entries, ...later].map((e: { url: string }) => e.url).sort();
    expect(urls).toEqual([
      'assets/index-abc.js',
      'examples/self-debug.json',
      'index.html',
      'pyodide/numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl',
      'pyodide/pyodide.asm.wasm',
    ]);
  });

  it('installs with the app shell only; Pyodide, wheels, demos and model runtimes come after', () => {
    const dir = site({
      'index.html':
        '<html><script type="module" crossorigin src="./assets/index-abc.js"></script>' +
        '<link rel="modulepreload" crossorigin href="./assets/engine-abc.js">' +
        '<link rel="preload" as="style" crossorigin href="./assets/engine-abc.css">',
      'assets/engine-abc.js': 'the app',
      'assets/engine-abc.css': 'its styles',
      'assets/codemirror-setup-abc.js': 'the editor, loaded on demand',
      'favicon.svg': '<svg/>',
      'manifest.webmanifest': '{}',
      'icons/icon-192.png': 'png',
      'assets/index-abc.js': 'app',
      'assets/python.worker-abc.js': 'python worker',
      'assets/llm.worker-abc.js': 'webllm worker',
      'pyodide/pyodide.asm.wasm': 'w',
      'examples/self-debug.json': '{}',
      'wllama/wllama.wasm': 'llama.cpp',
    });
    const { entries, later } = precacheEntries(dir);
    expect(entries.map((e: { url: string }) => e.url)).toEqual([
      'assets/engine-abc.css',
      'assets/engine-abc.js',
      'assets/index-abc.js',
      'assets/python.worker-abc.js',
      'favicon.svg',
      'icons/icon-192.png',
      'index.html',
      'manifest.webmanifest',
    ]);
    expect(later.map((e: { url: string }) => e.url)).toEqual([
      'assets/codemirror-setup-abc.js',
      'assets/llm.worker-abc.js',
      'examples/self-debug.json',
      'pyodide/pyodide.asm.wasm',
      'wllama/wllama.wasm',
    ]);
  });

  it('gives a file a new revision only when its bytes change', () => {
    const dir = site({ 'index.html': 'one', 'a.js': 'same' });
    const before = precacheEntries(dir).entries;
    fs.writeFileSync(path.join(dir, 'index.html'), 'two');
    const after = precacheEntries(dir).entries;
    const rev = (list: Array<{ url: string; revision: string }>, u: string) =>
      list.find((e) => e.url === u)?.revision;
    expect(rev(after, 'index.html')).not.toBe(rev(before, 'index.html'));
    expect(rev(after, 'a.js')).toBe(rev(before, 'a.js'));
  });
});
