// The worker's network guard on a stand-in global object (the browser routes are
// proven end to end in test/e2e/python-network.spec.ts).
import { describe, expect, it } from 'vitest';
import { installNetworkGuard } from '../../workers/python/network-guard';

// Fresh classes per stand-in global: the guard locks their prototypes for good.
function fakeGlobal() {
  class FakeXHR {
    opened = '';
    open(_method: string, url: string) {
      this.opened = url;
    }
  }
  class FakeSocket {
    constructor(readonly url: string) {}
  }
  const calls: string[] = [];
  const proto = {
    fetch: (url: string) => {
      calls.push(url);
      return Promise.resolve('ok');
    },
  };
  const g = Object.create(proto) as Record<string, unknown>;
  g.fetch = proto.fetch;
  g.XMLHttpRequest = FakeXHR;
  g.WebSocket = FakeSocket;
  g.location = { href: 'http://app.test/index.html' };
  return { g, proto, calls, FakeXHR, FakeSocket };
}

describe('network guard', () => {
  const allowed = (u: URL) => u.href.startsWith('http://app.test/pyodide/');

  it('blocks fetch on the global and on its prototype, but allows the package folder', async () => {
    const { g, proto, calls } = fakeGlobal();
    installNetworkGuard(g as unknown as typeof globalThis, allowed);
    const f = g.fetch as (u: string) => Promise<unknown>;
    await expect(f('http://evil.test/x')).rejects.toThrow(/Network access is off/);
    await expect(proto.fetch.call(g, 'http://evil.test/y')).rejects.toThrow(
      /Network access is off/,
    );
    await expect(f('pyodide/numpy.whl')).resolves.toBe('ok');
    expect(calls).toEqual(['pyodide/numpy.whl']);
  });

  it('blocks XMLHttpRequest.open and WebSocket, including via prototype.constructor', () => {
    const { g, FakeSocket } = fakeGlobal();
    installNetworkGuard(g as unknown as typeof globalThis, allowed);
    const xhr = new (g.XMLHttpRequest as new () => { open(m: string, u: string): void })();
    expect(() => xhr.open('GET', 'http://evil.test/')).toThrow(/XMLHttpRequest/);
    const WS = g.WebSocket as typeof FakeSocket;
    expect(() => new WS('ws://evil.test/')).toThrow(/WebSocket/);
    const Back = FakeSocket.prototype.constructor as typeof FakeSocket;
    expect(() => new Back('ws://evil.test/')).toThrow(/WebSocket/);
  });
});
