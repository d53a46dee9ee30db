// Models that run on this device: the one owner of their life as the app sees it, for every
// backend. It drives the registered runtimes (LocalRuntime, runtime.ts): one loaded model at a
// time across all of them, the downloads in flight, what is stored, and a lost model. Every long
// operation takes an AbortSignal. The Models panel is a view of it.
import { AppError } from '../../errors/app-error';
import type { CatalogModel, LocalBackend } from '../catalog/catalog';
import type { DeviceFacts } from '../device/facts';
import type { ContextPlan, Verdict } from '../device/verdict';
import type { LLMEngine } from '../engines/types';
import { cancelled, classifyWith, type ClassifiedError } from '../errors';
import { readHostedManifest, type HostedList } from './hosted-manifest';
import { createRuntimes } from './registry';
import type {
  FallbackAdvice,
  HostedCheck,
  ImportRequest,
  LoadProgress,
  LocalRuntime,
  LostModel,
  RuntimeContext,
  StoredModelInfo,
} from './runtime';

export type ModelPhase = 'idle' | 'downloading' | 'loading' | 'ready' | 'lost';

export interface ModelStatus {
  phase: ModelPhase;
  progress?: LoadProgress;
  cached?: StoredModelInfo;
  /** Why a `lost` model is gone. */
  error?: Error;
}

export interface LocalModelsOptions extends Partial<RuntimeContext> {
  /** Default: one runtime per backend in registry.ts. Tests build runtimes over fakes. */
  runtimes?: (ctx: RuntimeContext) => LocalRuntime[];
}

const browserBase = () =>
  typeof document === 'undefined' ? 'http://localhost/' : document.baseURI;

export class LocalModels {
  readonly runtimes: readonly LocalRuntime[];
  /** MB/s of the last download that moved data (undefined until one did). */
  measuredSpeedMBps: number | undefined;
  #downloads = new Map<string, LoadProgress | undefined>();
  #loading: { id: string; progress?: LoadProgress } | undefined;
  #loaded: { model: CatalogModel; engine: LLMEngine; runtime: LocalRuntime } | undefined;
  #lost: LostModel | undefined;
  #handedOut = new WeakSet<LLMEngine>();
  #cached = new Map<string, StoredModelInfo>();
  #listeners = new Set<() => void>();
  #selfHostBase = 'models/';
  #ctx: RuntimeContext;
  #hostedList: { base: string; list: Promise<HostedList> } | undefined;

  constructor(opts: LocalModelsOptions = {}) {
    const ctx: RuntimeContext = (this.#ctx = {
      baseURI: opts.baseURI ?? browserBase,
      selfHostBase: opts.selfHostBase ?? (() => this.#selfHostBase),
      fetch: opts.fetch,
      caches: opts.caches,
    });
    this.runtimes = (opts.runtimes ?? createRuntimes)(ctx);
    for (const r of this.runtimes) r.onLost((lost) => this.#onLost(r, lost));
  }

  /** Where self-hosted models live (the Models panel's setting), relative to the app. */
  setSelfHostBase(base: string): void {
    this.#selfHostBase = base;
  }

  onChange(cb: () => void): () => void {
    this.#listeners.add(cb);
    return () => this.#listeners.delete(cb);
  }

  #notify(): void {
    for (const cb of this.#listeners) cb();
  }

  /** The runtime of a backend; throws when none is registered for it. */
  runtime(backend: LocalBackend): LocalRuntime {
    const r = this.runtimes.find((x) => x.backend === backend);
    if (!r) throw new AppError('no-runtime', `No runtime is registered for ${backend} models.`);
    return r;
  }

  #runtimeOf = (m: CatalogModel) => this.runtime(m.source.backend);

  #onLost(runtime: LocalRuntime, lost: LostModel): void {
    if (this.#loaded?.runtime !== runtime || this.#loaded.model.id !== lost.id) return;
    this.#loaded = undefined;
    this.#lost = lost;
    this.#notify();
  }

  status(id: string): ModelStatus {
    const cached = this.#cached.get(id);
    if (this.#downloads.has(id))
      return { phase: 'downloading', progress: this.#downloads.get(id), cached };
    if (this.#loading?.id === id)
      return { phase: 'loading', progress: this.#loading.progress, cached };
    if (this.#loaded?.model.id === id) return { phase: 'ready', cached };
    if (this.#lost?.id === id) return { phase: 'lost', cached, error: this.#lost.error };
    return { phase: 'idle', cached };
  }

  /** The engine of the loaded model, while it is loaded. */
  get engine(): LLMEngine | undefined {
    return this.#loaded?.engine;
  }

  /** Whether an engine was handed out by a local runtime (loaded, replaced or lost since). */
  isLocalEngine(engine: LLMEngine | null | undefined): boolean {
    return !!engine && this.#handedOut.has(engine);
  }

  /** The model that was loaded and is gone (device lost, worker stopped), until it is reloaded. */
  get lost(): LostModel | undefined {
    return this.#lost;
  }

  verdict(m: CatalogModel, facts: DeviceFacts, opts: { stored?: boolean } = {}): Verdict {
    return this.#runtimeOf(m).verdict(m, facts, opts);
  }

  /** The error a download or load would end with on this device (so none starts), if any. */
  refusal(m: CatalogModel, verdict: Verdict): Error | undefined {
    return this.#runtimeOf(m).refusal(m, verdict);
  }

  contextPlan(m: CatalogModel, facts: DeviceFacts): ContextPlan {
    return this.#runtimeOf(m).contextPlan(m, facts);
  }

  /** The first backend's fallback pick (LocalRuntime.fallbackAdvice), if any. */
  fallbackAdvice(facts: DeviceFacts): FallbackAdvice | undefined {
    for (const r of this.runtimes) {
      const advice = r.fallbackAdvice?.(facts);
      if (advice) return advice;
    }
    return undefined;
  }

  /** One sentence when no registered backend can run anything on this device. */
  unavailableReason(facts: DeviceFacts): string | undefined {
    const reasons = this.runtimes.map((r) => r.unavailableReason?.(facts));
    return reasons.every((r) => r) ? [...new Set(reasons)].join(' ') : undefined;
  }

  /** Any error from a local model's life or chat, read by every backend's rules, in order. */
  classify(err: unknown): ClassifiedError {
    return classifyWith(
      err,
      this.runtimes.map((r) => (e: unknown) => r.explain(e)),
    );
  }

  async refreshCache(models: readonly CatalogModel[]): Promise<void> {
    for (const runtime of this.runtimes) {
      const mine = models.filter((m) => m.source.backend === runtime.backend);
      const stored = await runtime.listStored(mine).catch(() => new Map());
      for (const m of mine) {
        const info = stored.get(m.id);
        if (info) this.#cached.set(m.id, info);
        else this.#cached.delete(m.id);
      }
    }
    this.#notify();
  }

  /** Fetches the model's files; finished parts are kept on failure or cancel (a rerun resumes). */
  async download(m: CatalogModel, opts: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.#downloads.has(m.id)) throw new AppError('busy', `${m.label} is already downloading.`);
    this.#downloads.set(m.id, undefined);
    this.#notify();
    try {
      await this.#runtimeOf(m).download(m, {
        signal: opts.signal,
        onProgress: (p) => {
          this.#downloads.set(m.id, p);
          if (p.speedMBps && p.speedMBps > 0) this.measuredSpeedMBps = p.speedMBps;
          this.#notify();
        },
      });
    } catch (e) {
      throw opts.signal?.aborted ? cancelled('Downloading the model') : e;
    } finally {
      this.#downloads.delete(m.id);
      await this.refreshCache([m]);
    }
  }

  /**
   * Downloads what is missing, then loads; resolves with the model's engine. Another backend's
   * loaded model is unloaded first (one loaded model at a time).
   */
  async load(
    m: CatalogModel,
    opts: { signal?: AbortSignal; contextWindow?: number } = {},
  ): Promise<LLMEngine> {
    const runtime = this.#runtimeOf(m);
    if (!this.#cached.get(m.id)?.complete) await this.download(m, opts);
    if (this.#loaded && this.#loaded.runtime !== runtime) await this.unload();
    // A runtime replaces what it holds, so from here no model is loaded (a lost one is forgotten).
    this.#loaded = undefined;
    this.#lost = undefined;
    const loading = (this.#loading = { id: m.id } as { id: string; progress?: LoadProgress });
    this.#notify();
    try {
      const engine = await runtime.load(m, {
        signal: opts.signal,
        contextWindow: opts.contextWindow,
        onProgress: (p) => {
          loading.progress = p;
          this.#notify();
        },
      });
      this.#handedOut.add(engine);
      this.#loaded = { model: m, engine, runtime };
      this.#lost = undefined;
      return engine;
    } finally {
      if (this.#loading === loading) this.#loading = undefined;
      this.#notify();
    }
  }

  async unload(): Promise<void> {
    const loaded = this.#loaded;
    this.#loaded = undefined;
    this.#lost = undefined;
    await Promise.all(this.runtimes.map((r) => r.unload()));
    if (loaded) this.#notify();
  }

  /** Deletes everything stored for the model (unloading it first when it is the loaded one). */
  async remove(m: CatalogModel): Promise<void> {
    try {
      await this.#runtimeOf(m).remove(m);
      if (this.#loaded?.model.id === m.id) this.#loaded = undefined;
      if (this.#lost?.id === m.id) this.#lost = undefined;
    } finally {
      await this.refreshCache([m]);
    }
  }

  /**
   * Whether a self-hosted model's files answer. The deployment's manifest is read first (once per
   * base): a model it does not list is not asked for, so a site that hosts none sees no 404s.
   */
  async checkHosted(m: CatalogModel, opts: { signal?: AbortSignal } = {}): Promise<HostedCheck> {
    const runtime = this.#runtimeOf(m);
    const absent = { reachable: false, caveatLifted: false };
    if (!runtime.checkHosted) return absent;
    const list = await this.#hosted();
    if (list.kind === 'unreachable' || (list.kind === 'listed' && !list.ids.has(m.id)))
      return absent;
    return runtime.checkHosted(m, opts);
  }

  /** The manifest of the current base, read once (again after a failed request: offline). */
  async #hosted(): Promise<HostedList> {
    const base = new URL(this.#ctx.selfHostBase(), this.#ctx.baseURI()).href;
    if (this.#hostedList?.base !== base) {
      const fetchFn = this.#ctx.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
      this.#hostedList = { base, list: readHostedManifest(base, fetchFn) };
    }
    const entry = this.#hostedList;
    const list = await entry.list;
    if (list.kind === 'unreachable' && this.#hostedList === entry) this.#hostedList = undefined;
    return list;
  }

  /** MB/s from a short read of the model's first file, for the first-run time estimate. */
  measureSpeed(m: CatalogModel, opts: { signal?: AbortSignal } = {}): Promise<number | undefined> {
    return this.#runtimeOf(m).measureSpeed(m, opts);
  }

  /** Stores picked files with the backend whose format they are; nothing is kept on failure. */
  async importFiles(req: ImportRequest): Promise<CatalogModel> {
    const runtime = this.runtimes.find((r) => r.claimsImport?.(req.files) && r.importFiles);
    if (!runtime?.importFiles)
      throw new Error(
        'ModelImportError: these files are not a model any backend here can import (an MLC folder with mlc-chat-config.json).',
      );
    try {
      return await runtime.importFiles(req);
    } catch (e) {
      throw req.signal?.aborted ? cancelled('Importing the model') : e;
    }
  }

  /** Test hook: the loaded model's backend (or every backend) dies as if it had crashed. */
  crashForTest(detail?: string): void {
    const targets = this.#loaded ? [this.#loaded.runtime] : this.runtimes;
    for (const r of targets) r.crashForTest?.(detail);
  }

  dispose(): void {
    for (const r of this.runtimes) r.dispose();
    this.#listeners.clear();
  }
}
