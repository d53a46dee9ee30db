// State of the Models panel: pre-flight, catalog rows, downloads, loading, cache, import.
// Self-contained so the app layout only has to mount <ModelsPanel />; the app reads `engine` and
// `active` to chat with the loaded model.
import {
  CATALOG,
  customModel,
  dedicatedLibUrl,
  importedModel,
  pickDefaultModel,
  toModelRecord,
  type CatalogModel,
} from '../../engine/supply/catalog';
import { fitsMemory, planContext, type ContextPlan } from '../../engine/device/context-size';
import { CODEACT_MODEL_ID } from '../../engine/supply/catalog-data';
import { downloadModelFiles } from '../../engine/supply/downloader';
import { classifyError, type ClassifiedError } from '../../engine/errors';
import { probeAdapter } from '../../engine/device/gpu-probe';
import {
  cachedModelInfo,
  CONFIG_FILE,
  type CachedModelInfo,
} from '../../engine/supply/model-cache';
import { planImport, storeImport, type PickedFile } from '../../engine/supply/model-import';
import { verdictsFor, type AdapterFacts, type Verdict } from '../../engine/device/preflight';
import type { LoadProgress } from '../../engine/supply/progress';
import { WebLLMEngine } from '../../engine/engines/webllm/webllm-engine';
import {
  loadSelfHostBase,
  loadUserModels,
  saveSelfHostBase,
  saveUserModels,
} from './imported-registry';

export type RowStatus = 'idle' | 'downloading' | 'loading' | 'ready';

export interface RowState {
  status: RowStatus;
  progress?: LoadProgress;
  error?: ClassifiedError;
  cached?: CachedModelInfo;
}

const IDLE: RowState = Object.freeze({ status: 'idle' });

export class ModelsState {
  facts = $state<AdapterFacts | undefined>();

  verdicts = $state(new Map<string, Verdict>());
  rows = $state<Record<string, RowState>>({});
  userModels = $state<CatalogModel[]>(loadUserModels());
  selfHostBase = $state(loadSelfHostBase());
  codeactReachable = $state(false);
  defaultId = $state<string | undefined>();
  activeId = $state<string | undefined>();
  importStatus = $state('');
  importError = $state<ClassifiedError | undefined>();
  /** Context windows the user picked, per model id (otherwise pre-flight's recommendation). */
  contextChoice = $state<Record<string, number>>({});
  /** Models whose folder holds their own compiled library (CatalogModel.dedicatedLib). */
  dedicatedLibs = $state<Record<string, boolean>>({});
  readonly engine = new WebLLMEngine();

  #controllers = new Map<string, AbortController>();

  get models(): CatalogModel[] {
    return [...CATALOG, ...this.userModels];
  }
  get active(): CatalogModel | undefined {
    return this.models.find((m) => m.id === this.activeId);
  }

  /** Read-only view for templates (reading must not create state inside a derivation). */
  row(id: string): RowState {
    return this.rows[id] ?? IDLE;
  }

  #row(id: string): RowState {
    if (!this.rows[id]) this.rows[id] = { status: 'idle' };
    return this.rows[id];
  }

  record(m: CatalogModel) {
    return toModelRecord(m, document.baseURI, this.selfHostBase, {
      contextWindow: this.contextFor(m),
      useDedicatedLib: !!this.dedicatedLibs[m.id],
    });
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

  #init: Promise<void> | undefined;

  /** Probes the GPU and storage once (idempotent: the panel may mount more than once). */
  init(): Promise<void> {
    return (this.#init ??= (async () => {
      this.facts = await probeAdapter({ askPersist: true });
      await Promise.all([this.refreshCache(), this.checkCodeact()]);
    })());
  }

  setSelfHostBase(v: string): void {
    this.selfHostBase = v.trim() || 'models/';
    saveSelfHostBase(this.selfHostBase);
    void this.checkCodeact();
  }

  async checkCodeact(): Promise<void> {
    const m = CATALOG.find((x) => x.id === CODEACT_MODEL_ID);
    if (!m) return;
    try {
      const res = await fetch(`${this.record(m).model}${CONFIG_FILE}`);
      this.codeactReachable = res.ok && typeof (await res.json()) === 'object';
    } catch {
      this.codeactReachable = false;
    }
    this.dedicatedLibs[m.id] = this.codeactReachable && (await this.#hasDedicatedLib(m));
    this.#recompute();
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

  async refreshCache(): Promise<void> {
    for (const m of this.models) {
      this.#row(m.id).cached = await cachedModelInfo(this.record(m).model).catch(() => undefined);
    }
    this.#recompute();
  }

  #recompute(): void {
    const facts = this.facts;
    if (!facts) return;

    const cached = new Set(
      this.models.filter((m) => this.rows[m.id]?.cached?.complete).map((m) => m.id),
    );
    this.verdicts = verdictsFor(this.models, facts, cached);
    this.defaultId = pickDefaultModel(
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

  async download(id: string): Promise<boolean> {
    const row = this.#row(id);
    const blocked = this.#blocked(id);
    if (blocked) {
      row.error = classifyError(blocked);
      return false;
    }
    const ctl = new AbortController();
    this.#controllers.set(id, ctl);
    row.error = undefined;
    row.status = 'downloading';
    try {
      await downloadModelFiles(this.record(this.#model(id)), {
        signal: ctl.signal,
        onProgress: (p) => (this.#row(id).progress = p),
      });
      return true;
    } catch (e) {
      this.#row(id).error = classifyError(e);
      return false;
    } finally {
      this.#controllers.delete(id);
      this.#row(id).status = 'idle';
      this.#row(id).progress = undefined;
      await this.refreshCache();
    }
  }

  /** Downloads what is missing, then loads onto the GPU. */
  async load(id: string): Promise<void> {
    const m = this.#model(id);
    if (!this.#row(id).cached?.complete && !(await this.download(id))) return;
    // WebLLM unloads the current model first: the previously loaded row is no longer ready.
    if (this.activeId && this.activeId !== id) this.#row(this.activeId).status = 'idle';
    this.activeId = undefined;
    const row = this.#row(id);
    row.status = 'loading';
    row.error = undefined;
    try {
      const ok = await this.engine.load(
        { record: this.record(m), label: m.label, contextWindow: this.contextFor(m) },
        (p) => (this.#row(id).progress = p),
      );
      this.#row(id).status = ok ? 'ready' : 'idle';
      if (ok) this.activeId = id;
    } catch (e) {
      this.#row(id).status = 'idle';
      this.#row(id).error = classifyError(e);
    }
    this.#row(id).progress = undefined;
  }

  async cancel(id: string): Promise<void> {
    this.#controllers.get(id)?.abort();
    if (this.#row(id).status === 'loading') await this.engine.cancelLoad();
  }

  async remove(id: string): Promise<void> {
    const m = this.#model(id);
    try {
      await this.engine.deleteModel(this.record(m));
      if (this.activeId === id) this.activeId = undefined;
      this.#row(id).status = 'idle';
      this.#row(id).error = undefined;
      if (m.source === 'imported') this.#setUserModels(this.userModels.filter((x) => x.id !== id));
    } catch (e) {
      this.#row(id).error = classifyError(e);
    }
    await this.refreshCache();
  }

  /** For "corrupted cache": delete what is stored and fetch everything again. */
  async clearAndDownload(id: string): Promise<void> {
    await this.remove(id);
    await this.download(id);
  }

  async importFiles(files: PickedFile[], fallbackLibUrl: string, modelId?: string): Promise<void> {
    this.importError = undefined;
    this.importStatus = 'Checking files…';
    try {
      const plan = await planImport(files, modelId);
      this.importStatus = `Storing ${plan.files.size + (plan.wasm ? 1 : 0)} files…`;
      const res = await storeImport(plan, { baseURI: document.baseURI, fallbackLibUrl });
      const ctx = plan.config.context_window_size;
      const stops = (plan.config.conv_template as { stop_str?: unknown } | undefined)?.stop_str;
      const entry = importedModel({
        id: plan.modelId,
        modelUrl: res.modelUrl,
        storedLib: plan.wasm ? res.modelLib : undefined,
        fallbackLib: fallbackLibUrl,
        totalBytes: res.totalBytes,
        contextWindow: ctx && ctx > 0 ? ctx : undefined,
        stopStrings: Array.isArray(stops) ? stops.filter((x) => typeof x === 'string') : undefined,
      });
      this.#setUserModels([...this.userModels.filter((m) => m.id !== entry.id), entry]);
      this.importStatus = `Imported ${plan.modelId}`;
      await this.refreshCache();
    } catch (e) {
      this.importStatus = '';
      this.importError = classifyError(e);
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
  }
}

let shared: ModelsState | undefined;

/** The one ModelsState of the page: the panel shows it, the chat reads `engine` and `active`. */
export function getModelsState(): ModelsState {
  return (shared ??= new ModelsState());
}
