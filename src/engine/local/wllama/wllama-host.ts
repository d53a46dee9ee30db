// The owner of llama.cpp (wllama) in this page: one loaded GGUF at a time, in wllama's own worker.
// - Lazy: the library (and its 10 MB wasm) loads on the first load(), not at start-up.
// - A cancelled load holds nothing: the worker is terminated and no view is handed out.
// - Stop is the request's AbortSignal, which wllama checks between streamed chunks.
// - A crash (llama.cpp aborted, the worker died) drops the model, tells onLost listeners, and the
//   next load starts a fresh worker.
import type { Wllama, WllamaConfig, LoadModelParams, ResultTimings } from '@wllama/wllama';
import { AppError } from '../../../errors/app-error';
import { createChatStream } from '../../engines/chat-stream';
import { applyStop } from '../../engines/stop-strings';
import type {
  ChatMessage,
  ChatRequestOptions,
  ChatResult,
  ChatStream,
  FinishReason,
} from '../../engines/types';
import { describeTemplate, type TemplateInfo } from './chat-template';
import { chatParams, chunkFinish, chunkText, usageFrom } from './chat-request';
import type { WllamaAssets } from './wllama-assets';
import { WllamaEngine, type WllamaModelInfo } from './wllama-engine';

/** The slice of wllama's API the owner uses (a fake implements it in unit tests). */
export type WllamaApi = Pick<
  Wllama,
  | 'loadModel'
  | 'createChatCompletion'
  | 'getChatTemplate'
  | 'getModelMetadata'
  | 'getLoadedContextInfo'
  | 'getNumThreads'
  | 'isMultithread'
  | 'exit'
  | 'setCompat'
>;

export type CreateWllama = (assets: WllamaAssets, config: WllamaConfig) => Promise<WllamaApi>;

/** The real library, imported on first use so the main bundle does not carry it. */
export const importWllama: CreateWllama = async (assets, config) => {
  const { Wllama } = await import('@wllama/wllama');
  const w = new Wllama({ default: assets.wasm }, config);
  // Our own copy of the fallback build, never jsDelivr's.
  w.setCompat({ worker: assets.compat.worker, wasm: assets.compat.wasm });
  return w;
};

export interface WllamaLoadRequest {
  id: string;
  label: string;
  series?: string;
  /** The GGUF, or a split GGUF's shards in order. */
  files: Blob[];
  contextWindow: number;
  threads: number;
  /** 0: CPU only; omitted: every layer on WebGPU when llama.cpp finds a usable adapter. */
  gpuLayers?: number;
  signal?: AbortSignal;
}

/** What llama.cpp reported for the last request: `cache_n` prompt tokens reused, `prompt_n` evaluated. */
export type LastTimings = ResultTimings;

interface Loaded {
  api: WllamaApi;
  view: WllamaEngine;
}

const abortError = () => new AppError('cancelled', 'Loading the model was cancelled.');

export class WllamaHost {
  #loaded: Loaded | null = null;
  #busy: Promise<unknown> = Promise.resolve();
  #lost = new Set<(error: Error, view: WllamaEngine) => void>();
  #logger: WllamaConfig['logger'];

  constructor(
    private readonly assets: WllamaAssets,
    private readonly create: CreateWllama = importWllama,
    opts: { verbose?: boolean } = {},
  ) {
    const quiet = () => {};
    this.#logger = opts.verbose
      ? console
      : { debug: quiet, log: quiet, warn: console.warn, error: console.error };
  }

  get loaded(): WllamaEngine | undefined {
    return this.#loaded?.view;
  }

  holds(view: WllamaEngine): boolean {
    return this.#loaded?.view === view;
  }

  onLost(cb: (error: Error, view: WllamaEngine) => void): () => void {
    this.#lost.add(cb);
    return () => this.#lost.delete(cb);
  }

  /** Loads a GGUF (replacing the loaded one); resolves with its engine view. */
  async load(req: WllamaLoadRequest): Promise<WllamaEngine> {
    await this.unload();
    if (req.signal?.aborted) throw abortError();
    const api = await this.create(this.assets, {
      logger: this.#logger,
      suppressNativeLog: !this.#logger,
    });
    const onAbort = () => void api.exit().catch(() => {});
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const started = performance.now();
    try {
      const params: LoadModelParams = {
        n_ctx: req.contextWindow,
        n_threads: req.threads,
        // The agent sends one request at a time: one slot keeps the whole context for it.
        n_parallel: 1,
        // Reasoning stays inline in the text (<think>…</think>), where the agent's reasoning
        // handling keeps it apart, the same as with WebLLM.
        reasoning_format: 'none',
        ...(req.gpuLayers !== undefined ? { n_gpu_layers: req.gpuLayers } : {}),
      };
      await api.loadModel(req.files, params);
    } catch (e) {
      await api.exit().catch(() => {});
      if (req.signal?.aborted) throw abortError();
      throw new AppError(
        'wllama-load',
        `llama.cpp could not load ${req.label}: ${errorMessageOf(e)}`,
        {
          action: 'Check that the file is a complete GGUF of a supported architecture.',
          cause: e,
        },
      );
    } finally {
      req.signal?.removeEventListener('abort', onAbort);
    }
    if (req.signal?.aborted) {
      await api.exit().catch(() => {});
      throw abortError();
    }
    const info = modelInfo(api, req, performance.now() - started);
    const view = new WllamaEngine(this, info);
    this.#loaded = { api, view };
    return view;
  }

  async unload(): Promise<void> {
    const loaded = this.#loaded;
    this.#loaded = null;
    if (loaded) await loaded.api.exit().catch(() => {});
  }

  /** Test hook: makes the loaded model fail the way a llama.cpp abort does. */
  crash(detail = 'simulated crash'): void {
    const loaded = this.#loaded;
    if (loaded)
      this.#drop(
        loaded,
        new AppError('model-lost', `llama.cpp stopped (${detail}).`, {
          action: 'Load the model again.',
        }),
      );
  }

  chat(view: WllamaEngine, messages: ChatMessage[], opts: ChatRequestOptions): ChatStream {
    return createChatStream(async (push) => {
      const loaded = this.#loaded;
      if (!loaded || loaded.view !== view)
        throw new AppError('model-lost', `${view.info.label} is no longer loaded.`, {
          action: 'Load it again in Models.',
        });
      // One request at a time: the next waits until the previous has fully ended (abort included).
      const previous = this.#busy;
      let release = () => {};
      this.#busy = new Promise<void>((r) => (release = r));
      await previous.catch(() => {});
      try {
        return await this.#run(loaded, messages, opts, push);
      } finally {
        release();
      }
    });
  }

  async #run(
    loaded: Loaded,
    messages: ChatMessage[],
    opts: ChatRequestOptions,
    push: (d: string) => void,
  ): Promise<ChatResult> {
    const stops = opts.stop ?? [];
    let text = '';
    let finish: FinishReason = 'stop';
    let timings: ResultTimings | undefined;
    const started = performance.now();
    let firstTokenMs: number | undefined;
    try {
      if (opts.signal?.aborted) return { content: '', finishReason: 'abort' };
      const stream = await loaded.api.createChatCompletion(chatParams(messages, opts));
      for await (const chunk of stream) {
        const delta = chunkText(chunk);
        if (delta) {
          firstTokenMs ??= performance.now() - started;
          text += delta;
          push(delta);
        }
        finish = chunkFinish(chunk) ?? finish;
        if (chunk.timings) timings = chunk.timings;
      }
    } catch (e) {
      if (opts.signal?.aborted || (e as Error)?.name === 'AbortError') finish = 'abort';
      else {
        const err = new AppError(
          'model-lost',
          `llama.cpp stopped while answering: ${errorMessageOf(e)}`,
          {
            action: 'Load the model again.',
            cause: e,
          },
        );
        this.#drop(loaded, err);
        throw err;
      }
    }
    if (timings) loaded.view.recordTimings(timings, firstTokenMs);
    // llama.cpp already stopped at the stop string and left it out; this also trims a stop string
    // the model wrote across a token boundary that the server matched after sending it.
    const cut = applyStop(text, stops);
    return {
      content: cut.text,
      finishReason: finish,
      ...(timings ? { usage: usageFrom(timings) } : {}),
    };
  }

  #drop(loaded: Loaded, error: Error): void {
    if (this.#loaded !== loaded) return;
    this.#loaded = null;
    void loaded.api.exit().catch(() => {});
    for (const cb of this.#lost) cb(error, loaded.view);
  }
}

function errorMessageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function modelInfo(api: WllamaApi, req: WllamaLoadRequest, loadMs: number): WllamaModelInfo {
  const template = api.getChatTemplate();
  const meta = api.getModelMetadata().meta;
  const ctx = api.getLoadedContextInfo();
  const arch = meta['general.architecture'] ?? 'unknown';
  const ropeBase = Number(meta[`${arch}.rope.freq_base`]);
  const tmpl: TemplateInfo = describeTemplate(template);
  return {
    id: req.id,
    label: req.label,
    ...(req.series ? { series: req.series } : {}),
    architecture: arch,
    ...(Number.isFinite(ropeBase) ? { ropeFreqBase: ropeBase } : {}),
    template: tmpl,
    contextWindow: ctx.n_ctx,
    trainedContext: ctx.n_ctx_train,
    threads: api.isMultithread() ? api.getNumThreads() : 1,
    backend: req.gpuLayers === 0 ? 'cpu' : 'webgpu',
    loadMs,
  };
}
