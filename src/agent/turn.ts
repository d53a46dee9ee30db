// One model turn with reasoning handled: up to three requests for the same reply.
//
// 1. Action stops (`</execute>`) are sent, so a normal reply ends exactly there and WebLLM can
//    reuse its KV cache next time. The reasoning has a budget of its own: past it the request
//    is ended by the agent.
// 2. WebLLM searches the whole output for stop strings, reasoning included. When a reply ends
//    while its reasoning is still open (the model wrote `</execute>` while thinking), the turn
//    is generated again without action stops, and the agent cuts the reply itself at the first
//    `</execute>` after the reasoning (no KV reuse for that step).
// 3. When the reasoning outgrows its budget and the model has a thinking switch, the turn is
//    generated again with thinking off; without a switch the reply counts as cut at its limit.
import type { ChatMessage, LLMEngine } from '../engine/engines/types';
import type { ReasoningFormat } from '../engine/catalog/families';
import { generate, type GenerateOutcome } from './generate';
import { findStopOutsideReasoning, splitReasoning } from './reasoning';
import type { TokenEstimator } from './tokens';

export type RetryReason = 'stop-in-reasoning' | 'thinking-budget';

export interface TurnRequest {
  engine: LLMEngine;
  messages: ChatMessage[];
  temperature?: number;
  /** A retry after a repetition: no truncation before the temperature (ChatRequestOptions.topP). */
  openSampling?: boolean;
  signal?: AbortSignal;
  stops: { action: string[]; end: string[] };
  reasoning?: ReasoningFormat;
  /** The user's thinking switch (undefined: the model's default). */
  thinking?: boolean;
  replyTokens: number;
  thinkingTokens: number;
  estimator: TokenEstimator;
  onDelta: (delta: string) => void;
  /** The reply streamed so far is discarded and generated again. */
  onRetry: (reason: RetryReason, keptReasoning?: string) => void;
}

export type TurnOutcome = GenerateOutcome & {
  /** The first request was not the one that produced the reply. */
  retried: boolean;
  /** The engine holds exactly this reply (finished on its own, not cut by the agent). */
  engineKeepsReply: boolean;
};

/** Whether the model will reason in this turn (thinking on, or a model that always does). */
export function thinkingActive(
  reasoning: ReasoningFormat | undefined,
  thinking?: boolean,
): boolean {
  if (!reasoning) return false;
  return reasoning.switch === 'enable_thinking' ? (thinking ?? true) : reasoning.defaultOn;
}

export async function runTurn(t: TurnRequest): Promise<TurnOutcome> {
  const tags = t.reasoning;
  const switchable = tags?.switch === 'enable_thinking';
  let thinking = thinkingActive(tags, t.thinking);
  let actionStops = true;
  let retried = false;
  for (;;) {
    let cut: 'budget' | 'action' | undefined;
    const budget = thinking ? t.thinkingTokens : 0;
    const withActionStops = actionStops;
    const outcome = await generate({
      engine: t.engine,
      messages: t.messages,
      stop: withActionStops ? [...t.stops.action, ...t.stops.end] : [...t.stops.end],
      actionStops: t.stops.action,
      reasoning: tags,
      temperature: t.temperature,
      ...(t.openSampling ? { openSampling: true } : {}),
      maxTokens: t.replyTokens + budget,
      signal: t.signal,
      onDelta: t.onDelta,
      ...(switchable ? { enableThinking: thinking } : {}),
      shouldEnd: (text, guard) => {
        const split = splitReasoning(text, tags);
        if (split.unclosed && budget > 0 && t.estimator.estimate(split.reasoning) > budget) {
          cut = 'budget';
          return true;
        }
        if (!withActionStops && guard.stopFound) cut = 'action';
        return cut === 'action';
      },
    });
    if (!outcome.ok || t.signal?.aborted) return { ...outcome, retried, engineKeepsReply: false };
    const { result } = outcome;
    const done = (content = result.content, finishReason = result.finishReason): TurnOutcome => ({
      ok: true,
      result: { ...result, content, finishReason },
      endedByAgent: outcome.endedByAgent,
      retried,
      engineKeepsReply:
        !outcome.endedByAgent && content === result.content && result.finishReason === 'stop',
    });

    if (cut === 'budget') {
      if (switchable && thinking) {
        const kept = splitReasoning(result.content, tags).reasoning;
        t.onRetry('thinking-budget', kept);
        thinking = false;
        retried = true;
        continue;
      }
      // No switch: the reply is cut where its reasoning ran out (parsed as unclosed).
      return done(result.content, 'length');
    }
    if (!withActionStops) {
      // The agent is the action stop now: cut at the first one after the reasoning.
      const at = findStopOutsideReasoning(result.content, tags, {
        end: [],
        action: t.stops.action,
      });
      return at === -1 ? done() : done(result.content.slice(0, at), 'stop');
    }
    if (result.finishReason === 'stop' && splitReasoning(result.content, tags).unclosed) {
      t.onRetry('stop-in-reasoning');
      actionStops = false;
      retried = true;
      continue;
    }
    return done();
  }
}
