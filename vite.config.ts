import { createLogger, defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { isolationHeaders } from './scripts/headers.mjs';
import { modelsDirPlugin } from './scripts/vite/models-dir.mjs';

// pyodide.mjs imports node:* modules for its Node code path; the browser build never
// reaches them, and Vite's seven warnings about it on every build only hide real ones.
const logger = createLogger();
const warn = logger.warn.bind(logger);
logger.warn = (msg, opts) => {
  if (/node:\w+.*externalized for browser compatibility.*pyodide/s.test(msg)) return;
  warn(msg, opts);
};

// One static build that can be served from any sub-path: every URL in the bundle is
// relative (`base: './'`), and runtime URLs are computed from `document.baseURI`.
// The service worker and embed.js are built by vite.sw.config.ts and vite.embed.config.ts.
export default defineConfig({
  base: './',
  customLogger: logger,
  plugins: [svelte(), modelsDirPlugin()],
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 8000 },
  worker: { format: 'es' },
  // Pyodide locates its own files at run time; pre-bundling it breaks that.
  optimizeDeps: { exclude: ['pyodide', '@mlc-ai/web-llm'] },
  server: { host: '127.0.0.1', headers: isolationHeaders },
  preview: { host: '127.0.0.1', headers: isolationHeaders },
});
