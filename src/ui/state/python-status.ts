// What the status line says about Python's sandbox and package loads (pure, for tests).
import type { SandboxInfo } from '../../../workers/contracts/python';
import { describePackages, type PackageLoad } from '../../runtime/package-events';

/** Text while packages load; empty once they are loaded (the cell then runs). */
export function packageStatus(load: PackageLoad): string {
  return load.phase === 'loading' ? describePackages(load) : '';
}

/** The network lock as the user should understand it: what holds, and what does not. */
export function sandboxStatus(s: SandboxInfo | null): { text: string; detail: string } | null {
  if (!s) return null;
  if (s.networkOpen)
    return {
      text: 'Python network: open',
      detail:
        'Network access is on (Settings): Python code can send and receive data from any website. ' +
        'It still cannot reach the app’s stored conversations, settings or caches.',
    };
  if (s.browserPolicy)
    return {
      text: 'Python network: blocked by the browser',
      detail:
        'The browser enforces a policy on the Python worker: it can load only this app’s own files ' +
        'and Pyodide’s packages for this version, nothing else.',
    };
  return {
    text: 'Python network: JavaScript guard only',
    detail:
      'The browser-enforced lock is not active here (a first visit before the app’s service worker ' +
      'took over, or a host that strips headers). A JavaScript guard blocks the usual routes, but ' +
      'determined code can get past it. Reload the page to get the browser-enforced lock.',
  };
}
