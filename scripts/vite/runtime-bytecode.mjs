// The codeact_runtime package (workers/python/codeact_runtime/*.py) as Python bytecode, made at
// build time by the same Pyodide the app ships (node_modules/pyodide, vendored to dist/pyodide),
// so the worker's kernel does not compile its own sources on every start: that took about 12 of
// the kernel's 20 ms start in Pyodide, on every start (first visit, return visit, restart, each
// evaluation task's fresh interpreter). Unchecked-hash .pyc files (PEP 552): Python loads them
// without comparing them with the sources, which come from the same build. Written next to the
// sources under __pycache__ with the interpreter's own cache tag: an interpreter of another
// version looks for another file name, finds none and compiles the sources as before.
//
// The worker imports `virtual:codeact-runtime-bytecode` dynamically, at its first moment (a chunk of
// its own, about 50 KB, that arrives while Pyodide downloads, so the worker script that everything
// waits for stays small): in a build, file path → base64 bytes; under the dev server, nothing (the
// sources there may change at any moment).
import fs from 'node:fs';
import path from 'node:path';

const ID = 'virtual:codeact-runtime-bytecode';
const RESOLVED = '\0' + ID;
const SOURCES = path.resolve('workers/python/codeact_runtime');

/** The package's .py files: name → text. */
export function runtimeSources(dir = SOURCES) {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.py'))
      .sort()
      .map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]),
  );
}

/**
 * Compiles the sources with Pyodide under Node: `__pycache__/<name>.<cache tag>.pyc` (relative to
 * the package folder) → bytes.
 */
export async function compileRuntimeBytecode(sources = runtimeSources()) {
  const { loadPyodide } = await import('pyodide');
  const py = await loadPyodide();
  const dir = '/build/codeact_runtime';
  py.FS.mkdirTree(dir);
  for (const [name, text] of Object.entries(sources)) py.FS.writeFile(`${dir}/${name}`, text);
  py.globals.set('package_dir', dir);
  const compiled = py.runPython(`
import os, py_compile
mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
out = {}
for name in sorted(os.listdir(package_dir)):
    if name.endswith(".py"):
        pyc = py_compile.compile(f"{package_dir}/{name}", doraise=True, invalidation_mode=mode)
        with open(pyc, "rb") as f:
            out[os.path.relpath(pyc, package_dir)] = f.read()
out
`);
  const files = compiled.toJs({ dict_converter: Object.fromEntries });
  compiled.destroy();
  return /** @type {Record<string, Uint8Array>} */ (files);
}

// Both worker entries (locked and network-open) import it, each through a plugin instance of its
// own (Vite's worker.plugins): the same sources are compiled once.
let cache;

function compiledOnce() {
  const sources = runtimeSources();
  const key = JSON.stringify(sources);
  if (cache?.key !== key) cache = { key, files: compileRuntimeBytecode(sources) };
  return cache.files;
}

export function runtimeBytecodePlugin() {
  let serving = false;
  return {
    name: 'codeact-runtime-bytecode',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    async load(id) {
      if (id !== RESOLVED) return undefined;
      if (serving) return 'export default {};';
      for (const name of Object.keys(runtimeSources())) this.addWatchFile(path.join(SOURCES, name));
      const files = await compiledOnce();
      const base64 = Object.fromEntries(
        Object.entries(files).map(([file, bytes]) => [file, Buffer.from(bytes).toString('base64')]),
      );
      return `export default ${JSON.stringify(base64)};`;
    },
  };
}
