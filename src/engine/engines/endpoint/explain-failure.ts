// Why did fetch() fail? From a page, a server that is down and a server that answered
// without CORS headers both surface as `TypeError: Failed to fetch`. This asks the browser
// the few questions it will answer:
//   0. Is this a page Chrome never lets reach a more private network (not a secure context)?
//   1. Was the local-network-access permission denied (Chrome), or never granted (the prompt
//      is open or was dismissed)? Then nothing was sent.
//   2. A `no-cors` probe: if it resolves (an opaque response), the server is up and the
//      real failure is CORS. Under COEP require-corp (this app when cross-origin isolated)
//      the opaque response is blocked too, but the browser then files a COEP report for
//      the probe's URL — and it files one only when a response actually arrived.
//   3. Otherwise nothing answered: unreachable.
import { addressSpaceOf, needsLocalNetworkPermission, type AddressSpace } from './base-url';
import {
  corsError,
  insecurePageError,
  localNetworkDeniedError,
  localNetworkPromptError,
  unreachableError,
  type EndpointError,
} from './errors';

export type PermissionAnswer = 'granted' | 'denied' | 'prompt' | 'unknown';

/** The browser facilities the explanation uses; tests inject fakes. */
export interface ProbeEnv {
  /** The page's own URL (its origin goes into the CORS advice). */
  pageUrl: string;
  fetch: typeof fetch;
  /** Start watching for a COEP block of `url`; `blocked(ms)` waits at most `ms` for one. */
  watchCoepBlock(url: string): { blocked(ms: number): Promise<boolean>; stop(): void };
  localNetworkPermission(target: AddressSpace): Promise<PermissionAnswer>;
  /** The browser implements Local Network Access (Chrome 142+: `Request.targetAddressSpace`). */
  localNetworkAccess?: boolean;
  /** The page is a secure context (https, localhost, file). Undefined: assume it is. */
  secureContext?: boolean;
}

/** How long to wait for the browser's COEP report after the probe failed. */
const REPORT_WAIT_MS = 1500;

export function pageOrigin(pageUrl: string): string {
  const url = new URL(pageUrl);
  return url.protocol === 'file:' ? 'null' : url.origin;
}

const isAbort = (e: unknown) => e instanceof Error && e.name === 'AbortError';

/** Turns a rejected fetch of `baseUrl`'s API into the error the user can act on. */
export async function explainFetchFailure(
  baseUrl: string,
  cause: unknown,
  env: ProbeEnv,
  signal?: AbortSignal,
): Promise<EndpointError> {
  const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  const origin = pageOrigin(env.pageUrl);
  if (needsLocalNetworkPermission(env.pageUrl, baseUrl)) {
    // Chrome silently refuses local-network requests from pages that are not secure.
    if (env.localNetworkAccess && env.secureContext === false)
      return insecurePageError(baseUrl, origin);
    const space = addressSpaceOf(new URL(baseUrl).hostname);
    const permission = await env.localNetworkPermission(space);
    if (permission === 'denied') return localNetworkDeniedError(baseUrl);
    if (permission === 'prompt' && env.localNetworkAccess) return localNetworkPromptError(baseUrl);
  }
  const probeUrl = `${baseUrl}/models?codeact-probe=${Math.random().toString(36).slice(2)}`;
  const watch = env.watchCoepBlock(probeUrl);
  try {
    await env.fetch(probeUrl, { mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal });
    return corsError(baseUrl, origin, detail);
  } catch (e) {
    if (isAbort(e)) throw e;
    if (await watch.blocked(REPORT_WAIT_MS)) return corsError(baseUrl, origin, detail);
  } finally {
    watch.stop();
  }
  return unreachableError(baseUrl, detail);
}
