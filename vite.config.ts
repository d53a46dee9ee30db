import { createLogger, defineConfig, type Connect, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { DOCUMENT_CSP, securityHeaders } from './scripts/headers.mjs';
import { modelsDirPlugin } from './scripts/vite/models-dir.mjs';
import { prebootPlugin } from './scripts/vite/preboot.mjs';
import { runtimeBytecodePlugin } from './scripts/vite/runtime-bytecode.mjs';

// pyodide.mjs imports node:* modules for its Node code path; the browser build never
// reaches them, and Vite's seven warnings about it on every build only hide real ones.
const logger = createLogger();
const warn = logger.warn.bind(logger);
logger.warn = (msg, opts) => {
  if (/node:\w+.*externalized for browser compatibility.*pyodide/s.test(msg)) return;
  warn(msg, opts);
};

// The same security headers as scripts/serve.mjs and the service worker (scripts/headers.mjs),
// chosen per response: the Python worker's script gets its own CSP, pages the document CSP.
const headersMiddleware: Connect.NextHandleFunction = (req, res, next) => {
  const pathname = new URL(req.url ?? '/', 'http://x').pathname;
  const dest = req.headers['sec-fetch-dest'];
  const kind =
    dest === 'document' || dest === 'iframe' ? 'document' : dest === 'worker' ? 'worker' : 'other';
  for (const [k, v] of Object.entries(securityHeaders(pathname, kind))) res.setHeader(k, v);
  next();
};
const securityHeadersPlugin = (): Plugin => ({
  name: 'codeact-security-headers',
  configureServer: (server) => void server.middlewares.use(headersMiddleware),
  configurePreviewServer: (server) => void server.middlewares.use(headersMiddleware),
});
// The built page also carries the document CSP as a <meta> (first in <head>, so it covers
// everything after it): on a host that sends no headers it holds from the very first visit,
// before the service worker controls the page. Workers never take a <meta> CSP.
const documentCspMeta = (): Plugin => ({
  name: 'codeact-document-csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: DOCUMENT_CSP },
      injectTo: 'head-prepend',
    },
  ],
});

// One static build that can be served from any sub-path: every URL in the bundle is
// relative (`base: './'`), and runtime URLs are computed from `document.baseURI`.
// The service worker and embed.js are built by vite.sw.config.ts and vite.embed.config.ts.
export default defineConfig({
  base: './',
  customLogger: logger,
  plugins: [
    svelte(),
    modelsDirPlugin(),
    securityHeadersPlugin(),
    documentCspMeta(),
    prebootPlugin(),
    // The dev server serves the worker through these plugins (no bytecode there).
    runtimeBytecodePlugin(),
  ],
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 8000 },
  // The Python worker's kernel as bytecode (scripts/vite/runtime-bytecode.mjs).
  worker: { format: 'es', plugins: () => [runtimeBytecodePlugin()] },
  // Pyodide locates its own files at run time; pre-bundling it breaks that.
  optimizeDeps: { exclude: ['pyodide', '@mlc-ai/web-llm'] },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
