// The one interface every LLM engine implements (WebLLM in a worker, replay, fakes).
// The agent loop only ever sees this.

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
}

export interface ChatRequestOptions {
  /** Stop strings; everything from the first match on is dropped from the final content. */
  stop?: string[];
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
}

/** `abort`: stopped by the user; `length`: hit maxTokens or the context window. */
export type FinishReason = 'stop' | 'length' | 'abort';

export interface Usage {
  /** Tokens actually prefilled for this request (small when the KV cache was reused). */
  promptTokens: number;
  completionTokens: number;
  prefillTokensPerSec?: number;
  decodeTokensPerSec?: number;
}

export interface ChatResult {
  /** The engine's own final message, stop strings removed - never the joined deltas. */
  content: string;
  finishReason: FinishReason;
  usage?: Usage;
}

/** Iterate for text deltas; `result` settles with the final message after the stream ends. */
export interface ChatStream extends AsyncIterable<string> {
  readonly result: Promise<ChatResult>;
}

export type EngineKind = 'webllm' | 'replay' | 'endpoint' | 'fake';

export interface LLMEngine {
  readonly kind: EngineKind;
  /** Human-readable, shown in the UI; replays and fakes say so in it. */
  readonly label: string;
  readonly modelId: string;
  /** Context window in tokens. */
  readonly contextWindow: number;
  chat(messages: ChatMessage[], opts?: ChatRequestOptions): ChatStream;
  /**
   * Stop the generation in flight, if any. Being removed: stop with `opts.signal` on chat()
   * (the endpoint engine has no interrupt()).
   */
  interrupt?(): void;
}
