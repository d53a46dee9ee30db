// One live Python worker: its comlink proxy, its event port and its interrupt
// buffer. Terminating it rejects every call still pending on it (comlink alone
// would leave them pending forever, pyodide.md §1.5). Comlink talks over a private
// MessageChannel handed to the worker before any Python exists, never over the
// worker object itself: Python can reach the worker's global postMessage, so
// anything arriving on the worker object is ignored (workers/python/runtime-channel.ts).
import * as Comlink from 'comlink';
import type { PythonWorkerApi, PythonWorkerEvent } from '../../workers/contracts/python';
import { workerLostError, type PythonError } from './python-errors';
import type { GreetedWorker, PythonWorkerHandle } from './worker-greeting';

export class WorkerSession {
  readonly api: Comlink.Remote<PythonWorkerApi>;
  readonly port: MessagePort;
  readonly interruptBuffer: Uint8Array | undefined;
  /** Rejects with a 'worker-lost' PythonError when the worker dies or is terminated. */
  readonly died: Promise<never>;
  alive = true;
  #worker: PythonWorkerHandle;
  #reject!: (e: PythonError) => void;
  #transferPort: MessagePort;
  #callPort: MessagePort;

  /** `greeted`: a worker that was handed its call port already (worker-greeting.ts). */
  constructor(greeted: GreetedWorker, onEvent: (e: PythonWorkerEvent) => void, isolated: boolean) {
    const { worker, callPort } = greeted;
    this.#worker = worker;
    this.api = Comlink.wrap<PythonWorkerApi>(callPort);
    this.#callPort = callPort;
    this.died = new Promise<never>((_, reject) => (this.#reject = reject));
    this.died.catch(() => {}); // observed through call(); never an unhandled rejection
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.port.onmessage = (e: MessageEvent<PythonWorkerEvent>) => onEvent(e.data);
    this.#transferPort = channel.port2;
    this.interruptBuffer = isolated ? new Uint8Array(new SharedArrayBuffer(1)) : undefined;
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      const message = (e as ErrorEvent).message;
      this.terminate(`The Python worker failed: ${message || 'unknown error'}`);
    });
    greeted.adopt();
    // An early worker may have failed before anyone listened (its script did not load).
    const early = greeted.earlyError();
    if (early !== undefined)
      queueMicrotask(() => this.terminate(`The Python worker failed: ${early}`));
  }

  /** The worker's end of the event channel (transfer it in init). */
  takeWorkerPort(): MessagePort {
    return this.#transferPort;
  }

  /** A call on this worker that rejects if the worker is terminated first. */
  call<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.died]);
  }

  /** Ask Python to raise KeyboardInterrupt (only when cross-origin isolated). */
  signalInterrupt(): boolean {
    if (!this.interruptBuffer || !this.alive) return false;
    this.interruptBuffer[0] = 2; // SIGINT
    return true;
  }

  clearInterrupt(): void {
    if (this.interruptBuffer) this.interruptBuffer[0] = 0;
  }

  terminate(reason: string): void {
    if (!this.alive) return;
    this.alive = false;
    this.#worker.terminate();
    this.port.close();
    this.#transferPort.close();
    this.#callPort.close();
    this.#reject(workerLostError(reason));
  }
}
