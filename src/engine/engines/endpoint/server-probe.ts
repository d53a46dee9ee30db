// After /v1/models: which server this is, and the context window it really runs each model
// with. A wrong window is the worst failure here: Ollama silently drops the oldest messages
// past it (the user's task goes first), llama.cpp answers HTTP 400. So each server's own
// figure is read where it has one:
//   vLLM, SGLang   `max_model_len` in /v1/models (models.ts)
//   llama.cpp      GET /props → default_generation_settings.n_ctx (the -c it runs, per slot)
//   Ollama         GET /api/ps → context_length of the loaded model (only once it is loaded)
//   LM Studio      GET /api/v0/models → loaded_context_length
// Native endpoints are probed only for servers recognised from /v1/models (or Ollama's port),
// never on a hosted API.
import { guessServer, serverById, type ServerKind } from './servers';
import { probeJson, type Connection } from './client';
import { positive, type ServedModel } from './models';

/** `owned_by` values that name the server (llama-cpp-python says "me"). */
const OWNERS: Record<string, ServerKind> = {
  vllm: 'vllm',
  sglang: 'sglang',
  llamacpp: 'llamacpp',
  me: 'llama-cpp-python',
  organization_owner: 'lmstudio',
};

/** The server's kind from what /v1/models said, or a candidate worth one probe. */
function kindFromList(models: ServedModel[]): ServerKind | undefined {
  for (const m of models) {
    const kind = m.ownedBy !== undefined ? OWNERS[m.ownedBy] : undefined;
    if (kind) return kind;
  }
  if (models.some((m) => m.trainedContext)) return 'llamacpp';
  return undefined;
}

/** Ollama lists models as name:tag and owned by "library" (or the publisher's namespace). */
function mayBeOllama(conn: Connection, models: ServedModel[]): boolean {
  return (
    guessServer(conn.baseUrl)?.id === 'ollama' ||
    models.some((m) => m.ownedBy === 'library' || m.ownedBy === 'ollama' || /:[\w.-]+$/.test(m.id))
  );
}

async function isOllama(conn: Connection, signal?: AbortSignal): Promise<boolean> {
  const v = (await probeJson(conn, '/api/version', signal)) as { version?: unknown } | undefined;
  return typeof v?.version === 'string';
}

/** Ollama's loaded context for `id` (/api/ps lists only loaded models). */
export async function ollamaLoadedContext(
  conn: Connection,
  id: string,
  signal?: AbortSignal,
): Promise<number | undefined> {
  const ps = (await probeJson(conn, '/api/ps', signal)) as { models?: unknown } | undefined;
  if (!Array.isArray(ps?.models)) return undefined;
  const hit = (ps.models as Record<string, unknown>[]).find(
    (m) => m?.name === id || m?.model === id,
  );
  return positive(hit?.context_length);
}

async function llamacppContext(conn: Connection, signal?: AbortSignal) {
  const props = (await probeJson(conn, '/props', signal)) as
    { default_generation_settings?: { n_ctx?: unknown }; n_ctx?: unknown } | undefined;
  return positive(props?.default_generation_settings?.n_ctx) ?? positive(props?.n_ctx);
}

async function lmStudioContexts(conn: Connection, signal?: AbortSignal) {
  const list = (await probeJson(conn, '/api/v0/models', signal)) as { data?: unknown } | undefined;
  const out = new Map<string, number>();
  if (Array.isArray(list?.data))
    for (const m of list.data as Record<string, unknown>[]) {
      const n = positive(m?.loaded_context_length);
      if (typeof m?.id === 'string' && n) out.set(m.id, n);
    }
  return out;
}

const withContext = (m: ServedModel, n: number | undefined, from: string): ServedModel =>
  n ? { ...m, contextWindow: n, contextFrom: from } : m;

/** The models with their server and real context windows filled in where it can be read. */
export async function describeServer(
  conn: Connection,
  models: ServedModel[],
  signal?: AbortSignal,
): Promise<ServedModel[]> {
  let kind = kindFromList(models);
  if (!kind && mayBeOllama(conn, models) && (await isOllama(conn, signal))) kind = 'ollama';
  if (!kind) return models;
  const tagged = models.map((m) => ({ ...m, server: kind }));
  switch (kind) {
    case 'llamacpp': {
      const n = await llamacppContext(conn, signal);
      return tagged.map((m) => withContext(m, n, 'n_ctx in llama.cpp /props'));
    }
    case 'ollama':
      return Promise.all(
        tagged.map(async (m) =>
          withContext(m, await ollamaLoadedContext(conn, m.id, signal), 'Ollama /api/ps'),
        ),
      );
    case 'lmstudio': {
      const loaded = await lmStudioContexts(conn, signal);
      return tagged.map((m) => withContext(m, loaded.get(m.id), 'LM Studio /api/v0/models'));
    }
    default:
      return tagged;
  }
}

/** The context window to use for a model, and where the figure came from. */
export function contextFor(model: ServedModel, fallback: number): { tokens: number; from: string } {
  if (model.contextWindow)
    return { tokens: model.contextWindow, from: model.contextFrom ?? 'the server' };
  const server = serverById(model.server);
  if (server?.defaultContext)
    return { tokens: server.defaultContext, from: `${server.name}'s default` };
  const tokens = model.trainedContext ? Math.min(model.trainedContext, fallback) : fallback;
  return { tokens, from: 'not reported by the server: a safe default' };
}
