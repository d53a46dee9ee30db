// First-run advice when this device has no GPU WebLLM or llama.cpp's WebGPU backend can use: a
// small GGUF on the CPU, with the speed to expect said plainly. The speeds are rough estimates for
// wasm decode (about 1/3 of native llama.cpp on the same CPU; docs/models.md has what we measured).
import type { CatalogModel } from '../../catalog/types';
import type { DeviceFacts } from '../../device/facts';
import { GGUF_MODELS } from '../../catalog/gguf-models';
import { webgpuProblem, wllamaVerdict } from './preflight';
import { threadsFor } from './threads';

export interface CpuAdvice {
  model: CatalogModel;
  threads: number;
  /** One sentence for the first-run screen. */
  text: string;
}

/** Our estimate of decode tokens/s for a model of `downloadMB` on `threads` wasm threads. */
export function estimateCpuTokensPerSec(downloadMB: number, threads: number): number {
  // Decode is memory-bound: roughly 2.5 GB/s of weights read per thread-group of wasm SIMD on a
  // laptop core, scaling sub-linearly with threads.
  const gbPerSec = 2.5 * Math.pow(threads, 0.6);
  return Math.max(0.5, Math.round((gbPerSec / (downloadMB / 1000)) * 10) / 10);
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
      `No usable GPU here, so ${model.label} runs on the CPU with llama.cpp (${threads} thread${threads > 1 ? 's' : ''}). ` +
      `Expect roughly ${tps} tokens/s (our estimate), so an answer with code takes tens of seconds to minutes.` +
      (threads === 1 ? ' Serving the app cross-origin isolated lets it use several threads.' : ''),
  };
}
