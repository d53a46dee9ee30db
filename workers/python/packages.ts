// Which packages a cell imports, with Pyodide's own import scan (find_imports) mapped
// through pyodide-lock.json. The scan reads the cell as the kernel will run it: after
// `%magic` and `!shell`/`!pip` lines are rewritten into Python (find_imports returns
// nothing for source that does not parse). Loading itself goes through package-path.ts.
import type { PyodideAPI } from 'pyodide';
import type { LockPackage, RunError } from '../contracts/python';

/** Must match PYODIDE_CDN in scripts/headers.mjs (the worker CSP); a unit test checks it. */
export const CDN_URL = (version: string) => `https://cdn.jsdelivr.net/pyodide/v${version}/full/`;

let importToPackage: Map<string, string> | undefined;

export function lockPackages(py: PyodideAPI): Record<string, LockPackage> {
  return (py.lockfile as unknown as { packages: Record<string, LockPackage> }).packages;
}

export function packageFor(py: PyodideAPI, moduleName: string): string | undefined {
  if (!importToPackage) {
    importToPackage = new Map();
    for (const p of Object.values(lockPackages(py))) {
      for (const imp of p.imports ?? []) importToPackage.set(imp, p.name);
    }
  }
  return importToPackage.get(moduleName.split('.')[0] ?? moduleName);
}

/** Lock packages a piece of code imports that are not loaded yet. `toPython` rewrites IPython-style lines. */
export function packagesToLoad(
  py: PyodideAPI,
  code: string,
  toPython: (cell: string) => string = (c) => c,
): string[] {
  if (!/\b(import|from)\b/.test(code)) return []; // cheap pre-check keeps `pass` fast
  const found = py.pyodide_py.code.find_imports(toPython(code));
  const modules = found.toJs() as string[];
  found.destroy();
  const names = new Set<string>();
  for (const m of modules) {
    const pkg = packageFor(py, m);
    if (pkg && !py.loadedPackages[pkg]) names.add(pkg);
  }
  return [...names];
}

export function unavailableError(missing: string[], version: string): RunError {
  const list = missing.map((m) => `'${m}'`).join(', ');
  const evalue =
    `Package ${list} is not available: it is not bundled with this app and could not be ` +
    `downloaded from the Pyodide CDN (no internet connection?).`;
  const how =
    `To make it available: connect to the internet (packages then load from ${CDN_URL(version)}), ` +
    `or rebuild the app with PYODIDE_WHEELS_DIR=<an unpacked Pyodide ${version} release> npm run build ` +
    `so the wheels are bundled and work offline.`;
  return {
    ename: 'ModuleNotFoundError',
    evalue,
    traceback: `ModuleNotFoundError: ${evalue}\n${how}`,
  };
}

/**
 * Load what a cell imports before it runs (scanned as the kernel will run it), through the
 * package path; a RunError naming the packages that could not be had, or null.
 */
export async function loadCellPackages(
  py: PyodideAPI,
  load: (names: string[]) => Promise<string[]>,
  code: string,
  toPython: (cell: string) => string,
): Promise<RunError | null> {
  const missing = packagesToLoad(py, code, toPython);
  if (missing.length === 0) return null;
  const failed = await load(missing);
  return failed.length > 0 ? unavailableError(failed, py.version) : null;
}

/**
 * Libraries that import a package only when a method needs it: the import scan cannot see these,
 * so they are loaded before the run (a failure here is ignored: the cell may not need it after all).
 */
export const LAZY_DEPENDENCIES: readonly { pattern: RegExp; packages: string[] }[] = [
  { pattern: /\.(plot|hist|boxplot)\b/, packages: ['matplotlib'] }, // pandas plotting
  { pattern: /\b(read_excel|to_excel|ExcelWriter|ExcelFile)\b/, packages: ['openpyxl'] },
  { pattern: /\bto_markdown\b/, packages: ['tabulate'] },
];

/** Lock packages a cell probably needs through a library's lazy import (not loaded yet). */
export function lazyPackagesFor(py: PyodideAPI, code: string): string[] {
  const lock = lockPackages(py);
  const names = LAZY_DEPENDENCIES.filter((d) => d.pattern.test(code)).flatMap((d) => d.packages);
  return [...new Set(names)].filter((n) => n in lock && !py.loadedPackages[n]);
}

/**
 * The lock package a ModuleNotFoundError names (an import done inside a library, which the scan
 * cannot see), if it is one that is not loaded yet: load it and run the cell again, once.
 */
export function packageForMissingModule(
  py: PyodideAPI,
  error: RunError | null,
): string | undefined {
  if (error?.ename !== 'ModuleNotFoundError') return undefined;
  const m = /No module named '([^']+)'/.exec(error.evalue);
  const pkg = m?.[1] ? packageFor(py, m[1]) : undefined;
  return pkg && !py.loadedPackages[pkg] ? pkg : undefined;
}
