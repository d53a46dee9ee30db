import { defineConfig } from 'vite';

// Builds dist/embed.js (classic script, one global `CodeActEmbed`) and dist/embed.mjs
// (ES module) from src/embed/host/index.ts. Runs after the app build, so it must not empty dist/.
export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    copyPublicDir: false,
    lib: {
      entry: 'src/embed/host/index.ts',
      name: 'CodeActEmbed',
      formats: ['iife', 'es'],
      fileName: (format) => (format === 'es' ? 'embed.mjs' : 'embed.js'),
    },
  },
});
