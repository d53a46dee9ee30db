// The note about the user's files that goes in front of a user message. It is sent only when
// the listing differs from the last one still in the history (files changed, or compaction
// dropped the message that carried it), so unchanged files cost no tokens.
import type { ChatMessage } from '../../engine/engines/types';

export const FILES_OPEN = '<workspace_files>';
export const FILES_CLOSE = '</workspace_files>';
const INTRO = 'Files in /workspace (the current directory) when this message was sent:';
const EMPTY = '(none: /workspace is empty now)';

/** The listing inside the newest note in `history`, or undefined when none is left. */
export function lastListing(history: readonly ChatMessage[]): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i]!;
    if (m.role !== 'user') continue;
    const start = m.content.lastIndexOf(FILES_OPEN);
    const end = m.content.indexOf(FILES_CLOSE, start);
    if (start !== -1 && end !== -1) return m.content.slice(start + FILES_OPEN.length, end).trim();
  }
  return undefined;
}

/**
 * The note to put before the user's text ('' when the model already knows the files).
 * `listing` is '' for an empty /workspace, which is worth saying only if files were listed before.
 */
export function workspaceNote(history: readonly ChatMessage[], listing: string): string {
  const previous = lastListing(history);
  const body = listing.trim() || (previous !== undefined ? EMPTY : '');
  if (!body || body === previous) return '';
  return `${INTRO}\n${FILES_OPEN}\n${body}\n${FILES_CLOSE}\n\n`;
}

/** Most of the window a listing of /workspace may take, in tokens. */
const MAX_LISTING_TOKENS = 600;

/** The /workspace listing for the next user message ('' when unavailable). */
export async function workspaceListing(
  summarize: ((budgetTokens: number) => Promise<string>) | undefined,
  contextWindow: number,
): Promise<string> {
  if (!summarize) return '';
  const budget = Math.min(MAX_LISTING_TOKENS, Math.floor(contextWindow / 10));
  try {
    return (await summarize(budget)).trim();
  } catch {
    return ''; // the files are a help, never a reason to fail the message
  }
}
