// The words every view of a run carries: whose numbers these are, and what kind of numbers.
import type { EvalRun } from '../../eval/types';

export const SUITE_LABEL = 'Our own suite; not comparable to published benchmark numbers.';

export const REPLAY_NOTE = 'replay — recorded output, not a model measurement';
export const SIMULATED_NOTE = 'simulated (a fake) — scripted output, not a model measurement';

/** Why a run is not a model's measurement ('' for one that is). */
export function simulatedLabel(run: EvalRun): string {
  if (run.engine.kind === 'replay') return REPLAY_NOTE;
  return run.simulated ? SIMULATED_NOTE : '';
}

export const pct = (p: number) => `${p} %`;

export function fmtMs(ms: number): string {
  if (ms < 1000) return ms < 100 ? '< 0.1 s' : `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
