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

export function fmt(x, unit = 'ms') {
  if (x == null || Number.isNaN(x)) return '–';
  if (unit === 'ms') return x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(2)} ms`;
  if (unit === 'KB') return `${(x / 1024).toFixed(1)} KB`;
  if (unit === 'MB') return `${(x / 1024 / 1024).toFixed(2)} MB`;
  return `${x} ${unit}`;
}
