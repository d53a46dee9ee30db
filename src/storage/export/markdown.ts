// Markdown export: messages as text, code cells as fenced Python with their outputs.
import type { CellItem, ConversationRecord, MessageItem } from '../types';

function fence(text: string, lang = ''): string {
  // A fence longer than any backtick run inside keeps the block intact.
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${text.replace(/\n$/, '')}\n${ticks}`;
}

function cellMarkdown(c: CellItem): string {
  const parts = [fence(c.code, 'python')];
  for (const out of c.outputs) {
    if (out.type === 'stream') parts.push(fence(out.text, out.name === 'stderr' ? 'stderr' : ''));
    else if (out.type === 'text' || out.type === 'html') parts.push(fence(out.text));
    else parts.push(`![figure](data:image/png;base64,${out.data})`);
  }
  if (c.error) parts.push(fence(c.error.traceback || `${c.error.ename}: ${c.error.evalue}`));
  return parts.join('\n\n');
}

export function toMarkdown(conv: ConversationRecord): string {
  const parts = [`# ${conv.title}`];
  for (const item of conv.items) {
    if (item.kind === 'cell') parts.push(cellMarkdown(item));
    else if (item.role === 'user') parts.push(`## User\n\n${item.text}`);
    else if (item.role === 'assistant')
      parts.push(`## Assistant\n\n${mismatchNote(item)}${item.text}`);
    else parts.push(`> ${item.text}`);
  }
  return parts.join('\n\n') + '\n';
}

/** A recorded answer that does not fit this run says so before its text (see MessageItem.mismatch). */
export const mismatchNote = (m: MessageItem): string =>
  m.mismatch ? `> **Recorded answer; it does not match this run:** ${m.mismatch}\n\n` : '';
