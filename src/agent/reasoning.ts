// Reasoning blocks (`<think>…</think>` and the like) in a reply: found, kept apart from the
// answer (never parsed for actions or answers), and removed from replies sent back later.
import type { ReasoningFormat } from '../engine/catalog/families';

/** The tags only: all the parser needs to know about a model's reasoning. */
export type ReasoningTags = Pick<ReasoningFormat, 'open' | 'close'>;

export interface ReasoningSplit {
  /** Text inside the reasoning block, trimmed ('' when there is none). */
  reasoning: string;
  /** The reply opened (or its prompt opened) a reasoning block. */
  present: boolean;
  /** The block is still open at the end of the text (streaming, or malformed). */
  unclosed: boolean;
  /** Index where the answer starts: the text after the block; what actions are parsed from. */
  answerStart: number;
}

const NONE: ReasoningSplit = { reasoning: '', present: false, unclosed: false, answerStart: 0 };

/**
 * The first reasoning block of a reply. It opens with `open` (models write it first; any text
 * before it counts as reasoning too, so nothing ahead of the block is run), or, when the chat
 * template opened it in the prompt, the reply starts inside it and only `close` appears.
 */
export function splitReasoning(text: string, tags: ReasoningTags | undefined): ReasoningSplit {
  if (!tags) return NONE;
  const openAt = text.indexOf(tags.open);
  const from = openAt === -1 ? 0 : openAt + tags.open.length;
  const close = text.indexOf(tags.close, from);
  if (openAt === -1 && close === -1) return NONE;
  const before = openAt > 0 ? text.slice(0, openAt).trim() : '';
  const inner = text.slice(from, close === -1 ? text.length : close).trim();
  const reasoning = before && inner ? `${before}\n${inner}` : before || inner;
  if (close === -1) return { reasoning, present: true, unclosed: true, answerStart: text.length };
  return { reasoning, present: true, unclosed: false, answerStart: close + tags.close.length };
}

/** A partial opener at the very end of a stream (`<thi`) may still become a block. */
export function mayOpenReasoning(text: string, tags: ReasoningTags): boolean {
  const t = text.trimStart();
  return t.length > 0 && t.length < tags.open.length && tags.open.startsWith(t);
}

/**
 * The reply without its reasoning block, as a chat template that drops old reasoning renders
 * it (`content.split(close)[-1].lstrip('\n')` in Qwen's). Unchanged when there is none.
 */
export function stripReasoning(text: string, tags: ReasoningTags | undefined): string {
  const split = splitReasoning(text, tags);
  if (!split.present || split.unclosed) return text;
  return text.slice(split.answerStart).replace(/^\n+/, '');
}

/**
 * Index of the first stop string that ends the reply, with action stops counted only in the
 * answer (a `</execute>` written while reasoning is not an action); -1 when there is none.
 */
export function findStopOutsideReasoning(
  text: string,
  tags: ReasoningTags | undefined,
  stops: { end: readonly string[]; action: readonly string[] },
): number {
  const split = splitReasoning(text, tags);
  const answerFrom = split.unclosed ? -1 : split.answerStart;
  let at = -1;
  const take = (i: number) => {
    if (i >= 0 && (at < 0 || i < at)) at = i;
  };
  for (const s of stops.end) if (s) take(text.indexOf(s));
  if (answerFrom >= 0) for (const s of stops.action) if (s) take(text.indexOf(s, answerFrom));
  return at;
}
