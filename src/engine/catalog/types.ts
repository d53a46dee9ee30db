// What a catalog model is, for every backend: a neutral core (what the agent, the Models panel
// and the device advice read) and a per-backend source (what only that backend's runtime reads to
// fetch and load it). A new backend adds one member to `ModelSource`.

/** The local backends that can run a catalog model in the browser. */
export type LocalBackend = 'webllm' | 'wllama';

/** The agent's system-prompt style: CodeActAgent's own (trained on it) or generic instruct models. */
export type PromptDialect = 'codeact' | 'generic';

/** Where a model's files are: an absolute URL (any CORS host) or a path relative to the app. */
export type FileLocation = { kind: 'url'; url: string } | { kind: 'self-hosted'; path: string };

/** WebLLM (MLC): a weights folder (mlc-chat-config.json, tensor-cache.json, shards) and a .wasm. */
export interface WebLLMSource {
  backend: 'webllm';
  weights: FileLocation;
  /** Absolute URL of the model library (.wasm), or a path relative to the app. */
  modelLib: string;
  /** A library compiled for this very model, looked for inside the weights folder. */
  dedicatedLib?: string;
  overrides?: Record<string, unknown>;
}

/** llama.cpp via wllama: one GGUF file, or the shards of a split GGUF in order. */
export interface WllamaSource {
  backend: 'wllama';
  files: FileLocation[];
  /**
   * The published size of the model, all files together, where a public record confirms it (its
   * sha256 is known): a download whose files do not add up to it is refused. Unset: the size is
   * an estimate and only the files' GGUF headers are checked.
   */
  bytes?: number;
}

export type ModelSource = WebLLMSource | WllamaSource;

/** The KV-cache shape of a model: what one token of context costs. */
export interface KvShape {
  /** Layers that keep a KV cache (hybrid models: only the full-attention ones). */
  attentionLayers: number;
  kvHeads: number;
  headDim: number;
  /** `config`: the model's published config values; `estimate`: inferred (docs/models.md says from what). */
  source: 'config' | 'estimate';
}

export interface CatalogModel {
  id: string;
  label: string;
  /** Size-level group used by the default preference (e.g. `qwen3-8b`). */
  family: string;
  /** The model series (prompt format, reasoning, history rules): a key of SERIES in families.ts. */
  series?: string;
  /** The backend's own quantization name (MLC `q4f16_1`, GGUF `Q4_K_M`). */
  quantization: string;
  dialect: PromptDialect;
  /** Context window in tokens the model is loaded with by default. */
  contextWindow: number;
  /** The longest context the model was trained for: the upper end of the windows offered. */
  maxContext?: number;
  kv?: KvShape;
  /** Memory the loaded model needs where it runs (GPU memory on WebGPU, RAM on CPU), MB; 0: unknown. */
  memoryMB: number;
  /** Approximate download size in MB. */
  downloadMB: number;
  /** Fits small GPU buffer limits (WebLLM's low-resource flag); CPU backends ignore it. */
  lowResource: boolean;
  /** Chat-template end tokens, passed as stop strings (the agent adds `</execute>`). */
  stopStrings: string[];
  /** What the user must provide before it can run (shown on the card). */
  needs?: string;
  /** Why output may be worse than the model can do (shown on the card while it applies). */
  caveat?: string;
  /** Where the entry comes from: the app's catalog, a user's URL, or a folder imported from disk. */
  origin: 'codeact' | 'prebuilt' | 'custom' | 'imported';
  source: ModelSource;
}

/** A catalog model of one backend (its runtime's functions take these). */
export type ModelOf<B extends LocalBackend> = CatalogModel & {
  source: Extract<ModelSource, { backend: B }>;
};
