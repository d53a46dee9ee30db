// WebLLM streams deltas before it knows a stop string is coming, so the stream can show a
// fragment such as `</execute` that the final message does not contain. This holds back
// any tail that could still turn into a stop string, so the UI never shows such fragments.
// With a reasoning model, action stops count only after the reasoning block: a `</execute>`
// written while reasoning neither ends the display nor marks an action.
import { findStopOutsideReasoning, type ReasoningTags } from './reasoning';

export interface GuardOptions {
  /** Stops that end the reply only outside reasoning (e.g. `</execute>`). */
  action?: readonly string[];
  reasoning?: ReasoningTags;
}

export class StopStringGuard {
  #text = '';
  #emitted = '';
  #stopped = false;
  #found = false;
  readonly #action: readonly string[];
  readonly #all: readonly string[];

  /** `stops` end the reply anywhere (end-of-turn tokens; every stop when there is no reasoning). */
  constructor(
    private readonly stops: readonly string[],
    private readonly opts: GuardOptions = {},
  ) {
    this.#action = opts.action ?? [];
    this.#all = [...stops, ...this.#action];
  }

  /** Text that is safe to show now. */
  push(delta: string): string {
    if (this.#stopped) return '';
    this.#text += delta;
    const at = findStopOutsideReasoning(this.#text, this.opts.reasoning, {
      end: this.stops,
      action: this.#action,
    });
    if (at !== -1) {
      this.#stopped = true;
      this.#found = true;
      return this.#emitUpTo(at);
    }
    return this.#emitUpTo(this.#possibleStopStart(this.#text));
  }

  /** The rest of the engine's final message that was not shown yet. */
  finish(finalContent: string): string {
    this.#stopped = true;
    if (!finalContent.startsWith(this.#emitted)) return '';
    return this.#emit(finalContent.slice(this.#emitted.length));
  }

  get emitted(): string {
    return this.#emitted;
  }

  /** A stop string was met in the stream (outside reasoning, for action stops). */
  get stopFound(): boolean {
    return this.#found;
  }

  #emitUpTo(end: number): string {
    return end > this.#emitted.length
      ? this.#emit(this.#text.slice(this.#emitted.length, end))
      : '';
  }

  /** Index where the longest suffix that is a proper prefix of a stop string begins. */
  #possibleStopStart(text: string): number {
    let start = text.length;
    for (const stop of this.#all) {
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
