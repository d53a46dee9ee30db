// Headers that make the page cross-origin isolated (SharedArrayBuffer, and so
// Pyodide interrupts). Shared by the dev server, `vite preview` and scripts/serve.mjs.
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};
