// WebLLM unloads the model by itself when the GPU device is lost after loading (its device.lost
// handler calls `this.unload()`, lib/index.js reloadInternal), and says nothing until the next
// call fails. Wrapping the engine's own unload() makes that visible: an unload the service did not
// ask for is a lost device, reported to the page at once.
export interface UnloadWatch {
  /** Runs the service's own work: unloads inside it (reload() starts with one) are expected. */
  own<T>(work: () => Promise<T>): Promise<T>;
  onUnexpected(cb: (() => void) | undefined): void;
}

export function watchUnloads(engine: { unload(): Promise<void> }): UnloadWatch {
  const unload = engine.unload.bind(engine);
  let depth = 0;
  let listener: (() => void) | undefined;
  engine.unload = () => {
    if (depth === 0) listener?.();
    return unload();
  };
  return {
    async own(work) {
      depth++;
      try {
        return await work();
      } finally {
        depth--;
      }
    },
    onUnexpected(cb) {
      listener = cb;
    },
  };
}
