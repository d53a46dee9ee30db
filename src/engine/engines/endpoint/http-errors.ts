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
import type { ServerKind } from './servers';

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
  /context length|context window|context size|maximum context|too many tokens|exceeds? .*(context|n_ctx)/i;

/**
 * The context window a server's error names: llama.cpp's `n_ctx` field; OpenAI, vLLM and
 * llama-cpp-python "maximum context length is N" / "context window of N"; SGLang "context
 * length (N tokens)".
 */
export function contextLimitOf(body: string, detail: string): number | undefined {
  try {
    const e = (JSON.parse(body) as { error?: { n_ctx?: unknown } } | null)?.error;
    if (typeof e?.n_ctx === 'number' && e.n_ctx > 0) return e.n_ctx;
  } catch {
    // not JSON
  }
  const m =
    /maximum context length (?:is |of )?(\d+)/i.exec(detail) ??
    /context window of (\d+)/i.exec(detail) ??
    /context length (?:of )?\(?(\d+) tokens/i.exec(detail);
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
const MODEL_MISSING =
  /model.*(not found|does not exist|not exist|unknown|no such)|unknown model|not found.*model/i;

export interface ResponseContext {
  baseUrl: string;
  /** The URL that was requested (for 404s). */
  url: string;
  /** The model asked for, when the request named one. */
  model?: string;
  hadKey: boolean;
  /** The server, when recognised (its way to raise the context window). */
  server?: ServerKind;
  /** The raw error body (some servers put numbers beside the message). */
  body?: string;
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
    return contextWindowError(status, detail, {
      limit: contextLimitOf(ctx.body ?? '', detail),
      server: ctx.server,
    });
  if (status >= 500) return serverError(ctx.baseUrl, status, detail);
  return badRequestError(ctx.baseUrl, status, detail);
}

export async function errorFromResponse(
  res: Response,
  ctx: ResponseContext,
): Promise<EndpointError> {
  const body = await res.text().catch(() => '');
  return errorForStatus(res.status, errorText(body), { ...ctx, body });
}
