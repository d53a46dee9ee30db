// Main-thread client of workers/llm.worker.ts. WebLLM itself is imported only in the worker; this
// file imports WebLLM's types only, so the main bundle stays small.
import * as Comlink from 'comlink';
import { alignHistoryWithEngine } from './kv-history';
import type { AppConfig, InitProgressReport, ModelRecord } from '@mlc-ai/web-llm';
import type { LlmWorkerApi } from '../../../../workers/contracts/llm';
import { toAppConfig } from '../../supply/catalog';
import { createChatStream } from '../chat-stream';
import { parseWebLLMProgress, type LoadProgress } from '../../supply/progress';
import type { ChatMessage, ChatRequestOptions, ChatStream, LLMEngine } from '../types';

export interface LoadableModel {
  record: ModelRecord;
  label: string;
  contextWindow: number;
}

export interface WebLLMEngineOptions {
  /** Where the worker API lives; default: a new module worker running workers/llm.worker.ts. Tests pass a MessagePort. */
  connect?: () => Comlink.Endpoint;
}

export class WebLLMEngine implements LLMEngine {
  readonly kind = 'webllm' as const;
  #connect: () => Comlink.Endpoint;
  #worker: Worker | undefined;
  #api: Comlink.Remote<LlmWorkerApi> | undefined;
  #loaded: LoadableModel | undefined;
  #appConfig: AppConfig | undefined;

  constructor(opts: WebLLMEngineOptions = {}) {
    this.#connect =
      opts.connect ??
      (() =>
        (this.#worker = new Worker(
          new URL('../../../../workers/llm/llm.worker.ts', import.meta.url),
          {
            type: 'module',
            name: 'llm',
          },
        )));
  }

  get label(): string {
    return this.#loaded
      ? `${this.#loaded.label} (WebLLM, on this device)`
      : 'WebLLM (no model loaded)';
  }
  get modelId(): string {
    return this.#loaded?.record.model_id ?? '';
  }
  get contextWindow(): number {
    return this.#loaded?.contextWindow ?? 0;
  }
  get loaded(): boolean {
    return !!this.#loaded;
  }

  #remote(): Comlink.Remote<LlmWorkerApi> {
    this.#api ??= Comlink.wrap<LlmWorkerApi>(this.#connect());
    return this.#api;
  }

  /** Loads onto the GPU; resolves false when cancelLoad() stopped it. Rejects with "Name: message". */
  async load(model: LoadableModel, onProgress?: (p: LoadProgress) => void): Promise<boolean> {
    this.#loaded = undefined;
    const appConfig = toAppConfig([model.record]);
    // Progress calls travel on their own port and may arrive after the result: drop those.
    let settled = false;
    const res = await this.#remote()
      .load(
        appConfig,
        model.record.model_id,
        undefined,
        Comlink.proxy((r: InitProgressReport) => {
          if (!settled) onProgress?.(parseWebLLMProgress(r));
        }),
      )
      .finally(() => (settled = true));
    if (res.cancelled) return false;
    this.#loaded = model;
    this.#appConfig = appConfig;
    return true;
  }

  async cancelLoad(): Promise<void> {
    await this.#api?.cancelLoad();
  }

  async unload(): Promise<void> {
    this.#loaded = undefined;
    await this.#api?.unload();
  }

  /** Clears the KV cache: the next request starts a new conversation. */
  async reset(): Promise<void> {
    await this.#api?.resetChat();
  }

  chat(messages: ChatMessage[], opts: ChatRequestOptions = {}): ChatStream {
    const api = this.#remote();
    if (!this.#loaded)
      return createChatStream(() =>
        Promise.reject(new Error('ModelNotLoadedError: no model is loaded')),
      );
    // The one translation of a user stop for WebLLM: interruptGenerate, sent once.
    const onAbort = () => void api.interrupt();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    return createChatStream(async (push) => {
      try {
        return await api.chat(
          {
            messages: alignHistoryWithEngine(messages, opts.stop),
            stop: opts.stop,
            temperature: opts.temperature,
            maxTokens: opts.maxTokens,
            enableThinking: opts.enableThinking,
          },
          Comlink.proxy(push),
        );
      } finally {
        opts.signal?.removeEventListener('abort', onAbort);
      }
    });
  }

  /** WebLLM's own hasModelInCache, run in the worker. */
  hasModelInCache(record: ModelRecord): Promise<boolean> {
    return this.#remote().hasModelInCache(record.model_id, toAppConfig([record]));
  }

  /** Deletes weights, tokenizer, config and library (WebLLM's deleteModelAllInfoInCache). */
  async deleteModel(record: ModelRecord): Promise<void> {
    if (this.#loaded?.record.model_id === record.model_id) await this.unload();
    await this.#remote().deleteModel(record.model_id, toAppConfig([record]));
  }

  get appConfig(): AppConfig | undefined {
    return this.#appConfig;
  }

  dispose(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#api = undefined;
    this.#loaded = undefined;
  }
}
