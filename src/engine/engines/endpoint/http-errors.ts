// A server that answered with an HTTP error: read what it said and pick the typed error.
// Servers phrase errors differently (OpenAI and llama.cpp: {error: {message}}, older vLLM:
// {message}, Ollama: {error: "…"}), so the text is dug out tolerantly.
import {
  badRequestError,
  contextWindowError,
  modelNotFoundError,
  notFoundError,
  serverError,
  unauthorizedError,
  type EndpointError,
} from './errors';

const MAX_DETAIL = 500;

/** The error text of a server's JSON (or plain text) error body. */
export function errorText(body: string): string {
  let text = body.trim();
  try {
    const json = JSON.parse(text) as unknown;
    const pick = (v: unknown): string | undefined => {
      if (typeof v === 'string') return v;
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        return pick(o.message) ?? pick(o.error) ?? pick(o.detail);
      }
      return undefined;
    };
    text = pick(json) ?? text;
  } catch {
    // not JSON: keep the text
  }
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

const CONTEXT =
  /context length|context window|maximum context|too many tokens|exceeds? .*(context|n_ctx)/i;
const MODEL_MISSING =
  /model.*(not found|does not exist|not exist|unknown|no such)|unknown model|not found.*model/i;

export interface ResponseContext {
  baseUrl: string;
  /** The URL that was requested (for 404s). */
  url: string;
  /** The model asked for, when the request named one. */
  model?: string;
  hadKey: boolean;
}

export function errorForStatus(
  status: number,
  detail: string,
  ctx: ResponseContext,
): EndpointError {
  if (status === 401 || status === 403)
    return unauthorizedError(ctx.baseUrl, status, detail, ctx.hadKey);
  if (ctx.model && (status === 404 || status === 400) && MODEL_MISSING.test(detail))
    return modelNotFoundError(ctx.baseUrl, ctx.model, status, detail);
  if (status === 404) return notFoundError(ctx.url, status, detail);
  if ((status === 400 || status === 413 || status === 422) && CONTEXT.test(detail))
    return contextWindowError(status, detail);
  if (status >= 500) return serverError(ctx.baseUrl, status, detail);
  return badRequestError(ctx.baseUrl, status, detail);
}

export async function errorFromResponse(
  res: Response,
  ctx: ResponseContext,
): Promise<EndpointError> {
  const body = await res.text().catch(() => '');
  return errorForStatus(res.status, errorText(body), ctx);
}
