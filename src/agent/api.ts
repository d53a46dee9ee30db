// The agent loop's public contract, used by the UI and the widget.
// Implementation: src/agent/agent.ts (class CodeActAgent implements Agent).
import type { ChatMessage, LLMEngine } from '../engine/engines/types';
import type { ReasoningFormat } from '../engine/catalog/families';
import type { PromptDialect } from '../engine/catalog/types';
import type { CodeRunner, PythonTool, RunResult } from '../runtime/types';
import type { AgentEventListener } from './events';

/** Prompt dialect: CodeActAgent's own (ChatML, trained format) or generic instruct models. */
export type { PromptDialect };

export interface AgentConfig {
  engine: LLMEngine;
  runner: CodeRunner;
  dialect: PromptDialect;
  /** Code executions per user message (default 5). */
  maxSteps?: number;
  /** Per-run time limit in ms (default 60 000). */
  timeoutMs?: number;
  temperature?: number;
  /** Max tokens per reply (default 1024). */
  maxTokens?: number;
  tools?: PythonTool[];
  /**
   * The packages the prompt names as importable; default: ask the runner. `[]` says that only
   * the standard library is there (standard-library-only evaluations).
   */
  packages?: readonly string[];
  /** Whether Python may use the network (changes the system prompt: `!pip` or not). */
  online?: boolean;
  /**
   * End-of-turn strings of the model's chat template, sent as stop strings next to
   * `</execute>` (default: `<|im_end|>` for the codeact dialect, none for generic).
   */
  endTokens?: string[];
  /**
   * The model's reasoning format (from the catalog: `dialectFor(model).reasoning`). Reasoning
   * blocks are then never parsed for actions, and dropped from the history as it says.
   */
  reasoning?: ReasoningFormat;
  /** Token budget of the reasoning per reply, on top of `maxTokens` (default 1536). */
  thinkingTokens?: number;
  /**
   * What is in /workspace, written within about `budgetTokens` tokens (names, sizes, columns).
   * Sent with a user message whenever it changed since the model last saw it.
   */
  workspaceSummary?: (budgetTokens: number) => Promise<string>;
  /**
   * Send a first answer given with no code back once, asking for it to be computed, when the
   * question has a number in it or there are tools (compute-check.ts). Default off; the app
   * turns it on for every engine but replays, which replay exactly.
   */
  computeCheck?: boolean;
}

export interface SendOptions {
  signal?: AbortSignal;
  /** The conversation's thinking switch (models with one): false asks for no reasoning. */
  thinking?: boolean;
  onEvent?: AgentEventListener;
}

export interface Agent {
  /** Exactly the messages the next request will start from (system prompt first). */
  readonly messages: readonly ChatMessage[];
  /** Run one user message through the loop until a final answer, the budget, or abort. */
  send(text: string, opts?: SendOptions): Promise<void>;
  /**
   * The user edited a code cell and ran it by hand: the result becomes the observation
   * the model sees at the start of the next turn.
   */
  recordManualRun(code: string, result: RunResult): void;
  /** Drop the last assistant reply (and what followed it) and generate it again. */
  regenerate(opts?: SendOptions): Promise<void>;
  /** Restore a conversation (e.g. from storage). */
  load(messages: ChatMessage[]): void;
}
