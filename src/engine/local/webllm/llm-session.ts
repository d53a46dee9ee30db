// One live LLM worker: its comlink proxy and the promise that rejects when it dies. A terminated or
// crashed worker answers nothing, and comlink alone would leave its calls pending forever
// (real-path-review §2), so every call races against `died`.
import * as Comlink from 'comlink';
import type { LlmWorkerApi } from '../../../../workers/contracts/llm';
import { workerStopped, type LlmError } from './llm-errors';

/** What the owner needs of a worker: a Worker in the app, a MessagePort-backed fake in tests. */
export type LlmWorkerLike = Comlink.Endpoint & Pick<Worker, 'terminate' | 'dispatchEvent'>;

export class LlmSession {
  readonly api: Comlink.Remote<LlmWorkerApi>;
  /** Rejects with the `worker-stopped` error once the worker is gone. */
  readonly died: Promise<never>;
  alive = true;
  #worker: LlmWorkerLike;
  #reject!: (e: LlmError) => void;

  constructor(worker: LlmWorkerLike) {
    this.#worker = worker;
    this.api = Comlink.wrap<LlmWorkerApi>(worker);
    this.died = new Promise<never>((_, reject) => (this.#reject = reject));
    this.died.catch(() => {}); // observed through call(); never an unhandled rejection
    worker.addEventListener('error', (e) => {
      (e as Event).preventDefault();
      this.terminate((e as ErrorEvent).message || 'the worker failed with no message');
    });
    worker.addEventListener('messageerror', () =>
      this.terminate('a message from the worker could not be read'),
    );
  }

  /** A call on this worker that rejects when the worker dies first. */
  call<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.died]);
  }

  terminate(detail: string): void {
    if (!this.alive) return;
    this.alive = false;
    this.#worker.terminate();
    this.#reject(workerStopped(detail));
  }

  /** Test and debugging hook: ends the worker and fires the `error` event a crashed worker fires,
   *  so the real detection path runs (a plain terminate() sends no event at all). */
  crash(detail: string): void {
    this.#worker.terminate();
    const event =
      typeof ErrorEvent === 'function'
        ? new ErrorEvent('error', { message: detail, cancelable: true })
        : Object.assign(new Event('error', { cancelable: true }), { message: detail }); // Node tests
    this.#worker.dispatchEvent(event);
  }
}
