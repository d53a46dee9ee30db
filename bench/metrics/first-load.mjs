// 6. Bytes transferred (as served: compressed where the server compresses) before
// first paint and before Python is ready, in a cold context (workers' fetches
// included); plus the size of the main JS chunk (raw and gzip).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export function mainChunk(distDir) {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const m = html.match(/<script type="module"[^>]*src="\.?\/?([^"]+\.js)"/);
  if (!m) return null;
  const buf = fs.readFileSync(path.join(distDir, m[1]));
  return { file: m[1], bytes: buf.length, gzipBytes: zlib.gzipSync(buf, { level: 9 }).length };
}

export async function firstLoad(env) {
  const beforePaint = [];
  const beforePython = [];
  for (let i = 0; i < env.runs; i++) {
    const ctx = await env.browser.newContext({ serviceWorkers: 'block' });
    try {
      const finished = [];
      ctx.on('requestfinished', (req) => {
        finished.push(
          req.sizes().then((s) => {
            const t = req.timing();
            return {
              end: t.startTime + t.responseEnd,
              bytes: s.responseBodySize + s.responseHeadersSize,
            };
          }),
        );
      });
      const page = await ctx.newPage();
      await page.goto(env.appURL);
      const { origin, fcp } = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const done = (t) => resolve({ origin: performance.timeOrigin, fcp: t });
            const e = performance.getEntriesByName('first-contentful-paint')[0];
            if (e) return done(e.startTime);
            new PerformanceObserver((l) => done(l.getEntries()[0].startTime)).observe({
              type: 'paint',
              buffered: true,
            });
          }),
      );
      const readyAt = await page.evaluate(async () => {
        await globalThis.__codeact.python.run('1+1');
        return performance.now();
      });
      const reqs = await Promise.all(finished);
      const sumUntil = (t) =>
        reqs.filter((r) => r.end <= origin + t).reduce((n, r) => n + r.bytes, 0);
      beforePaint.push(sumUntil(fcp));
      beforePython.push(sumUntil(readyAt + 1));
    } finally {
      await ctx.close();
    }
  }
  return { beforePaint, beforePython };
}
