// Stop-string semantics shared by the replay engine and tests, mirroring WebLLM: the text is searched
// for a complete stop string, everything from the first one on is dropped, finish reason `stop`.

/** Index of the earliest complete stop string in `text`, or -1. */
export function findStop(text: string, stops: readonly string[]): number {
  let at = -1;
  for (const s of stops) {
    if (!s) continue;
    const i = text.indexOf(s);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  return at;
}

export function applyStop(
  text: string,
  stops: readonly string[],
): { text: string; stopped: boolean } {
  const i = findStop(text, stops);
  return i < 0 ? { text, stopped: false } : { text: text.slice(0, i), stopped: true };
}

/** Split `text` into small chunks the way a token stream arrives (a few characters each). */
export function chunkText(text: string, size = 4): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
