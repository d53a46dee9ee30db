// One model request: streams safe deltas, turns a user stop into an engine interrupt,
// and always settles with the engine's own final text (never the joined deltas).
import type { ChatMessage, ChatResult, LLMEngine } from '../engine/types';
import { StopStringGuard } from './stream-guard';

export interface GenerateRequest {
  engine: LLMEngine;
  messages: ChatMessage[];
  stop: string[];
  temperature?: number;
  maxTokens: number;
  signal?: AbortSignal;
  onDelta: (delta: string) => void;
}

export type GenerateOutcome =
  { ok: true; result: ChatResult } | { ok: false; error: unknown; partial: string };

export async function generate(req: GenerateRequest): Promise<GenerateOutcome> {
  const guard = new StopStringGuard(req.stop);
  const onAbort = () => req.engine.interrupt?.();
  req.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const stream = req.engine.chat(req.messages, {
      stop: req.stop,
      temperature: req.temperature,
      maxTokens: req.maxTokens,
      signal: req.signal,
    });
    // Keep consuming after an interrupt: the engine ends the stream itself, and WebLLM
    // releases its lock only once the iterator is done.
    for await (const delta of stream) {
      const safe = guard.push(delta);
      if (safe) req.onDelta(safe);
    }
    const result = await stream.result;
    const tail = guard.finish(result.content);
    if (tail) req.onDelta(tail);
    return { ok: true, result };
  } catch (error) {
    if (req.signal?.aborted) {
      // An engine that rejects on abort instead of finishing with `abort`: keep what was shown.
      return { ok: true, result: { content: guard.emitted, finishReason: 'abort' } };
    }
    return { ok: false, error, partial: guard.emitted };
  } finally {
    req.signal?.removeEventListener('abort', onAbort);
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
