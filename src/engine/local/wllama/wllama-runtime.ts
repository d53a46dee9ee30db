// LocalRuntime for GGUF models on llama.cpp (wllama): pre-flight from device facts, files in our
// own OPFS store (downloaded with resume, or imported from disk after a header check), load into
// the WllamaHost owner with a context sized to the device, unload, remove, loss.
import { AppError, isAppError } from '../../../errors/app-error';
import type { CatalogModel } from '../../catalog/types';
import type { DeviceFacts } from '../../device/facts';
import { probeDevice } from '../../device/probe';
import type {
  ContextPlan,
  FallbackAdvice,
  ImportRequest,
  LocalRuntime,
  LostModel,
  PickedFile,
  ProgressOptions,
  RuntimeContext,
  RuntimeLoadOptions,
  StoredModelInfo,
  Verdict,
} from '../runtime';
import { fileNames } from '../../catalog/gguf-models';
import { downloadGguf } from './gguf-download';
import { readGgufHeader, summarize } from './gguf-header';
import { checkImport, importedEntry, importId, looksLikeGguf } from './gguf-import';
import { GgufStore } from './gguf-store';
import { wllamaContextPlan, wllamaVerdict } from './preflight';
import { cpuFirstRunAdvice } from './recommend';
import { threadsFor } from './threads';
import { wllamaAssets } from './wllama-assets';
import type { WllamaEngine } from './wllama-engine';
import { WllamaHost, type CreateWllama } from './wllama-host';

type Explained = ReturnType<LocalRuntime['explain']>;

const MY_ERRORS: Record<
  string,
  { title: string; code: NonNullable<Explained>['code']; action: NonNullable<Explained>['action'] }
> = {
  'not-gguf': { title: 'Not a GGUF file', code: 'import-invalid', action: 'none' },
  'unsupported-architecture': {
    title: 'Unsupported model',
    code: 'import-invalid',
    action: 'none',
  },
  'import-incomplete': { title: 'Shards missing', code: 'import-invalid', action: 'none' },
  'wllama-load': { title: 'llama.cpp could not load the model', code: 'unknown', action: 'retry' },
  'download-failed': { title: 'Download failed', code: 'network', action: 'retry' },
};

export interface WllamaRuntimeOptions {
  /** Device facts at load time (threads, isolation, GPU); probed in the page by default. */
  facts?: () => Pick<DeviceFacts, 'cpu' | 'gpu'>;
  create?: CreateWllama;
  store?: GgufStore;
  /**
   * A fixed number of CPU threads instead of the device's choice (`threadsFor`): the benchmark
   * compares engines at one stated count. More than 1 still needs a cross-origin isolated page.
   */
  threads?: number;
}

export class WllamaRuntime implements LocalRuntime {
  readonly backend = 'wllama' as const;
  readonly host: WllamaHost;
  readonly store: GgufStore;
  #loadedModel: CatalogModel | undefined;
  #lost = new Set<(lost: LostModel) => void>();

  constructor(
    private readonly ctx: RuntimeContext,
    private readonly opts: WllamaRuntimeOptions = {},
  ) {
    this.host = new WllamaHost(wllamaAssets(ctx.baseURI()), opts.create);
    this.store = opts.store ?? new GgufStore();
    this.host.onLost((error, view) => {
      this.#loadedModel = undefined;
      for (const cb of this.#lost) cb({ id: view.info.id, label: view.info.label, error });
    });
  }

  verdict(model: CatalogModel, facts: DeviceFacts, o?: { stored?: boolean }): Verdict {
    return wllamaVerdict(model, facts, o);
  }

  fallbackAdvice(facts: DeviceFacts): FallbackAdvice | undefined {
    return cpuFirstRunAdvice(facts);
  }

  refusal(model: CatalogModel, verdict: Verdict): Error | undefined {
    if (verdict.kind === 'runs') return undefined;
    return new AppError(
      verdict.kind === 'no-storage' ? 'quota' : 'too-big',
      `${model.label}: ${verdict.reason}`,
    );
  }

  contextPlan(model: CatalogModel, facts: DeviceFacts): ContextPlan {
    return wllamaContextPlan(model, facts);
  }

  #names(model: CatalogModel): string[] {
    if (model.source.backend !== 'wllama') throw new Error(`${model.id} is not a GGUF model`);
    return fileNames(model.source.files);
  }

  #urls(model: CatalogModel): { name: string; url: string }[] {
    if (model.source.backend !== 'wllama') throw new Error(`${model.id} is not a GGUF model`);
    const names = this.#names(model);
    const base = new URL(this.ctx.selfHostBase(), this.ctx.baseURI());
    return model.source.files.map((f, i) => ({
      name: names[i]!,
      url: f.kind === 'url' ? f.url : new URL(f.path, base).href,
    }));
  }

  async status(model: CatalogModel): Promise<StoredModelInfo> {
    const files = await this.store.inspect(model.id, this.#names(model));
    const bytes = files.reduce((a, f) => a + f.bytes, 0);
    return {
      complete: files.every((f) => f.complete),
      shardsCached: files.filter((f) => f.complete).length,
      shardsTotal: files.length,
      bytes,
      totalBytes: Math.max(bytes, model.downloadMB * 1e6),
    };
  }

  async listStored(models: readonly CatalogModel[]): Promise<Map<string, StoredModelInfo>> {
    const ids = new Set(await this.store.list());
    const out = new Map<string, StoredModelInfo>();
    for (const m of models)
      if (ids.has(m.id) && m.source.backend === 'wllama') out.set(m.id, await this.status(m));
    return out;
  }

  download(model: CatalogModel, o: ProgressOptions = {}): Promise<void> {
    return downloadGguf(this.store, model.id, this.#urls(model), {
      ...o,
      ...(model.source.backend === 'wllama' && model.source.bytes
        ? { expectedBytes: model.source.bytes }
        : {}),
      ...(this.ctx.fetch ? { fetch: this.ctx.fetch } : {}),
    });
  }

  async load(model: CatalogModel, o: RuntimeLoadOptions = {}): Promise<WllamaEngine> {
    const files = await this.store.open(model.id, this.#names(model));
    if (!files)
      throw new AppError('model-not-found', `${model.label} is not stored on this device.`, {
        action: 'Download or import it first.',
      });
    const facts = this.opts.facts?.() ?? (await probeDevice());
    const header = summarize(await readGgufHeader(files[0]!));
    const trained = header.contextLength ?? model.maxContext ?? model.contextWindow;
    const contextWindow = Math.min(o.contextWindow ?? model.contextWindow, trained);
    o.onProgress?.({ phase: 'load', percent: 0, text: `Loading ${model.label} into llama.cpp` });
    const engine = await this.host.load({
      id: model.id,
      label: model.label,
      ...(model.series ? { series: model.series } : {}),
      files,
      contextWindow,
      threads: this.opts.threads ?? threadsFor(facts.cpu),
      // CPU unless llama.cpp's WebGPU backend can run here (a GGML assert otherwise).
      ...(wllamaVerdict(model, { ...facts, storage: {} } as DeviceFacts, { stored: true })
        .runsOn === 'webgpu'
        ? {}
        : { gpuLayers: 0 }),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    this.#loadedModel = model;
    o.onProgress?.({ phase: 'ready', percent: 100, text: `${model.label} is ready` });
    return engine;
  }

  get loadedModel(): CatalogModel | undefined {
    return this.#loadedModel;
  }

  async unload(): Promise<void> {
    this.#loadedModel = undefined;
    await this.host.unload();
  }

  async remove(model: CatalogModel): Promise<void> {
    if (this.#loadedModel?.id === model.id) await this.unload();
    await this.store.remove(model.id);
  }

  onLost(cb: (lost: LostModel) => void): () => void {
    this.#lost.add(cb);
    return () => this.#lost.delete(cb);
  }

  async isReachable(model: CatalogModel, o: { signal?: AbortSignal } = {}): Promise<boolean> {
    const first = this.#urls(model)[0];
    if (!first) return false;
    try {
      const res = await (this.ctx.fetch ?? fetch)(first.url, {
        method: 'HEAD',
        ...(o.signal ? { signal: o.signal } : {}),
      });
      return res.ok;
    } catch {
      return false;
    }
  }

  async measureSpeed(
    model: CatalogModel,
    o: { signal?: AbortSignal } = {},
  ): Promise<number | undefined> {
    const first = this.#urls(model)[0];
    if (!first) return undefined;
    try {
      const t0 = performance.now();
      const res = await (this.ctx.fetch ?? fetch)(first.url, {
        headers: { Range: 'bytes=0-2097151' },
        ...(o.signal ? { signal: o.signal } : {}),
      });
      const n = (await res.arrayBuffer()).byteLength;
      const s = (performance.now() - t0) / 1000;
      return s > 0 ? n / 1e6 / s : undefined;
    } catch {
      return undefined;
    }
  }

  claimsImport(files: readonly PickedFile[]): boolean {
    return looksLikeGguf(files);
  }

  async importFiles(req: ImportRequest): Promise<CatalogModel> {
    req.onStep?.('Reading the GGUF header');
    const checked = await checkImport(req.files);
    const id = req.modelId ?? importId(checked.files);
    try {
      for (const f of checked.files) {
        req.onStep?.(`Storing ${f.name}`);
        await this.store.put(id, f.name, f, req.signal);
      }
    } catch (e) {
      await this.store.remove(id).catch(() => {});
      throw e;
    }
    return importedEntry(id, checked);
  }

  explain(error: unknown): Explained {
    if (!isAppError(error)) return undefined;
    const mine = MY_ERRORS[error.code];
    if (!mine) return undefined;
    return {
      ...mine,
      message: [error.message, error.action].filter(Boolean).join(' '),
      detail: `${error.code}: ${error.message}`,
    };
  }

  dispose(): void {
    void this.host.unload();
  }
}

export const createWllamaRuntime = (ctx: RuntimeContext): LocalRuntime => new WllamaRuntime(ctx);
