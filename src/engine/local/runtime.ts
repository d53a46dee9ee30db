// The life of a local model, for any backend: what one backend (a slice under local/<backend>/)
// implements and the one owner (local-models.ts) drives. Chat goes through the LLMEngine that
// `load` returns; everything before and after that (pre-flight, files, load, loss, removal) is
// here. Types only.
import type { CatalogModel, LocalBackend } from '../catalog/types';
import type { DeviceFacts } from '../device/facts';
import type { ContextPlan, Verdict } from '../device/verdict';
import type { LLMEngine } from '../engines/types';
import type { ClassifiedError } from '../errors';

export type {
  ComputeTarget,
  ContextOption,
  ContextPlan,
  Verdict,
  VerdictKind,
} from '../device/verdict';

export type LoadPhase = 'download' | 'load' | 'compile' | 'ready';

export interface LoadProgress {
  phase: LoadPhase;
  /** 0..100 within the phase. */
  percent: number;
  mbDone?: number;
  mbTotal?: number;
  /** MB/s over this session's transfer. */
  speedMBps?: number;
  etaSeconds?: number;
  text: string;
}

/** What is stored on this device for one model (shards: a split GGUF's files, MLC's params). */
export interface StoredModelInfo {
  /** Everything a load needs is stored. */
  complete: boolean;
  shardsCached: number;
  shardsTotal: number;
  bytes: number;
  totalBytes: number;
}

export interface ProgressOptions {
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
}

export interface RuntimeLoadOptions extends ProgressOptions {
  /** Context window in tokens (the user's pick or ContextPlan.recommended). */
  contextWindow?: number;
}

/** Files the user picked from disk (a folder or single files); `webkitRelativePath` when a folder. */
export interface PickedFile extends Blob {
  readonly name: string;
  readonly webkitRelativePath?: string;
}

export interface ImportRequest {
  files: PickedFile[];
  /** The id to store it under (default: from the files). */
  modelId?: string;
  /** A library for formats that need one and did not bring it (WebLLM: the .wasm URL). */
  libraryUrl?: string;
  signal?: AbortSignal;
  onStep?: (text: string) => void;
}

export interface HostedCheck {
  /** The files answer (self-hosted weights may be absent). */
  reachable: boolean;
  /** What is there fixes `CatalogModel.caveat` (WebLLM: the folder holds the model's own library). */
  caveatLifted: boolean;
}

/** Why a loaded model is gone (device lost, worker stopped): the owner shows it and offers a reload. */
export interface LostModel {
  id: string;
  label: string;
  error: Error;
}

/** A backend's own first-run pick for a device the usual advice finds nothing for. */
export interface FallbackAdvice {
  model: CatalogModel;
  /** Plain words: where it runs and the speed to expect, labelled as our estimate. */
  text: string;
}

export interface LocalRuntime {
  readonly backend: LocalBackend;
  /** Pre-flight from device facts; pure. `stored`: the files are here (no storage check). */
  verdict(model: CatalogModel, facts: DeviceFacts, opts?: { stored?: boolean }): Verdict;
  /** The error a download or load would end with on this device (so none starts), if any. */
  refusal(model: CatalogModel, verdict: Verdict): Error | undefined;
  contextPlan(model: CatalogModel, facts: DeviceFacts): ContextPlan;
  /** What is stored for the model. */
  status(model: CatalogModel): Promise<StoredModelInfo>;
  /** What is stored of each of these models that this backend runs (by model id). */
  listStored(models: readonly CatalogModel[]): Promise<Map<string, StoredModelInfo>>;
  /** Fetches what is missing; finished parts are kept on failure or abort and a rerun resumes. */
  download(model: CatalogModel, opts?: ProgressOptions): Promise<void>;
  /** Loads stored files (the owner downloads first); the engine is valid until unload or loss. */
  load(model: CatalogModel, opts?: RuntimeLoadOptions): Promise<LLMEngine>;
  /** Frees the loaded model, if this runtime holds one. */
  unload(): Promise<void>;
  /** Deletes everything stored for the model (unloading it first when it is loaded). */
  remove(model: CatalogModel): Promise<void>;
  /** The model this runtime held is gone; returns the unsubscribe. */
  onLost(cb: (lost: LostModel) => void): () => void;
  /**
   * Whether the model's self-hosted files answer at its address, and whether they lift its
   * caveat (only backends with self-hosted entries need it; absent: not reachable).
   */
  checkHosted?(model: CatalogModel, opts?: { signal?: AbortSignal }): Promise<HostedCheck>;
  /** MB/s from a short read of the model's first file, for the first-run estimate. */
  measureSpeed(model: CatalogModel, opts?: { signal?: AbortSignal }): Promise<number | undefined>;
  /** Whether picked files are this backend's format (checked before `importFiles`). */
  claimsImport?(files: readonly PickedFile[]): boolean;
  /** Stores picked files (nothing kept on failure or abort); returns the catalog entry for them. */
  importFiles?(req: ImportRequest): Promise<CatalogModel>;
  /**
   * The model this backend offers when no other recommendation stands (no usable GPU: a small
   * GGUF on the CPU), with a plain text saying where it runs and how fast we expect it.
   */
  fallbackAdvice?(facts: DeviceFacts): FallbackAdvice | undefined;
  /** Why no model of this backend is worth trying on this device (one sentence); absent: it may. */
  unavailableReason?(facts: DeviceFacts): string | undefined;
  /** This backend's own error strings in words the UI can act on (undefined: not one of its own). */
  explain(error: unknown): ClassifiedError | undefined;
  /** Test hook: the backend's worker dies as if it had crashed. */
  crashForTest?(detail?: string): void;
  dispose(): void;
}

/** What every runtime is built with; the registry (registry.ts) passes the same one to each. */
export interface RuntimeContext {
  /** The app's address, for paths relative to it (document.baseURI in the page). */
  baseURI(): string;
  /** The user's folder for self-hosted models (Models panel setting), relative to baseURI. */
  selfHostBase(): string;
  fetch?: typeof fetch;
  /** The Cache API; undefined where the browser refuses it (an opaque-origin frame). */
  caches?: () => CacheStorage | undefined;
}

/** How the registry builds a backend's runtime (registry.ts: one line per backend). */
export type RuntimeFactory = (ctx: RuntimeContext) => LocalRuntime;
