// Download manager: fills WebLLM's cache with a model's files before WebLLM loads it, so the app
// knows the total size up front, reports MB/speed/ETA, cancels cleanly, and resumes per shard
// (finished shards are kept and never re-requested). WebLLM then finds everything cached.
import { downloadProgress } from '../progress';
import type { LoadProgress } from '../runtime';
import {
  CONFIG_FILE,
  libIsCacheable,
  parseTensorCache,
  SCOPE,
  TENSOR_CACHE_FILE,
  tokenizerFilesToFetch,
  type ChatConfigJson,
} from './model-cache';

export interface DownloadTarget {
  /** Absolute weights base URL ending in `/resolve/<rev>/`. */
  model: string;
  model_lib: string;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
  fetch?: typeof fetch;
  caches?: CacheStorage;
  now?: () => number;
}

async function fetchOk(f: typeof fetch, url: string, signal?: AbortSignal): Promise<Response> {
  const res = await f(url, { signal });
  if (res.status === 404) throw new Error(`ModelFileNotFoundError: HTTP 404 for ${url}`);
  if (!res.ok) throw new Error(`NetworkError: HTTP ${res.status} for ${url}`);
  return res;
}

/** Reads a body while counting bytes, so progress moves inside big shards. */
async function readCounting(res: Response, onBytes: (n: number) => void): Promise<Blob> {
  if (!res.body) return res.blob();
  const parts: Uint8Array[] = [];
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    onBytes(value.byteLength);
  }
  return new Blob(parts as BlobPart[]);
}

export async function downloadModelFiles(
  target: DownloadTarget,
  opts: DownloadOptions = {},
): Promise<{ totalBytes: number }> {
  const f = opts.fetch ?? fetch.bind(globalThis);
  const storage = opts.caches ?? caches;
  const now = opts.now ?? (() => performance.now());
  const { signal } = opts;
  const modelCache = await storage.open(SCOPE.model);
  const url = (name: string) => new URL(name, target.model).href;

  // Small files first: config and manifest also validate that the address serves a model.
  const configCache = await storage.open(SCOPE.config);
  let config: ChatConfigJson;
  const cachedConfig = await configCache.match(url(CONFIG_FILE));
  if (cachedConfig) config = await cachedConfig.json();
  else {
    const text = await (await fetchOk(f, url(CONFIG_FILE), signal)).text();
    config = parseJson(text, url(CONFIG_FILE)) as ChatConfigJson;
    await configCache.put(url(CONFIG_FILE), jsonResponse(text));
  }
  let manifestText: string;
  const cachedManifest = await modelCache.match(url(TENSOR_CACHE_FILE));
  if (cachedManifest) manifestText = await cachedManifest.text();
  else manifestText = await (await fetchOk(f, url(TENSOR_CACHE_FILE), signal)).text();
  const manifest = parseTensorCache(
    parseJson(manifestText, url(TENSOR_CACHE_FILE)),
    url(TENSOR_CACHE_FILE),
  );
  if (!cachedManifest) await modelCache.put(url(TENSOR_CACHE_FILE), jsonResponse(manifestText));

  for (const name of tokenizerFilesToFetch(config)) {
    if (await modelCache.match(url(name))) continue;
    const blob = await (await fetchOk(f, url(name), signal)).blob();
    await modelCache.put(url(name), new Response(blob));
  }

  const totalBytes = manifest.records.reduce((s, r) => s + r.nbytes, 0);
  let doneBytes = 0;
  let sessionBytes = 0;
  const started = now();
  const report = () =>
    opts.onProgress?.(downloadProgress(doneBytes, totalBytes, sessionBytes, now() - started));
  for (const rec of manifest.records) {
    const shardUrl = url(rec.dataPath);
    if (await modelCache.match(shardUrl)) {
      doneBytes += rec.nbytes; // resume: kept from an earlier, interrupted download
      report();
      continue;
    }
    const res = await fetchOk(f, shardUrl, signal);
    const blob = await readCounting(res, (n) => {
      doneBytes += n;
      sessionBytes += n;
      report();
    });
    if (blob.size !== rec.nbytes)
      throw new Error(
        `CorruptDownloadError: ${shardUrl} has ${blob.size} bytes, tensor-cache.json says ${rec.nbytes}`,
      );
    await modelCache.put(
      shardUrl,
      new Response(blob, { headers: { 'Content-Type': 'application/octet-stream' } }),
    );
  }

  if (libIsCacheable(target.model_lib)) {
    const wasmCache = await storage.open(SCOPE.wasm);
    if (!(await wasmCache.match(target.model_lib))) {
      const blob = await (await fetchOk(f, target.model_lib, signal)).blob();
      await wasmCache.put(
        target.model_lib,
        new Response(blob, { headers: { 'Content-Type': 'application/wasm' } }),
      );
    }
  }
  report();
  return { totalBytes };
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Typical cause: a static host answering a missing file with its index.html (WebLLM #289).
    throw new Error(`CorruptDownloadError: ${where} is not valid JSON`);
  }
}

const jsonResponse = (text: string) =>
  new Response(text, { headers: { 'Content-Type': 'application/json' } });
