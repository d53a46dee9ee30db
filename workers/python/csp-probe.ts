// Is the app's Content-Security-Policy in force in this worker? Checked from inside, before any
// user code, with three harmless local probes that only a CSP refuses (none touches the network):
// evaluating a string (script-src without 'unsafe-eval'), fetching a data: URL (connect-src without
// data:) and importing a data: module (script-src without data:). The answer is what the status
// line reports; a missing or weaker policy (a host that strips headers, a first visit before the
// service worker controls the page) leaves only the JavaScript guard.

type Fetch = typeof fetch;

export interface PolicyProbe {
  /**
   * Known at once: evaluating a string was refused, so a script policy is in force (a worker
   * script that came without a CSP, about to be replaced, allows it).
   */
  readonly evalRefused: boolean;
  /** All three probes: the app's policy is in force. Settles in a few milliseconds. */
  readonly inForce: Promise<boolean>;
}

async function refused(probe: () => unknown): Promise<boolean> {
  try {
    await probe();
    return false;
  } catch {
    return true;
  }
}

function refusedNow(probe: () => unknown): boolean {
  try {
    probe();
    return false;
  } catch {
    return true;
  }
}

export function probeBrowserPolicy(g: typeof globalThis, realFetch: Fetch): PolicyProbe {
  const seen = new Set<string>();
  const onViolation = (e: Event) =>
    seen.add((e as SecurityPolicyViolationEvent).effectiveDirective ?? '');
  g.addEventListener('securitypolicyviolation', onViolation);
  const evalRefused = refusedNow(() => new Function('return 1')());
  const inForce = (async () => {
    try {
      const fetchRefused = await refused(() => realFetch('data:text/plain,csp-probe'));
      const module = 'data:text/javascript,export default 1';
      const importRefused = await refused(() => import(/* @vite-ignore */ module));
      // Violation events are queued as tasks: let them arrive before reading them.
      await new Promise((r) => setTimeout(r, 0));
      const byPolicy = [...seen].some((d) => d.startsWith('connect-src'));
      return evalRefused && fetchRefused && importRefused && byPolicy;
    } finally {
      g.removeEventListener('securitypolicyviolation', onViolation);
    }
  })();
  return { evalRefused, inForce };
}
