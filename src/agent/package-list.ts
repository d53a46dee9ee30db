// The packages the model is told it can import, corrected for the rest of the chat when a
// load fails (the system prompt is rebuilt at the next user message; the observation of the
// failed run already names what is left).

const normalize = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');

export class PackageList {
  #names: string[];
  #changed = false;

  constructor(names: readonly string[] = []) {
    this.#names = [...names];
  }

  get names(): readonly string[] {
    return this.#names;
  }

  /** Remove packages that failed to load; true when the list changed. */
  fail(names: readonly string[]): boolean {
    const gone = new Set(names.map(normalize));
    const kept = this.#names.filter((n) => !gone.has(normalize(n)));
    if (kept.length === this.#names.length) return false;
    this.#names = kept;
    this.#changed = true;
    return true;
  }

  /** Whether the list changed since the last call (the prompt must be rebuilt). */
  takeChange(): boolean {
    const changed = this.#changed;
    this.#changed = false;
    return changed;
  }
}
