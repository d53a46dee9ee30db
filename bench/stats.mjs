// Small statistics helpers for the benchmark tables.
export function summarize(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { min: v[0], median, max: v[v.length - 1], n: v.length, values };
}

export function ratio(app, bare) {
  return bare && bare.median > 0 ? app.median / bare.median : null;
}

/**
 * How far the ratio of medians could be from this one run to the next: a percentile bootstrap
 * (app and baseline samples resampled apart, `resamples` times) with a fixed seed, so the same
 * samples always give the same interval. One app/bare pair on the 2-core machine varies by about
 * 10 %, so a ratio of medians from 20 runs moves by a few percent between benches of one build
 * (bench/README.md): the interval says how far. Null with fewer than 5 samples on either side.
 * @returns {{ level: number, low: number, high: number } | null}
 */
export function ratioInterval(app, bare, { level = 0.9, resamples = 2000, seed = 1 } = {}) {
  if (!app?.values || !bare?.values || app.values.length < 5 || bare.values.length < 5) return null;
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32: small, deterministic, good enough to pick resampled indices.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const median = (v) => summarize(v).median;
  const resample = (v) => v.map(() => v[Math.floor(random() * v.length)]);
  const ratios = [];
  for (let i = 0; i < resamples; i++)
    ratios.push(median(resample(app.values)) / median(resample(bare.values)));
  ratios.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return {
    level,
    low: /** @type {number} */ (ratios[Math.floor(tail * (resamples - 1))]),
    high: /** @type {number} */ (ratios[Math.ceil((1 - tail) * (resamples - 1))]),
  };
}

export function fmt(x, unit = 'ms') {
  if (x == null || Number.isNaN(x)) return '–';
  if (unit === 'ms') return x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(2)} ms`;
  if (unit === 'KB') return `${(x / 1024).toFixed(1)} KB`;
  if (unit === 'MB') return `${(x / 1024 / 1024).toFixed(2)} MB`;
  return `${x} ${unit}`;
}
