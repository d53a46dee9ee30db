// Offline model import: a folder (or files) holding an MLC model goes into WebLLM's cache under a
// stable same-origin URL, so it loads with no network at all. Everything is validated before the
// first write, and a failed write rolls back, so nothing is ever half-imported.
import {
  CONFIG_FILE,
  parseTensorCache,
  SCOPE,
  TENSOR_CACHE_FILE,
  tokenizerFilesToFetch,
  type ChatConfigJson,
  type TensorCacheJson,
} from './model-cache';

import type { PickedFile } from '../runtime';

export type { PickedFile } from '../runtime';

export interface ImportPlan {
  modelId: string;
  config: ChatConfigJson;
  tensorCache: TensorCacheJson;
  /** Basename → file, only the files that will be stored. */
  files: Map<string, PickedFile>;
  wasm?: PickedFile;
  totalBytes: number;
}

const importError = (msg: string) => new Error(`ModelImportError: ${msg}`);

/** Folder name of a folder pick, else a name derived from the config. */
function guessModelId(files: PickedFile[]): string {
  const rel = files.find((f) => f.webkitRelativePath)?.webkitRelativePath ?? '';
  const folder = rel.includes('/') ? rel.split('/')[0] : '';
  return sanitizeId(folder || 'imported-model');
}

export const sanitizeId = (s: string): string =>
  s
    .trim()
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'imported-model';

async function readJson(file: PickedFile): Promise<unknown> {
  try {
    return JSON.parse(await file.text());
  } catch {
    throw importError(`${file.name} is not valid JSON.`);
  }
}

/** Validates the picked files; throws ModelImportError naming every missing or wrong file. */
export async function planImport(picked: PickedFile[], modelId?: string): Promise<ImportPlan> {
  const byName = new Map<string, PickedFile>();
  let wasm: PickedFile | undefined;
  for (const f of picked) {
    if (f.name.endsWith('.wasm')) wasm = f;
    else byName.set(f.name, f);
  }
  const cfgFile = byName.get(CONFIG_FILE);
  const tcFile = byName.get(TENSOR_CACHE_FILE);
  const missing = [CONFIG_FILE, TENSOR_CACHE_FILE].filter((n) => !byName.has(n));
  if (!cfgFile || !tcFile) throw importError(`missing ${missing.join(' and ')}.`);
  const config = (await readJson(cfgFile)) as ChatConfigJson;
  let tensorCache: TensorCacheJson;
  try {
    tensorCache = parseTensorCache(await readJson(tcFile), TENSOR_CACHE_FILE);
  } catch (e) {
    throw importError(e instanceof Error ? e.message.replace(/^\w+: /, '') : String(e));
  }

  const problems: string[] = [];
  const files = new Map<string, PickedFile>([
    [CONFIG_FILE, cfgFile],
    [TENSOR_CACHE_FILE, tcFile],
  ]);
  for (const r of tensorCache.records) {
    const f = byName.get(r.dataPath);
    if (!f) problems.push(`missing shard ${r.dataPath}`);
    else if (f.size !== r.nbytes)
      problems.push(`${r.dataPath} has ${f.size} bytes, expected ${r.nbytes}`);
    else files.set(r.dataPath, f);
  }
  const tokenizer = tokenizerFilesToFetch(config);
  if (tokenizer.length === 0)
    problems.push('mlc-chat-config.json lists no tokenizer.json or tokenizer.model');
  for (const name of tokenizer) {
    const f = byName.get(name);
    if (!f) problems.push(`missing ${name}`);
    else files.set(name, f);
  }
  if (problems.length) throw importError(problems.join('; ') + '.');
  const totalBytes = [...files.values()].reduce((s, f) => s + f.size, 0) + (wasm?.size ?? 0);
  return {
    modelId: sanitizeId(modelId ?? guessModelId(picked)),
    config,
    tensorCache,
    files,
    wasm,
    totalBytes,
  };
}

/** Stable URL an imported model lives under (never fetched: every file is in the cache). */
export const importedModelUrl = (modelId: string, baseURI: string): string =>
  new URL(`imported-models/${encodeURIComponent(modelId)}/resolve/main/`, baseURI).href;

export interface ImportResult {
  modelUrl: string;
  /** The stored library URL when the folder had a .wasm, else the fallback passed in. */
  modelLib: string;
  totalBytes: number;
}

export async function storeImport(
  plan: ImportPlan,
  opts: { baseURI: string; fallbackLibUrl: string; caches?: CacheStorage; signal?: AbortSignal },
): Promise<ImportResult> {
  const storage = opts.caches ?? caches;
  const modelUrl = importedModelUrl(plan.modelId, opts.baseURI);
  const modelLib = plan.wasm ? new URL(plan.wasm.name, modelUrl).href : opts.fallbackLibUrl;
  const writes: [string, string, PickedFile][] = [...plan.files].map(([name, f]) => [
    name === CONFIG_FILE ? SCOPE.config : SCOPE.model,
    new URL(name, modelUrl).href,
    f,
  ]);
  if (plan.wasm) writes.push([SCOPE.wasm, modelLib, plan.wasm]);
  const done: [string, string][] = [];
  try {
    for (const [scope, url, file] of writes) {
      opts.signal?.throwIfAborted(); // a cancelled import rolls back like a failed one
      const cache = await storage.open(scope);
      await cache.put(url, new Response(file, { headers: { 'Content-Type': contentType(url) } }));
      done.push([scope, url]);
    }
  } catch (e) {
    for (const [scope, url] of done)
      await (await storage.open(scope)).delete(url).catch(() => false);
    throw e;
  }
  return { modelUrl, modelLib, totalBytes: plan.totalBytes };
}

const contentType = (url: string) =>
  url.endsWith('.json')
    ? 'application/json'
    : url.endsWith('.wasm')
      ? 'application/wasm'
      : 'application/octet-stream';
