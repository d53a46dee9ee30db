// Keeps a request inside the context window. Order of sacrifice: the oldest observations
// are shortened first, then the oldest exchanges are dropped, then the oldest steps of the
// current message. The system prompt and the newest user message are never touched.
// Any change here costs one full re-prefill (the engine's KV cache no longer matches),
// which is accepted: the alternative is a context-window error.
import type { History } from './history';
import { OBSERVATION_PREFIX } from './model-texts';

const KEEP_EACH_END = 150;
export const COMPACTED_MARKER = '\n... [output removed to fit the context window] ...\n';

function shorten(content: string): string | undefined {
  const body = content.startsWith(OBSERVATION_PREFIX)
    ? content.slice(OBSERVATION_PREFIX.length)
    : content;
  if (body.length <= 2 * KEEP_EACH_END + COMPACTED_MARKER.length || body.includes(COMPACTED_MARKER))
    return undefined;
  const head = body.slice(0, KEEP_EACH_END);
  const tail = body.slice(body.length - KEEP_EACH_END);
  return OBSERVATION_PREFIX + head + COMPACTED_MARKER + tail;
}

function newestUserIndex(history: History): number {
  for (let i = history.entries.length - 1; i >= 0; i--) {
    if (history.entries[i]?.kind === 'user') return i;
  }
  return -1;
}

/**
 * Drop the exchange that starts at `start` (that message and the replies up to the next
 * user-role message), without crossing `end`. Returns false when nothing could be dropped.
 */
function dropUnit(history: History, start: number, end: number): boolean {
  if (start >= end) return false;
  let stop = start + 1;
  while (stop < end && history.entries[stop]?.role !== 'user') stop++;
  history.entries.splice(start, stop - start);
  return true;
}

/** Compact until the history fits `limit` tokens; false when even that is not enough. */
export function compactToFit(history: History, limit: number): boolean {
  if (history.total() <= limit) return true;
  const entries = history.entries;
  const lastIndex = entries.length - 1;
  for (let i = 0; i < lastIndex && history.total() > limit; i++) {
    const e = entries[i];
    if (e?.kind !== 'observation') continue;
    const short = shorten(e.content);
    if (short === undefined) continue;
    e.content = short;
    e.tokens = undefined;
  }
  const first = entries[0]?.kind === 'system' ? 1 : 0;
  // Older exchanges, before the newest user message.
  while (history.total() > limit && dropUnit(history, first, newestUserIndex(history))) {
    /* dropped one exchange */
  }
  // Earlier steps (reply + observation) of the current message; keep its last step.
  while (history.total() > limit) {
    const start = newestUserIndex(history) + 1;
    if (start + 2 > history.entries.length - 2) break;
    history.entries.splice(start, 2);
  }
  return history.total() <= limit;
}
