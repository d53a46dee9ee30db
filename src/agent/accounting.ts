// Turns the engine's usage numbers into per-message token counts. `promptTokens` counts
// only what was prefilled this round: everything after a full reset, or just the new
// messages when the engine reused its KV cache. Which one happened is judged from the
// estimates (whichever total the number is closer to).
import type { Usage } from '../engine/types';
import type { Entry, History } from './history';
import { MESSAGE_OVERHEAD, type TokenEstimator } from './tokens';

export function accountUsage(
  history: History,
  estimator: TokenEstimator,
  requestLength: number,
  reply: Entry,
  usage: Usage,
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
  const full = history.total(0, requestLength);
  const fresh = lastReply === -1 ? full : history.total(lastReply + 1, requestLength);
  const reused =
    lastReply !== -1 &&
    Math.abs(usage.promptTokens - fresh) < Math.abs(usage.promptTokens - full);
  history.attribute(reused ? lastReply + 1 : 0, requestLength, usage.promptTokens);
}
