// The app's replay URL parameters: `?replay=<url>` selects the replay engine with that transcript,
// `&autorun=1` sends the transcript's prompt at once, `&pace=<ms>` sets the chunk pace (0 = instant).

export interface ReplayParams {
  /** Absolute transcript URL (relative values resolve against the page's base URI). */
  url: string;
  autorun: boolean;
  paceMs?: number;
}

export function parseReplayParams(search: string, baseURI: string): ReplayParams | undefined {
  const q = new URLSearchParams(search);
  const raw = q.get('replay');
  if (!raw) return undefined;
  const pace = q.get('pace');
  const paceMs = pace !== null && /^\d+$/.test(pace) ? Number(pace) : undefined;
  return { url: new URL(raw, baseURI).href, autorun: q.get('autorun') === '1', paceMs };
}
