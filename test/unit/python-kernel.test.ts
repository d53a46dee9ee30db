// The Python execution engine (workers/python/codeact_runtime) under real Pyodide in Node.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKernel } from '../fixtures/python/load-kernel.mjs';
import type { RunOutput } from '../../src/runtime/types';

interface CellResult {
  stdout: string;
  stderr: string;
  outputs: RunOutput[];
  error: { ename: string; evalue: string; traceback: string } | null;
  truncated: boolean;
  files: { changed: string[]; deleted: string[] };
}

let run: (code: string) => Promise<CellResult>;
let kernel: { use_namespace(id: string): string };
const emitted: string[] = [];

beforeAll(async () => {
  ({ run, kernel } = await loadKernel((json: string) => emitted.push(json)));
});

function emittedOutputs(): RunOutput[] {
  const all = emitted.flatMap((j) => JSON.parse(j) as RunOutput[]);
  emitted.length = 0;
  return all;
}

describe('codeact_runtime kernel (Pyodide in Node)', () => {
  it('streams stdout, stderr and displays in the order they happened', async () => {
    emitted.length = 0;
    const r = await run(
      'import sys\nprint("a")\nprint("b", file=sys.stderr)\ndisplay(41 + 1)\nprint("c")\nprint("d")',
    );
    const expected = [
      { type: 'stream', name: 'stdout', text: 'a\n' },
      { type: 'stream', name: 'stderr', text: 'b\n' },
      { type: 'text', text: '42' },
      { type: 'stream', name: 'stdout', text: 'c\nd\n' },
    ];
    expect(r.outputs).toEqual(expected);
    // What was streamed, joined, is what the result holds.
    const streamed = emittedOutputs();
    const merged: RunOutput[] = [];
    for (const o of streamed) {
      const last = merged.at(-1);
      if (last?.type === 'stream' && o.type === 'stream' && last.name === o.name)
        last.text += o.text;
      else merged.push({ ...o });
    }
    expect(merged).toEqual(expected);
    expect(r.stdout).toBe('a\nc\nd\n');
    expect(r.stderr).toBe('b\n');
  });

  it('displays a trailing expression like Jupyter, and not when it ends with ;', async () => {
    expect((await run('x = 2\nx * 21')).outputs).toEqual([{ type: 'text', text: '42' }]);
    expect((await run('x * 21;')).outputs).toEqual([]);
    expect((await run('"text"')).outputs).toEqual([{ type: 'text', text: "'text'" }]);
    expect((await run('None')).outputs).toEqual([]);
  });

  it('gives tracebacks with cell frames and without the runtime frames', async () => {
    const r = await run('def f(a):\n    return a / 0\n\nf(1)');
    expect(r.error?.ename).toBe('ZeroDivisionError');
    expect(r.error?.traceback).toMatch(/Cell In\[\d+\], line 4/);
    expect(r.error?.traceback).toMatch(/Cell In\[\d+\], line 2, in f/);
    expect(r.error?.traceback).toContain('return a / 0');
    expect(r.error?.traceback).not.toMatch(/codeact_runtime|kernel\.py|<exec>/);
    const s = await run('x = (1,');
    expect(s.error?.ename).toBe('SyntaxError');
    expect(s.error?.traceback).toMatch(/Cell In\[\d+\], line 1/);
    expect(s.error?.traceback).not.toContain('ast.py');
  });

  it('supports top-level await', async () => {
    const r = await run(
      'import asyncio\nawait asyncio.sleep(0)\nprint("slept")\nawait asyncio.sleep(0, "done")',
    );
    expect(r.error).toBeNull();
    expect(r.outputs).toEqual([
      { type: 'stream', name: 'stdout', text: 'slept\n' },
      { type: 'text', text: "'done'" },
    ]);
  });

  it('keeps variables across runs and per conversation namespace', async () => {
    await run('kept = 5');
    expect((await run('kept + 1')).outputs).toEqual([{ type: 'text', text: '6' }]);
    const sw = JSON.parse(kernel.use_namespace('conv-b'));
    expect(sw.switched).toBe(true);
    expect(sw.message).toContain('fresh');
    expect((await run('kept')).error?.ename).toBe('NameError');
    const back = JSON.parse(kernel.use_namespace('default'));
    expect(back.message).toContain('Switched');
    expect((await run('kept')).outputs).toEqual([{ type: 'text', text: '5' }]);
  });

  it('caps output with a marker and batches a flood into few messages', async () => {
    emitted.length = 0;
    const big = await run('print("x" * 2_000_000)\nprint("after")');
    expect(big.truncated).toBe(true);
    expect(big.stdout.length).toBeLessThan(1_100_000);
    expect(big.stdout).toContain('[output truncated');
    expect(big.stdout).not.toContain('after');
    emittedOutputs();
    const flood = await run('for i in range(100_000):\n    print(i)');
    expect(flood.stdout.split('\n').length).toBe(100_001);
    expect(emitted.length).toBeGreaterThan(0);
    expect(emitted.length).toBeLessThan(1000); // batched, not one message per line
    emitted.length = 0;
  });

  it('turns !pip and shell lines into messages instead of syntax errors', async () => {
    const r = await run('!pip install not-a-pyodide-package\n!ls -la\nprint("still runs")');
    expect(r.error).toBeNull();
    expect(r.stderr).toContain(
      'pip install not-a-pyodide-package: not installed, because network access is off',
    );
    expect(r.stderr).toContain('!ls -la: shell commands are not available');
    expect(r.stdout).toBe('still runs\n');
  });

  it('reports files the code changed under /workspace', async () => {
    const w = await run('open("out.csv", "w").write("a,b\\n1,2\\n")');
    expect(w.files.changed).toEqual(['out.csv']);
    const d = await run('import os\nos.remove("out.csv")');
    expect(d.files).toEqual({ changed: [], deleted: ['out.csv'] });
  });
});
