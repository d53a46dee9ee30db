// COOP/COEP added by the service worker, so hosts that send no headers (GitHub Pages
// and the like) still give a cross-origin isolated page once the worker controls it.

export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

export function withIsolationHeaders(response: Response): Response {
  // Opaque and error responses cannot be rebuilt; pass them through untouched.
  if (response.type === 'opaque' || response.type === 'error' || response.status === 0)
    return response;
  if (Object.entries(ISOLATION_HEADERS).every(([k, v]) => response.headers.get(k) === v))
    return response;
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(ISOLATION_HEADERS)) headers.set(k, v);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
