// The page's first script, loaded `async` ahead of the app (the build puts it in the page:
// scripts/vite/preboot.mjs). It starts the Python worker, which begins fetching and compiling
// Pyodide by itself (workers/python/runtime.ts), while the app's own code is still arriving; the
// app's PythonClient adopts that worker (src/runtime/early-python.ts). It imports nothing, on
// purpose: a module it shared with the app would be one chunk that both wait for, and the app's
// script would then run first. So the greeting below repeats src/runtime/worker-greeting.ts.
import type { RuntimeChannelHello } from '../workers/contracts/python';
import type { EarlyPython, EarlyPythonKey } from './runtime/early-python-slot';

// An opaque origin (a frame sandboxed without allow-same-origin) may not start a worker from the
// app's server: the app starts its own there (src/runtime/python-options.ts).
if (self.origin !== 'null') {
  const worker = new Worker(new URL('../workers/python/python.worker.ts', import.meta.url), {
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
  };
  const key: EarlyPythonKey = 'codeact.early-python';
  (globalThis as Record<symbol, unknown>)[Symbol.for(key)] = early;
}
