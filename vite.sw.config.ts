import { defineConfig } from 'vite';

// Builds the service worker (src/pwa/sw.ts) into one classic script, dist/sw.js. Runs after the
// app build (so it must not empty dist/); scripts/precache-manifest.mjs then writes the list of
// files to precache into it.
export default defineConfig({
  // Workbox keeps its development logging behind process.env.NODE_ENV checks.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    copyPublicDir: false,
    lib: {
      entry: 'src/pwa/sw.ts',
      name: 'codeactServiceWorker',
      formats: ['iife'],
      fileName: () => 'sw.js',
    },
  },
});
