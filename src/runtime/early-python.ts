// The first Python worker, started by the page's first script (src/preboot.ts) before the app's own code
// has loaded, so Pyodide's download and compilation overlap the app's. The PythonClient adopts it
// for its first start; a start that needs another worker (network open, another Pyodide URL) gets
// a new one and this one is terminated.
import { browserWorker } from './python-options';
import { pyodideIndexURL } from './urls';
import { greetWorker, type GreetedWorker } from './worker-greeting';

let early: { greeted: GreetedWorker; indexURL: string } | undefined;

export function startEarlyPython(): void {
  if (early) return;
  const indexURL = pyodideIndexURL();
  early = { greeted: greetWorker(browserWorker(false), indexURL), indexURL };
}

/** The early worker, once, if it fits this start; otherwise undefined (and it is terminated). */
export function takeEarlyPython(networkOpen: boolean, indexURL: string): GreetedWorker | undefined {
  const e = early;
  early = undefined;
  if (!e) return undefined;
  if (networkOpen || e.indexURL !== indexURL) {
    e.greeted.worker.terminate();
    return undefined;
  }
  return e.greeted;
}
