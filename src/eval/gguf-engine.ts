// The GGUF engine for a headless evaluation: the page fetches the model file the runner serves,
// stores it through the app's own GGUF runtime (header check, one copy) and loads it in llama.cpp.
// Its label names the model, the engine, the backend and the threads (e.g. "… (llama.cpp, CPU,
// 2 threads)"), and the run records carry that label.
import { WllamaRuntime, type WllamaEngine } from '../engine/index';

export async function ggufEngine(url: string, contextWindow = 8192): Promise<WllamaEngine> {
  const runtime = new WllamaRuntime({
    baseURI: () => document.baseURI,
    selfHostBase: () => 'models/',
  });
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const name = new URL(url, document.baseURI).pathname.split('/').pop() ?? 'model.gguf';
  const model = await runtime.importFiles({ files: [new File([await res.blob()], name)] });
  return runtime.load(model, { contextWindow });
}
