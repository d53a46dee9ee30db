// FAKE LocalRuntime for unit tests: a backend that stores files in a Set and "loads" a FakeEngine,
// so the backend-neutral owner (LocalModels) can be driven with two backends at once. It stands
// for no real backend; the WebLLM runtime has its own tests over a fake worker.
import type { CatalogModel, LocalBackend } from '../../src/engine/catalog/catalog';
import type { DeviceFacts } from '../../src/engine/device/facts';
import type { Verdict } from '../../src/engine/device/verdict';
import type { LLMEngine } from '../../src/engine/engines/types';
import type {
  ImportRequest,
  LocalRuntime,
  LostModel,
  PickedFile,
  ProgressOptions,
  StoredModelInfo,
} from '../../src/engine/local/runtime';
import { FakeEngine } from './fake-engine';

export class FakeLocalRuntime implements LocalRuntime {
  readonly stored = new Set<string>();
  readonly calls: string[] = [];
  loaded: string | undefined;
  #lost = new Set<(lost: LostModel) => void>();

  constructor(
    readonly backend: LocalBackend,
    private readonly opts: { unavailable?: string; importExt?: string } = {},
  ) {}

  verdict(m: CatalogModel, _facts: DeviceFacts): Verdict {
    return { kind: 'runs', runsOn: 'cpu', fitsMemory: true, reason: `${m.id} runs`, warnings: [] };
  }
  refusal(): Error | undefined {
    return undefined;
  }
  contextPlan(m: CatalogModel) {
    return { options: [], recommended: m.contextWindow, reason: 'fake' };
  }
  async status(m: CatalogModel): Promise<StoredModelInfo> {
    const has = this.stored.has(m.id);
    const n = has ? 1 : 0;
    return { complete: has, shardsCached: n, shardsTotal: 1, bytes: n, totalBytes: 1 };
  }
  async listStored(models: readonly CatalogModel[]) {
    return new Map(
      await Promise.all(models.map(async (m) => [m.id, await this.status(m)] as const)),
    );
  }
  async download(m: CatalogModel, opts: ProgressOptions = {}): Promise<void> {
    this.calls.push(`download ${m.id}`);
    opts.onProgress?.({ phase: 'download', percent: 100, text: 'fake download' });
    this.stored.add(m.id);
  }
  async load(m: CatalogModel): Promise<LLMEngine> {
    this.calls.push(`load ${m.id}`);
    this.loaded = m.id;
    return new FakeEngine([]);
  }
  async unload(): Promise<void> {
    if (this.loaded) this.calls.push(`unload ${this.loaded}`);
    this.loaded = undefined;
  }
  async remove(m: CatalogModel): Promise<void> {
    this.stored.delete(m.id);
  }
  onLost(cb: (lost: LostModel) => void): () => void {
    this.#lost.add(cb);
    return () => this.#lost.delete(cb);
  }
  /** The fake's model is gone, as a lost GPU device or a crashed worker would make it. */
  lose(m: CatalogModel): void {
    this.loaded = undefined;
    for (const cb of this.#lost) cb({ id: m.id, label: m.label, error: new Error('fake loss') });
  }
  async checkHosted() {
    return { reachable: false, caveatLifted: false };
  }
  async measureSpeed() {
    return undefined;
  }
  claimsImport(files: readonly PickedFile[]): boolean {
    return !!this.opts.importExt && files.some((f) => f.name.endsWith(this.opts.importExt!));
  }
  async importFiles(req: ImportRequest): Promise<CatalogModel> {
    return fakeModel(req.modelId ?? 'imported', this.backend);
  }
  unavailableReason(): string | undefined {
    return this.opts.unavailable;
  }
  /** Reads only its own made-up error name. */
  explain(error: unknown) {
    return String(error).includes('FakeBackendError')
      ? {
          code: 'unknown' as const,
          title: `The fake ${this.backend} backend failed`,
          message: 'A FAKE error.',
          action: 'retry' as const,
          detail: String(error),
        }
      : undefined;
  }
  dispose(): void {}
}

/** A FAKE catalog entry of `backend` (the source fields are placeholders no runtime reads). */
export function fakeModel(id: string, backend: LocalBackend): CatalogModel {
  const core = {
    id,
    label: `Fake ${id}`,
    family: 'fake',
    quantization: 'fake',
    dialect: 'generic' as const,
    contextWindow: 2048,
    memoryMB: 0,
    downloadMB: 0,
    lowResource: true,
    stopStrings: [],
    origin: 'custom' as const,
  };
  const at = { kind: 'url' as const, url: `https://fake.example/${id}/` };
  return backend === 'webllm'
    ? { ...core, source: { backend, weights: at, modelLib: 'https://fake.example/lib.wasm' } }
    : { ...core, source: { backend, files: [at] } };
}
