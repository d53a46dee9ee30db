// Where the self-hosted llama.cpp builds live (copied from npm by scripts/vendor-wllama.mjs and
// precached by the service worker): nothing is fetched from a CDN at run time.

export interface WllamaAssets {
  /** The main build (memory64 + JSPI). */
  wasm: string;
  /** The fallback build for browsers without JSPI or memory64 (Safari): its worker and wasm. */
  compat: { worker: string; wasm: string };
}

export function wllamaAssets(baseURI: string): WllamaAssets {
  const at = (p: string) => new URL(`wllama/${p}`, baseURI).href;
  return {
    wasm: at('wllama.wasm'),
    compat: { worker: at('compat/wllama.js'), wasm: at('compat/wllama.wasm') },
  };
}
