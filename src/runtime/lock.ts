// Reading pyodide-lock.json: which packages exist, and which are served from our
// own origin. The vendor script rewrites every wheel it did not vendor to an
// absolute CDN URL, so a relative file_name means "bundled with the app".

export type { LockPackage } from '../../workers/contracts/python';
import type { LockPackage } from '../../workers/contracts/python';

export interface Lockfile {
  packages: Record<string, LockPackage>;
}

export function isVendored(p: LockPackage): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(p.file_name);
}

/** Listed first in the model's prompt, in this order: what data work reaches for first. */
export const CORE_PACKAGES = ['numpy', 'pandas', 'matplotlib', 'scikit-learn', 'scipy'];

/** Test suites (`*-tests`) and shared libraries have nothing to import. */
const hasImports = (p: LockPackage) => (p.imports ?? []).length > 0;

/** Names in the prompt's order: the scientific core first, then the rest alphabetically. */
export function promptOrder(names: readonly string[]): string[] {
  const core = CORE_PACKAGES.filter((c) => names.includes(c));
  const rest = names
    .filter((n) => !CORE_PACKAGES.includes(n))
    .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  return [...core, ...rest];
}

/**
 * Package names importable now, in the prompt's order: with the CDN reachable the whole lock;
 * offline those bundled with the app, or (with `isCached`) whose wheels are all cached.
 */
export async function importablePackages(
  lock: Lockfile,
  online: boolean,
  cache?: { cdn: string; isCached: (url: string) => Promise<boolean> },
): Promise<string[]> {
  const candidates = Object.values(lock.packages).filter(hasImports);
  if (online) return promptOrder(candidates.map((p) => p.name));
  const names = candidates.map((p) => p.name);
  const local = cache
    ? await locallyAvailable(lock, names, cache.cdn, cache.isCached)
    : candidates.filter((p) => lockClosure(lock, [p.name]).every(isVendored)).map((p) => p.name);
  return promptOrder(local);
}

/** The lock in `indexURL`, read without starting Python. */
export async function fetchLock(indexURL: string): Promise<Lockfile> {
  const res = await fetch(`${indexURL}pyodide-lock.json`);
  if (!res.ok) throw new Error(`Could not read the package list (HTTP ${res.status}).`);
  return (await res.json()) as Lockfile;
}

const normalize = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');

/** `targets` and everything they depend on, as lock entries (unknown names are skipped). */
export function lockClosure(lock: Lockfile, targets: string[]): LockPackage[] {
  const byName = new Map(Object.values(lock.packages).map((p) => [normalize(p.name), p]));
  const seen = new Map<string, LockPackage>();
  const visit = (name: string) => {
    const p = byName.get(normalize(name));
    if (!p || seen.has(p.name)) return;
    seen.set(p.name, p);
    for (const d of p.depends ?? []) visit(d);
  };
  targets.forEach(visit);
  return [...seen.values()];
}

/**
 * The targets whose whole closure is on this machine: bundled with the app, or already in the
 * browser's cache (`isCached(url)`, the service worker's Pyodide CDN cache). Only those are
 * preloaded in the background, so preloading never starts a download by itself.
 */
export async function locallyAvailable(
  lock: Lockfile,
  targets: string[],
  cdn: string,
  isCached: (url: string) => Promise<boolean>,
): Promise<string[]> {
  const out: string[] = [];
  for (const t of targets) {
    const files = lockClosure(lock, [t]);
    if (files.length === 0) continue;
    let local = true;
    for (const f of files) {
      if (isVendored(f)) continue;
      const url = /^https?:/.test(f.file_name) ? f.file_name : cdn + f.file_name;
      if (!(await isCached(url))) local = false;
    }
    if (local) out.push(t);
  }
  return out;
}
