// The benchmark table's ratio interval (bench/stats.mjs): a seeded percentile bootstrap of the
// ratio of medians, so a reader sees how far one bench's ratio could move in the next.
import { describe, expect, it } from 'vitest';
import { ratio, ratioInterval, summarize } from '../../bench/stats.mjs';

/** n samples spread evenly around `center` by ±`spread` (a fixed pattern, not random). */
const samples = (n: number, center: number, spread: number) =>
  Array.from({ length: n }, (_, i) => center + spread * (((i * 7) % n) / (n - 1) - 0.5) * 2);

describe('ratioInterval', () => {
  it('holds the ratio of medians, and is the same for the same samples', () => {
    const app = summarize(samples(30, 2150, 250));
    const bare = summarize(samples(30, 2000, 250));
    const ci = ratioInterval(app, bare)!;
    const q = ratio(app, bare)!;
    expect(ci.level).toBe(0.9);
    expect(ci.low).toBeLessThan(q);
    expect(ci.high).toBeGreaterThan(q);
    expect(ratioInterval(app, bare)).toEqual(ci);
  });

  it('narrows with more runs and with less spread', () => {
    const width = (n: number, spread: number) => {
      const ci = ratioInterval(
        summarize(samples(n, 2100, spread)),
        summarize(samples(n, 2000, spread)),
      )!;
      return ci.high - ci.low;
    };
    expect(width(60, 250)).toBeLessThan(width(15, 250));
    expect(width(30, 50)).toBeLessThan(width(30, 250));
  });

  it('separates a clear difference from 1, and covers 1 where there is none', () => {
    const clear = ratioInterval(
      summarize(samples(30, 2400, 100)),
      summarize(samples(30, 2000, 100)),
    )!;
    expect(clear.low).toBeGreaterThan(1.1);
    const none = ratioInterval(
      summarize(samples(30, 2000, 300)),
      summarize(samples(30, 2000, 300)),
    )!;
    expect(none.low).toBeLessThanOrEqual(1);
    expect(none.high).toBeGreaterThanOrEqual(1);
  });

  it('gives none for fewer than five samples a side', () => {
    expect(ratioInterval(summarize([1, 2, 3, 4]), summarize(samples(30, 2, 1)))).toBeNull();
  });
});
