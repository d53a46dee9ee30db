// Reads one chat-completions answer into the engine's result. Stops are handled here the
// same way whatever the server does with them: the reply is cut at the first complete stop
// string whether the server echoed it (vLLM with include_stop_str_in_output), stripped it
// (Ollama, llama.cpp, LM Studio) or ignored the `stop` field (then we stop reading, which
// closes the connection). The content returned never contains the stop string.
//
// Reasoning a server sends in a field of its own (chunks.ts) is put back into the text as a
// reasoning block, `<think>\n…\n</think>\n\n` (or the model's own tags), so the agent treats it
// exactly like reasoning written inline: shown as reasoning, budgeted, never parsed for actions.
// The block is closed only when answer text follows: a reply that ends while still reasoning
// (cut by a stop string or the token limit) stays open, which the agent reads as unfinished.
import { findStop } from '../stop-strings';
import type { FinishReason } from '../types';
import { parseChunk, reasoningOf } from './chunks';
import { badResponseError, idleError, midStreamError } from './errors';
import { readSse, StreamIdleError } from './sse';

/** The tags separate reasoning is wrapped in when the caller names none. */
export const DEFAULT_REASONING_TAGS = { open: '<think>', close: '</think>' } as const;

export interface ReplyContext {
  baseUrl: string;
  stops: readonly string[];
  push(delta: string): void;
  /** Whether the user aborted (an AbortError then means "stopped", not "failed"). */
  aborted(): boolean;
  /** The model's reasoning tags (default `<think>`, `</think>`). */
  reasoningTags?: { open: string; close: string };
  /** Give up when nothing arrives for this long (0: never). */
  idleMs?: number;
}

export interface Reply {
  content: string;
  finishReason: FinishReason;
  usage?: { promptTokens: number; completionTokens: number };
  /** Seconds from the first to the last text chunk. */
  decodeSeconds: number;
}

class ReplyText {
  text = '';
  #shown = 0;
  stopAt = -1;
  firstAt = 0;
  lastAt = 0;
  /** Where the reply is: nothing yet, inside separate reasoning, or in the answer. */
  #part: 'start' | 'reasoning' | 'answer' = 'start';
  readonly #tags: { open: string; close: string };
  constructor(private readonly ctx: ReplyContext) {
    this.#tags = ctx.reasoningTags ?? DEFAULT_REASONING_TAGS;
  }

  /** Reasoning from its own field: opens the block on its first piece. */
  addReasoning(piece: string): boolean {
    if (!piece) return true;
    if (this.#part === 'reasoning') return this.add(piece);
    const sep = this.#part === 'answer' ? '\n\n' : '';
    this.#part = 'reasoning';
    return this.add(`${sep}${this.#tags.open}\n${piece}`);
  }

  /** Answer text: closes a block of separate reasoning first. */
  addAnswer(piece: string): boolean {
    if (!piece) return true;
    const close = this.#part === 'reasoning' ? `\n${this.#tags.close}\n\n` : '';
    this.#part = 'answer';
    return this.add(close + piece);
  }

  /** Adds text; false when the server went on past a stop string (stop reading). */
  add(piece: string): boolean {
    if (!piece) return true;
    if (this.stopAt >= 0) return false;
    const now = performance.now();
    this.firstAt ||= now;
    this.lastAt = now;
    this.text += piece;
    const at = findStop(this.text, this.ctx.stops);
    if (at >= 0) this.stopAt = at;
    const end = at >= 0 ? at : this.text.length;
    if (end > this.#shown) this.ctx.push(this.text.slice(this.#shown, end));
    this.#shown = Math.max(this.#shown, end);
    return true;
  }

  get content(): string {
    return this.stopAt >= 0 ? this.text.slice(0, this.stopAt) : this.text;
  }
  get seconds(): number {
    return this.firstAt ? (this.lastAt - this.firstAt) / 1000 : 0;
  }
}

function finishOf(reply: ReplyText, server: string | undefined): FinishReason {
  if (reply.stopAt >= 0) return 'stop';
  return server === 'length' ? 'length' : 'stop';
}

/** A server that ignored `stream: true` and sent one JSON completion. */
async function readWhole(res: Response, reply: ReplyText, ctx: ReplyContext): Promise<Reply> {
  const url = `${ctx.baseUrl}/chat/completions`;
  const json = (await res.json().catch(() => {
    throw badResponseError(url, 'the answer is neither a stream nor JSON');
  })) as {
    choices?: { message?: { content?: unknown }; finish_reason?: unknown }[];
    usage?: unknown;
  };
  const choice = json.choices?.[0];
  const message = choice?.message;
  const reasoning = reasoningOf(message);
  // A reasoning model's message may carry only reasoning (content null or '').
  if (typeof message?.content !== 'string' && !(reasoning && message?.content == null))
    throw badResponseError(url, 'no choices[0].message.content');
  reply.addReasoning(reasoning);
  reply.addAnswer(typeof message?.content === 'string' ? message.content : '');
  const usage = parseChunk(JSON.stringify({ usage: json.usage ?? null })).usage;
  const finish = typeof choice?.finish_reason === 'string' ? choice.finish_reason : undefined;
  return { content: reply.content, finishReason: finishOf(reply, finish), usage, decodeSeconds: 0 };
}

/**
 * The stream ended before its first event. llama-cpp-python reports request errors (a prompt
 * over its context window) that way once streaming has begun: its log has the reason, the
 * client gets an empty 200. The engine then asks once without streaming to get the error.
 */
export class EmptyStreamError extends Error {
  override name = 'EmptyStreamError';
  constructor(readonly baseUrl: string) {
    super('the stream ended before any event');
  }
  /** What the user is told when asking again does not explain it either. */
  toEndpointError() {
    return midStreamError(this.baseUrl, '', 'the connection closed before the reply was complete');
  }
}

export async function readReply(res: Response, ctx: ReplyContext): Promise<Reply> {
  const reply = new ReplyText(ctx);
  if (/application\/json/i.test(res.headers.get('content-type') ?? ''))
    return readWhole(res, reply, ctx);
  if (!res.body) throw badResponseError(`${ctx.baseUrl}/chat/completions`, 'an empty answer');
  let finish: string | undefined;
  let usage: Reply['usage'];
  let end;
  let events = 0;
  try {
    end = await readSse(
      res.body,
      (data) => {
        events++;
        let chunk;
        try {
          chunk = parseChunk(data);
        } catch {
          throw midStreamError(ctx.baseUrl, reply.content, 'it sent an event that is not JSON');
        }
        if (chunk.error) throw midStreamError(ctx.baseUrl, reply.content, chunk.error);
        if (chunk.usage) usage = chunk.usage;
        if (chunk.finishReason) finish = chunk.finishReason;
        return reply.addReasoning(chunk.reasoning) && reply.addAnswer(chunk.text);
      },
      ctx.idleMs,
    );
  } catch (e) {
    if (ctx.aborted())
      return { content: reply.content, finishReason: 'abort', usage, decodeSeconds: reply.seconds };
    if (e instanceof Error && e.name === 'EndpointError') throw e;
    if (e instanceof StreamIdleError) throw idleError(ctx.baseUrl, reply.content, e.ms);
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw midStreamError(ctx.baseUrl, reply.content, `the connection failed (${why})`);
  }
  if (end === 'ended' && events === 0) throw new EmptyStreamError(ctx.baseUrl);
  if (end === 'ended' && finish === undefined && reply.stopAt < 0)
    throw midStreamError(
      ctx.baseUrl,
      reply.content,
      'the connection closed before the reply was complete',
    );
  return {
    content: reply.content,
    finishReason: finishOf(reply, finish),
    usage,
    decodeSeconds: reply.seconds,
  };
}
