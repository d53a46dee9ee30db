// The engine's front door: everything the UI (src/ui) may use from src/engine, by room. The UI
// imports from here only (an ESLint rule enforces it), so the rooms can change inside.

// -- engines: the LLMEngine interface and the engines behind it ------------------------------
export type {
  ChatMessage,
  ChatRequestOptions,
  ChatResult,
  ChatStream,
  EngineKind,
  FinishReason,
  LLMEngine,
  Role,
  Usage,
} from './engines/types';
export { WebLLMEngine, type LoadableModel } from './engines/webllm/webllm-engine';
export { LocalModels, type ModelStatus } from './local-models';
export {
  loadTranscript,
  ReplayEngine,
  type ReplayTranscript,
} from './engines/replay/replay-engine';
export { parseReplayParams, type ReplayParams } from './engines/replay/replay-params';
export { placeReplayFiles, type ReplayFile } from './engines/replay/replay-files';
export {
  BaseUrlError,
  browserProbeEnv,
  EndpointEngine,
  EndpointError,
  KNOWN_SERVERS,
  listModels,
  normalizeBaseUrl,
  type ProbeEnv,
  type ServedModel,
} from './engines/endpoint';

// -- supply: the catalog, downloads, the model cache and folder import -----------------------
export {
  CATALOG,
  customModel,
  dedicatedLibUrl,
  importedModel,
  pickDefaultModel,
  toModelRecord,
  type CatalogModel,
} from './supply/catalog';
export { CODEACT_MODEL_ID, KNOWN_LIBRARIES } from './supply/catalog-data';
export { downloadModelFiles } from './supply/downloader';
export { cachedModelInfo, CONFIG_FILE, type CachedModelInfo } from './supply/model-cache';
export { planImport, storeImport, type PickedFile } from './supply/model-import';
export { formatProgress, type LoadProgress } from './supply/progress';

export {
  dialectFor,
  hasThinkingSwitch,
  type DialectSource,
  type ModelDialect,
} from './supply/dialects';

// -- device: GPU probe and pre-flight verdicts -----------------------------------------------
export { probeAdapter } from './device/gpu-probe';
export {
  describeAdapter,
  fmtMB,
  verdictsFor,
  type AdapterFacts,
  type Verdict,
} from './device/preflight';

export { firstRunAdvice, groupModels, setupLabel, type Advice } from './device/recommend';

export { fitsMemory, planContext, type ContextPlan } from './device/context-size';

// -- errors: what went wrong, in words the UI can show ---------------------------------------
export { classifyError, type ClassifiedError } from './errors';

// -- local/wllama: GGUF models on llama.cpp (CPU, WebGPU) -----------------------------------
export { WllamaRuntime, createWllamaRuntime } from './local/wllama/wllama-runtime';
export { GGUF_CATALOG } from './local/wllama/catalog';
export type { WllamaEngine, WllamaModelInfo, RequestTimings } from './local/wllama/wllama-engine';
export { cpuFirstRunAdvice, type CpuAdvice } from './local/wllama/recommend';
