// Models that run on this device: the owner of their life as the app sees it. It owns the LLM
// worker's owner (LlmHost: load, unload, chat, death), the downloads and what is in the cache,
// and folder imports. Every long operation takes an AbortSignal. The Models panel is a view of it.
import { AppError } from '../errors/app-error';
import { cancelled, type LlmError } from './engines/webllm/llm-errors';
import { LlmHost, type LoadOptions } from './engines/webllm/llm-host';
import type { LoadableModel, WebLLMEngine } from './engines/webllm/webllm-engine';
import { downloadModelFiles } from './supply/downloader';
import { cachedModelInfo, CONFIG_FILE, type CachedModelInfo } from './supply/model-cache';
import {
  planImport,
  storeImport,
  type ImportPlan,
  type ImportResult,
  type PickedFile,
} from './supply/model-import';
import type { LoadProgress } from './supply/progress';
import { measureDownloadSpeed } from './supply/speed-probe';

export type ModelPhase = 'idle' | 'downloading' | 'loading' | 'ready' | 'lost';

export interface ModelStatus {
  phase: ModelPhase;
  progress?: LoadProgress;
  cached?: CachedModelInfo;
  /** Why a `lost` model is gone. */
  error?: LlmError;
}

export interface LocalModelsOptions {
  host?: LlmHost;
  caches?: () => CacheStorage;
  fetch?: typeof fetch;
}

export interface ImportOptions {
  signal?: AbortSignal;
  baseURI: string;
  /** The library for a folder without its own .wasm. */
  fallbackLibUrl: string;
  modelId?: string;
  onStep?: (text: string) => void;
}

const idOf = (m: LoadableModel) => m.record.model_id;

export class LocalModels {
  readonly host: LlmHost;
  /** MB/s of the last download that moved data (undefined until one did). */
  measuredSpeedMBps: number | undefined;
  #caches: () => CacheStorage;
  #fetch: typeof fetch | undefined;
  #downloads = new Map<string, LoadProgress | undefined>();
  #loading: { id: string; progress?: LoadProgress } | undefined;
  #cached = new Map<string, CachedModelInfo>();
  #listeners = new Set<() => void>();

  constructor(opts: LocalModelsOptions = {}) {
    this.host = opts.host ?? new LlmHost();
    this.#caches = opts.caches ?? (() => caches);
    this.#fetch = opts.fetch;
    this.host.onChange(() => this.#notify());
  }

  onChange(cb: () => void): () => void {
    this.#listeners.add(cb);
    return () => this.#listeners.delete(cb);
  }

  #notify(): void {
    for (const cb of this.#listeners) cb();
  }

  status(id: string): ModelStatus {
    const cached = this.#cached.get(id);
    if (this.#downloads.has(id))
      return { phase: 'downloading', progress: this.#downloads.get(id), cached };
    if (this.#loading?.id === id)
      return { phase: 'loading', progress: this.#loading.progress, cached };
    const life = this.host.life;
    if (life.phase === 'ready' && idOf(life.model) === id) return { phase: 'ready', cached };
    if (life.phase === 'lost' && idOf(life.model) === id)
      return { phase: 'lost', cached, error: life.error };
    return { phase: 'idle', cached };
  }

  /** The engine of the loaded model, while it is loaded. */
  get engine(): WebLLMEngine | undefined {
    const life = this.host.life;
    return life.phase === 'ready' ? life.engine : undefined;
  }

  /** The model that was loaded and is gone (device lost, worker stopped), until it is reloaded. */
  get lost(): { id: string; label: string; error: LlmError } | undefined {
    const life = this.host.life;
    return life.phase === 'lost'
      ? { id: idOf(life.model), label: life.model.label, error: life.error }
      : undefined;
  }

  async refreshCache(models: readonly LoadableModel[]): Promise<void> {
    for (const m of models) {
      const info = await cachedModelInfo(m.record.model, this.#caches()).catch(() => undefined);
      if (info) this.#cached.set(idOf(m), info);
      else this.#cached.delete(idOf(m));
    }
    this.#notify();
  }

  /** Fills WebLLM's cache with the model's files; finished shards are kept on failure or cancel. */
  async download(m: LoadableModel, opts: { signal?: AbortSignal } = {}): Promise<void> {
    const id = idOf(m);
    if (this.#downloads.has(id)) throw new AppError('busy', `${m.label} is already downloading.`);
    this.#downloads.set(id, undefined);
    this.#notify();
    try {
      await downloadModelFiles(m.record, {
        signal: opts.signal,
        fetch: this.#fetch,
        caches: this.#caches(),
        onProgress: (p) => {
          this.#downloads.set(id, p);
          if (p.speedMBps && p.speedMBps > 0) this.measuredSpeedMBps = p.speedMBps;
          this.#notify();
        },
      });
    } catch (e) {
      throw opts.signal?.aborted ? cancelled('Downloading the model') : e;
    } finally {
      this.#downloads.delete(id);
      await this.refreshCache([m]);
    }
  }

  /** Downloads what is missing, then loads onto the GPU; resolves with the model's engine. */
  async load(m: LoadableModel, opts: Pick<LoadOptions, 'signal'> = {}): Promise<WebLLMEngine> {
    if (!this.#cached.get(idOf(m))?.complete) await this.download(m, opts);
    const loading = (this.#loading = { id: idOf(m) } as { id: string; progress?: LoadProgress });
    this.#notify();
    try {
      return await this.host.load(m, {
        signal: opts.signal,
        onProgress: (p) => {
          loading.progress = p;
          this.#notify();
        },
      });
    } finally {
      if (this.#loading === loading) this.#loading = undefined;
      this.#notify();
    }
  }

  unload(): Promise<void> {
    return this.host.unload();
  }

  /** Deletes everything stored for the model (unloading it first when it is the loaded one). */
  async remove(m: LoadableModel): Promise<void> {
    try {
      await this.host.deleteModel(m.record);
    } finally {
      await this.refreshCache([m]);
    }
  }

  /** Whether the model's address serves an MLC config (self-hosted weights may be absent). */
  async isServed(m: LoadableModel): Promise<boolean> {
    const f = this.#fetch ?? fetch.bind(globalThis);
    try {
      const res = await f(new URL(CONFIG_FILE, m.record.model).href);
      return res.ok && typeof (await res.json()) === 'object';
    } catch {
      return false;
    }
  }

  /** MB/s from a short read of the model's first shard, for the first-run time estimate. */
  measureSpeed(m: LoadableModel, opts: { signal?: AbortSignal } = {}): Promise<number | undefined> {
    return measureDownloadSpeed(m.record.model, { signal: opts.signal, fetch: this.#fetch });
  }

  hasModelInCache(m: LoadableModel): Promise<boolean> {
    return this.host.hasModelInCache(m.record);
  }

  /** Checks the picked files, then stores them; nothing is kept when it fails or is cancelled. */
  async importFolder(
    files: PickedFile[],
    opts: ImportOptions,
  ): Promise<{ plan: ImportPlan; result: ImportResult }> {
    const { signal } = opts;
    try {
      opts.onStep?.('Checking files…');
      const plan = await planImport(files, opts.modelId);
      signal?.throwIfAborted();
      opts.onStep?.(`Storing ${plan.files.size + (plan.wasm ? 1 : 0)} files…`);
      const result = await storeImport(plan, {
        baseURI: opts.baseURI,
        fallbackLibUrl: opts.fallbackLibUrl,
        caches: this.#caches(),
        signal,
      });
      return { plan, result };
    } catch (e) {
      throw signal?.aborted ? cancelled('Importing the model') : e;
    }
  }

  dispose(): void {
    this.host.dispose();
    this.#listeners.clear();
  }
}
