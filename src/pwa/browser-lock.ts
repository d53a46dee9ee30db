// The browser's side of the Python start gate (src/runtime/browser-lock.ts). On a first visit to a
// host that sends no worker CSP, Python waits until the app's service worker controls the page:
// the worker scripts it serves carry the CSP, so Python never runs under the JavaScript guard
// alone where a service worker can run. The page's first script (src/preboot.ts) has registered it
// already on such a host, so it installs while the app's code loads and often controls the page
// before Python starts; registering it here too (not after the page's load event) is one
// registration to the browser, and catches a refusal. Where no service worker can run, the gate
// says why and what to do.
import type { BrowserLockGate } from '../runtime/browser-lock';
import type { PwaController } from './pwa.svelte';

const FIX = 'Open the app over https (or http://localhost) in a normal, non-private window.';

/** Why no service worker can ever control this page, or undefined when one can. */
export function whyNoServiceWorker(pwa: PwaController): string | undefined {
  if (location.protocol === 'file:')
    return `The app was opened from a file (file://), where browsers run no service worker. ${FIX}`;
  // Checked before `navigator.serviceWorker`, which throws a SecurityError there.
  if (self.origin === 'null')
    return 'The app runs in a sandboxed frame without its own origin, where browsers run no service worker. Open it in its own tab, or let the embedding page add allow-same-origin to the frame’s sandbox.';
  if (!('serviceWorker' in navigator))
    return `This browser runs no service worker here (a private window, an insecure http:// address, or a browser without them). ${FIX}`;
  if (import.meta.env.DEV) return 'The development server registers no service worker.';
  if (pwa.error)
    return `The browser refused the app’s service worker (${pwa.error}); private windows often do. ${FIX}`;
  return undefined;
}

export function serviceWorkerLock(pwa: PwaController): BrowserLockGate {
  const pending = () =>
    whyNoServiceWorker(pwa) === undefined && navigator.serviceWorker.controller === null;
  return {
    pending,
    // As src/preboot.ts decides: a top-level page that is not cross-origin isolated got no COOP/COEP,
    // so no headers at all.
    noPolicyYet: () => pending() && !crossOriginIsolated && self === top,
    unavailable: () => whyNoServiceWorker(pwa),
    async wait(signal) {
      const sw = navigator.serviceWorker;
      let resolveWait!: (why: string | undefined) => void;
      const controlled = new Promise<string | undefined>((r) => (resolveWait = r));
      const onChange = () => resolveWait(undefined);
      sw.addEventListener('controllerchange', onChange);
      const onAbort = () => resolveWait('aborted');
      signal.addEventListener('abort', onAbort);
      try {
        if (sw.controller) return undefined;
        void pwa.register().then(async () => {
          const refused = whyNoServiceWorker(pwa);
          if (refused) return resolveWait(refused);
          const why = await pwa.untilActive();
          if (why) return resolveWait(why);
          // Active but not in control (a hard reload bypasses the service worker): ask it to claim.
          if (!sw.controller) pwa.claim();
        });
        const why = await controlled;
        if (signal.aborted) throw signal.reason;
        return why;
      } finally {
        sw.removeEventListener('controllerchange', onChange);
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
