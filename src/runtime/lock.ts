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

/** Importable packages from the lock in `indexURL`, read without starting Python. */
export async function fetchImportablePackages(indexURL: string): Promise<string[]> {
  const res = await fetch(`${indexURL}pyodide-lock.json`);
  if (!res.ok) throw new Error(`Could not read the package list (HTTP ${res.status}).`);
  const online = typeof navigator === 'undefined' || navigator.onLine;
  return importablePackages((await res.json()) as Lockfile, online);
}
