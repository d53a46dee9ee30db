// WebLLM as a LocalRuntime: the adapter between the backend-neutral owner (local-models.ts) and
// WebLLM's own parts (the worker's owner LlmHost, the downloader into WebLLM's cache, the MLC
// folder import, the WebGPU pre-flight). Catalog entries become WebLLM records here and nowhere else.
import { AppError } from '../../../errors/app-error';
import { isBackend, type CatalogModel } from '../../catalog/catalog';
import type { DeviceFacts } from '../../device/facts';
import type { Verdict } from '../../device/verdict';
import type { LLMEngine } from '../../engines/types';
import type {
  HostedCheck,
  ImportRequest,
  LocalRuntime,
  LostModel,
  PickedFile,
  ProgressOptions,
  RuntimeContext,
  RuntimeLoadOptions,
  StoredModelInfo,
} from '../runtime';
import { measureDownloadSpeed } from '../speed-probe';
import { planContext } from './context-size';
import { downloadModelFiles } from './downloader';
import { explainWebLLMError } from './errors';
import { importedModel } from './entries';
import { LlmHost } from './llm-host';
import { cachedModelInfo, CONFIG_FILE } from './model-cache';
import { planImport, storeImport } from './model-import';
import { refusalFor, unavailableReason, verdictFor } from './preflight';
import {
  dedicatedLibUrl,
  resolveWeightsUrl,
  toLoadable,
  toModelRecord,
  type WebLLMModel,
} from './records';

export interface WebLLMRuntimeOptions {
  /** Tests pass an owner over a fake worker. */
  host?: LlmHost;
}

export class WebLLMRuntime implements LocalRuntime {
  readonly backend = 'webllm' as const;
  readonly host: LlmHost;
  #ctx: RuntimeContext;
  /** Models whose folder holds their own compiled library (WebLLMSource.dedicatedLib). */
  #ownLibrary = new Map<string, boolean>();
  #lostSeen: unknown;

  constructor(ctx: RuntimeContext, opts: WebLLMRuntimeOptions = {}) {
    this.#ctx = ctx;
    this.host = opts.host ?? new LlmHost();
  }

  #mine(m: CatalogModel): WebLLMModel {
    if (!isBackend(m, 'webllm'))
      throw new AppError('wrong-backend', `${m.label} is not a WebLLM model.`);
    return m;
  }
  #fetch = (): typeof fetch => this.#ctx.fetch ?? fetch.bind(globalThis);
  /** WebLLM keeps its files in the Cache API; where the browser refuses it, nothing is stored. */
  #caches = (): CacheStorage => {
    const c = this.#ctx.caches ? this.#ctx.caches() : globalThis.caches;
    if (!c)
      throw new AppError(
        'storage-refused',
        'This browser keeps no files for this page (its storage is refused here), so no model can be downloaded. Open the app in its own tab, or use a model server.',
      );
    return c;
  };
  #weightsUrl = (m: CatalogModel) =>
    resolveWeightsUrl(this.#mine(m), this.#ctx.baseURI(), this.#ctx.selfHostBase());

  /** The record WebLLM loads for the model (test hook and the e2e's check of WebLLM's cache). */
  record(m: CatalogModel, contextWindow?: number) {
    return toModelRecord(this.#mine(m), this.#ctx.baseURI(), this.#ctx.selfHostBase(), {
      contextWindow,
      useDedicatedLib: !!this.#ownLibrary.get(m.id),
    });
  }

  verdict(m: CatalogModel, facts: DeviceFacts, opts: { stored?: boolean } = {}): Verdict {
    return verdictFor(this.#mine(m), facts, opts);
  }
  refusal(_m: CatalogModel, verdict: Verdict): Error | undefined {
    return refusalFor(verdict);
  }
  contextPlan(m: CatalogModel, facts: DeviceFacts) {
    return planContext(this.#mine(m), facts);
  }
  unavailableReason(facts: DeviceFacts): string | undefined {
    return unavailableReason(facts);
  }

  async status(m: CatalogModel): Promise<StoredModelInfo> {
    return cachedModelInfo(this.#weightsUrl(m), this.#caches());
  }

  async listStored(models: readonly CatalogModel[]): Promise<Map<string, StoredModelInfo>> {
    const stored = new Map<string, StoredModelInfo>();
    for (const m of models.filter((x) => isBackend(x, 'webllm'))) {
      const info = await this.status(m).catch(() => undefined);
      if (info) stored.set(m.id, info);
    }
    return stored;
  }

  /** Fills WebLLM's cache with the model's files; finished shards are kept on failure or cancel. */
  async download(m: CatalogModel, opts: ProgressOptions = {}): Promise<void> {
    await downloadModelFiles(this.record(m), {
      signal: opts.signal,
      fetch: this.#ctx.fetch,
      caches: this.#caches(),
      onProgress: opts.onProgress,
    });
  }

  load(m: CatalogModel, opts: RuntimeLoadOptions = {}): Promise<LLMEngine> {
    const model = this.#mine(m);
    const loadable = toLoadable(model, this.#ctx.baseURI(), this.#ctx.selfHostBase(), {
      contextWindow: opts.contextWindow,
      useDedicatedLib: !!this.#ownLibrary.get(m.id),
    });
    return this.host.load(loadable, { signal: opts.signal, onProgress: opts.onProgress });
  }

  unload(): Promise<void> {
    return this.host.unload();
  }

  remove(m: CatalogModel): Promise<void> {
    return this.host.deleteModel(this.record(m));
  }

  onLost(cb: (lost: LostModel) => void): () => void {
    return this.host.onChange(() => {
      const life = this.host.life;
      if (life.phase !== 'lost' || this.#lostSeen === life) return;
      this.#lostSeen = life;
      cb({ id: life.model.record.model_id, label: life.model.label, error: life.error });
    });
  }

  /** The MLC config answers at the weights address; a dedicated library next to it lifts the caveat. */
  async checkHosted(m: CatalogModel, opts: { signal?: AbortSignal } = {}): Promise<HostedCheck> {
    const f = this.#fetch();
    const reachable = await f(new URL(CONFIG_FILE, this.#weightsUrl(m)).href, opts)
      .then(async (res) => res.ok && typeof (await res.json()) === 'object')
      .catch(() => false);
    const lib = dedicatedLibUrl(this.#mine(m), this.#ctx.baseURI(), this.#ctx.selfHostBase());
    // A static host answers a missing file with its 404 page or the app's index.html.
    const own =
      reachable && !!lib
        ? await f(lib, { method: 'HEAD', signal: opts.signal })
            .then((res) => res.ok && !/text\/html/i.test(res.headers.get('content-type') ?? ''))
            .catch(() => false)
        : false;
    this.#ownLibrary.set(m.id, own);
    return { reachable, caveatLifted: own };
  }

  /** MB/s from a short read of the model's first weight shard. */
  measureSpeed(m: CatalogModel, opts: { signal?: AbortSignal } = {}): Promise<number | undefined> {
    const shard = new URL('params_shard_0.bin', this.#weightsUrl(m)).href;
    return measureDownloadSpeed(shard, { signal: opts.signal, fetch: this.#ctx.fetch });
  }

  claimsImport(files: readonly PickedFile[]): boolean {
    return files.some((f) => f.name === CONFIG_FILE);
  }

  /** Checks the picked MLC folder, stores it in WebLLM's cache, and makes its catalog entry. */
  async importFiles(req: ImportRequest): Promise<CatalogModel> {
    req.onStep?.('Checking files…');
    const plan = await planImport(req.files, req.modelId);
    req.signal?.throwIfAborted();
    if (!plan.wasm && !req.libraryUrl)
      throw new Error(
        'ModelImportError: the folder holds no model library (.wasm); pick the library it was built for.',
      );
    req.onStep?.(`Storing ${plan.files.size + (plan.wasm ? 1 : 0)} files…`);
    const fallbackLib = req.libraryUrl ?? ''; // unused when the folder brought its own
    const result = await storeImport(plan, {
      baseURI: this.#ctx.baseURI(),
      fallbackLibUrl: fallbackLib,
      caches: this.#caches(),
      signal: req.signal,
    });
    const ctx = plan.config.context_window_size;
    const stops = (plan.config.conv_template as { stop_str?: unknown } | undefined)?.stop_str;
    return importedModel({
      id: plan.modelId,
      modelUrl: result.modelUrl,
      storedLib: plan.wasm ? result.modelLib : undefined,
      fallbackLib,
      totalBytes: result.totalBytes,
      contextWindow: ctx && ctx > 0 ? ctx : undefined,
      stopStrings: Array.isArray(stops) ? stops.filter((x) => typeof x === 'string') : undefined,
    });
  }

  explain(error: unknown) {
    return explainWebLLMError(error);
  }

  crashForTest(detail?: string): void {
    this.host.crashWorker(detail);
  }

  dispose(): void {
    this.host.dispose();
  }
}
