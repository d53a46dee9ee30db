// Turns the engine's usage numbers into per-message token counts. `promptTokens` counts
// only what was prefilled this round: everything after a reset, or just the messages
// after the previous reply when the engine reused its KV cache.
import type { ChatMessage, ChatResult, Usage } from '../engine/engines/types';
import type { Entry, History } from './history';
import { MESSAGE_OVERHEAD, type TokenEstimator } from './tokens';

/** What the engine holds after a request: WebLLM compares the next request against it. */
export interface EngineState {
  messages: ChatMessage[];
  reply: string;
}

export function engineStateAfter(
  messages: ChatMessage[],
  result: ChatResult,
): EngineState | undefined {
  // WebLLM never continues after an aborted or length-limited reply.
  return result.finishReason === 'stop' ? { messages, reply: result.content } : undefined;
}

/** WebLLM's rule: the new request's history equals the cached conversation exactly. */
export function extendsState(state: EngineState | undefined, messages: ChatMessage[]): boolean {
  if (!state) return false;
  const cached = [...state.messages, { role: 'assistant', content: state.reply }];
  if (messages.length !== cached.length + 1) return false;
  return cached.every((m, i) => m.role === messages[i]?.role && m.content === messages[i]?.content);
}

export function accountUsage(
  history: History,
  estimator: TokenEstimator,
  requestLength: number,
  reply: Entry,
  usage: Usage,
  reusedByRule: boolean,
): void {
  reply.tokens = usage.completionTokens + MESSAGE_OVERHEAD;
  estimator.learn(reply.content.length, usage.completionTokens);
  let lastReply = -1;
  for (let i = requestLength - 1; i >= 0; i--) {
    if (history.entries[i]?.role === 'assistant') {
      lastReply = i;
      break;
    }
  }
  const fresh = lastReply + 1;
  if (reusedByRule && lastReply !== -1) {
    history.attribute(fresh, requestLength, usage.promptTokens);
    return;
  }
  // Not reusable by WebLLM's rule, but an engine may still have reused its cache (for
  // instance by matching the reply without a re-appended stop string). A count far below
  // the estimate for the whole prompt means that happened.
  const entries = history.entries.slice(0, requestLength);
  const known = entries.reduce((s, e) => s + (e.tokens ?? 0), 0);
  const unknownEstimate = entries
    .filter((e) => e.tokens === undefined)
    .reduce((s, e) => s + estimator.estimate(e.content), 0);
  const full = usage.promptTokens - known >= 0.5 * unknownEstimate;
  history.attribute(full || lastReply === -1 ? 0 : fresh, requestLength, usage.promptTokens);
}
