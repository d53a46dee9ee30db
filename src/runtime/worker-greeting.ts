// The first message to a new Python worker: the private port that comlink talks over
// (workers/python/runtime-channel.ts). Kept apart from WorkerSession (and comlink) so the page's
// first script can greet the first worker before the app's code has loaded (src/preboot.ts,
// which repeats these few lines so that it imports nothing).
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

/**
 * Greet a worker the client hands to its session in the same task: no error event can come
 * before the session listens, so nothing is recorded here (src/preboot.ts records them for the
 * worker it starts ahead of the app).
 */
export function greetWorker(worker: PythonWorkerHandle): GreetedWorker {
  const calls = new MessageChannel();
  const hello: RuntimeChannelHello = { kind: 'codeact-runtime-channel', port: calls.port2 };
  worker.postMessage(hello, [calls.port2]);
  return { worker, callPort: calls.port1, earlyError: () => undefined, adopt: () => {} };
}
