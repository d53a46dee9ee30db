// LLMEngine over a user's own OpenAI-compatible server (Ollama, LM Studio, llama.cpp, vLLM,
// SGLang): the page streams chat completions with fetch. No server of ours, no proxy; Python
// never sees the endpoint (it is called from the page, not from the Python worker).
// Stopping is the request's AbortSignal only: aborting the fetch closes the connection,
// which is how every one of these servers learns to stop generating.
import { createChatStream } from '../chat-stream';
import type { ChatMessage, ChatRequestOptions, ChatStream, LLMEngine } from '../types';
import { displayUrl } from './base-url';
import { browserProbeEnv } from './browser-env';
import { request, type Connection } from './client';
import { dialectForServedModel, type ServedDialect } from './dialect';
import type { ProbeEnv } from './explain-failure';
import type { ServedModel } from './models';
import { chatBody } from './request';
import { readReply } from './stream-reply';
import { toUsage, type Exchange } from './usage';

/** Used when the server does not say (Ollama and LM Studio do not list it). */
export const DEFAULT_CONTEXT_WINDOW = 8192;

export interface EndpointEngineOptions {
  /** Canonical base URL (normalizeBaseUrl). */
  baseUrl: string;
  model: ServedModel;
  /** Sent as `Authorization: Bearer …`; held privately, never part of the label or JSON. */
  apiKey?: string;
  /** Browser facilities (fetch, probes); tests inject their own. */
  env?: ProbeEnv;
}

export class EndpointEngine implements LLMEngine {
  readonly kind = 'endpoint' as const;
  readonly label: string;
  readonly modelId: string;
  readonly contextWindow: number;
  readonly baseUrl: string;
  /** Which prompt dialect and end tokens this model gets (from its id). */
  readonly dialect: ServedDialect;
  readonly #conn: Connection;
  /** The last completed exchange, to report what each request added (see usage.ts). */
  #last: Exchange | undefined;

  constructor(opts: EndpointEngineOptions) {
    this.baseUrl = opts.baseUrl;
    this.modelId = opts.model.id;
    this.contextWindow = opts.model.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
    this.dialect = dialectForServedModel(opts.model.id);
    this.label = `${opts.model.id} (model server at ${displayUrl(opts.baseUrl)})`;
    this.#conn = { baseUrl: opts.baseUrl, apiKey: opts.apiKey, env: opts.env ?? browserProbeEnv() };
  }

  /** Whether requests carry an API key (the key itself is never exposed). */
  get hasKey(): boolean {
    return !!this.#conn.apiKey;
  }

  /** A new conversation: nothing to clear on the server, only our usage bookkeeping. */
  newConversation(): void {
    this.#last = undefined;
  }

  chat(messages: ChatMessage[], opts: ChatRequestOptions = {}): ChatStream {
    const sent = messages.map(({ role, content }) => ({ role, content }));
    return createChatStream(async (push) => {
      const signal = opts.signal;
      const stops = opts.stop ?? [];
      let res: Response;
      try {
        res = await request(this.#conn, '/chat/completions', {
          body: chatBody(this.modelId, sent, opts),
          model: this.modelId,
          signal,
        });
      } catch (e) {
        if (signal?.aborted) return { content: '', finishReason: 'abort' };
        throw e;
      }
      const reply = await readReply(res, {
        baseUrl: this.baseUrl,
        stops,
        push,
        aborted: () => !!signal?.aborted,
      });
      const usage = reply.usage && toUsage(reply.usage, this.#last, sent, reply.decodeSeconds);
      this.#last =
        reply.usage && reply.finishReason === 'stop'
          ? { messages: sent, reply: reply.content, ...reply.usage }
          : undefined;
      return { content: reply.content, finishReason: reply.finishReason, usage };
    });
  }

  /** What serialisation shows of this engine: never the key. */
  toJSON() {
    return { kind: this.kind, label: this.label, modelId: this.modelId, baseUrl: this.baseUrl };
  }
}
