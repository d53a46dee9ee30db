// What a conversation looks like at rest (IndexedDB, JSON export). Pure data: the UI state
// classes turn agent events into these records and back.
import type { ChatMessage } from '../engine';
import type { RunError, RunOutput } from '../runtime/types';

export type CellStatus = 'queued' | 'running' | 'done' | 'error' | 'interrupted';

export interface MessageItem {
  kind: 'message';
  id: string;
  role: 'user' | 'assistant' | 'notice';
  /** Markdown for assistant messages, plain text for user messages and notices. */
  text: string;
  /** `<thought>` reasoning, shown collapsed. */
  thought?: string;
  /** The reasoning block (`<think>…</think>`), shown collapsed; never parsed for actions. */
  reasoning?: string;
  /** The reasoning is still being written (or never closed). */
  reasoningOpen?: boolean;
  /** Still streaming: never persisted in this state (see completedSnapshot). */
  streaming?: boolean;
  /** The final answer of a user message. */
  final?: boolean;
}

export interface CellItem {
  kind: 'cell';
  id: string;
  code: string;
  status: CellStatus;
  outputs: RunOutput[];
  error: RunError | null;
  durationMs?: number;
  startedAt?: number;
  /** Edited and run by hand rather than written by the model. */
  manual?: boolean;
  /** Set when Python was restarted during the run (variables lost). */
  notice?: string;
}

export type ConversationItem = MessageItem | CellItem;

export interface ConversationRecord {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  items: ConversationItem[];
  /** The agent's history (system prompt first): what the next request starts from. */
  history: ChatMessage[];
  /** Exactly the messages sent to the model on the last request. */
  lastRequest: ChatMessage[];
  /** Engine label at the time (e.g. "Replay: …"), for exports. */
  engineLabel?: string;
  /** The conversation's thinking switch (reasoning models); absent means on. */
  thinking?: boolean;
}

export type ThemeSetting = 'system' | 'light' | 'dark';

export interface Settings {
  modelId: string;
  temperature: number;
  /** Code executions per user message. */
  maxSteps: number;
  /** Longest reply the model may write, in tokens. */
  maxReplyTokens: number;
  /** Time limit per run, in seconds. */
  timeoutSec: number;
  allowNetwork: boolean;
  /** Load numpy and pandas in the background once Python is idle, when their wheels are local. */
  preloadPackages: boolean;
  theme: ThemeSetting;
}

export const DEFAULT_SETTINGS: Settings = {
  modelId: '',
  temperature: 0.2,
  maxSteps: 5,
  maxReplyTokens: 1024,
  timeoutSec: 60,
  allowNetwork: false,
  preloadPackages: true,
  theme: 'system',
};
