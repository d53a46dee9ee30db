// How many CPU threads llama.cpp gets. Several only when the page is cross-origin isolated
// (SharedArrayBuffer); wllama itself would take half the logical cores, which is 1 on a 2-core
// machine, so at least 2 when isolated and the device has 2 or more.
import type { CpuFacts } from '../../device/facts';

/** Threads beyond this rarely help wasm decode (memory bound) and cost start-up time. */
export const MAX_THREADS = 8;

export function threadsFor(cpu: CpuFacts): number {
  if (!cpu.crossOriginIsolated || cpu.hardwareThreads < 2) return 1;
  return Math.min(
    MAX_THREADS,
    cpu.hardwareThreads,
    Math.max(2, Math.floor(cpu.hardwareThreads / 2)),
  );
}
