import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { isolationHeaders } from './scripts/headers.mjs';

// One static build that can be served from any sub-path: every URL in the
// bundle is relative (`base: './'`), and runtime URLs are computed from
// `document.baseURI`.
export default defineConfig({
  base: './',
  plugins: [svelte()],
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 8000 },
  worker: { format: 'es' },
  // Pyodide locates its own files at run time; pre-bundling it breaks that.
  optimizeDeps: { exclude: ['pyodide', '@mlc-ai/web-llm'] },
  server: { host: '127.0.0.1', headers: isolationHeaders },
  preview: { host: '127.0.0.1', headers: isolationHeaders },
});
