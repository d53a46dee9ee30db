// The steps that turn a loaded Pyodide into the CodeAct kernel, and how a cell is run on it.
// Shared by the Python worker and the Node test fixtures (test/fixtures/python/), so the tests
// boot the kernel exactly the way the app does. Plain JavaScript (with kernel-boot.d.mts) because
// the fixtures also run in plain Node worker threads, which cannot load TypeScript.

/** Where the codeact_runtime package is written in Pyodide's file system. */
export const RUNTIME_DIR = '/opt/codeact';
/** The user's files, and the working directory of every cell. */
export const WORKSPACE = '/workspace';

/** Write the codeact_runtime package (file name → source) into Pyodide's file system. */
export function writeRuntimePackage(py, sources) {
  py.FS.mkdirTree(`${RUNTIME_DIR}/codeact_runtime`);
  for (const [name, text] of Object.entries(sources)) {
    py.FS.writeFile(`${RUNTIME_DIR}/codeact_runtime/${name}`, text);
  }
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
