// One conversation as the UI sees it: messages and code cells, built from the agent's events.
import { appendOutput } from '../cells/outputs';
import { DEFAULT_THINKING } from '../../agent/agent-setup';
import type { AgentEvent } from '../../agent/events';
import type { ChatMessage } from '../../engine';
import type { RunOutput, RunResult } from '../../runtime/types';
import type {
  CellItem,
  ConversationItem,
  ConversationRecord,
  DemoInfo,
  MessageItem,
} from '../../storage/types';
import { splitReply } from '../markdown/reply-text';
import { newId } from './ids';

/** Events after which the conversation is at a completed step (and worth saving). */
const CHECKPOINTS = new Set<AgentEvent['type']>(['reply', 'run-end', 'final', 'stopped', 'error']);

export class ConversationState {
  readonly id: string;
  readonly createdAt: number;
  title = $state('New conversation');
  items = $state<ConversationItem[]>([]);
  history: ChatMessage[] = [];
  lastRequest: ChatMessage[] = [];
  engineLabel: string | undefined;
  /** The thinking switch for reasoning models (sent with every message of this conversation). */
  thinking = $state(DEFAULT_THINKING);
  /** Set for a scripted demo's conversation; `ended` once its script is over. */
  demo = $state<DemoInfo | undefined>();
  /** The reply being streamed, raw (tags included). */
  #raw = '';
  /** Reasoning of an attempt that was cut at its budget, shown before the new attempt's. */
  #keptReasoning = '';
  #streamingId: string | undefined;
  /** actionId (agent) → cell id (ours). */

  #cells = new Map<string, string>();

  constructor(id = newId('conv'), createdAt = Date.now()) {
    this.id = id;
    this.createdAt = createdAt;
  }

  static fromRecord(rec: ConversationRecord): ConversationState {
    const c = new ConversationState(rec.id, rec.createdAt);
    c.title = rec.title;
    c.items = rec.items;
    c.history = rec.history;
    c.lastRequest = rec.lastRequest;
    c.engineLabel = rec.engineLabel;
    c.thinking = rec.thinking ?? DEFAULT_THINKING;
    c.demo = rec.demo;
    return c;
  }

  toRecord(): ConversationRecord {
    return {
      id: this.id,
      title: this.title,
      createdAt: this.createdAt,
      updatedAt: Date.now(),
      items: $state.snapshot(this.items) as ConversationItem[],
      history: structuredClone(this.history),
      lastRequest: structuredClone(this.lastRequest),
      engineLabel: this.engineLabel,
      thinking: this.thinking,
      ...(this.demo ? { demo: { ...this.demo } } : {}),
    };
  }

  get isEmpty(): boolean {
    return this.items.length === 0;
  }

  addUserMessage(text: string): void {
    if (this.isEmpty || this.title === 'New conversation') this.title = titleFrom(text);
    this.items.push({ kind: 'message', id: newId('msg'), role: 'user', text });
  }

  addNotice(text: string): void {
    this.items.push({ kind: 'message', id: newId('note'), role: 'notice', text });
  }

  /** Live view of an item by id (the proxied one, so edits are reactive). */
  find<K extends ConversationItem['kind']>(
    id: string | undefined,
    kind: K,
  ): Extract<ConversationItem, { kind: K }> | undefined {
    const it = this.items.find((i) => i.id === id);
    return it?.kind === kind ? (it as Extract<ConversationItem, { kind: K }>) : undefined;
  }

  /** Applies one agent event; returns true when the conversation reached a completed step. */
  apply(ev: AgentEvent): boolean {
    switch (ev.type) {
      case 'turn-start':
        this.#startReply();
        break;
      case 'text-delta':
        if (!this.#streamingId) this.#startReply();
        this.#raw += ev.delta;
        this.#showReply(true);
        break;
      case 'retry':
        // The same reply is generated again: what streamed so far is replaced.
        this.#keptReasoning = ev.keptReasoning
          ? `${ev.keptReasoning}\n\n[Reasoning stopped at its token budget; the model answered without reasoning.]`
          : '';
        this.#raw = '';
        this.#showReply(true);
        break;
      case 'reply':
        this.#raw = ev.content;
        this.#showReply(false);
        this.#streamingId = undefined;
        break;
      case 'thought': {
        const msg = this.#lastAssistant();
        if (msg && !msg.thought) msg.thought = ev.text;
        break;
      }
      case 'action':
        this.#addCell(ev.actionId, ev.code);
        break;
      case 'run-start': {
        const cell = this.find(this.#cells.get(ev.actionId), 'cell');
        if (cell) Object.assign(cell, { status: 'running', startedAt: Date.now() });
        break;
      }
      case 'output': {
        const cell = this.find(this.#cells.get(ev.actionId), 'cell');
        if (cell) appendOutput(cell.outputs, ev.output);
        break;
      }
      case 'run-end': {
        const cell = this.find(this.#cells.get(ev.actionId), 'cell');
        if (cell) applyResult(cell, ev.result);
        break;
      }
      case 'notice': {
        // For the person only (e.g. how to make a package available offline).
        const cell = this.find(this.#cells.get(ev.actionId), 'cell');
        if (cell) cell.notice = [cell.notice, ev.text].filter(Boolean).join(' ');
        break;
      }
      case 'final': {
        const msg = this.#lastAssistant();
        if (msg) msg.final = true;
        break;
      }
      case 'checked':
        this.addNotice(ev.text);
        break;
      case 'stopped':
      case 'error':
        this.#endStreaming();
        this.addNotice(ev.type === 'error' ? `Error: ${ev.message}` : ev.message);
        break;
    }
    return CHECKPOINTS.has(ev.type);
  }

  /** The code cells the model wrote (not those run by hand), in order. */
  get actionCells(): CellItem[] {
    return this.items.filter((i): i is CellItem => i.kind === 'cell' && !i.manual);
  }

  /** Flags the last final answer as not matching this run (see MessageItem.mismatch). */
  flagFinalAnswer(why: string): void {
    const last = [...this.items]
      .reverse()
      .find((i): i is MessageItem => i.kind === 'message' && i.role === 'assistant');
    if (last) last.mismatch = why;
  }

  /** A cell edited and run by hand. */
  addManualCell(code: string): CellItem {
    const cell: CellItem = {
      kind: 'cell',
      id: newId('cell'),
      code,
      status: 'running',
      outputs: [],
      error: null,
      manual: true,
      startedAt: Date.now(),
    };
    this.items.push(cell);
    return this.find(cell.id, 'cell')!;
  }

  /** Marks anything still streaming or running as cut short (after stop or failure). */
  #endStreaming(): void {
    const msg = this.find(this.#streamingId, 'message');
    if (msg) {
      msg.streaming = false;
      msg.reasoningOpen = false;
      if (!msg.text && !msg.thought && !msg.reasoning)
        this.items.splice(this.items.indexOf(msg), 1);
    }
    this.#streamingId = undefined;
    for (const it of this.items)
      if (it.kind === 'cell' && (it.status === 'running' || it.status === 'queued'))
        it.status = 'interrupted';
  }

  /** Drops the last assistant reply and everything after it (regenerate). */
  dropLastReply(): void {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const it = this.items[i]!;
      if (it.kind === 'message' && it.role === 'user') {
        this.items.splice(i + 1);
        return;
      }
    }
  }

  #startReply(): void {
    this.#endStreaming();
    this.#raw = '';
    this.#keptReasoning = '';
    const msg: MessageItem = {
      kind: 'message',
      id: newId('msg'),
      role: 'assistant',
      text: '',
      streaming: true,
    };
    this.items.push(msg);
    this.#streamingId = msg.id;
  }

  #showReply(streaming: boolean): void {
    const msg = this.find(this.#streamingId, 'message');
    if (!msg) return;
    const parts = splitReply(this.#raw);
    msg.text = parts.prose;
    if (parts.thought) msg.thought = parts.thought;
    const reasoning = [this.#keptReasoning, parts.reasoning].filter(Boolean).join('\n\n');
    if (reasoning || msg.reasoning) msg.reasoning = reasoning;
    msg.reasoningOpen = streaming && parts.reasoningOpen;
    msg.streaming = streaming;
    // A reply that was only code is shown by its cell alone.
    if (!streaming && !parts.prose && !parts.thought && !reasoning)
      this.items.splice(this.items.indexOf(msg), 1);
  }

  #lastAssistant(): MessageItem | undefined {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const it = this.items[i]!;
      if (it.kind === 'message' && it.role === 'assistant') return it;
      if (it.kind === 'message' && it.role === 'user') return undefined;
    }
    return undefined;
  }

  #addCell(actionId: string, code: string): void {
    const cell: CellItem = {
      kind: 'cell',
      id: newId('cell'),
      code,
      status: 'queued',
      outputs: [],
      error: null,
    };
    this.#cells.set(actionId, cell.id);
    this.items.push(cell);
  }
}

function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || 'New conversation';
}

export function applyResult(cell: CellItem, result: RunResult): void {
  // The result's outputs are the complete record; streamed ones may have been cut short.
  const outputs: RunOutput[] =
    result.outputs.length >= cell.outputs.length ? result.outputs : cell.outputs;
  cell.outputs = outputs;
  cell.error = result.error;
  cell.durationMs = result.durationMs;
  cell.status =
    result.interrupted || result.timedOut ? 'interrupted' : result.error ? 'error' : 'done';
  if (result.restarted)
    cell.notice = result.restartReason ?? 'Python was restarted: variables were lost.';
  else if (result.timedOut) cell.notice = 'Stopped: the run hit its time limit.';
  if (result.truncated)
    cell.notice = `${cell.notice ?? ''} Output was cut at the size limit.`.trim();
}
