// One HTTP request to the model server, with every failure turned into an EndpointError:
// mixed content is refused before anything is sent (unless the browser lets local-network
// requests through it), a rejected fetch is explained (CORS / unreachable / local-network
// permission / insecure page), an HTTP error is read and classified, and a server that does
// not even answer with headers within the idle limit is given up.
import { addressSpaceOf, isMixedContent } from './base-url';
import { idleError, mixedContentError, type EndpointError } from './errors';
import { explainFetchFailure, pageOrigin, type ProbeEnv } from './explain-failure';
import { errorFromResponse } from './http-errors';
import { FETCH_DEFAULTS, requestHeaders } from './request';
import type { ServerKind } from './servers';

export interface Connection {
  /** Canonical base URL (see normalizeBaseUrl). */
  baseUrl: string;
  apiKey?: string;
  env: ProbeEnv;
  /** The server, when recognised (what its errors advise). */
  server?: ServerKind;
}

/**
 * Chrome 142+ (Local Network Access): an https page may call an http:// server on the local
 * network once the user allows it, when the request says it targets the local network
 * (`targetAddressSpace`; private IP literals and `.local` names need no declaration). Set only
 * where the request would otherwise be mixed content: a wrong declaration fails the request.
 */
function targetSpace(conn: Connection): 'local' | 'loopback' | undefined {
  if (!conn.env.localNetworkAccess || !isMixedContent(conn.env.pageUrl, conn.baseUrl))
    return undefined;
  const space = addressSpaceOf(new URL(conn.baseUrl).hostname);
  return space === 'public' ? undefined : space;
}

/** Refuse what the browser would block anyway, with a better message than it gives. */
export function checkReachable(conn: Connection): EndpointError | undefined {
  if (isMixedContent(conn.env.pageUrl, conn.baseUrl) && !targetSpace(conn))
    return mixedContentError(conn.baseUrl, pageOrigin(conn.env.pageUrl));
  return undefined;
}

/** The fetch options of a request to this server (CORS, no cookies, the local-network hint). */
function fetchInit(conn: Connection, init: RequestInit): RequestInit {
  const space = targetSpace(conn);
  // `targetAddressSpace` is not in TypeScript's DOM types yet.
  return {
    ...FETCH_DEFAULTS,
    ...init,
    ...(space ? { targetAddressSpace: space } : {}),
  } as RequestInit;
}

export async function request(
  conn: Connection,
  path: string,
  opts: { body?: unknown; model?: string; signal?: AbortSignal; idleMs?: number },
): Promise<Response> {
  const blocked = checkReachable(conn);
  if (blocked) throw blocked;
  const url = `${conn.baseUrl}${path}`;
  const post = opts.body !== undefined;
  // Our own controller: the user's stop, or no answer within the idle limit.
  const ctl = new AbortController();
  const forward = () => ctl.abort(opts.signal?.reason);
  if (opts.signal?.aborted) forward();
  opts.signal?.addEventListener('abort', forward, { once: true });
  let silent = false;
  const idleMs = opts.idleMs ?? 0;
  const timer =
    idleMs > 0
      ? setTimeout(() => {
          silent = true;
          ctl.abort();
        }, idleMs)
      : undefined;
  let res: Response;
  try {
    res = await conn.env.fetch(
      url,
      fetchInit(conn, {
        method: post ? 'POST' : 'GET',
        headers: requestHeaders(conn.apiKey, post),
        body: post ? JSON.stringify(opts.body) : undefined,
        signal: ctl.signal,
      }),
    );
  } catch (e) {
    if (silent) throw idleError(conn.baseUrl, '', idleMs);
    if (e instanceof Error && e.name === 'AbortError') throw e;
    throw await explainFetchFailure(conn.baseUrl, e, conn.env, opts.signal);
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok)
    throw await errorFromResponse(res, {
      baseUrl: conn.baseUrl,
      url,
      model: opts.model,
      hadKey: !!conn.apiKey,
      server: conn.server,
    });
  return res;
}

/** The server's root (the base URL without its `/v1`), where native APIs live. */
export function rootOf(baseUrl: string): string {
  return baseUrl.replace(/\/v1$/, '');
}

/** How long a probe of a server's native API may take before it counts as absent. */
const PROBE_MS = 5000;

/**
 * GET a server's native endpoint (`/api/ps`, `/props`…) from its root: the parsed JSON, or
 * undefined for anything else (absent, refused, not JSON, too slow). Never explains failures:
 * a probe is a question, not a step the user asked for.
 */
export async function probeJson(
  conn: Connection,
  path: string,
  signal?: AbortSignal,
): Promise<unknown> {
  if (checkReachable(conn)) return undefined;
  const timeout = AbortSignal.timeout(PROBE_MS);
  const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const res = await conn.env.fetch(
      `${rootOf(conn.baseUrl)}${path}`,
      fetchInit(conn, { method: 'GET', headers: requestHeaders(conn.apiKey, false), signal: both }),
    );
    if (!res.ok) return undefined;
    return (await res.json()) as unknown;
  } catch {
    return undefined;
  }
}
