// WebLLM streams deltas before it knows a stop string is coming, so the stream can show a
// fragment such as `</execute` that the final message does not contain. This holds back
// any tail that could still turn into a stop string, so the UI never shows such fragments.

export class StopStringGuard {
  #emitted = '';
  #held = '';
  #stopped = false;

  constructor(private readonly stops: readonly string[]) {}

  /** Text that is safe to show now. */
  push(delta: string): string {
    if (this.#stopped) return '';
    const text = this.#held + delta;
    let cut = -1;
    for (const stop of this.stops) {
      const at = text.indexOf(stop);
      if (at !== -1 && (cut === -1 || at < cut)) cut = at;
    }
    if (cut !== -1) {
      this.#stopped = true;
      this.#held = '';
      return this.#emit(text.slice(0, cut));
    }
    const keep = this.#possibleStopStart(text);
    this.#held = text.slice(keep);
    return this.#emit(text.slice(0, keep));
  }

  /** The rest of the engine's final message that was not shown yet. */
  finish(finalContent: string): string {
    this.#stopped = true;
    this.#held = '';
    if (!finalContent.startsWith(this.#emitted)) return '';
    return this.#emit(finalContent.slice(this.#emitted.length));
  }

  get emitted(): string {
    return this.#emitted;
  }

  /** Index where the longest suffix that is a proper prefix of a stop string begins. */
  #possibleStopStart(text: string): number {
    let start = text.length;
    for (const stop of this.stops) {
      for (let k = Math.min(stop.length - 1, text.length); k > 0; k--) {
        if (text.endsWith(stop.slice(0, k))) {
          start = Math.min(start, text.length - k);
          break;
        }
      }
    }
    return start;
  }

  #emit(text: string): string {
    this.#emitted += text;
    return text;
  }
}
