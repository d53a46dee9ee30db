// The files a transcript names (format codeact-replay/1, optional "files"): put into /workspace
// before the first action, so a demo works the same from the Demos list and from a URL. Each is
// fetched from the same origin as the page only: a link must not make the app pull someone
// else's data into the user's workspace.

export interface ReplayFile {
  /** Path inside /workspace, e.g. "sales.csv". */
  path: string;
  /** Where to fetch it, relative to the transcript. */
  url: string;
}

export function parseReplayFiles(v: unknown, bad: (why: string) => never): ReplayFile[] {
  if (!Array.isArray(v)) return bad('"files" must be an array');
  return v.map((f, i) => {
    if (typeof f === 'string' && f) return { path: f.split('/').pop() as string, url: f };
    const o = f as Partial<ReplayFile> | null;
    if (o && typeof o.path === 'string' && o.path && typeof o.url === 'string' && o.url)
      return { path: o.path, url: o.url };
    return bad(`files[${i}] must be a file name or {"path", "url"}`);
  });
}

/** Fetch each file (same origin as `pageOrigin` only) and hand it to `write`. */
export async function placeReplayFiles(
  files: ReplayFile[],
  transcriptUrl: string,
  pageOrigin: string,
  write: (path: string, data: Uint8Array) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  for (const f of files) {
    const url = new URL(f.url, transcriptUrl);
    if (url.origin !== pageOrigin)
      throw new Error(`the transcript's file "${f.path}" is not on this site (${url.origin}).`);
    const res = await fetch(url, { signal });
    if (!res.ok) throw new Error(`the transcript's file "${f.path}": HTTP ${res.status}`);
    await write(f.path, new Uint8Array(await res.arrayBuffer()));
  }
}
