// The steps that turn a loaded Pyodide into the CodeAct kernel, and how a cell is run on it.
// Shared by the Python worker and the Node test fixtures (test/fixtures/python/), so the tests
// boot the kernel exactly the way the app does. Plain JavaScript (with kernel-boot.d.mts) because
// the fixtures also run in plain Node worker threads, which cannot load TypeScript.

/** Where the codeact_runtime package is written in Pyodide's file system. */
export const RUNTIME_DIR = '/opt/codeact';
/** The user's files, and the working directory of every cell. */
export const WORKSPACE = '/workspace';

/**
 * Write the codeact_runtime package (file name → source) into Pyodide's file system, and its
 * bytecode where the build made it (path under the package → .pyc bytes, e.g.
 * `__pycache__/kernel.cpython-314.pyc`: scripts/vite/runtime-bytecode.mjs).
 */
export function writeRuntimePackage(py, sources, bytecode = {}) {
  const dir = `${RUNTIME_DIR}/codeact_runtime`;
  py.FS.mkdirTree(dir);
  for (const [name, text] of Object.entries(sources)) py.FS.writeFile(`${dir}/${name}`, text);
  // Only files inside the package's own __pycache__ (the build's names, nothing else).
  const pycs = Object.entries(bytecode).filter(([file]) =>
    /^__pycache__\/[\w.-]+\.pyc$/.test(file),
  );
  if (pycs.length > 0) py.FS.mkdirTree(`${dir}/__pycache__`);
  for (const [file, bytes] of pycs) py.FS.writeFile(`${dir}/${file}`, bytes);
}

/** Make the package importable, run from /workspace, and create the kernel. */
export function createKernel(py, emit) {
  py.FS.mkdirTree(WORKSPACE);
  py.runPython(`import sys, os\nsys.path.insert(0, "${RUNTIME_DIR}")\nos.chdir("${WORKSPACE}")`);
  const runtime = py.pyimport('codeact_runtime');
  const kernel = runtime.Kernel(emit);
  runtime.destroy();
  return kernel;
}

/** Run one cell; the kernel answers JSON, or a promise of it when the cell awaits. */
export async function runCellJson(kernel, code) {
  const r = kernel.run_cell(code);
  if (typeof r === 'string') return r;
  const json = await r;
  r.destroy();
  return json;
}
