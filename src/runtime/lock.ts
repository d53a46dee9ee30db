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

/** Package names importable now: bundled ones, plus the whole lock when the CDN can be reached. */
export function importablePackages(lock: Lockfile, online: boolean): string[] {
  return Object.values(lock.packages)
    .filter((p) => online || isVendored(p))
    .map((p) => p.name)
    .sort();
}

/** The lock in `indexURL`, read without starting Python. */
export async function fetchLock(indexURL: string): Promise<Lockfile> {
  const res = await fetch(`${indexURL}pyodide-lock.json`);
  if (!res.ok) throw new Error(`Could not read the package list (HTTP ${res.status}).`);
  return (await res.json()) as Lockfile;
}

/** Importable packages from the lock in `indexURL`, read without starting Python. */
export async function fetchImportablePackages(indexURL: string): Promise<string[]> {
  const online = typeof navigator === 'undefined' || navigator.onLine;
  return importablePackages(await fetchLock(indexURL), online);
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
