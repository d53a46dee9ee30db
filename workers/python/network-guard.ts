// The JavaScript half of Python's network lock. Python reaches the web through the
// worker's global object (js.fetch, pyfetch, XMLHttpRequest, WebSocket, and the
// Function-constructor route to the same global), so the guard replaces those
// entry points on the global object AND on their prototypes before Pyodide loads.
// It cannot see dynamic import() (reachable through eval): that, and the rest, is
// closed by the worker's Content-Security-Policy, which the browser enforces
// (scripts/headers.mjs). Where no such policy is in force the guard is all there is,
// and the status line says so (docs/security.md).

export type UrlPolicy = (url: URL) => boolean;
/** Sees each allowed fetch response (the package path counts wheel bytes with it). */
export type ResponseObserver = (url: URL, res: Response) => Response;

export class NetworkBlockedError extends TypeError {
  constructor(what: string, url: string) {
    super(
      `Network access is off for Python: ${what} ${url} was blocked. Turn it on in the settings.`,
    );
    this.name = 'NetworkBlockedError';
  }
}

function resolve(input: unknown, base: string): URL {
  const raw =
    input instanceof Request ? input.url : String(input instanceof URL ? input.href : input);
  return new URL(raw, base);
}

/** Redefine `name` on the global object and every prototype that carries it. */
function replaceEverywhere(g: object, name: string, value: unknown): void {
  for (let o: object | null = g; o; o = Object.getPrototypeOf(o)) {
    if (Object.prototype.hasOwnProperty.call(o, name)) {
      Object.defineProperty(o, name, { value, writable: false, configurable: false });
    }
  }
}

function guardConstructor<T extends abstract new (...a: never[]) => unknown>(
  g: Record<string, unknown>,
  name: string,
  allowed: UrlPolicy,
  base: string,
): void {
  const Original = g[name] as T | undefined;
  if (typeof Original !== 'function') return;
  const guarded = new Proxy(Original, {
    construct(target, args: unknown[], newTarget) {
      const url = resolve(args[0], base);
      if (!allowed(url)) throw new NetworkBlockedError(`new ${name}(…) to`, url.href);
      return Reflect.construct(target, args, newTarget) as object;
    },
  });
  // The prototype's back-link would hand out the unguarded constructor.
  Object.defineProperty(Original.prototype, 'constructor', { value: guarded, writable: false });
  replaceEverywhere(g, name, guarded);
}

export function installNetworkGuard(
  g: typeof globalThis,
  allowed: UrlPolicy,
  observe?: ResponseObserver,
): void {
  const base = g.location?.href ?? 'http://localhost/';
  const realFetch = g.fetch.bind(g);
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = resolve(input, base);
    if (!allowed(url)) return Promise.reject(new NetworkBlockedError('fetch to', url.href));
    const res = realFetch(input, init);
    return observe ? res.then((r) => observe(url, r)) : res;
  };
  replaceEverywhere(g, 'fetch', fetch);

  const XHR = g.XMLHttpRequest as typeof XMLHttpRequest | undefined;
  if (XHR) {
    const realOpen = XHR.prototype.open as (this: XMLHttpRequest, ...a: unknown[]) => void;
    Object.defineProperty(XHR.prototype, 'open', {
      value: function open(
        this: XMLHttpRequest,
        method: string,
        url: string | URL,
        ...rest: unknown[]
      ) {
        const u = resolve(url, base);
        if (!allowed(u)) throw new NetworkBlockedError('XMLHttpRequest to', u.href);
        return realOpen.call(this, method, url, ...rest);
      },
      writable: false,
      configurable: false,
    });
  }
  const globals = g as unknown as Record<string, unknown>;
  for (const name of [
    'WebSocket',
    'WebSocketStream',
    'EventSource',
    'WebTransport',
    'Worker',
    'SharedWorker',
  ]) {
    guardConstructor(globals, name, allowed, base);
  }
}
