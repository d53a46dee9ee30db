// Service-worker registration and the "new version available" state the UI shows.
import type { Workbox } from 'workbox-window';
import { errorMessage } from '../errors/error-text';

export class PwaController {
  /** A new build is installed and waiting; reloading activates it. */
  updateReady = $state(false);
  /** A service worker controls this page (offline works; COOP/COEP added on static hosts). */
  controlled = $state(false);
  error = $state<string | null>(null);

  #wb: Workbox | undefined;
  #registration: ServiceWorkerRegistration | undefined;
  #registering: Promise<void> | undefined;

  /** Register once (the Python start gate may ask before the page's load event; later calls share it). */
  register(swURL = new URL('sw.js', document.baseURI).href): Promise<void> {
    return (this.#registering ??= this.#register(swURL));
  }

  async #register(swURL: string): Promise<void> {
    if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
    let container: ServiceWorkerContainer;
    try {
      container = navigator.serviceWorker;
    } catch (e) {
      // A sandboxed frame without allow-same-origin (an opaque origin) may not have one: the app
      // works online without it, as in a private window.
      this.error = errorMessage(e);
      return;
    }
    this.controlled = container.controller !== null;
    container.addEventListener('controllerchange', () => {
      this.controlled = true;
    });
    const { Workbox } = await import('workbox-window');
    const wb = new Workbox(swURL, { scope: new URL('./', document.baseURI).pathname });
    this.#wb = wb;
    // `waiting` fires when an update is installed while an older worker controls the page.
    wb.addEventListener('waiting', () => {
      this.updateReady = true;
    });
    try {
      // On a first visit to a host that sends no CSP, the page's first script registered the same
      // script and scope already (src/preboot.ts): the browser keeps the one registration, and
      // updates found later still reach `waiting` (test/e2e/pwa-update.spec.ts).
      this.#registration = await wb.register({ immediate: true });
    } catch (e) {
      // Private windows and some embedded contexts refuse service workers: the app still works online.
      this.error = errorMessage(e);
    }
  }

  /** Undefined once the registered service worker is active, else why it never will be. */
  async untilActive(): Promise<string | undefined> {
    const reg = this.#registration;
    if (!reg) return 'The app’s service worker could not be registered.';
    const worker = reg.installing ?? reg.waiting ?? reg.active;
    if (!worker) return 'The app’s service worker could not be registered.';
    return new Promise((resolve) => {
      const check = () => {
        if (worker.state === 'activated') resolve(undefined);
        else if (worker.state === 'redundant')
          resolve('The app’s service worker failed to install (reload the page to try again).');
        else return;
        worker.removeEventListener('statechange', check);
      };
      worker.addEventListener('statechange', check);
      check();
    });
  }

  /** Ask the active service worker to control this page (a hard reload leaves it uncontrolled). */
  claim(): void {
    this.#registration?.active?.postMessage({ type: 'CLAIM' });
  }

  /**
   * Store what the service worker's install left out (the local-model runtimes), so they work
   * offline too; asked once Python is ready, so a first visit's start does not wait for them.
   */
  async cacheLater(): Promise<void> {
    await this.register();
    const reg = this.#registration;
    if (!reg) return;
    await this.untilActive();
    reg.active?.postMessage({ type: 'CACHE_LATER' });
  }

  /** Check the server for a new build (also done by the browser on navigation). */
  async checkForUpdate(): Promise<void> {
    await this.#wb?.update();
  }

  /** Activate the waiting build and reload once it controls the page. */
  applyUpdate(): void {
    const wb = this.#wb;
    if (!wb) return;
    wb.addEventListener('controlling', () => window.location.reload());
    wb.messageSkipWaiting();
  }
}

export const pwa = new PwaController();
