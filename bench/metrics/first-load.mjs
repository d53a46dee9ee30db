// 6. Bytes transferred (as served: compressed where the server compresses) before
// first paint and before Python is ready, in a cold context (workers' fetches
// included); plus the size of the main JS chunk (raw and gzip).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * The main JS chunk, the chunks it imports statically (the page's modulepreload links) and the
 * page's inline first script (src/preboot.ts): what the first screen loads before it runs,
 * whatever the bundler's split. Sizes raw and gzip (level 9).
 */
export function mainChunk(distDir) {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script type="module"[^>]*src="\.?\/?([^"]+\.js)"/g)];
  if (scripts.length === 0) return null;
  const m = scripts[0];
  const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*href="\.?\/?([^"]+\.js)"/g)];
  const files = [...new Set([m[1], ...scripts.map((s) => s[1]), ...preloads.map((p) => p[1])])];
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .filter((s) => s[1].trim() !== '')
    .map((s) => Buffer.from(s[1]));
  let bytes = 0;
  let gzipBytes = 0;
  for (const buf of [...files.map((f) => fs.readFileSync(path.join(distDir, f))), ...inline]) {
    bytes += buf.length;
    gzipBytes += zlib.gzipSync(buf, { level: 9 }).length;
  }
  const imported = files.length > 1 ? ` + ${files.length - 1} imported` : '';
  const inlined = inline.length ? ` + ${inline.length} inline` : '';
  return { file: `${m[1]}${imported}${inlined}`, files, bytes, gzipBytes };
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
          req
            .sizes()
            .then((s) => {
              const t = req.timing();
              return {
                end: t.startTime + t.responseEnd,
                bytes: s.responseBodySize + s.responseHeadersSize,
              };
            })
            // A request that finishes as the context closes has no sizes left to ask for: it
            // finished after Python was ready, so it counts in neither sum.
            .catch(() => ({ end: Infinity, bytes: 0 })),
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
