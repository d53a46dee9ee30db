#!/usr/bin/env node
// Static server for the production build (`npm start`, end-to-end tests, benchmarks).
//
//   node scripts/serve.mjs [--port N] [--dir dist] [--base /sub/path/] [--no-isolation | --isolation-only]
//
// By default it sends the app's security headers (scripts/headers.mjs: COOP/COEP so the app is
// cross-origin isolated, the document CSP and the Python worker's CSP); `--no-isolation` imitates a
// plain static host (GitHub-Pages-like) that sends none of them, `--isolation-only` a host that
// sends COOP/COEP but no CSP.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ISOLATION_HEADERS, securityHeaders } from './headers.mjs';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.whl': 'application/zip',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.py': 'text/x-python; charset=utf-8',
};
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.webmanifest',
  '.wasm',
  '.svg',
  '.txt',
  '.csv',
  '.md',
  '.py',
]);

export function parseArgs(argv) {
  const opts = {
    port: Number(process.env.PORT ?? 4173),
    dir: 'dist',
    base: '/',
    isolation: true,
    host: '127.0.0.1',
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') opts.port = Number(argv[++i]);
    else if (a === '--dir') opts.dir = argv[++i];
    else if (a === '--base') opts.base = argv[++i];
    else if (a === '--host') opts.host = argv[++i];
    else if (a === '--no-isolation') opts.isolation = false;
    else if (a === '--isolation-only') opts.isolation = 'only';
    else if (a === '--quiet') opts.quiet = true;
  }
  if (!opts.base.startsWith('/')) opts.base = '/' + opts.base;
  if (!opts.base.endsWith('/')) opts.base += '/';
  return opts;
}

/** Create (but do not start) a static server; `onRequest` sees every request (for tests that count). */
export function createStaticServer(opts, onRequest) {
  const root = path.resolve(opts.dir);
  const gzCache = new Map();
  return http.createServer((req, res) => {
    onRequest?.(req);
    const url = new URL(req.url ?? '/', 'http://x');
    let pathname = decodeURIComponent(url.pathname);
    if (!pathname.startsWith(opts.base)) {
      if (pathname + '/' === opts.base) {
        res.writeHead(301, { Location: opts.base });
        return res.end();
      }
      res.writeHead(404).end('not found');
      return;
    }
    let rel = pathname.slice(opts.base.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, rel);
    if (!file.startsWith(root + path.sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      const ext = path.extname(file).toLowerCase();
      const headers = {
        'Content-Type': MIME[ext] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
        ...(opts.isolation === 'only'
          ? ISOLATION_HEADERS
          : opts.isolation
            ? securityHeaders(rel, ext === '.html' ? 'document' : 'other')
            : {}),
      };
      const acceptsGzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      if (acceptsGzip && COMPRESSIBLE.has(ext) && st.size > 1024) {
        const key = `${file}:${st.mtimeMs}`;
        let body = gzCache.get(key);
        if (!body) {
          body = zlib.gzipSync(fs.readFileSync(file), { level: 6 });
          gzCache.set(key, body);
        }
        res.writeHead(200, {
          ...headers,
          'Content-Encoding': 'gzip',
          'Content-Length': body.length,
          Vary: 'Accept-Encoding',
        });
        if (req.method === 'HEAD') return res.end();
        return res.end(body);
      }
      res.writeHead(200, { ...headers, 'Content-Length': st.size });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).pipe(res);
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(opts.dir, 'index.html'))) {
    console.error(`No build in ${opts.dir}/ - run "npm run build" first.`);
    process.exit(1);
  }
  createStaticServer(opts).listen(opts.port, opts.host, () => {
    const iso =
      opts.isolation === 'only'
        ? 'with COOP/COEP only (no CSP)'
        : opts.isolation
          ? 'with COOP/COEP and CSP'
          : 'without security headers';
    console.log(`Serving ${opts.dir}/ ${iso} at http://${opts.host}:${opts.port}${opts.base}`);
  });
}
