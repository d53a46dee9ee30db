// The one list of security headers, used by scripts/serve.mjs, the Vite dev and preview servers
// (vite.config.ts) and the service worker (src/pwa/security-headers.ts, for static hosts that send
// no headers). See docs/security.md for what each one guarantees.
//
// - COOP/COEP/CORP make the page cross-origin isolated (SharedArrayBuffer: interruptible Python).
// - The Python worker's CSP is the browser-enforced network lock: its own origin only, plus the
//   Pyodide CDN folder of exactly this version (package wheels that are not bundled), no eval, no
//   nested workers. A module worker takes its CSP from its own script response, so it is sent on
//   that response only.
// - The document CSP is about rendering, not egress: rendered model or Python output cannot load
//   remote images, styles, fonts, frames or plugins even if the sanitiser misses a case. The page
//   may still connect anywhere over http(s): the model-server engine talks to user-given URLs
//   (http://localhost:PORT) and WebLLM downloads models. The LLM worker gets no CSP of its own.
// - The document's `worker-src` adds `blob:` for llama.cpp (wllama): it starts its worker, and
//   that worker its threads, from blob: URLs made on the page from the app's own bundled code.
//   A blob: worker inherits the policy of the document that made it, so it gets this CSP (no
//   eval, scripts only from the app). The Python workers' own `worker-src 'none'` is unchanged.
// - The document's `script-src` allows one inline script by its hash: the page's first script.

/** Must equal the installed pyodide package's version (checked by test/unit/security-headers.test.ts). */
export const PYODIDE_VERSION = '314.0.7';
export const PYODIDE_CDN = `https://cdn.jsdelivr.net/pyodide/v${PYODIDE_VERSION}/full/`;

export const ISOLATION_HEADERS = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
});
// The app's files are public and sent without credentials, so any origin may read them. A frame
// sandboxed without allow-same-origin has an opaque origin ("null"): every module script, style,
// worker script and Pyodide file it loads from the app's own server is then a CORS request, and
// without this header the widget would be a blank page (docs/embed.md).
export const CORS_HEADERS = Object.freeze({ 'Access-Control-Allow-Origin': '*' });

const policy = (directives) =>
  Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');

/**
 * The one inline script the page may run: its first script, which starts Python before the app's
 * code has arrived (src/preboot.ts, inlined by the build: scripts/vite/preboot.mjs, which fails the
 * build when this no longer matches the text). Any other inline script is refused.
 */
export const PREBOOT_SCRIPT_HASH = "'sha256-8LYAh4Icaz97RxWxdsL4i1z7f2yhQmfxtE19SDrShc8='";

export const DOCUMENT_CSP = policy({
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'", PREBOOT_SCRIPT_HASH],
  // Svelte's style: directives and CodeMirror's injected <style> need inline styles; no remote ones.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'media-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'", 'http:', 'https:', 'data:', 'blob:'],
  'worker-src': ["'self'", 'blob:'],
  'frame-src': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'manifest-src': ["'self'"],
});

export const PYTHON_WORKER_CSP = policy({
  'default-src': ["'none'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'connect-src': ["'self'", PYODIDE_CDN],
  'worker-src': ["'none'"],
});

// The "allow network access" setting runs Python in a second worker script whose policy opens
// http(s) to any site (Python can then send data anywhere: the setting says so). Storage and the
// page stay out of reach (workers/python/scope-lockdown.ts); eval and nested workers stay blocked.
export const PYTHON_NETWORK_WORKER_CSP = policy({
  'default-src': ["'none'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'connect-src': ["'self'", 'http:', 'https:', 'ws:', 'wss:'],
  'worker-src': ["'none'"],
});

const workerScript = (name) => new RegExp(`(^|/)${name}\\.worker(-[\\w-]+)?\\.(js|ts)$`);
const LOCKED_WORKER = workerScript('python');
const NETWORK_WORKER = workerScript('python-network');

/** The Python worker's script: `assets/python.worker-<hash>.js` built, `workers/python/python.worker.ts` in dev. */
export function isPythonWorkerScript(pathname) {
  return LOCKED_WORKER.test(pathname) || NETWORK_WORKER.test(pathname);
}

/** The locked Python worker's script only (not the network-open one). */
export function isLockedPythonWorkerScript(pathname) {
  return LOCKED_WORKER.test(pathname);
}

/**
 * Headers for one response. `kind` is what the response is loaded as: 'document' (a page or frame),
 * 'worker' (a worker script), or 'other'.
 */
export function securityHeaders(pathname, kind) {
  const headers = { ...ISOLATION_HEADERS, ...CORS_HEADERS };
  if (LOCKED_WORKER.test(pathname)) headers['Content-Security-Policy'] = PYTHON_WORKER_CSP;
  else if (NETWORK_WORKER.test(pathname))
    headers['Content-Security-Policy'] = PYTHON_NETWORK_WORKER_CSP;
  else if (kind === 'document') headers['Content-Security-Policy'] = DOCUMENT_CSP;
  return headers;
}
