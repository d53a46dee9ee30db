// Checks a conversation handed to `load` (e.g. from storage) before anything is replaced.
import type { ChatMessage } from '../engine/engines/types';

const ROLES = new Set(['system', 'user', 'assistant']);

export function validateMessages(messages: unknown): asserts messages is ChatMessage[] {
  if (!Array.isArray(messages)) throw new Error('A conversation must be a list of messages.');
  messages.forEach((m: unknown, i) => {
    const where = `Message ${i + 1}`;
    if (typeof m !== 'object' || m === null) throw new Error(`${where} is not an object.`);
    const { role, content } = m as { role?: unknown; content?: unknown };
    if (typeof role !== 'string' || !ROLES.has(role))
      throw new Error(
        `${where} has an unknown role "${String(role)}" (system, user or assistant).`,
      );
    if (typeof content !== 'string') throw new Error(`${where} has no text content.`);
    if (role === 'system' && i !== 0)
      throw new Error(`${where}: a system message must come first.`);
  });
}
