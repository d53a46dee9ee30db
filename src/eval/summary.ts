// Totals of a run, overall and per group.
import { ENDINGS, ENDINGS_FINAL } from './metrics';
import { EVAL_GROUPS, type EvalGroup, type EvalTotals, type TaskRecord } from './types';

const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((1000 * n) / of) / 10);

export function summarise(records: readonly TaskRecord[]): EvalTotals {
  const strict = records.filter((r) => r.strict).length;
  const tolerant = records.filter((r) => r.tolerant).length;
  return {
    tasks: records.length,
    strict,
    tolerant,
    strictPct: pct(strict, records.length),
    tolerantPct: pct(tolerant, records.length),
    wallMs: records.reduce((n, r) => n + r.wallMs, 0),
    endings: countEndings(records),
    noCode: records.filter((r) => r.noCode).length,
  };
}

function countEndings(records: readonly TaskRecord[]): NonNullable<EvalTotals['endings']> {
  const count = (ending: string) => records.filter((r) => r.ending === ending).length;
  const final = count(ENDINGS_FINAL);
  const stuck = count(ENDINGS.stuck);
  const budget = count(ENDINGS.budget);
  return { final, stuck, budget, other: records.length - final - stuck - budget };
}

/** Totals per group that has tasks in the run. */
export function summariseByGroup(records: readonly TaskRecord[]): Map<EvalGroup, EvalTotals> {
  const out = new Map<EvalGroup, EvalTotals>();
  for (const g of EVAL_GROUPS) {
    const mine = records.filter((r) => r.group === g);
    if (mine.length) out.set(g, summarise(mine));
  }
  return out;
}
