// JSON export: the exact messages sent to the model on the last request plus every cell with
// its outputs, and the whole conversation so it can be imported again.
import type { ChatMessage } from '../../engine';
import type { ConversationItem, ConversationRecord } from '../types';

export const EXPORT_FORMAT = 'codeact-export/1';

export interface JsonExport {
  format: typeof EXPORT_FORMAT;
  title: string;
  exportedAt: string;
  engine: string | null;
  /** Exactly what the model received on the last request. */
  messages: ChatMessage[];
  cells: Extract<ConversationItem, { kind: 'cell' }>[];
  conversation: { items: ConversationItem[]; history: ChatMessage[] };
}

export function toJsonExport(conv: ConversationRecord): JsonExport {
  return {
    format: EXPORT_FORMAT,
    title: conv.title,
    exportedAt: new Date().toISOString(),
    engine: conv.engineLabel ?? null,
    messages: conv.lastRequest,
    cells: conv.items.filter((i) => i.kind === 'cell'),
    conversation: { items: conv.items, history: conv.history },
  };
}

export class ImportError extends Error {
  override name = 'ImportError';
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function checkMessages(v: unknown, where: string): ChatMessage[] {
  if (!Array.isArray(v)) throw new ImportError(`${where} is not a list of messages.`);
  return v.map((m, i) => {
    if (!isObj(m) || !['system', 'user', 'assistant'].includes(String(m.role)))
      throw new ImportError(`${where}[${i}] has no valid role.`);
    if (typeof m.content !== 'string') throw new ImportError(`${where}[${i}] has no text.`);
    return { role: m.role as ChatMessage['role'], content: m.content };
  });
}

function checkItems(v: unknown): ConversationItem[] {
  if (!Array.isArray(v)) throw new ImportError('conversation.items is not a list.');
  return v.map((it, i) => {
    if (!isObj(it) || typeof it.id !== 'string') throw new ImportError(`Item ${i} has no id.`);
    if (it.kind === 'message' && typeof it.text === 'string') {
      if (!['user', 'assistant', 'notice'].includes(String(it.role)))
        throw new ImportError(`Message ${i} has an unknown role.`);
      return { ...(it as unknown as ConversationItem), streaming: false } as ConversationItem;
    }
    if (it.kind === 'cell' && typeof it.code === 'string' && Array.isArray(it.outputs)) {
      const cell = it as unknown as Extract<ConversationItem, { kind: 'cell' }>;
      const status =
        cell.status === 'running' || cell.status === 'queued' ? 'interrupted' : cell.status;
      return { ...cell, status, error: cell.error ?? null };
    }
    throw new ImportError(`Item ${i} is neither a message nor a code cell.`);
  });
}

/** Parse a JSON export back into a new conversation; throws ImportError saying what is wrong. */
export function fromJsonExport(text: string, newId: string): ConversationRecord {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ImportError('The file is not valid JSON.');
  }
  if (!isObj(data) || data.format !== EXPORT_FORMAT)
    throw new ImportError(`Not a CodeAct JSON export (expected format "${EXPORT_FORMAT}").`);
  const conv = data.conversation;
  if (!isObj(conv)) throw new ImportError('The export has no conversation.');
  const now = Date.now();
  return {
    id: newId,
    title: typeof data.title === 'string' && data.title ? data.title : 'Imported conversation',
    createdAt: now,
    updatedAt: now,
    items: checkItems(conv.items),
    history: checkMessages(conv.history, 'conversation.history'),
    lastRequest: checkMessages(data.messages, 'messages'),
    engineLabel: typeof data.engine === 'string' ? data.engine : undefined,
  };
}
