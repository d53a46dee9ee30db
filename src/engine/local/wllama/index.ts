// The wllama slice's front door: llama.cpp (WebAssembly, CPU or WebGPU) running GGUF models.
export { WllamaRuntime, createWllamaRuntime } from './wllama-runtime';
export type { WllamaEngine, WllamaModelInfo, RequestTimings } from './wllama-engine';
export { cpuFirstRunAdvice, type CpuAdvice } from './recommend';
