// The Models panel's state: a view of LocalModels (src/engine/local/local-models.ts), the one
// owner of on-device models over every backend's runtime (loads, downloads, what is stored). This
// class adds what only the panel needs: the catalog with the user's own models, the device facts,
// the backends' verdicts and the recommendation, one AbortController per row (Cancel aborts it),
// and the errors to show. It passes CatalogModels and never names a backend. It lives in AppState
// (`app.models`).
import {
  CATALOG,
  customWebLLMModel,
  firstRunAdvice,
  groupModels,
  LocalModels,
  pickDefaultModel,
  probeDevice,
  type Advice,
  type CatalogModel,
  type ClassifiedError,
  type ContextPlan,
  type DeviceFacts,
  type HostedCheck,
  type LLMEngine,
  type ModelStatus,
  type PickedFile,
  type Verdict,
} from '../../engine';
import {
  loadSelfHostBase,
  loadUserModels,
  saveSelfHostBase,
  saveUserModels,
} from './imported-registry';
import { cacheStorage } from '../../storage/guarded';

export type RowStatus = ModelStatus['phase'];

export interface RowState extends Omit<ModelStatus, 'error'> {
  /** The row's last failure (or why its loaded model is gone), shown until its next action. */
  error?: ClassifiedError;
}

const IDLE: RowState = Object.freeze({ phase: 'idle' });

export interface ModelsStateOptions {
  /** Told when the loaded model's engine changes (undefined: none is loaded any more). */
  onEngine?: (engine: LLMEngine | undefined, model: CatalogModel | undefined) => void;
}

export class ModelsState {
  facts = $state<DeviceFacts | undefined>();
  verdicts = $state(new Map<string, Verdict>());
  rows = $state.raw<Record<string, RowState>>({});
  userModels = $state<CatalogModel[]>(loadUserModels());
  selfHostBase = $state(loadSelfHostBase());
  /** Self-hosted models (entries that name `needs`): whether their files answer, per model id. */
  hosted = $state<Record<string, HostedCheck>>({});
  /** The model pre-flight picks (catalog order); the recommendation may still be "none". */
  pickedId = $state<string | undefined>();
  activeId = $state<string | undefined>();
  lost = $state.raw<{ id: string; label: string; message: string } | undefined>();
  importStatus = $state('');
  importError = $state<ClassifiedError | undefined>();
  importing = $state(false);
  /** Download speed measured in this visit (probe or download), for the first-run estimate. */
  speedMBps = $state<number | undefined>();
  /** Models the user confirmed although "this would be far too slow here" (verdict `too-slow`). */
  slowAllowed = $state<Record<string, boolean>>({});
  /** Context windows the user picked, per model id (otherwise pre-flight's recommendation). */
  contextChoice = $state<Record<string, number>>({});

  #controllers = new Map<string, AbortController>();
  #errors = new Map<string, ClassifiedError>();
  #engine: LLMEngine | undefined;
  #init: Promise<void> | undefined;

  constructor(
    // Model files go through the one guarded door: refused storage means nothing stored, not a crash.
    readonly local: LocalModels = new LocalModels({ caches: () => cacheStorage('model files') }),
    private readonly opts: ModelsStateOptions = {},
  ) {
    local.setSelfHostBase(this.selfHostBase);
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
    const facts = this.facts;
    const fallback = facts && !picked ? this.local.fallbackAdvice(facts) : undefined;
    const advised = picked ?? fallback?.model;
    return firstRunAdvice(!!facts, this.verdicts, picked, {
      cached: !!(advised && this.row(advised.id).cached?.complete),
      speedMBps: this.speedMBps,
      unavailable: facts && this.local.unavailableReason(facts),
      fallback,
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

  /** The windows this device can give the model (pre-flight); undefined before the probe. */
  contextPlan(m: CatalogModel): ContextPlan | undefined {
    return this.facts ? this.local.contextPlan(m, this.facts) : undefined;
  }

  /** The window the model loads with: the user's pick, else the recommendation. */
  contextFor(m: CatalogModel): number {
    return this.contextChoice[m.id] ?? this.contextPlan(m)?.recommended ?? m.contextWindow;
  }

  setContext(id: string, tokens: number): void {
    this.contextChoice[id] = tokens;
  }

  #sync(): void {
    const rows: Record<string, RowState> = {};
    for (const m of this.models) {
      const { error: lostWhy, ...status } = this.local.status(m.id);
      const error = this.#errors.get(m.id) ?? (lostWhy && this.local.classify(lostWhy));
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
    else this.#errors.set(id, this.local.classify(e));
    this.#sync();
  }

  /** Probes the device (GPU, CPU, memory, storage) once (idempotent). */
  init(): Promise<void> {
    return (this.#init ??= (async () => {
      this.facts = await probeDevice({ askPersist: true });
      this.#recomputedFor = '';
      await Promise.all([this.refreshCache(), this.checkHosted()]);
      void this.#probeSpeed();
    })());
  }

  /** For the first-run estimate: time a short read from the recommended model's host. */
  async #probeSpeed(): Promise<void> {
    const a = this.advice;
    if (a?.kind !== 'model' || a.downloadMB === 0 || this.speedMBps) return;
    // A backend's fallback (a small model on the CPU) is not probed: nothing leaves the page on a
    // device that got no GPU pick until the user asks for a download.
    if (a.note) return;
    const speed = await this.local.measureSpeed(a.model);
    if (speed && !this.speedMBps) this.speedMBps = speed;
  }

  setSelfHostBase(v: string): void {
    this.selfHostBase = v.trim() || 'models/';
    saveSelfHostBase(this.selfHostBase);
    this.local.setSelfHostBase(this.selfHostBase);
    void this.checkHosted();
  }

  /** Whether the files of the models the user hosts (entries that name `needs`) answer. */
  async checkHosted(): Promise<void> {
    for (const m of this.models.filter((x) => x.needs))
      this.hosted[m.id] = await this.local.checkHosted(m);
    this.#recompute();
  }

  refreshCache(): Promise<void> {
    return this.local.refreshCache(this.models);
  }

  #recomputedFor = '';

  /** Verdicts and the pick; they change only with the facts, the stored models or the catalog. */
  #recompute(): void {
    const facts = this.facts;
    if (!facts) return;
    const cached = new Set(
      this.models.filter((m) => this.row(m.id).cached?.complete).map((m) => m.id),
    );
    const reachable = new Set(
      Object.entries(this.hosted)
        .filter(([, h]) => h.reachable)
        .map(([id]) => id),
    );
    const key = JSON.stringify([this.models.map((m) => m.id), [...cached], [...reachable]]);
    if (key === this.#recomputedFor) return;
    this.#recomputedFor = key;
    this.verdicts = new Map(
      this.models.map((m) => [m.id, this.local.verdict(m, facts, { stored: cached.has(m.id) })]),
    );
    this.pickedId = pickDefaultModel(this.verdicts, { cached, reachable }, this.models)?.id;
  }

  #model(id: string): CatalogModel {
    const m = this.models.find((x) => x.id === id);
    if (!m) throw new Error(`ModelNotFoundError: ${id} is not in the catalog`);
    return m;
  }

  /** Runs one row action with its own AbortController (Cancel aborts it); failures land on the row. */
  async #act(id: string, action: (signal: AbortSignal) => Promise<unknown>): Promise<boolean> {
    // The model's backend refuses what its verdict rules out (a download would fail only later).
    const verdict = this.verdicts.get(id);
    if (verdict?.kind === 'too-slow' && !this.slowAllowed[id]) {
      // Nothing starts until the user confirmed "this would be far too slow here" on the card.
      this.#errors.set(id, {
        code: 'unsupported',
        title: 'Far too slow here',
        message: `${verdict.reason} Choose “Try it anyway…” on its card first if you still want it.`,
        action: 'none',
        detail: `too-slow: ${verdict.detail ?? verdict.reason}`,
      });
      this.#sync();
      return false;
    }
    const blocked = verdict && this.local.refusal(this.#model(id), verdict);
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

  /** The user read "this would be far too slow here" and wants the model anyway. */
  allowSlow(id: string): void {
    this.slowAllowed[id] = true;
  }

  download(id: string): Promise<boolean> {
    const m = this.#model(id);
    return this.#act(id, (signal) => this.local.download(m, { signal }));
  }

  /** Downloads what is missing, then loads; the app hears of it through onEngine. */
  load(id: string): Promise<boolean> {
    const m = this.#model(id);
    return this.#act(id, (signal) =>
      this.local.load(m, { signal, contextWindow: this.contextFor(m) }),
    );
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
      await this.local.remove(m);
      if (m.origin === 'imported') this.#setUserModels(this.userModels.filter((x) => x.id !== id));
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

  /** `libraryUrl`: the library for a folder that brings none (WebLLM's .wasm). */
  async importFiles(files: PickedFile[], libraryUrl?: string, modelId?: string): Promise<void> {
    this.importError = undefined;
    this.#importCtl?.abort();
    const ctl = (this.#importCtl = new AbortController());
    this.importing = true;
    try {
      const entry = await this.local.importFiles({
        files,
        libraryUrl,
        modelId,
        signal: ctl.signal,
        onStep: (t) => (this.importStatus = t),
      });
      this.#setUserModels([...this.userModels.filter((m) => m.id !== entry.id), entry]);
      this.importStatus = `Imported ${entry.id}`;
      await this.refreshCache();
    } catch (e) {
      this.importStatus = '';
      this.importError = this.local.classify(e);
    } finally {
      if (this.#importCtl === ctl) {
        this.#importCtl = undefined;
        this.importing = false;
      }
    }
  }

  /** A WebLLM (MLC) model at a URL with its library (the panel's "add a custom model" form). */
  addCustom(weightsUrl: string, libUrl: string): ClassifiedError | undefined {
    try {
      const m = customWebLLMModel({ weightsUrl, libUrl });
      this.#setUserModels([...this.userModels.filter((x) => x.id !== m.id), m]);
      void this.refreshCache();
      return undefined;
    } catch (e) {
      return {
        ...this.local.classify(e),
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
