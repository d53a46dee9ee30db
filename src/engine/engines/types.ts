// The one interface every LLM engine implements (WebLLM in a worker, replay, fakes).
// The agent loop only ever sees this. The message shapes are the LLM worker's contract types.
import type { ChatMessage, FinishReason, Usage } from '../../../workers/contracts/llm';

export type { ChatMessage, FinishReason, Role, Usage } from '../../../workers/contracts/llm';

export interface ChatRequestOptions {
  /** Stop strings; everything from the first match on is dropped from the final content. */
  stop?: string[];
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
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
  /** Stopping is `opts.signal` only: an abort ends the stream with finishReason `abort`. */
  chat(messages: ChatMessage[], opts?: ChatRequestOptions): ChatStream;
}
