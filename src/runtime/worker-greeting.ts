// The first message to a new Python worker: the private port that comlink talks over
// (workers/python/runtime-channel.ts). Kept apart from WorkerSession (and comlink) so the page's
// first script can greet the first worker before the app's code has loaded (early-python.ts).
import type { Endpoint } from 'comlink';
import type { RuntimeChannelHello } from '../../workers/contracts/python';

/** What the owner needs of a worker: a browser `Worker`, or a fake one in tests. */
export type PythonWorkerHandle = Endpoint & { terminate(): void };

export interface GreetedWorker {
  readonly worker: PythonWorkerHandle;
  /** The page's end of the call channel. */
  readonly callPort: MessagePort;
  /** The worker's error before a session listened (its script failed to load), if any. */
  earlyError(): string | undefined;
  /** Stop recording errors: the session listens from now on. */
  adopt(): void;
}

export function greetWorker(worker: PythonWorkerHandle): GreetedWorker {
  const calls = new MessageChannel();
  const hello: RuntimeChannelHello = { kind: 'codeact-runtime-channel', port: calls.port2 };
  worker.postMessage(hello, [calls.port2]);
  let error: string | undefined;
  const record = (e: Event) => {
    e.preventDefault();
    error ??= (e as ErrorEvent).message || 'unknown error';
  };
  worker.addEventListener('error', record);
  return {
    worker,
    callPort: calls.port1,
    earlyError: () => error,
    adopt: () => worker.removeEventListener('error', record),
  };
}
