// The WebLLM slice's front door: what the rest of the app may use of it (an ESLint rule keeps
// every other file of this folder private to it).
export { WebLLMRuntime, type WebLLMRuntimeOptions } from './webllm-runtime';
export { customModel } from './entries';
