// The one owner of the LLM worker and of the model on its GPU, built like the Python side's
// owner: lazy start, one queue, death detection (the worker's `error` event, a lost GPU device, a
// failed call) that rejects every pending call with a typed error and marks the state, a new
// worker on the next use, dispose(). Every long operation takes an AbortSignal; a cancelled load
// ends with nothing held.
import * as Comlink from 'comlink';
import type { InitProgressReport, ModelRecord } from '@mlc-ai/web-llm';
import { AppError } from '../../../errors/app-error';
import { errorText } from '../../../errors/error-text';
import { createChatStream } from '../../engines/chat-stream';
import type { ChatMessage, ChatRequestOptions, ChatResult, ChatStream } from '../../engines/types';
import type { LoadProgress } from '../runtime';
import { cancelled, modelLost, noModel, type LlmError } from './llm-errors';
import { LlmSession, type LlmWorkerLike } from './llm-session';
import { WebLLMEngine, type LoadedModelOwner } from './engine';
import { parseWebLLMProgress } from './progress';
import { toAppConfig, type LoadableModel } from './records';

export type ModelLife =
  | { phase: 'empty' }
  | { phase: 'loading'; model: LoadableModel }
  | { phase: 'ready'; model: LoadableModel; engine: WebLLMEngine }
  /** The model was on the GPU and is gone (device lost, worker stopped): reload it. */
  | { phase: 'lost'; model: LoadableModel; error: LlmError };

export interface LlmHostOptions {
  /** Default: a module worker running workers/llm/llm.worker.ts. Tests pass a MessagePort-backed fake. */
  createWorker?: () => LlmWorkerLike;
}

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
}

const EMPTY: ModelLife = Object.freeze({ phase: 'empty' });
const LOADING = 'Loading the model';

function createWorker(): Worker {
  return new Worker(new URL('../../../../workers/llm/llm.worker.ts', import.meta.url), {
    type: 'module',
    name: 'llm',
  });
}

export class LlmHost implements LoadedModelOwner {
  #createWorker: () => LlmWorkerLike;
  #session: LlmSession | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #life: ModelLife = EMPTY;
  #stopped: LlmError | undefined;
  #disposed = false;
  #listeners = new Set<() => void>();

  constructor(opts: LlmHostOptions = {}) {
    this.#createWorker = opts.createWorker ?? createWorker;
  }

  get life(): ModelLife {
    return this.#life;
  }

  /** Why the last worker stopped, until a new one starts. */
  get stopped(): LlmError | undefined {
    return this.#stopped;
  }

  get workerRunning(): boolean {
    return !!this.#session?.alive;
  }

  onChange(cb: () => void): () => void {
    this.#listeners.add(cb);
    return () => this.#listeners.delete(cb);
  }

  #set(life: ModelLife): void {
    this.#life = life;
    this.#notify();
  }

  #notify(): void {
    for (const cb of this.#listeners) cb();
  }

  /** The live worker, started on first use and again after it died. */
  #ensure(): LlmSession {
    if (this.#disposed) throw new AppError('disposed', 'The model engine was shut down.');
    if (this.#session?.alive) return this.#session;
    const session = new LlmSession(this.#createWorker());
    this.#session = session;
    this.#stopped = undefined;
    session.died.catch((e: LlmError) => this.#onDeath(session, e));
    const lost = Comlink.proxy(() => this.#onDeviceLost(session));
    session.call(session.api.watch(lost)).catch(() => {}); // a dead worker reports itself
    this.#notify();
    return session;
  }

  /** WebLLM unloaded the model by itself: the GPU device was lost after loading. */
  #onDeviceLost(session: LlmSession): void {
    const life = this.#life;
    if (this.#session !== session || life.phase !== 'ready') return;
    this.#set({
      phase: 'lost',
      model: life.model,
      error: modelLost(life.model.label, 'device-lost'),
    });
  }

  #onDeath(session: LlmSession, error: LlmError): void {
    if (this.#session !== session) return;
    this.#session = undefined;
    this.#stopped = error;
    const life = this.#life;
    if (life.phase === 'ready' || life.phase === 'lost')
      this.#set({
        phase: 'lost',
        model: life.model,
        error: modelLost(life.model.label, 'worker-stopped'),
      });
    else this.#set(EMPTY); // a load in flight rejects with `error` itself
  }

  /** Runs worker work one task at a time, in call order; a failed task does not block the next. */
  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => {});
    return run;
  }

  /**
   * Loads onto the GPU (WebLLM first unloads whatever was there). Resolves with the model's engine
   * view; rejects with WebLLM's "Name: message" text, or `cancelled` as soon as `signal` fires. The
   * queue still waits until the worker has let go of whatever that load had put on the GPU.
   */
  load(model: LoadableModel, opts: LoadOptions = {}): Promise<WebLLMEngine> {
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(cancelled(LOADING));
    const task = this.#enqueue(() => this.#load(model, opts));
    if (!signal) return task;
    task.catch(() => {}); // the caller may already have been told "cancelled"
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(cancelled(LOADING));
      signal.addEventListener('abort', onAbort, { once: true });
      task.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  async #load(model: LoadableModel, { signal, onProgress }: LoadOptions): Promise<WebLLMEngine> {
    if (signal?.aborted) throw cancelled(LOADING);
    const s = this.#ensure();
    this.#set({ phase: 'loading', model });
    // The AbortSignal is the public way to stop; the worker's cancelLoad() carries it out. It
    // unloads even when the load had just finished, and the task waits for it, so it can never
    // reach into the next load.
    let cancelling: Promise<unknown> | undefined;
    const stop = () => void (cancelling = s.call(s.api.cancelLoad()).catch(() => {}));
    signal?.addEventListener('abort', stop, { once: true });
    // Progress calls travel on their own port and may arrive after the result: drop those.
    let settled = false;
    const progress = Comlink.proxy((r: InitProgressReport) => {
      if (!settled && !signal?.aborted) onProgress?.(parseWebLLMProgress(r));
    });
    try {
      const { record } = model;
      const res = await s.call(
        s.api.load(toAppConfig([record]), record.model_id, undefined, progress),
      );
      if (res.cancelled || signal?.aborted) throw cancelled(LOADING);
      const engine = new WebLLMEngine(this, model);
      this.#set({ phase: 'ready', model, engine });
      return engine;
    } catch (e) {
      if (this.#life.phase === 'loading') this.#set(EMPTY);
      throw e;
    } finally {
      settled = true;
      signal?.removeEventListener('abort', stop);
      await cancelling;
    }
  }

  /** Frees the GPU; a lost model is forgotten. */
  unload(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#session?.alive) await this.#session.call(this.#session.api.unload());
      this.#set(EMPTY);
    });
  }

  holds(view: WebLLMEngine): boolean {
    return this.#life.phase === 'ready' && this.#life.engine === view;
  }

  chat(view: WebLLMEngine, messages: ChatMessage[], opts: ChatRequestOptions): ChatStream {
    return createChatStream((push) => this.#enqueue(() => this.#chat(view, messages, opts, push)));
  }

  async #chat(
    view: WebLLMEngine,
    messages: ChatMessage[],
    opts: ChatRequestOptions,
    push: (delta: string) => void,
  ): Promise<ChatResult> {
    const life = this.#life;
    if (life.phase === 'lost' && life.model === view.model) throw life.error;
    const s = this.#session;
    if (life.phase !== 'ready' || life.engine !== view || !s) throw noModel();
    if (opts.signal?.aborted) return { content: '', finishReason: 'abort' };
    // The one translation of a user stop for WebLLM: interruptGenerate, sent once.
    const onAbort = () => void s.api.interrupt().catch(() => {});
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const { stop, temperature, maxTokens, enableThinking } = opts;
      return await s.call(
        s.api.chat({ messages, stop, temperature, maxTokens, enableThinking }, Comlink.proxy(push)),
      );
    } catch (e) {
      // WebLLM unloads silently when the GPU device is lost; the next call says ModelNotLoadedError.
      if (/ModelNotLoadedError/.test(errorText(e))) {
        const error = modelLost(life.model.label, 'device-lost');
        this.#set({ phase: 'lost', model: life.model, error });
        throw error;
      }
      throw e;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  reset(view: WebLLMEngine): Promise<void> {
    return this.#enqueue(async () => {
      if (this.holds(view) && this.#session)
        await this.#session.call(this.#session.api.resetChat());
    });
  }

  /** WebLLM's own hasModelInCache, run in the worker. */
  hasModelInCache(record: ModelRecord): Promise<boolean> {
    const s = this.#ensure();
    return s.call(s.api.hasModelInCache(record.model_id, toAppConfig([record])));
  }

  /** Deletes weights, tokenizer, config and library (WebLLM's deleteModelAllInfoInCache). */
  deleteModel(record: ModelRecord): Promise<void> {
    return this.#enqueue(async () => {
      const s = this.#ensure();
      const life = this.#life;
      if (life.phase !== 'empty' && life.model.record.model_id === record.model_id) {
        await s.call(s.api.unload());
        this.#set(EMPTY);
      }
      await s.call(s.api.deleteModel(record.model_id, toAppConfig([record])));
    });
  }

  /** Test and debugging hook: the worker crashes (terminated, then its `error` event). */
  crashWorker(detail = 'terminated by a test'): void {
    this.#session?.crash(detail);
  }

  /** Ends the worker for good: pending calls reject, later calls are refused. */
  dispose(): void {
    this.#disposed = true;
    const s = this.#session;
    this.#session = undefined;
    s?.terminate('the app shut the model engine down');
    this.#life = EMPTY;
    this.#notify();
    this.#listeners.clear();
  }
}
