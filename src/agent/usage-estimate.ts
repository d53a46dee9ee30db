// Token counts and speeds for every engine. A server that sends no usage (llama-cpp-python
// ignores `stream_options.include_usage`) gets counts from the agent's estimator, labelled
// estimated; speeds missing from the engine are measured here from the stream's timing
// (prefill: until the first text arrived; decode: the rest).
import type { ChatResult, Usage } from '../engine/engines/types';
import type { AgentEvent } from './events';
import type { History } from './history';
import { afterLastReply } from './loop-helpers';
import type { TokenEstimator } from './tokens';

export interface StepTiming {
  /** From the request to its last token, ms. */
  elapsedMs: number;
  /** From the request to the first text, ms (undefined when no text came). */
  firstTextMs?: number;
}

export interface MeasuredUsage {
  usage: Usage;
  /** The token counts are the agent's estimate, not the engine's. */
  estimated: boolean;
}

const perSec = (tokens: number, ms: number) =>
  ms > 0 && tokens > 0 ? tokens / (ms / 1000) : undefined;

export function measureUsage(
  engineUsage: Usage | undefined,
  reply: string,
  promptEstimate: number,
  estimator: TokenEstimator,
  timing: StepTiming,
): MeasuredUsage {
  const estimated = engineUsage === undefined;
  const usage: Usage = engineUsage
    ? { ...engineUsage }
    : {
        promptTokens: promptEstimate,
        completionTokens: reply === '' ? 0 : Math.ceil(reply.length / estimator.charsPerToken),
      };
  const first = timing.firstTextMs;
  if (first !== undefined) {
    usage.prefillTokensPerSec ??= perSec(usage.promptTokens, first);
    usage.decodeTokensPerSec ??= perSec(usage.completionTokens, timing.elapsedMs - first);
  }
  if (usage.prefillTokensPerSec === undefined) delete usage.prefillTokensPerSec;
  if (usage.decodeTokensPerSec === undefined) delete usage.decodeTokensPerSec;
  return { usage, estimated };
}

/**
 * The usage event of a step: the engine's counts or the estimate (the prompt part counted from
 * the messages after the last reply when the engine reused its cache).
 */
export function usageEvent(
  history: History,
  estimator: TokenEstimator,
  result: ChatResult,
  requestLength: number,
  reused: boolean,
  timing: StepTiming & { contextWindow: number },
): AgentEvent {
  const fresh = reused ? afterLastReply(history.entries, requestLength) : 0;
  const promptEstimate = history.total(fresh, requestLength);
  const m = measureUsage(result.usage, result.content, promptEstimate, estimator, timing);
  return {
    type: 'usage',
    usage: m.usage,
    ...(m.estimated ? { estimated: true } : {}),
    contextTokens: history.total(),
    contextWindow: timing.contextWindow,
    elapsedMs: timing.elapsedMs,
  };
}
