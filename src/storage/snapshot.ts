// A conversation is saved only at completed steps, so one cut by a reload (or a crash) comes
// back as it was after its last completed step: no half-streamed reply, no cell stuck "running".
import type { ConversationRecord, ConversationItem } from './types';

function isComplete(item: ConversationItem): boolean {
  if (item.kind === 'message') return !item.streaming;
  return item.status !== 'running' && item.status !== 'queued';
}

/** The conversation up to (not including) its first incomplete item; a deep copy. */
export function completedSnapshot(conv: ConversationRecord): ConversationRecord {
  const firstIncomplete = conv.items.findIndex((item) => !isComplete(item));
  const items = firstIncomplete === -1 ? conv.items : conv.items.slice(0, firstIncomplete);
  return structuredClone({ ...conv, items });
}
