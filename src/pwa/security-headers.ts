// The security headers (scripts/headers.mjs: COOP/COEP, the document CSP, the Python worker's CSP)
// added by the service worker, so hosts that send no headers (GitHub Pages and the like) still give
// a cross-origin isolated page and a browser-locked Python worker once the service worker controls
// the page. The list itself lives in one place, shared with scripts/serve.mjs and the dev server.
import { securityHeaders } from '../../scripts/headers.mjs';

function kindOf(request: Request, response: Response): 'document' | 'worker' | 'other' {
  const dest = request.destination;
  if (dest === 'document' || dest === 'iframe' || request.mode === 'navigate') return 'document';
  if (dest === 'worker' || dest === 'sharedworker') return 'worker';
  // A precached page fetched without a destination (cache refresh) is still a page.
  return /^text\/html\b/.test(response.headers.get('Content-Type') ?? '') ? 'document' : 'other';
}

export function withSecurityHeaders(response: Response, request: Request): Response {
  // Opaque and error responses cannot be rebuilt; pass them through untouched.
  if (response.type === 'opaque' || response.type === 'error' || response.status === 0)
    return response;
  const wanted = securityHeaders(new URL(request.url).pathname, kindOf(request, response));
  if (Object.entries(wanted).every(([k, v]) => response.headers.get(k) === v)) return response;
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(wanted)) headers.set(k, v);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
