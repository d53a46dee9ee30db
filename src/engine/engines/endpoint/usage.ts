// The server's usage → the engine's Usage. A server counts the whole prompt every time,
// but Usage.promptTokens means "what this request added" (WebLLM's prefill count, which
// the agent's accounting expects). So when a request extends the previous exchange (same
// messages, then the previous reply), the previous prompt and reply are subtracted.
import type { ChatMessage, Usage } from '../types';

export interface Exchange {
  messages: ChatMessage[];
  /** The reply's final content (stop strings removed). */
  reply: string;
  promptTokens: number;
  completionTokens: number;
}

/** Does `messages` start with the exchange's messages followed by its reply? */
export function extendsExchange(prev: Exchange | undefined, messages: ChatMessage[]): boolean {
  if (!prev) return false;
  const n = prev.messages.length;
  if (messages.length <= n + 1) return false;
  const same = prev.messages.every(
    (m, i) => messages[i]?.role === m.role && messages[i]?.content === m.content,
  );
  const reply = messages[n];
  // The agent may store the reply with the stop string it was cut at re-appended.
  return same && reply?.role === 'assistant' && reply.content.startsWith(prev.reply);
}

export function toUsage(
  server: { promptTokens: number; completionTokens: number },
  prev: Exchange | undefined,
  messages: ChatMessage[],
  decodeSeconds: number,
): Usage {
  const before = extendsExchange(prev, messages)
    ? (prev as Exchange).promptTokens + (prev as Exchange).completionTokens
    : 0;
  const usage: Usage = {
    promptTokens: Math.max(0, server.promptTokens - before),
    completionTokens: server.completionTokens,
  };
  if (decodeSeconds > 0 && server.completionTokens > 1)
    usage.decodeTokensPerSec = server.completionTokens / decodeSeconds;
  return usage;
}
