// Small pieces of the agent loop that hold no state.
import type { SendOptions } from './api';
import type { AgentEvent } from './events';
import type { History } from './history';
import { STOPPED_MARK } from './model-texts';
import { EXECUTE_CLOSE, type ParsedReply } from './parser';
import { StuckDetector } from './stuck';

export type Emit = (event: AgentEvent) => void;

/** A reply cut by the user, as stored: marked, with any open code block closed (it never ran). */
export function stoppedReplyText(parsed: Pick<ParsedReply, 'stored' | 'openAction'>): string {
  const content = parsed.openAction ? `${parsed.stored}\n${EXECUTE_CLOSE}` : parsed.stored;
  return content.trim() === '' ? STOPPED_MARK : `${content}\n\n${STOPPED_MARK}`;
}

export function stoppedByUser(): AgentEvent {
  return { type: 'stopped', reason: 'user', message: 'Stopped by the user.' };
}

/** A listener that throws must not break the loop. */
export function listener(opts: SendOptions): Emit {
  return (event) => {
    try {
      opts.onEvent?.(event);
    } catch (error) {
      console.error('Agent event listener failed:', error);
    }
  };
}

export function positiveInt(
  value: number | undefined,
  fallback: number,
  name: string,
  min: number,
) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number of at least ${min} (got ${value}).`);
  return value;
}

/** Index after the last assistant message (where an engine's cached prefix ends), else 0. */
export function afterLastReply(messages: readonly { role: string }[], end: number): number {
  for (let i = end - 1; i >= 0; i--) if (messages[i]?.role === 'assistant') return i + 1;
  return 0;
}

/** For the person (never the model): the message is too long for the model's context window. */
export function doesNotFit(needed: number, window: number, advice?: string): string {
  return `This message does not fit the model's context window (about ${needed} tokens with the conversation; the model holds ${window}). Shorten it, or put long text in a file in /workspace and ask about the file.${advice ? ` To give the model more context: ${advice}.` : ''}`;
}

/** What one user message's loop carries from turn to turn. */
export interface LoopState {
  opts: SendOptions;
  emit: Emit;
  executions: number;
  stuck: StuckDetector; // repetitions within this message
  /** The next turn is a retry after a repetition: sampled hotter, once. */
  retry: boolean;
  /** The compute check sent an answer back in this message (compute-check.ts). */
  computeChecked: boolean;
  /** Entries before this send, restored if its own message cannot fit at all. */
  before?: History['entries'];
}

export function freshLoop(): Pick<LoopState, 'executions' | 'stuck' | 'retry' | 'computeChecked'> {
  return { executions: 0, stuck: new StuckDetector(), retry: false, computeChecked: false };
}
