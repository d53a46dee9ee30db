// The model server's base URL as the user typed it, made canonical, and what the browser
// will think of it: which address space it lives in (Chrome's Local Network Access) and
// whether an https page may call it at all (mixed content).

export type AddressSpace = 'loopback' | 'local' | 'public';

/** Thrown for a base URL that cannot be used; the message says how to write it. */
export class BaseUrlError extends Error {
  override name = 'BaseUrlError';
}

const TRAILING_ENDPOINT = /\/(chat\/completions|completions|models)\/?$/;

/**
 * `localhost:11434` → `http://localhost:11434/v1`; `http://h:8000/v1/` → `http://h:8000/v1`;
 * a pasted `…/v1/chat/completions` or `…/v1/models` keeps only the base.
 */
export function normalizeBaseUrl(input: string): string {
  let text = input.trim();
  if (!text) throw new BaseUrlError('Enter the server address, e.g. http://localhost:11434/v1.');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BaseUrlError(
      `"${input.trim()}" is not a URL. Write it like http://localhost:11434/v1.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new BaseUrlError(
      `The address must start with http:// or https:// (got ${url.protocol}).`,
    );
  if (url.username || url.password)
    throw new BaseUrlError(
      'Do not put a user name, password or key in the address: use the API key field.',
    );
  if (url.search || url.hash)
    throw new BaseUrlError('The address must not have a query (?…) or a fragment (#…).');
  // A server listening on every interface prints 0.0.0.0 (vLLM does); browsers block that
  // address, and on this machine the server is reached at the loopback address.
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  else if (url.hostname === '[::]') url.hostname = '[::1]';
  let path = url.pathname.replace(/\/+$/, '').replace(TRAILING_ENDPOINT, '');
  // Every server we know of serves the OpenAI API under /v1.
  if (path === '') path = '/v1';
  return `${url.origin}${path}`;
}

/** What normalizeBaseUrl changed that the user should know about ('' when nothing). */
export function baseUrlNote(input: string): string {
  const host = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(\[[^\]]*\]|[^/:?#]*)/i.exec(input.trim())?.[1];
  if (host === '0.0.0.0' || host === '[::]')
    return `${host} means "every address" to the server, and browsers refuse to call it: using ${host === '0.0.0.0' ? '127.0.0.1' : '[::1]'} (this machine) instead. For a server on another machine, use that machine's address.`;
  return '';
}

/** The address without anything secret, for labels, logs and exports. */
export function displayUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(invalid address)';
  }
}

function ipv4(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
  const n = parts.map(Number);
  return n.every((x) => x <= 255) ? n : undefined;
}

/** The address space a host name belongs to, as far as the name alone tells (DNS can say otherwise). */
export function addressSpaceOf(hostname: string): AddressSpace {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return 'loopback';
  const v4 = ipv4(host);
  if (v4) {
    const [a, b] = v4 as [number, number, number, number];
    if (a === 127) return 'loopback';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'local';
    if ((a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127) || a === 0) return 'local';
    return 'public';
  }
  if (/^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host)) return 'local';
  if (host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.lan'))
    return 'local';
  if (!host.includes('.')) return 'local'; // a bare machine name on the LAN
  return 'public';
}

const RANK: Record<AddressSpace, number> = { public: 0, local: 1, loopback: 2 };

/** Chrome asks the user before a page calls a more private address space than its own. */
export function needsLocalNetworkPermission(pageUrl: string, baseUrl: string): boolean {
  const page = new URL(pageUrl);
  if (page.protocol === 'file:') return false; // file pages count as local and are exempt
  const target = addressSpaceOf(new URL(baseUrl).hostname);
  return RANK[target] > RANK[addressSpaceOf(page.hostname)];
}

/** An https page may call http:// only on loopback addresses; everything else is mixed content. */
export function isMixedContent(pageUrl: string, baseUrl: string): boolean {
  const page = new URL(pageUrl);
  const target = new URL(baseUrl);
  return (
    page.protocol === 'https:' &&
    target.protocol === 'http:' &&
    addressSpaceOf(target.hostname) !== 'loopback'
  );
}
