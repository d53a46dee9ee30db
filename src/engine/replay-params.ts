// The app's replay URL parameters: `?replay=<url>` selects the replay engine with that transcript,
// `&autorun=1` sends the transcript's prompt at once, `&pace=<ms>` sets the chunk pace (0 = instant).
import { loadTranscript, ReplayEngine, type ReplayTranscript } from './replay-engine';

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

export interface ReplaySetup {
  engine: ReplayEngine;
  transcript: ReplayTranscript;
  autorun: boolean;
}

/** Loads the transcript named in the URL; undefined when there is no `replay` parameter. */
export async function replayFromLocation(
  search: string,
  baseURI: string,
  signal?: AbortSignal,
): Promise<ReplaySetup | undefined> {
  const p = parseReplayParams(search, baseURI);
  if (!p) return undefined;
  const transcript = await loadTranscript(p.url, signal);
  return {
    engine: new ReplayEngine(transcript, { paceMs: p.paceMs }),
    transcript,
    autorun: p.autorun,
  };
}
