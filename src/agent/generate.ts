// One model request: streams safe deltas, passes the user's stop to the engine as its signal,
// and always settles with the engine's own final text (never the joined deltas).
import type { ChatMessage, ChatResult, LLMEngine } from '../engine/engines/types';
import type { ReasoningTags } from './reasoning';
import { StopStringGuard } from './stream-guard';

export interface GenerateRequest {
  engine: LLMEngine;
  messages: ChatMessage[];
  /** Stop strings sent to the engine. */
  stop: string[];
  temperature?: number;
  /** Set on a retry after a repetition (see ChatRequestOptions.topP). */
  openSampling?: boolean;
  maxTokens: number;
  signal?: AbortSignal;
  onDelta: (delta: string) => void;
  /** Sent as `extra_body.enable_thinking` (only for models with that switch). */
  enableThinking?: boolean;
  /** For the display: action stops that count only after the reasoning block. */
  actionStops?: string[];
  reasoning?: ReasoningTags;
  /**
   * Called with the text so far after each delta; returning true ends the request (the agent's
   * own stop, e.g. a reasoning budget), which the engine reports as an abort.
   */
  shouldEnd?: (text: string, guard: StopStringGuard) => boolean;
}

export type GenerateOutcome =
  | { ok: true; result: ChatResult; endedByAgent: boolean }
  | { ok: false; error: unknown; partial: string };

export async function generate(req: GenerateRequest): Promise<GenerateOutcome> {
  const displayStops = req.stop.filter((s) => !req.actionStops?.includes(s));
  const guard = new StopStringGuard(displayStops, {
    action: req.actionStops,
    reasoning: req.reasoning,
  });
  // The engine sees one signal: the user's stop or the agent's own.
  const own = new AbortController();
  const onUserAbort = () => own.abort();
  if (req.signal?.aborted) own.abort();
  req.signal?.addEventListener('abort', onUserAbort, { once: true });
  let text = '';
  let endedByAgent = false;
  try {
    const stream = req.engine.chat(req.messages, {
      stop: req.stop,
      temperature: req.temperature,
      ...(req.openSampling ? { topP: 1, minP: 0 } : {}),
      maxTokens: req.maxTokens,
      signal: own.signal,
      ...(req.enableThinking !== undefined ? { enableThinking: req.enableThinking } : {}),
      ...(req.reasoning
        ? { reasoningTags: { open: req.reasoning.open, close: req.reasoning.close } }
        : {}),
    });
    // Keep consuming after an abort: the engine ends the stream itself, and WebLLM
    // releases its lock only once the iterator is done.
    for await (const delta of stream) {
      text += delta;
      const safe = guard.push(delta);
      if (safe) req.onDelta(safe);
      if (!own.signal.aborted && req.shouldEnd?.(text, guard)) {
        endedByAgent = true;
        own.abort();
      }
    }
    const result = await stream.result;
    const tail = guard.finish(result.content);
    if (tail) req.onDelta(tail);
    return { ok: true, result, endedByAgent };
  } catch (error) {
    if (own.signal.aborted) {
      // An engine that rejects on abort instead of finishing with `abort`: keep what was shown.
      return {
        ok: true,
        result: { content: endedByAgent ? text : guard.emitted, finishReason: 'abort' },
        endedByAgent,
      };
    }
    return { ok: false, error, partial: guard.emitted };
  } finally {
    req.signal?.removeEventListener('abort', onUserAbort);
  }
}

/** Worker errors arrive as strings ("Name: message"); everything else as Error. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : String(error);
}

export function isContextWindowError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return /ContextWindowSizeExceeded|context window|exceed(s|ed)? .*context/i.test(text);
}
