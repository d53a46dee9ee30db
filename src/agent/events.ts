// Events the agent loop emits; the UI renders them. Pure data, no DOM.
import type { RunOutput, RunResult } from '../runtime/types';
import type { Usage } from '../engine/engines/types';
import type { RetryReason } from './turn';

export type AgentEvent =
  /** `temperature` is set when this turn is sampled hotter than configured (a retry). */
  | { type: 'turn-start'; turn: number; temperature?: number }
  | { type: 'text-delta'; turn: number; delta: string }
  /**
   * The reply streamed so far is discarded and generated again (a stop met inside the
   * reasoning, or the reasoning outgrew its budget: then `keptReasoning` is what it had said).
   */
  | { type: 'retry'; turn: number; reason: RetryReason; keptReasoning?: string }
  /** A reply was complete; `content` is what is stored in the history. */
  | { type: 'reply'; turn: number; content: string; finishReason: string }
  | { type: 'thought'; turn: number; text: string }
  | { type: 'action'; turn: number; actionId: string; code: string }
  | { type: 'run-start'; actionId: string }
  | { type: 'output'; actionId: string; output: RunOutput }
  | { type: 'run-end'; actionId: string; result: RunResult }
  /** The text the model will see for the last action(s). */
  | { type: 'observation'; turn: number; text: string }
  | { type: 'final'; turn: number; content: string; solution?: string }
  /** For the person, next to the cell of `actionId` (never in the model's context). */
  | { type: 'notice'; actionId: string; text: string }
  /** For the person, in the conversation: the agent sent the model's answer back (compute-check.ts). */
  | { type: 'checked'; turn: number; text: string }
  /** `stuck`: the model repeated an action (or reply) that had ended the same way twice. */
  | { type: 'stopped'; reason: 'user' | 'budget' | 'stuck'; message: string }
  | { type: 'error'; message: string }
  | {
      type: 'usage';
      usage: Usage;
      /** The token counts are the agent's estimate (the engine sent none). */
      estimated?: boolean;
      contextTokens: number;
      contextWindow: number;
      /** Wall time of the model request(s) for this step, ms. */
      elapsedMs: number;
    };

export type AgentEventListener = (event: AgentEvent) => void;
