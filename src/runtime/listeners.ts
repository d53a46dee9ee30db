// A set of callbacks with an unsubscribe handle, for the owners' on…() events.

export class Listeners<T> {
  #set = new Set<(v: T) => void>();

  add(cb: (v: T) => void): () => void {
    this.#set.add(cb);
    return () => this.#set.delete(cb);
  }

  emit(v: T): void {
    for (const cb of this.#set) cb(v);
  }
}
