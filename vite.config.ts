import { createLogger, defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { isolationHeaders } from './scripts/headers.mjs';
import { modelsDirPlugin } from './scripts/vite/models-dir.mjs';

// One static build that can be served from any sub-path: every URL in the
// bundle is relative (`base: './'`), and runtime URLs are computed from
// `document.baseURI`.
// pyodide.mjs imports node:* modules for its Node code path; the browser build never
// reaches them, and Vite's seven warnings about it on every build only hide real ones.
const logger = createLogger();
const warn = logger.warn.bind(logger);
logger.warn = (msg, opts) => {
  if (/node:\w+.*externalized for browser compatibility.*pyodide/s.test(msg)) return;
  warn(msg, opts);
};

export default defineConfig({
  base: './',
  customLogger: logger,
  plugins: [
    svelte(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/pwa',
      filename: 'sw.ts',
      // Registered by src/pwa/pwa.svelte.ts (update prompt instead of silent updates).
      injectRegister: null,
      registerType: 'prompt',
      manifest: {
        name: 'CodeAct in the browser',
        short_name: 'CodeAct',
        description: 'An AI agent that writes, runs and debugs Python entirely in your browser.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#0d1117',
        theme_color: '#1f6feb',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: 'icons/maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,mjs,css,html,wasm,zip,json,svg,png,whl,py,csv}'],
        // Model weights are cached by WebLLM itself; never twice.
        globIgnores: ['**/*.map', 'models/**', 'pyodide/pyodide.js'],
        // pyodide.asm.wasm is 9.6 MB and some wheels are larger than Workbox's 2 MiB default.
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
    modelsDirPlugin(),
  ],
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 8000 },
  worker: { format: 'es' },
  // Pyodide locates its own files at run time; pre-bundling it breaks that.
  optimizeDeps: { exclude: ['pyodide', '@mlc-ai/web-llm'] },
  server: { host: '127.0.0.1', headers: isolationHeaders },
  preview: { host: '127.0.0.1', headers: isolationHeaders },
});
