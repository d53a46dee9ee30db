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
import { contextAdvice, EndpointError } from './errors';
import type { ProbeEnv } from './explain-failure';
import type { ServedModel } from './models';
import { canSwitchThinking, chatBody, type ChatBody } from './request';
import { contextFor, ollamaLoadedContext } from './server-probe';
import type { ServerKind } from './servers';
import { EmptyStreamError, readReply } from './stream-reply';
import { toUsage, type Exchange } from './usage';

/**
 * Used when the server does not say: the context Ollama and LM Studio load models with by
 * default, and small enough for most hosted and local servers.
 */
export const DEFAULT_CONTEXT_WINDOW = 4096;
/** Give up a request when the server sends nothing for this long (model loads, long prefills). */
export const DEFAULT_IDLE_TIMEOUT_MS = 300_000;

export interface EndpointEngineOptions {
  /** Canonical base URL (normalizeBaseUrl). */
  baseUrl: string;
  model: ServedModel;
  /** Sent as `Authorization: Bearer …`; held privately, never part of the label or JSON. */
  apiKey?: string;
  /** Browser facilities (fetch, probes); tests inject their own. */
  env?: ProbeEnv;
  /** Give up when the server sends nothing for this long (ms; 0: never). */
  idleTimeoutMs?: number;
  /** Told when the engine learns the server's real context window (after load, from an error). */
  onContextChange?: (tokens: number, from: string) => void;
}

export class EndpointEngine implements LLMEngine {
  readonly kind = 'endpoint' as const;
  readonly label: string;
  readonly modelId: string;
  readonly baseUrl: string;
  readonly server: ServerKind | undefined;
  /** Which prompt dialect and end tokens this model gets (from its id). */
  readonly dialect: ServedDialect;
  /** The server reads a per-request thinking switch (else the app hides it). */
  readonly canSwitchThinking: boolean;
  readonly idleTimeoutMs: number;
  readonly #conn: Connection;
  #context: { tokens: number; from: string };
  /** The last completed exchange, to report what each request added (see usage.ts). */
  #last: Exchange | undefined;
  #checkedLoaded = false;
  readonly #onContextChange: ((tokens: number, from: string) => void) | undefined;

  constructor(opts: EndpointEngineOptions) {
    this.baseUrl = opts.baseUrl;
    this.modelId = opts.model.id;
    this.server = opts.model.server;
    this.#context = contextFor(opts.model, DEFAULT_CONTEXT_WINDOW);
    this.dialect = dialectForServedModel(opts.model.id);
    this.canSwitchThinking = canSwitchThinking(this.server);
    this.idleTimeoutMs = opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.#onContextChange = opts.onContextChange;
    this.label = `${opts.model.id} (model server at ${displayUrl(opts.baseUrl)})`;
    this.#conn = {
      baseUrl: opts.baseUrl,
      apiKey: opts.apiKey,
      env: opts.env ?? browserProbeEnv(),
      server: this.server,
    };
  }

  /** The context window the server runs the model with (learned from its errors too). */
  get contextWindow(): number {
    return this.#context.tokens;
  }

  /** Where the context window figure comes from, for the setup panel. */
  get contextFrom(): string {
    return this.#context.from;
  }

  /** How to give the model more context on this server. */
  get contextAdvice(): string {
    return contextAdvice(this.server);
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
    const body = chatBody(this.modelId, sent, opts, this.server);
    return createChatStream(async (push) => {
      const signal = opts.signal;
      const stops = opts.stop ?? [];
      let res: Response;
      try {
        res = await request(this.#conn, '/chat/completions', {
          body,
          model: this.modelId,
          signal,
          idleMs: this.idleTimeoutMs,
        });
      } catch (e) {
        if (signal?.aborted) return { content: '', finishReason: 'abort' };
        this.#learnLimit(e);
        throw e;
      }
      const ctx = {
        baseUrl: this.baseUrl,
        stops,
        push,
        aborted: () => !!signal?.aborted,
        idleMs: this.idleTimeoutMs,
        ...(opts.reasoningTags ? { reasoningTags: opts.reasoningTags } : {}),
      };
      let reply;
      try {
        reply = await readReply(res, ctx);
      } catch (e) {
        if (!(e instanceof EmptyStreamError)) throw e;
        reply = await readReply(await this.#askWhole(body, signal, e), ctx).catch((again) => {
          throw again instanceof EmptyStreamError ? again.toEndpointError() : again;
        });
      }
      const usage = reply.usage && toUsage(reply.usage, this.#last, sent, reply.decodeSeconds);
      this.#last =
        reply.usage && reply.finishReason === 'stop'
          ? { messages: sent, reply: reply.content, ...reply.usage }
          : undefined;
      if (reply.finishReason !== 'abort') await this.#checkLoadedContext(signal);
      return { content: reply.content, finishReason: reply.finishReason, usage };
    });
  }

  /** The same request without streaming, after a stream that ended empty (EmptyStreamError). */
  async #askWhole(
    body: ChatBody,
    signal: AbortSignal | undefined,
    empty: EmptyStreamError,
  ): Promise<Response> {
    const { stream_options: _usage, ...rest } = body;
    try {
      return await request(this.#conn, '/chat/completions', {
        body: { ...rest, stream: false },
        model: this.modelId,
        signal,
        idleMs: this.idleTimeoutMs,
      });
    } catch (e) {
      this.#learnLimit(e);
      throw e instanceof EndpointError && e.code !== 'server-error' ? e : empty.toEndpointError();
    }
  }

  /** A server that names its real window in a context error is believed from then on. */
  #learnLimit(e: unknown): void {
    if (e instanceof EndpointError && e.limit && e.limit < this.#context.tokens)
      this.#setContext(e.limit, "the server's context-length error");
  }

  #setContext(tokens: number, from: string): void {
    this.#context = { tokens, from };
    this.#onContextChange?.(tokens, from);
  }

  /**
   * Ollama reports a model's context only once it is loaded (the first request loads it):
   * read it then, so the next request is fitted to what the server really holds.
   */
  async #checkLoadedContext(signal: AbortSignal | undefined): Promise<void> {
    if (this.server !== 'ollama' || this.#checkedLoaded) return;
    this.#checkedLoaded = true;
    const n = await ollamaLoadedContext(this.#conn, this.modelId, signal);
    if (n) this.#setContext(n, 'Ollama /api/ps');
  }

  /** What serialisation shows of this engine: never the key. */
  toJSON() {
    return { kind: this.kind, label: this.label, modelId: this.modelId, baseUrl: this.baseUrl };
  }
}
