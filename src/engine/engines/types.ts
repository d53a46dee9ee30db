// The one interface every LLM engine implements (the local backends' engines, a model server, replay, fakes).
// The agent loop only ever sees this. The message shapes are the shared chat contract (workers/contracts/chat.ts).
import type { LocalBackend } from '../catalog/types';
import type { ChatMessage, FinishReason, Usage } from '../../../workers/contracts/chat';

export type { ChatMessage, FinishReason, Role, Usage } from '../../../workers/contracts/chat';

export interface ChatRequestOptions {
  /** Stop strings; everything from the first match on is dropped from the final content. */
  stop?: string[];
  temperature?: number;
  /**
   * Nucleus and min-p truncation, set on a retry after a repetition (top 1, min 0) so that the
   * temperature reaches more than the likeliest token: llama.cpp's samplers (top_p 0.95 and min_p
   * 0.05 by default) truncate before the temperature is applied, so where a model copies its
   * last reply only one token is left and any temperature gives the same reply. Engines pass
   * what their backend reads.
   */
  topP?: number;
  minP?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  /**
   * Reasoning models with a thinking switch: false asks for no reasoning (WebLLM 0.2.86 reads
   * `extra_body.enable_thinking`). Engines without such a switch (replay, fakes) ignore it.
   */
  enableThinking?: boolean;
  /**
   * The model's reasoning tags. Engines whose server sends reasoning apart from the answer
   * (model servers) hand it back wrapped in them; default `<think>`, `</think>`.
   */
  reasoningTags?: { open: string; close: string };
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

/** A local backend's name (catalog/types.ts), or a chat-only engine. */
export type EngineKind = LocalBackend | 'replay' | 'endpoint' | 'fake';

export interface LLMEngine {
  readonly kind: EngineKind;
  /** Human-readable, shown in the UI; replays and fakes say so in it. */
  readonly label: string;
  readonly modelId: string;
  /** Context window in tokens. */
  readonly contextWindow: number;
  /**
   * The model series (src/engine/catalog/families.ts) when the engine knows it (a replay names
   * the series its transcript is written for); otherwise the app looks the model up by id.
   */
  readonly series?: string;
  /**
   * False when the engine cannot tell the model not to reason, whatever the model (a model
   * server without such a switch): the thinking switch is hidden and no thinking budget kept.
   */
  readonly canSwitchThinking?: boolean;
  /** How to give the model a larger context window (said when a message does not fit). */
  readonly contextAdvice?: string;
  /** Stopping is `opts.signal` only: an abort ends the stream with finishReason `abort`. */
  chat(messages: ChatMessage[], opts?: ChatRequestOptions): ChatStream;
  /**
   * The next request starts a new conversation: engines that keep state between requests (a KV
   * cache, a replay position) drop it; stateless ones do nothing.
   */
  newConversation(): void | Promise<void>;
}
