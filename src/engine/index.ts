// The engine's front door: everything code outside src/engine may use of it, by room. The UI,
// the app, the embed code, src/eval and src/storage import from here only (an ESLint rule
// enforces it), so the rooms can change inside.

// -- engines: the LLMEngine interface and the chat-only engines behind it --------------------
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
export {
  loadTranscript,
  parseTranscript,
  ReplayEngine,
  type ReplayTranscript,
  type ExpectedRun,
} from './engines/replay/replay-engine';
export { parseReplayParams, type ReplayParams } from './engines/replay/replay-params';
export { placeReplayFiles, type ReplayFile } from './engines/replay/replay-files';
export {
  BaseUrlError,
  baseUrlNote,
  browserProbeEnv,
  dialectForServedModel,
  DEFAULT_IDLE_TIMEOUT_MS,
  describeServer,
  EndpointEngine,
  EndpointError,
  KNOWN_SERVERS,
  listModels,
  normalizeBaseUrl,
  servedDialect,
  serverById,
  type ProbeEnv,
  type ServedModel,
} from './engines/endpoint';

// -- catalog: the models as data, backend-neutral, and their prompt dialects -----------------
export { CATALOG, type CatalogModel } from './catalog/catalog';
export { KNOWN_LIBRARIES } from './catalog/webllm-models';
export {
  dialectFor,
  hasThinkingSwitch,
  type DialectSource,
  type ModelDialect,
} from './catalog/dialects';

// -- device: facts, and the advice over the backends' verdicts -------------------------------
export type { DeviceFacts } from './device/facts';
export type { ContextPlan, Verdict } from './device/verdict';
export { probeDevice } from './device/probe';
export { describeAdapter, describeCpu, fmtMB } from './device/describe';
export {
  firstRunAdvice,
  groupModels,
  pickDefaultModel,
  setupLabel,
  type Advice,
} from './device/recommend';

// -- local: models on this device, one owner over the backends' runtimes ---------------------
export { LocalModels, type ModelStatus } from './local/local-models';
export type { HostedCheck, PickedFile } from './local/runtime';
export { formatProgress } from './local/progress';
export type { ClassifiedError } from './errors';
// WebLLM's own forms: a model at a URL with its library (the "add a custom model" form).
export { customModel as customWebLLMModel } from './local/webllm';

// -- local/wllama: GGUF models on llama.cpp (CPU, WebGPU) -----------------------------------
export {
  WllamaRuntime,
  cpuFirstRunAdvice,
  type CpuAdvice,
  type WllamaEngine,
  type WllamaModelInfo,
  type RequestTimings,
} from './local/wllama';
