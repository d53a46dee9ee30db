// The GGUF (llama.cpp) runtime as the test and debugging hook reaches it (`__codeact.gguf`):
// import a .gguf into the app's storage and load it as the app's engine, the same runtime calls
// the Models panel makes. Created on first use, so a page that never touches GGUF pays nothing.
import { WllamaRuntime, type WllamaModelInfo } from '../engine';
import type { AppState } from '../ui/state/app.svelte';

export interface GgufHook {
  runtime(): WllamaRuntime;
  /**
   * A separate runtime with a fixed thread count, not connected to the chat (the benchmark loads
   * and drives its engine directly, the same calls the chat makes).
   */
  createRuntime(opts: { threads: number }): WllamaRuntime;
  /** Fetches a same-site .gguf URL, imports it (header check, stored once) and loads it. */
  importUrlAndLoad(url: string, opts?: { contextWindow?: number }): Promise<WllamaModelInfo>;
  importAndLoad(files: File[], opts?: { contextWindow?: number }): Promise<WllamaModelInfo>;
  /** llama.cpp's timings of every request of the loaded model. */
  timings(): unknown[];
  /** Each request's message count and the start of its last message. */
  requests(): unknown[];
  crash(): void;
}

export function ggufHook(app: AppState): GgufHook {
  let runtime: WllamaRuntime | undefined;
  const ctx = { baseURI: () => document.baseURI, selfHostBase: () => 'models/' };
  const rt = () => (runtime ??= new WllamaRuntime(ctx));
  const importAndLoad = async (files: File[], opts: { contextWindow?: number } = {}) => {
    const model = await rt().importFiles({ files });
    const engine = await rt().load(model, opts);
    app.setEngine(engine, { id: model.id, series: model.series, dialect: model.dialect });
    return engine.info;
  };
  return {
    runtime: rt,
    createRuntime: ({ threads }) => new WllamaRuntime(ctx, { threads }),
    importAndLoad,
    async importUrlAndLoad(url, opts) {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      const name = new URL(url, document.baseURI).pathname.split('/').pop() ?? 'model.gguf';
      return importAndLoad([new File([await res.blob()], name)], opts);
    },
    timings: () => [...(rt().host.loaded?.timings ?? [])],
    requests: () => [...(rt().host.loaded?.requests ?? [])],
    crash: () => rt().host.crash(),
  };
}
