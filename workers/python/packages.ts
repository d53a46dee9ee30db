// Loading the packages a cell imports before it runs, with Pyodide's own import
// scan (find_imports) mapped through pyodide-lock.json, and checking what really
// loaded: loadPackage never throws for a fetch failure (pyodide.md §1.3).
import type { PyodideAPI } from 'pyodide';
import type { LockPackage, RunError } from '../contracts/python';

export const CDN_URL = (version: string) => `https://cdn.jsdelivr.net/pyodide/v${version}/full/`;

let importToPackage: Map<string, string> | undefined;

export function lockPackages(py: PyodideAPI): Record<string, LockPackage> {
  return (py.lockfile as unknown as { packages: Record<string, LockPackage> }).packages;
}

function packageFor(py: PyodideAPI, moduleName: string): string | undefined {
  if (!importToPackage) {
    importToPackage = new Map();
    for (const p of Object.values(lockPackages(py))) {
      for (const imp of p.imports ?? []) importToPackage.set(imp, p.name);
    }
  }
  return importToPackage.get(moduleName.split('.')[0] ?? moduleName);
}

/** Lock packages a piece of code imports that are not loaded yet. */
export function packagesToLoad(py: PyodideAPI, code: string): string[] {
  if (!/\b(import|from)\b/.test(code)) return []; // cheap pre-check keeps `pass` fast
  const found = py.pyodide_py.code.find_imports(code);
  const modules = found.toJs() as string[];
  found.destroy();
  const names = new Set<string>();
  for (const m of modules) {
    const pkg = packageFor(py, m);
    if (pkg && !py.loadedPackages[pkg]) names.add(pkg);
  }
  return [...names];
}

/** Load the packages; returns those that did not load. */
export async function loadPackages(
  py: PyodideAPI,
  names: string[],
  onMessage: (msg: string) => void,
): Promise<string[]> {
  if (names.length === 0) return [];
  await py.loadPackage(names, { messageCallback: onMessage, errorCallback: onMessage });
  return names.filter((n) => !py.loadedPackages[n]);
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
