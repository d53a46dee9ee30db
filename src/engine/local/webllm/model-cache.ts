// Where WebLLM's default "cache" backend keeps model files (Cache API, keyed by absolute URL), and
// main-thread reads of it. WebLLM's own hasModelInCache runs in the worker; this file only needs
// the same key scheme (reference §3.3-3.4) to show sizes and partial downloads.

export const SCOPE = {
  config: 'webllm/config',
  model: 'webllm/model',
  wasm: 'webllm/wasm',
} as const;

export const CONFIG_FILE = 'mlc-chat-config.json';
export const TENSOR_CACHE_FILE = 'tensor-cache.json';

export interface ShardRecord {
  dataPath: string;
  nbytes: number;
}

export interface TensorCacheJson {
  records: ShardRecord[];
}

export interface ChatConfigJson {
  tokenizer_files?: string[];
  context_window_size?: number;
  [k: string]: unknown;
}

/** The tokenizer files WebLLM fetches: tokenizer.json when listed, else tokenizer.model. */
export function tokenizerFilesToFetch(config: ChatConfigJson): string[] {
  const listed = config.tokenizer_files ?? [];
  if (listed.includes('tokenizer.json')) return ['tokenizer.json'];
  if (listed.includes('tokenizer.model')) return ['tokenizer.model'];
  return [];
}

export function parseTensorCache(json: unknown, where: string): TensorCacheJson {
  const recs = (json as { records?: unknown })?.records;
  if (
    !Array.isArray(recs) ||
    recs.some((r) => typeof r?.dataPath !== 'string' || typeof r?.nbytes !== 'number')
  )
    throw new Error(`CorruptDownloadError: ${where} is not a valid tensor-cache.json`);
  return { records: recs as ShardRecord[] };
}

/** WebLLM skips its cache for libraries on a URL containing "localhost" (reference §3.2). */
export const libIsCacheable = (libUrl: string): boolean => !libUrl.includes('localhost');

export interface CachedModelInfo {
  /** tensor-cache.json and every shard are stored (what WebLLM's hasModelInCache checks). */
  complete: boolean;
  shardsCached: number;
  shardsTotal: number;
  /** Bytes of the stored shards. */
  bytes: number;
  totalBytes: number;
}

export async function cachedModelInfo(
  modelUrl: string,
  storage: CacheStorage = caches,
): Promise<CachedModelInfo> {
  const empty = { complete: false, shardsCached: 0, shardsTotal: 0, bytes: 0, totalBytes: 0 };
  const cache = await storage.open(SCOPE.model);
  const res = await cache.match(new URL(TENSOR_CACHE_FILE, modelUrl).href);
  if (!res) return empty;
  let tc: TensorCacheJson;
  try {
    tc = parseTensorCache(await res.json(), modelUrl);
  } catch {
    return empty;
  }
  let shardsCached = 0;
  let bytes = 0;
  for (const r of tc.records) {
    if (await cache.match(new URL(r.dataPath, modelUrl).href)) {
      shardsCached++;
      bytes += r.nbytes;
    }
  }
  const totalBytes = tc.records.reduce((s, r) => s + r.nbytes, 0);
  return {
    complete: shardsCached === tc.records.length,
    shardsCached,
    shardsTotal: tc.records.length,
    bytes,
    totalBytes,
  };
}
