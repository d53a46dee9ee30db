// The deployment's list of the model folders it hosts: `local-models.json` in the self-hosted
// base (`models/` by default). The build always writes one (empty unless MODELS_DIR names
// models; see docs/deploy.md), so the app learns what a host serves from one small file
// instead of asking for each self-hosted model's files, which on most sites would answer
// 404 on every visit.

export const HOSTED_MANIFEST = 'local-models.json';

/**
 * What the manifest says: the model ids it lists; `unknown` where the base has no readable
 * manifest (a folder the user named, a host that predates the manifest: ask the files
 * themselves); `unreachable` where the request failed (offline: asking the files fails too).
 */
export type HostedList =
  { kind: 'listed'; ids: ReadonlySet<string> } | { kind: 'unknown' } | { kind: 'unreachable' };

/** Reads `<base>/local-models.json` ({ models: [{ id }] }). Never throws. */
export async function readHostedManifest(
  baseUrl: string,
  fetchFn: typeof fetch,
): Promise<HostedList> {
  const url = new URL(HOSTED_MANIFEST, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
  let res: Response;
  try {
    res = await fetchFn(url, { cache: 'no-cache' });
  } catch {
    return { kind: 'unreachable' };
  }
  if (!res.ok) return { kind: 'unknown' };
  try {
    const body = (await res.json()) as { models?: unknown };
    if (!Array.isArray(body.models)) return { kind: 'unknown' };
    const ids = body.models
      .map((m) => (m && typeof m === 'object' ? (m as { id?: unknown }).id : undefined))
      .filter((id): id is string => typeof id === 'string');
    return { kind: 'listed', ids: new Set(ids) };
  } catch {
    return { kind: 'unknown' }; // a static host's HTML page for a missing file
  }
}
