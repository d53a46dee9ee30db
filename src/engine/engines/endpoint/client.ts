// One HTTP request to the model server, with every failure turned into an EndpointError:
// mixed content is refused before anything is sent, a rejected fetch is explained
// (CORS / unreachable / local-network permission), an HTTP error is read and classified.
import { isMixedContent } from './base-url';
import { mixedContentError, type EndpointError } from './errors';
import { explainFetchFailure, pageOrigin, type ProbeEnv } from './explain-failure';
import { errorFromResponse } from './http-errors';
import { FETCH_DEFAULTS, requestHeaders } from './request';

export interface Connection {
  /** Canonical base URL (see normalizeBaseUrl). */
  baseUrl: string;
  apiKey?: string;
  env: ProbeEnv;
}

/** Refuse what the browser would block anyway, with a better message than it gives. */
export function checkReachable(conn: Connection): EndpointError | undefined {
  if (isMixedContent(conn.env.pageUrl, conn.baseUrl))
    return mixedContentError(conn.baseUrl, pageOrigin(conn.env.pageUrl));
  return undefined;
}

export async function request(
  conn: Connection,
  path: string,
  opts: { body?: unknown; model?: string; signal?: AbortSignal },
): Promise<Response> {
  const blocked = checkReachable(conn);
  if (blocked) throw blocked;
  const url = `${conn.baseUrl}${path}`;
  const post = opts.body !== undefined;
  let res: Response;
  try {
    res = await conn.env.fetch(url, {
      ...FETCH_DEFAULTS,
      method: post ? 'POST' : 'GET',
      headers: requestHeaders(conn.apiKey, post),
      body: post ? JSON.stringify(opts.body) : undefined,
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof Error && e.name === 'AbortError') throw e;
    throw await explainFetchFailure(conn.baseUrl, e, conn.env, opts.signal);
  }
  if (!res.ok)
    throw await errorFromResponse(res, {
      baseUrl: conn.baseUrl,
      url,
      model: opts.model,
      hadKey: !!conn.apiKey,
    });
  return res;
}
