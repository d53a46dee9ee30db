// GET {base}/models: the models a server serves. vLLM and SGLang add `max_model_len` (the
// context window they really use); llama.cpp adds `meta.n_ctx_train` (the length the model was
// trained for, not the server's -c: the real one comes from /props, see server-probe.ts);
// others give only ids. `owned_by` often names the server.
import { badResponseError, noModelsError } from './errors';
import { request, type Connection } from './client';
import type { ServerKind } from './servers';

export interface ServedModel {
  id: string;
  /** The context window in tokens the server runs this model with, when it says. */
  contextWindow?: number;
  /** Where contextWindow came from, for the setup panel (e.g. "Ollama /api/ps"). */
  contextFrom?: string;
  /** The model's training context (llama.cpp's n_ctx_train): an upper bound, not the window. */
  trainedContext?: number;
  ownedBy?: string;
  /** The server, when recognised: decides extra request fields and the thinking switch. */
  server?: ServerKind;
}

export const positive = (v: unknown): number | undefined =>
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
      const ctx = positive(m.max_model_len);
      if (ctx)
        Object.assign(out, { contextWindow: ctx, contextFrom: 'max_model_len in /v1/models' });
      const trained = positive(meta?.n_ctx_train);
      if (trained) out.trainedContext = trained;
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
