// A start that several callers share, each with its own AbortSignal. A caller that aborts stops
// waiting at once (rejects with the given error); the start itself is given up (onGiveUp) only
// when nobody is left waiting for it. A caller without a signal keeps the start going.

export class SharedStart<T> {
  readonly ready: Promise<T>;
  settled = false;
  /** Every caller gave up before it settled. */
  abandoned = false;
  #pinned = false;
  #waiting = 0;
  #onGiveUp: () => void;

  constructor(begin: (self: SharedStart<T>) => Promise<T>, onGiveUp: () => void) {
    this.#onGiveUp = onGiveUp;
    this.ready = begin(this).finally(() => (this.settled = true));
    this.ready.catch(() => {}); // each caller observes it through join()
  }

  join(signal: AbortSignal | undefined, cancelled: () => Error): Promise<T> {
    if (!signal) this.#pinned = true;
    if (!signal || this.settled) return this.ready;
    if (signal.aborted) return Promise.reject(cancelled());
    this.#waiting++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.#waiting--;
        reject(cancelled());
        if (this.#waiting === 0 && !this.#pinned && !this.settled) {
          this.abandoned = true;
          this.#onGiveUp();
        }
      };
      const done = () => signal.removeEventListener('abort', onAbort);
      signal.addEventListener('abort', onAbort, { once: true });
      this.ready.then(
        (v) => (done(), resolve(v)),
        (e: unknown) => (done(), reject(e)),
      );
    });
  }
}
