// The kernel's bytecode (scripts/vite/runtime-bytecode.mjs): made by the Pyodide the app ships, one
// unchecked-hash .pyc per runtime module, written next to the sources by the worker's own boot step
// (workers/python/kernel-boot.mjs), and what the kernel then runs. Pyodide in Node.
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileRuntimeBytecode, runtimeSources } from '../../scripts/vite/runtime-bytecode.mjs';
import {
  createKernel,
  runCellJson,
  RUNTIME_DIR,
  writeRuntimePackage,
} from '../../workers/python/kernel-boot.mjs';

const sources = runtimeSources();
let bytecode: Record<string, Uint8Array>;
let py: PyodideAPI;

beforeAll(async () => {
  bytecode = await compileRuntimeBytecode(sources);
  py = await loadPyodide();
  py.setStdout({ batched: () => {} });
  py.setStderr({ batched: () => {} });
}, 120_000);

/** The .pyc header's flags word (PEP 552): 1 = hash-based, not checked against the source. */
const flags = (pyc: Uint8Array) => new DataView(pyc.buffer, pyc.byteOffset).getUint32(4, true);

describe('the runtime package as bytecode', () => {
  it('has one unchecked-hash .pyc per module, under the interpreter’s own cache tag', () => {
    const tag = String(py.runPython('import sys; sys.implementation.cache_tag'));
    const expected = Object.keys(sources).map(
      (n) => `__pycache__/${n.replace(/\.py$/, '')}.${tag}.pyc`,
    );
    expect(Object.keys(bytecode).sort()).toEqual(expected.sort());
    for (const pyc of Object.values(bytecode)) expect(flags(pyc)).toBe(1);
  });

  it('is what the kernel runs, even where it differs from the sources beside it', async () => {
    // Bytecode of a marked copy next to the real sources: only a loaded .pyc has the mark.
    const marked = { ...sources, '__init__.py': `${sources['__init__.py']}\nBYTECODE_MARK = 42\n` };
    writeRuntimePackage(py, sources, await compileRuntimeBytecode(marked));
    const kernel = createKernel(py, () => {});
    expect(py.runPython('import codeact_runtime; codeact_runtime.BYTECODE_MARK')).toBe(42);
    const result = JSON.parse(await runCellJson(kernel, 'x = 6 * 7\nx')) as {
      outputs: unknown[];
      error: unknown;
    };
    expect(result.error).toBeNull();
    expect(result.outputs).toEqual([{ type: 'text', text: '42' }]);
  }, 120_000);

  it('writes nothing outside the package’s __pycache__', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    writeRuntimePackage(
      py,
      {},
      { '../escaped.pyc': bytes, 'kernel.py': bytes, '/tmp/x.pyc': bytes },
    );
    const exists = (p: string) => py.FS.analyzePath(p).exists;
    expect(exists(`${RUNTIME_DIR}/escaped.pyc`)).toBe(false);
    expect(exists('/tmp/x.pyc')).toBe(false);
    expect(
      new TextDecoder().decode(py.FS.readFile(`${RUNTIME_DIR}/codeact_runtime/kernel.py`)),
    ).toBe(sources['kernel.py']);
  });
});
