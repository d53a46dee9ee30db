// The Models panel's state: a view of LocalModels (src/engine/local-models.ts), which owns the
// worker, loads, downloads and the cache. This class adds what only the panel needs: the catalog
// with the user's own models, pre-flight verdicts and the recommendation, one AbortController per
// row (Cancel aborts it), and the errors to show. It lives in AppState (`app.models`).
import {
  CATALOG,
  classifyError,
  CODEACT_MODEL_ID,
  customModel,
  dedicatedLibUrl,
  firstRunAdvice,
  fitsMemory,
  groupModels,
  importedModel,
  LocalModels,
  pickDefaultModel,
  planContext,
  probeAdapter,
  toModelRecord,
  verdictsFor,
  type AdapterFacts,
  type Advice,
  type CatalogModel,
  type ClassifiedError,
  type ContextPlan,
  type LoadableModel,
  type ModelStatus,
  type PickedFile,
  type Verdict,
  type WebLLMEngine,
} from '../../engine';
import {
  loadSelfHostBase,
  loadUserModels,
  saveSelfHostBase,
  saveUserModels,
} from './imported-registry';

export type RowStatus = ModelStatus['phase'];

export interface RowState extends Omit<ModelStatus, 'error'> {
  /** The row's last failure (or why its loaded model is gone), shown until its next action. */
  error?: ClassifiedError;
}

const IDLE: RowState = Object.freeze({ phase: 'idle' });

export interface ModelsStateOptions {
  /** Told when the loaded model's engine changes (undefined: none is loaded any more). */
  onEngine?: (engine: WebLLMEngine | undefined, model: CatalogModel | undefined) => void;
}

export class ModelsState {
  facts = $state<AdapterFacts | undefined>();
  verdicts = $state(new Map<string, Verdict>());
  rows = $state.raw<Record<string, RowState>>({});
  userModels = $state<CatalogModel[]>(loadUserModels());
  selfHostBase = $state(loadSelfHostBase());
  codeactReachable = $state(false);
  /** The model pre-flight picks (catalog order); the recommendation may still be "none". */
  pickedId = $state<string | undefined>();
  activeId = $state<string | undefined>();
  lost = $state.raw<{ id: string; label: string; message: string } | undefined>();
  importStatus = $state('');
  importError = $state<ClassifiedError | undefined>();
  importing = $state(false);
  /** Download speed measured in this visit (probe or download), for the first-run estimate. */
  speedMBps = $state<number | undefined>();
  /** Context windows the user picked, per model id (otherwise pre-flight's recommendation). */
  contextChoice = $state<Record<string, number>>({});
  /** Models whose folder holds their own compiled library (CatalogModel.dedicatedLib). */
  dedicatedLibs = $state<Record<string, boolean>>({});

  #controllers = new Map<string, AbortController>();
  #errors = new Map<string, ClassifiedError>();
  #engine: WebLLMEngine | undefined;
  #init: Promise<void> | undefined;

  constructor(
    readonly local: LocalModels = new LocalModels(),
    private readonly opts: ModelsStateOptions = {},
  ) {
    local.onChange(() => this.#sync());
    this.#sync();
  }

  get models(): CatalogModel[] {
    return [...CATALOG, ...this.userModels];
  }
  get active(): CatalogModel | undefined {
    return this.models.find((m) => m.id === this.activeId);
  }

  /** The first-run answer: one model to set up, or why none (the same sentence everywhere). */
  get advice(): Advice | undefined {
    const picked = this.models.find((m) => m.id === this.pickedId);
    return firstRunAdvice(this.facts, this.verdicts, picked, {
      cached: !!(picked && this.row(picked.id).cached?.complete),
      speedMBps: this.speedMBps,
    });
  }

  /** The recommended model's id; undefined while checking or when none is recommended. */
  get defaultId(): string | undefined {
    const a = this.advice;
    return a?.kind === 'model' ? a.model.id : undefined;
  }

  get groups() {
    return groupModels(this.models, this.verdicts, this.defaultId);
  }

  row(id: string): RowState {
    return this.rows[id] ?? IDLE;
  }

  record(m: CatalogModel) {
    return toModelRecord(m, document.baseURI, this.selfHostBase, {
      contextWindow: this.contextFor(m),
      useDedicatedLib: !!this.dedicatedLibs[m.id],
    });
  }

  #loadable(m: CatalogModel): LoadableModel {
    return { record: this.record(m), label: m.label, contextWindow: this.contextFor(m) };
  }

  /** The windows this device can give the model (pre-flight); undefined before the probe. */
  contextPlan(m: CatalogModel): ContextPlan | undefined {
    return this.facts ? planContext(m, this.facts) : undefined;
  }

  /** The window the model loads with: the user's pick, else the recommendation. */
  contextFor(m: CatalogModel): number {
    return this.contextChoice[m.id] ?? this.contextPlan(m)?.recommended ?? m.contextWindow;
  }

  setContext(id: string, tokens: number): void {
    this.contextChoice[id] = tokens;
  }

  /** A self-hosted library next to the weights (a static host answers 404 when it is not there). */
  async #hasDedicatedLib(m: CatalogModel): Promise<boolean> {
    const url = dedicatedLibUrl(m, document.baseURI, this.selfHostBase);
    if (!url) return false;
    try {
      const res = await fetch(url, { method: 'HEAD' });
      return res.ok && !/text\/html/i.test(res.headers.get('content-type') ?? '');
    } catch {
      return false;
    }
  }

  #sync(): void {
    const rows: Record<string, RowState> = {};
    for (const m of this.models) {
      const { error: lostWhy, ...status } = this.local.status(m.id);
      const error = this.#errors.get(m.id) ?? (lostWhy && classifyError(lostWhy));
      rows[m.id] = error ? { ...status, error } : status;
    }
    this.rows = rows;
    const lost = this.local.lost;
    this.lost = lost && { id: lost.id, label: lost.label, message: lost.error.message };
    const engine = this.local.engine;
    this.activeId = engine?.modelId;
    if (this.local.measuredSpeedMBps) this.speedMBps = this.local.measuredSpeedMBps;
    if (engine !== this.#engine) {
      this.#engine = engine;
      this.opts.onEngine?.(engine, this.active);
    }
    this.#recompute();
  }

  #setError(id: string, e: unknown): void {
    if (e === undefined) this.#errors.delete(id);
    else this.#errors.set(id, classifyError(e));
    this.#sync();
  }

  /** Probes the GPU and storage once (idempotent). */
  init(): Promise<void> {
    return (this.#init ??= (async () => {
      this.facts = await probeAdapter({ askPersist: true });
      this.#recomputedFor = '';
      await Promise.all([this.refreshCache(), this.checkCodeact()]);
      void this.#probeSpeed();
    })());
  }

  /** For the first-run estimate: time a short read from the recommended model's host. */
  async #probeSpeed(): Promise<void> {
    const a = this.advice;
    if (a?.kind !== 'model' || a.downloadMB === 0 || this.speedMBps) return;
    const speed = await this.local.measureSpeed(this.#loadable(a.model));
    if (speed && !this.speedMBps) this.speedMBps = speed;
  }

  setSelfHostBase(v: string): void {
    this.selfHostBase = v.trim() || 'models/';
    saveSelfHostBase(this.selfHostBase);
    void this.checkCodeact();
  }

  async checkCodeact(): Promise<void> {
    const m = CATALOG.find((x) => x.id === CODEACT_MODEL_ID);
    if (!m) return;
    this.codeactReachable = await this.local.isServed(this.#loadable(m));
    this.dedicatedLibs[m.id] = this.codeactReachable && (await this.#hasDedicatedLib(m));
    this.#recompute();
  }

  refreshCache(): Promise<void> {
    return this.local.refreshCache(this.models.map((m) => this.#loadable(m)));
  }

  #recomputedFor = '';

  /** Verdicts and the pick; they change only with the facts, the stored models or the catalog. */
  #recompute(): void {
    const facts = this.facts;
    if (!facts) return;
    const cached = new Set(
      this.models.filter((m) => this.row(m.id).cached?.complete).map((m) => m.id),
    );
    const key = JSON.stringify([this.models.map((m) => m.id), [...cached], this.codeactReachable]);
    if (key === this.#recomputedFor) return;
    this.#recomputedFor = key;
    this.verdicts = verdictsFor(this.models, facts, cached);
    this.pickedId = pickDefaultModel(
      this.verdicts,
      {
        cached,
        codeactWeightsReachable: this.codeactReachable,
        fits: (m) => fitsMemory(m, facts),
      },
      this.models,
    )?.id;
  }

  #model(id: string): CatalogModel {
    const m = this.models.find((x) => x.id === id);
    if (!m) throw new Error(`ModelNotFoundError: ${id} is not in the catalog`);
    return m;
  }

  /** Verdicts that make a download pointless (WebLLM would fail only after gigabytes). */
  #blocked(id: string): string | undefined {
    const v = this.verdicts.get(id);
    if (v?.kind === 'needs-f16') return `ShaderF16SupportError: ${v.reason}`;
    if (v?.kind === 'no-webgpu') return `WebGPUNotAvailableError: ${v.reason}`;
    return undefined;
  }

  /** Runs one row action with its own AbortController (Cancel aborts it); failures land on the row. */
  async #act(id: string, action: (signal: AbortSignal) => Promise<unknown>): Promise<boolean> {
    const blocked = this.#blocked(id);
    if (blocked) {
      this.#setError(id, blocked);
      return false;
    }
    const ctl = new AbortController();
    this.#controllers.get(id)?.abort();
    this.#controllers.set(id, ctl);
    this.#setError(id, undefined);
    try {
      await action(ctl.signal);
      return true;
    } catch (e) {
      this.#setError(id, e);
      return false;
    } finally {
      if (this.#controllers.get(id) === ctl) this.#controllers.delete(id);
    }
  }

  download(id: string): Promise<boolean> {
    const m = this.#model(id);
    return this.#act(id, (signal) => this.local.download(this.#loadable(m), { signal }));
  }

  /** Downloads what is missing, then loads onto the GPU; the app hears of it through onEngine. */
  load(id: string): Promise<boolean> {
    const m = this.#model(id);
    return this.#act(id, (signal) => this.local.load(this.#loadable(m), { signal }));
  }

  /** One click after a device loss or a stopped worker. */
  async reloadLost(): Promise<boolean> {
    return this.lost ? this.load(this.lost.id) : false;
  }

  cancel(id: string): void {
    this.#controllers.get(id)?.abort();
  }

  async remove(id: string): Promise<void> {
    const m = this.#model(id);
    this.#setError(id, undefined);
    try {
      await this.local.remove(this.#loadable(m));
      if (m.source === 'imported') this.#setUserModels(this.userModels.filter((x) => x.id !== id));
    } catch (e) {
      this.#setError(id, e);
    }
  }

  /** For "corrupted cache": delete what is stored and fetch everything again. */
  async clearAndDownload(id: string): Promise<void> {
    await this.remove(id);
    await this.download(id);
  }

  #importCtl: AbortController | undefined;

  cancelImport(): void {
    this.#importCtl?.abort();
  }

  async importFiles(files: PickedFile[], fallbackLibUrl: string, modelId?: string): Promise<void> {
    this.importError = undefined;
    this.#importCtl?.abort();
    const ctl = (this.#importCtl = new AbortController());
    this.importing = true;
    try {
      const { plan, result } = await this.local.importFolder(files, {
        signal: ctl.signal,
        baseURI: document.baseURI,
        fallbackLibUrl,
        modelId,
        onStep: (t) => (this.importStatus = t),
      });
      const ctx = plan.config.context_window_size;
      const stops = (plan.config.conv_template as { stop_str?: unknown } | undefined)?.stop_str;
      const entry = importedModel({
        id: plan.modelId,
        modelUrl: result.modelUrl,
        storedLib: plan.wasm ? result.modelLib : undefined,
        fallbackLib: fallbackLibUrl,
        totalBytes: result.totalBytes,
        contextWindow: ctx && ctx > 0 ? ctx : undefined,
        stopStrings: Array.isArray(stops) ? stops.filter((x) => typeof x === 'string') : undefined,
      });
      this.#setUserModels([...this.userModels.filter((m) => m.id !== entry.id), entry]);
      this.importStatus = `Imported ${plan.modelId}`;
      await this.refreshCache();
    } catch (e) {
      this.importStatus = '';
      this.importError = classifyError(e);
    } finally {
      if (this.#importCtl === ctl) {
        this.#importCtl = undefined;
        this.importing = false;
      }
    }
  }

  addCustom(weightsUrl: string, libUrl: string): ClassifiedError | undefined {
    try {
      const m = customModel({ weightsUrl, libUrl });
      this.#setUserModels([...this.userModels.filter((x) => x.id !== m.id), m]);
      void this.refreshCache();
      return undefined;
    } catch (e) {
      return {
        ...classifyError(e),
        title: 'Not a valid URL',
        message: 'Enter absolute http(s) URLs for the weights and the library.',
      };
    }
  }

  #setUserModels(list: CatalogModel[]): void {
    this.userModels = list;
    saveUserModels(list);
    this.#sync();
  }
}
