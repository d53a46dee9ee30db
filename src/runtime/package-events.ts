// Package loading as the UI shows it: per package, its name and the megabytes received so far,
// e.g. "Loading packages: numpy 7.9 MB ✓, pandas 3.1 MB at 0.4 MB/s…". Shared by the status line and the
// running cell (src/ui), fed by the worker's `packages` events.
import type { PackageProgress } from '../../workers/contracts/python';

export type { PackageProgress };

export interface PackageLoad {
  /** 0 for a background load (preloading), else the run waiting for it. */
  runId: number;
  phase: 'loading' | 'done';
  items: PackageProgress[];
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function describePackages(load: PackageLoad): string {
  const speed = (p: PackageProgress) =>
    !p.done && p.bytesPerSecond ? ` at ${mb(p.bytesPerSecond)}/s` : '';
  const parts = load.items.map((p) => `${p.name} ${mb(p.bytes)}${speed(p)}${p.done ? ' ✓' : '…'}`);
  const what = load.runId === 0 ? 'Preloading packages' : 'Loading packages';
  return load.phase === 'done'
    ? `Packages loaded: ${parts.join(', ')}`
    : `${what}: ${parts.join(', ')}`;
}
