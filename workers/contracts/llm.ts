// The LLM worker's boundary (comlink). Types only: both sides `import type` from here, and it
// imports nothing but WebLLM's own types and the shared chat vocabulary (./chat.ts).
// WebLLM lives only inside the worker; these are plain, structured-cloneable shapes.
import type { AppConfig, ChatOptions, InitProgressReport } from '@mlc-ai/web-llm';
import type { ChatMessage, FinishReason, Usage } from './chat';

export type { ChatMessage, FinishReason, Role, Usage } from './chat';

export interface WorkerChatRequest {
  messages: ChatMessage[];
  stop?: string[];
  temperature?: number;
  maxTokens?: number;
  /** Sent as `extra_body.enable_thinking` (reasoning models with that switch). */
  enableThinking?: boolean;
}

export interface WorkerChatResult {
  /** From engine.getMessage(): stop strings removed, never the joined deltas. */
  content: string;
  finishReason: FinishReason;
  usage?: Usage;
}

export interface WorkerLoadResult {
  /** True when cancelLoad() stopped the load; whatever it had loaded is unloaded again. */
  cancelled: boolean;
}

/** Every method rejects with an Error whose message is WebLLM's "Name: message" string. */
export interface LlmWorkerApi {
  /** `onDeviceLost` runs when WebLLM unloads the model by itself (the GPU device was lost). */
  watch(onDeviceLost: () => void): Promise<void>;
  load(
    appConfig: AppConfig,
    modelId: string,
    chatOpts: ChatOptions | undefined,
    onProgress: (r: InitProgressReport) => void,
  ): Promise<WorkerLoadResult>;
  /** Internal to the owner, which calls it when the load's AbortSignal fires. */
  cancelLoad(): Promise<void>;
  unload(): Promise<void>;
  chat(
    req: WorkerChatRequest,
    onDelta: (delta: string) => void | Promise<void>,
  ): Promise<WorkerChatResult>;
  interrupt(): Promise<void>;
  resetChat(): Promise<void>;
  hasModelInCache(modelId: string, appConfig: AppConfig): Promise<boolean>;
  deleteModel(modelId: string, appConfig: AppConfig): Promise<void>;
}
