// The chat vocabulary every model worker speaks: messages, why a reply ended, token usage. The
// one contract module the other contracts may import (eslint.boundaries.js), so a second model
// worker's contract reuses these shapes instead of redeclaring them. Types only, imports nothing.

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
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
