// A run's time limit, paused while the run waits for packages: a first cell that pulls tens of
// MB of wheels on a slow link must not time out and lose the runtime before its code has even
// started. While paused, a download that receives nothing for STALL_MS (or the run's own limit,
// if longer) still stops the run: a stalled fetch would otherwise hold it forever. Every progress
// report restarts that count, and reports come while bytes arrive (at least every 150 ms: wheels
// are streamed, not handed over whole, workers/python/package-path.ts), so the stall limit means
// "no byte for that long".

export const STALL_MS = 60_000;

export class RunTimer {
  readonly #stallMs: number;
  readonly #expire: () => void;
  #remainingMs: number;
  #startedAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #paused = false;
  #cleared = false;

  constructor(limitMs: number, expire: () => void, stallMs = STALL_MS) {
    this.#stallMs = Math.max(limitMs, stallMs);
    this.#remainingMs = limitMs;
    this.#expire = expire;
    this.#arm(limitMs);
  }

  /** The stall limit in force (never below the run's own limit). */
  get stallMs(): number {
    return this.#stallMs;
  }

  get paused(): boolean {
    return this.#paused;
  }

  #arm(ms: number): void {
    clearTimeout(this.#timer);
    this.#startedAt = performance.now();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#expire();
    }, ms);
  }

  /** Packages started loading (or made progress): stop counting the run's time. */
  pause(): void {
    if (this.#cleared) return;
    if (!this.#paused) {
      this.#paused = true;
      this.#remainingMs = Math.max(0, this.#remainingMs - (performance.now() - this.#startedAt));
    }
    this.#arm(this.#stallMs); // the stall limit, counted from this report
  }

  /** Packages are loaded: the run's own time goes on from where it stopped. */
  resume(): void {
    if (this.#cleared || !this.#paused) return;
    this.#paused = false;
    this.#arm(this.#remainingMs);
  }

  clear(): void {
    this.#cleared = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
