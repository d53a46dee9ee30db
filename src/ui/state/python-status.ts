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
      text: 'Python can use the internet',
      detail:
        'Network access is on (Settings): Python code can send and receive data from any website. ' +
        'It still cannot reach the app’s stored conversations, settings or caches.',
    };
  if (s.browserPolicy)
    return {
      text: 'Python is offline: your data stays here',
      detail:
        'Python code cannot reach the internet, and the browser itself enforces it (a Content ' +
        'Security Policy on the Python worker): it can load only this app’s own files and ' +
        'Pyodide’s packages for this version. Settings → network access turns this off.',
    };
  return {
    text: 'Python is offline (partly enforced)',
    detail:
      'The browser-enforced lock is not active here (a first visit before the app’s service worker ' +
      'took over, or a host that strips headers). A JavaScript guard blocks the usual routes, but ' +
      'determined code can get past it. Reload the page to get the browser-enforced lock.',
  };
}
