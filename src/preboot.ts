// The page's first script, inline in the built page ahead of the app's (scripts/vite/preboot.mjs
// compiles it and puts it there; the document CSP allows exactly its text by its sha256,
// scripts/headers.mjs). Inline, it runs as the parser reaches it, with nothing to fetch first. It
// starts the Python worker, which begins fetching and compiling Pyodide by itself
// (workers/python/runtime.ts) while the app's own code is still arriving; the app's PythonClient
// adopts that worker (src/runtime/early-python.ts). On a first visit to a host
// that sends no CSP, it also registers the app's service worker at once, so that its install
// overlaps the app's loading: Python waits for it there (src/pwa/browser-lock.ts), and where the
// page got no headers at all, the worker is started only once the service worker controls the
// page (before, it would lack the worker CSP and be replaced). It is a classic script, so it
// imports nothing (types aside) and has no `import.meta`: the greeting below repeats
// src/runtime/worker-greeting.ts, the registration src/pwa/pwa.svelte.ts's (same script and scope,
// so the browser makes one registration of the two), and the worker's built file name comes in
// the script element's `data-python-worker` (the build's hashed name; the script's own text, and
// so its hash, stays the same from build to build).
import type { RuntimeChannelHello } from '../workers/contracts/python';
import type { EarlyPython, EarlyPythonKey, EarlyPythonSlot } from './runtime/early-python-slot';

const key: EarlyPythonKey = 'codeact.early-python';
const slots = globalThis as Record<symbol, EarlyPythonSlot | undefined>;

/** The Python worker's script, relative to the page (none: the app starts its own worker). */
const workerScript = (document.currentScript as HTMLScriptElement | null)?.dataset.pythonWorker;

// An opaque origin (a frame sandboxed without allow-same-origin) may not start a worker from the
// app's server: the app starts its own there (src/runtime/python-options.ts). Nor has it a service
// worker.
if (self.origin !== 'null' && workerScript) {
  const sw = 'serviceWorker' in navigator ? navigator.serviceWorker : undefined;
  const uncontrolled = sw?.controller === null;
  // A top-level page that is not cross-origin isolated got no headers at all: its Python waits for
  // the service worker registered below, and a worker made now would lack the worker CSP and be
  // replaced by one that has it (src/pwa/browser-lock.ts). There the worker is made the moment the
  // service worker takes control (its script then comes with the CSP), and the app's start makes
  // none before (src/runtime/locked-start.ts).
  const replacedAnyway = uncontrolled && !crossOriginIsolated && self === top;
  if (!replacedAnyway) startEarlyPython(workerScript, uncontrolled);
  else {
    slots[Symbol.for(key)] = 'awaiting-control';
    const onControl = () => {
      // Unless the app has taken the slot already: its start then made its own worker.
      if (slots[Symbol.for(key)] === 'awaiting-control') startEarlyPython(workerScript, false);
    };
    sw.addEventListener('controllerchange', onControl, { once: true });
  }

  // Where the host sends no CSP, the service worker brings it (and Python waits for that); it is
  // registered at once there, so that its install overlaps the app's loading. A page that is not
  // cross-origin isolated at the top got no COOP/COEP, so no headers at all; otherwise the page's
  // own response tells (the built page carries the document's CSP as a <meta> too, which a HEAD
  // does not see). A host that sends the CSPs gets the service worker once Python is up
  // (src/main.ts), so its install never competes with Python's start.
  if (sw && uncontrolled) {
    const base = document.baseURI;
    const register = () =>
      sw.register(new URL('sw.js', base).href, { scope: new URL('./', base).pathname });
    // Refused (a private window): the app finds out when it registers too, and says so. The HEAD
    // goes at low priority: it matters only on a host that sends COOP/COEP without the CSP, and
    // must not hold up the app's scripts or the Python worker's, which share the host's few
    // connections (HTTP/1.1).
    (replacedAnyway
      ? register()
      : fetch(location.href, { method: 'HEAD', priority: 'low' }).then(async (r) => {
          await r.arrayBuffer(); // to its (empty) end: Chromium reports it aborted otherwise
          if (!r.headers.has('content-security-policy')) await register();
        })
    ).catch(() => {});
  }
}

/** Starts the Python worker and leaves it, greeted, for the app's PythonClient to adopt. */
function startEarlyPython(script: string, uncontrolled: boolean): void {
  const worker = new Worker(new URL(script, document.baseURI), {
    type: 'module',
    name: 'python',
  });
  const calls = new MessageChannel();
  const hello: RuntimeChannelHello = { kind: 'codeact-runtime-channel', port: calls.port2 };
  worker.postMessage(hello, [calls.port2]);
  let error: string | undefined;
  const record = (e: ErrorEvent) => {
    e.preventDefault();
    error ??= e.message || 'unknown error';
  };
  worker.addEventListener('error', record);
  const early: EarlyPython = {
    greeted: {
      worker,
      callPort: calls.port1,
      earlyError: () => error,
      adopt: () => worker.removeEventListener('error', record),
    },
    indexURL: new URL('pyodide/', document.baseURI).href,
    uncontrolled,
  };
  slots[Symbol.for(key)] = early;
}
