// The page talks to the runtime over a private MessagePort that it posts once, right after
// creating the worker and before any Python exists. Everything after that goes over ports the
// worker keeps in module scope, out of Python's reach: the worker's own postMessage is removed
// (scope-lockdown.ts) and the page ignores the worker object's messages, so nothing Python sends
// can pass for a call result or an event.
import type { RuntimeChannelHello } from '../contracts/python';

export function acceptRuntimeChannel(g: typeof globalThis): Promise<MessagePort> {
  return new Promise((resolve) => {
    const onHello = (e: MessageEvent) => {
      const hello = e.data as Partial<RuntimeChannelHello> | null;
      if (hello?.kind !== 'codeact-runtime-channel' || !(hello.port instanceof MessagePort)) return;
      g.removeEventListener('message', onHello);
      resolve(hello.port);
    };
    g.addEventListener('message', onHello);
  });
}
