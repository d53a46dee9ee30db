// What a catalog model is, apart from the catalog itself: shared by the catalog, its data and the
// device pre-flight, which is why it sits in a module of its own (no import cycle between them).

export type Dialect = 'codeact' | 'generic';
export type Quantization = 'q4f16_1' | 'q4f32_1' | string;

export type WeightsSource =
  /** Absolute URL (Hugging Face or any CORS host). */
  | { kind: 'url'; url: string }
  /** Path relative to the app (document.baseURI), for self-hosting next to the app. */
  | { kind: 'self-hosted'; path: string };

export interface CatalogModel {
  id: string;
  label: string;
  family: string;
  quantization: Quantization;
  dialect: Dialect;
  /** Context window in tokens the model is loaded with. */
  contextWindow: number;
  vramMB: number;
  /** Approximate download size in MB (exact size comes from tensor-cache.json). */
  downloadMB: number;
  lowResource: boolean;
  weights: WeightsSource;
  /** Absolute URL of the model library (.wasm), or a path relative to the app. */
  modelLib: string;
  /** Chat-template end tokens, passed as stop strings (the agent adds `</execute>`). */
  stopStrings: string[];
  overrides?: Record<string, unknown>;
  source: 'codeact' | 'prebuilt' | 'custom' | 'imported';
}

export const needsShaderF16 = (m: Pick<CatalogModel, 'quantization'>): boolean =>
  /f16/.test(m.quantization);
