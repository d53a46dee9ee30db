// GET {base}/models: the models a server serves. vLLM adds `max_model_len`; llama.cpp adds
// `meta.n_ctx_train`; others give only ids (the context window then stays unknown).
import { badResponseError, noModelsError } from './errors';
import { request, type Connection } from './client';

export interface ServedModel {
  id: string;
  /** Context window in tokens, when the server says. */
  contextWindow?: number;
  ownedBy?: string;
}

const positive = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;

export function parseModelList(json: unknown, url: string): ServedModel[] {
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw badResponseError(url, 'no "data" list of models');
  return data
    .filter(
      (m): m is Record<string, unknown> => !!m && typeof (m as { id?: unknown }).id === 'string',
    )
    .map((m) => {
      const meta = m.meta as { n_ctx_train?: unknown } | undefined;
      const out: ServedModel = { id: m.id as string };
      const ctx = positive(m.max_model_len) ?? positive(meta?.n_ctx_train);
      if (ctx) out.contextWindow = ctx;
      if (typeof m.owned_by === 'string') out.ownedBy = m.owned_by;
      return out;
    });
}

export async function listModels(conn: Connection, signal?: AbortSignal): Promise<ServedModel[]> {
  const res = await request(conn, '/models', { signal });
  const url = `${conn.baseUrl}/models`;
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw badResponseError(url, 'the answer is not JSON');
  }
  const models = parseModelList(json, url);
  if (models.length === 0) throw noModelsError(conn.baseUrl);
  return models;
}
