// The conversation as the agent keeps it: one entry per message with what it is (so the
// oldest observations can be compacted first) and its token count (real when known).
import type { ChatMessage, Role } from '../engine/engines/types';
import { OBSERVATION_PREFIX } from './model-texts';
import { stripReasoning, type ReasoningTags } from './reasoning';
import type { TokenEstimator } from './tokens';
import { FILES_CLOSE } from './workspace/listing-note';

export type EntryKind = 'system' | 'user' | 'reply' | 'observation' | 'note';

export interface Entry {
  role: Role;
  content: string;
  kind: EntryKind;
  /** Real token count (from engine usage), when known. */
  tokens?: number;
}

const ROLE_OF: Record<EntryKind, Role> = {
  system: 'system',
  user: 'user',
  observation: 'user',
  reply: 'assistant',
  note: 'assistant',
};

export class History {
  entries: Entry[] = [];
  constructor(private readonly estimator: TokenEstimator) {}

  get messages(): ChatMessage[] {
    return this.entries.map(({ role, content }) => ({ role, content }));
  }

  get last(): Entry | undefined {
    return this.entries[this.entries.length - 1];
  }

  /** The newest user message as the user wrote it (without the /workspace listing before it). */
  lastQuestion(): string {
    const entry = this.entries.findLast((e) => e.kind === 'user');
    if (!entry) return '';
    const cut = entry.content.lastIndexOf(FILES_CLOSE);
    return (cut < 0 ? entry.content : entry.content.slice(cut + FILES_CLOSE.length)).trim();
  }

  tokensOf(entry: Entry): number {
    return entry.tokens ?? this.estimator.estimate(entry.content);
  }

  total(from = 0, to = this.entries.length): number {
    let sum = 0;
    for (const e of this.entries.slice(from, to)) sum += this.tokensOf(e);
    return sum;
  }

  append(kind: EntryKind, content: string, tokens?: number): Entry {
    const entry: Entry = { role: ROLE_OF[kind], content, kind, tokens };
    this.entries.push(entry);
    return entry;
  }

  /**
   * Add a user-role message. When the history already ends with one (an observation left
   * by a stop, a manual run, a failed request), merge into it so roles keep alternating;
   * that message was never answered, so no cached engine state depends on it.
   */
  appendUserSide(kind: 'user' | 'observation', content: string): void {
    const last = this.last;
    if (last && last.role === 'user') {
      last.content = `${last.content}\n\n${content}`;
      last.tokens = undefined;
      if (kind === 'user') last.kind = 'user';
      return;
    }
    this.append(kind, content);
  }

  /**
   * Remove reasoning blocks from every reply (the chat template would not render them again).
   * Changes the history, so the engine re-prefills once; returns whether anything changed.
   */
  dropReasoning(tags: ReasoningTags): boolean {
    let changed = false;
    for (const e of this.entries) {
      if (e.kind !== 'reply') continue;
      const stripped = stripReasoning(e.content, tags);
      if (stripped === e.content) continue;
      e.content = stripped;
      e.tokens = undefined;
      changed = true;
    }
    return changed;
  }

  /**
   * Share `tokens` (what the engine prefilled for entries[from..to)) among those entries
   * whose count is unknown, in proportion to their estimates.
   */
  attribute(from: number, to: number, tokens: number): void {
    const range = this.entries.slice(from, to);
    const unknown = range.filter((e) => e.tokens === undefined);
    const known = range.reduce((s, e) => s + (e.tokens ?? 0), 0);
    const left = tokens - known;
    const estimated = unknown.reduce((s, e) => s + this.estimator.estimate(e.content), 0);
    if (left <= 0 || estimated === 0) return;
    for (const e of unknown) {
      e.tokens = Math.max(1, Math.round((left * this.estimator.estimate(e.content)) / estimated));
    }
  }
}

/** Kind of a loaded message, from its role and the agent's own observation formats. */
export function kindOf(message: ChatMessage): EntryKind {
  if (message.role === 'system') return 'system';
  if (message.role === 'assistant') return 'reply';
  return message.content.startsWith(OBSERVATION_PREFIX) ? 'observation' : 'user';
}
