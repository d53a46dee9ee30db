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
  // Where a service worker can run, Python waits for it, so this state means none can (or the
  // host strips the policy even from what the service worker serves).
  const why =
    s.lockUnavailable ??
    'The browser-enforced lock is not active here, although the app’s service worker controls the page. ' +
      'Reload the page; if this stays, the host or an extension removes the app’s security headers.';
  return {
    text: 'Python is offline (partly enforced)',
    detail:
      `${why} A JavaScript guard blocks the usual routes, but determined code can get past it: ` +
      'do not run code you do not trust here.',
  };
}
