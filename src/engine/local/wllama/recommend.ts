// First-run advice when this device has no GPU WebLLM or llama.cpp's WebGPU backend can use: a
// small GGUF on the CPU, with the speed to expect said plainly. The speeds are rough estimates for
// wasm decode (about 1/3 of native llama.cpp on the same CPU; docs/models.md has what we measured).
import type { CatalogModel } from '../../catalog/types';
import type { DeviceFacts } from '../../device/facts';
import { GGUF_MODELS } from '../../catalog/gguf-models';
import { estimateCpuTokensPerSec, webgpuProblem, wllamaVerdict } from './preflight';
import { threadsFor } from './threads';

export { estimateCpuTokensPerSec };

export interface CpuAdvice {
  model: CatalogModel;
  threads: number;
  /** For the first-run screen, in plain words: what runs where, and how fast we expect it. */
  text: string;
}

/** The CPU pick, or undefined when WebGPU can run models here (the usual advice applies). */
export function cpuFirstRunAdvice(facts: DeviceFacts): CpuAdvice | undefined {
  if (!webgpuProblem(facts.gpu)) return undefined;
  const threads = threadsFor(facts.cpu);
  // Several threads: a 1.5B coder is usable; one thread: the 0.5B is the most that answers in time.
  const family = threads > 1 ? 'qwen2.5-coder-1.5b-gguf' : 'qwen2.5-coder-0.5b-gguf';
  const model = GGUF_MODELS.find((m) => m.family === family);
  if (!model || wllamaVerdict(model, facts).kind !== 'runs') return undefined;
  const tps = estimateCpuTokensPerSec(model.downloadMB, threads);
  return {
    model,
    threads,
    text:
      `This device has no graphics chip the app can use, so ${model.label} would run on the processor ` +
      `(${threads} thread${threads > 1 ? 's' : ''}) at roughly ${tps} tokens per second. That is our estimate, ` +
      `not a measurement: an answer with code takes tens of seconds to minutes. A model server is much faster.` +
      (threads === 1
        ? ' This page can give it only one thread; served with the headers that allow several, it would be faster.'
        : ''),
  };
}
