// Packages for real cells (Pyodide in Node): the import scan reads the cell as the kernel runs it,
// after `%magic` and `!pip` lines are rewritten, so a CodeAct-style cell loads its packages; and
// `!pip install` of a Pyodide package goes through the same narrow package path. Proven with a
// wheel the test builds and serves from a local server (no real wheels are available here).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { PyodideAPI } from 'pyodide';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PackagePath, PackageRequestError } from '../../workers/python/package-path';
import { loadCellPackages, packagesToLoad } from '../../workers/python/packages';
import { loadKernel } from '../fixtures/python/load-kernel.mjs';
import {
  buildTestWheel,
  TEST_GREETING,
  TEST_PACKAGE,
  TEST_WHEEL,
} from '../fixtures/python/test-wheel';

const CELL = `%matplotlib inline
!pip install ${TEST_PACKAGE}
import codeact_testpkg
codeact_testpkg.GREETING`;

let server: http.Server;
let baseUrl = '';
const requests: string[] = [];
let lockFileContents = '';

beforeAll(async () => {
  const { bytes, lockEntry } = buildTestWheel();
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === `/${TEST_WHEEL}`) res.writeHead(200).end(Buffer.from(bytes));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  const lock = JSON.parse(
    fs.readFileSync(path.resolve('node_modules/pyodide/pyodide-lock.json'), 'utf8'),
  );
  lock.packages[TEST_PACKAGE] = lockEntry;
  lockFileContents = JSON.stringify(lock);
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function runtime() {
  const packageCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'codeact-pkgcache-'));
  const k = await loadKernel(undefined, {
    lockFileContents,
    packageBaseUrl: baseUrl,
    packageCacheDir,
  });
  const py = k.py as PyodideAPI;
  const packages = new PackagePath(py);
  const sinks: string[] = [];
  const sink = (phase: string, items: { name: string }[]) =>
    sinks.push(`${phase}:${items.map((i) => i.name).join(',')}`);
  py.registerJsModule('codeact_host', {
    load_packages: (names: unknown) => packages.loadFromPython(names, sink),
  });
  const shell = py.pyimport('codeact_runtime.shell_lines');
  const toPython = (cell: string) => String(shell.python_source(cell));
  return { ...k, py, packages, sinks, sink, toPython };
}

describe('packages for IPython-style cells', () => {
  it('a %matplotlib / !pip cell followed by an import loads the wheel before it runs', async () => {
    const { py, packages, sink, sinks, toPython, run } = await runtime();
    // The raw cell is not valid Python: scanning it as it is finds nothing (the old defect).
    expect(packagesToLoad(py, CELL)).toEqual([]);
    expect(packagesToLoad(py, CELL, toPython)).toEqual([TEST_PACKAGE]);
    requests.length = 0;
    const error = await loadCellPackages(py, (n) => packages.load(n, sink), CELL, toPython);
    expect(error).toBeNull();
    expect(requests).toEqual([`/${TEST_WHEEL}`]);
    expect(sinks).toEqual([`loading:${TEST_PACKAGE}`, 'done:']);
    const r = await run(CELL);
    expect(r.error).toBeNull();
    expect(r.outputs.at(-1)).toEqual({ type: 'text', text: `'${TEST_GREETING}'` });
    expect(r.stdout).toContain(`${TEST_PACKAGE} is provided by Pyodide and is loaded`);
  });

  it('`!pip install` of a lock package loads it through the package path', async () => {
    const { py, run, sinks } = await runtime();
    expect(py.loadedPackages[TEST_PACKAGE]).toBeUndefined();
    const r = await run(`!pip install -q ${TEST_PACKAGE}`);
    expect(r.error).toBeNull();
    expect(r.stdout).toContain(`${TEST_PACKAGE} is provided by Pyodide and is loaded`);
    expect(py.loadedPackages[TEST_PACKAGE]).toBeDefined();
    expect(sinks[0]).toBe(`loading:${TEST_PACKAGE}`);
    const after = await run('import codeact_testpkg\ncodeact_testpkg.GREETING');
    expect(after.outputs).toEqual([{ type: 'text', text: `'${TEST_GREETING}'` }]);
  });

  it('refuses URLs and unknown names, from JS and from Python', async () => {
    const { py, packages, sink, run } = await runtime();
    await expect(
      packages.load(['http://127.0.0.1:9/evil-1.0-py3-none-any.whl'], sink),
    ).rejects.toThrow(PackageRequestError);
    await expect(packages.load(['no-such-package'], sink)).rejects.toThrow(
      /only Pyodide's own packages/,
    );
    packages.takeOverPublicApi(() => sink);
    requests.length = 0;
    const r = await run(
      `import pyodide_js\ntry:\n    await pyodide_js.loadPackage("${baseUrl}evil-1.0-py3-none-any.whl")\nexcept Exception as e:\n    print(type(e).__name__, e)`,
    );
    expect(r.stdout).toContain('PackageRequestError');
    expect(requests).toEqual([]);
    // A lock package by name still loads through the replaced API (what micropip calls).
    const ok = await run(
      `import pyodide_js\nawait pyodide_js.loadPackage("${TEST_PACKAGE}")\n"ok"`,
    );
    expect(ok.error).toBeNull();
    expect(py.loadedPackages[TEST_PACKAGE]).toBeDefined();
  });
});
