// What a catalog model is, apart from the catalog itself: shared by the catalog, its data and the
// device pre-flight, which is why it sits in a module of its own (no import cycle between them).

export type Dialect = 'codeact' | 'generic';
export type Quantization = 'q4f16_1' | 'q4f32_1' | string;

export type WeightsSource =
  /** Absolute URL (Hugging Face or any CORS host). */
  | { kind: 'url'; url: string }
  /** Path relative to the app (document.baseURI), for self-hosting next to the app. */
  | { kind: 'self-hosted'; path: string };

/** The KV-cache shape of a model: what one token of context costs on the GPU. */
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
  quantization: Quantization;
  dialect: Dialect;
  /** Context window in tokens the model is loaded with by default (WebLLM's prebuilt 4096). */
  contextWindow: number;
  /** The longest context the model was trained for: the upper end of the windows offered. */
  maxContext?: number;
  kv?: KvShape;
  vramMB: number;
  /** Approximate download size in MB (exact size comes from tensor-cache.json). */
  downloadMB: number;
  lowResource: boolean;
  weights: WeightsSource;
  /** Absolute URL of the model library (.wasm), or a path relative to the app. */
  modelLib: string;
  /**
   * A library compiled for this very model, looked for inside the weights folder
   * (`<weights>/<file>`); used instead of `modelLib` when it is there.
   */
  dedicatedLib?: string;
  /** Chat-template end tokens, passed as stop strings (the agent adds `</execute>`). */
  stopStrings: string[];
  overrides?: Record<string, unknown>;
  /** What the user must provide before it can run (shown on the card). */
  needs?: string;
  /** Why output may be worse than the model can do (shown on the card while it applies). */
  caveat?: string;
  source: 'codeact' | 'prebuilt' | 'custom' | 'imported';
}

export const needsShaderF16 = (m: Pick<CatalogModel, 'quantization'>): boolean =>
  /f16/.test(m.quantization);
