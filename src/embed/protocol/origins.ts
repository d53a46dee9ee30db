// Which origin may talk to the widget, and the widget's origin as seen by the host.
// Checks are exact string comparisons of serialised origins ("https://a.example:8443").

/** The serialised origin of an absolute http(s) URL, or null. */
export function originOf(url: string, base?: string): string | null {
  try {
    const u = new URL(url, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

export interface EmbedderClues {
  /** `host` query parameter the embed.js element adds to the iframe URL. */
  hostParam: string | null;
  /** `location.ancestorOrigins[0]` where the browser has it (Chromium, Safari). */
  ancestorOrigin: string | null;
  /** `document.referrer` (may be stripped by the host's referrer policy). */
  referrer: string;
}

/**
 * The origin of the page that embeds the widget, or null if it cannot be known.
 * The browser's own answer (ancestorOrigins) wins; a `host` parameter that contradicts
 * it is refused, so a URL cannot claim a different parent than the real one.
 */
export function expectedEmbedderOrigin(c: EmbedderClues): string | null {
  const claimed = c.hostParam ? originOf(c.hostParam) : null;
  if (c.ancestorOrigin) {
    const real = originOf(c.ancestorOrigin);
    if (claimed && claimed !== real) return null;
    return real;
  }
  return claimed ?? (c.referrer ? originOf(c.referrer) : null);
}

/** The widget accepts a message only from its direct parent window at the expected origin. */
export function acceptFromHost(
  ev: { origin: string; source: unknown },
  parent: unknown,
  expected: string | null,
): boolean {
  return expected !== null && ev.source === parent && ev.origin === expected;
}

/** The host accepts a message only from the widget's own window at the widget's origin. */
export function acceptFromWidget(
  ev: { origin: string; source: unknown },
  widgetWindow: unknown,
  widgetOrigin: string,
): boolean {
  return widgetWindow != null && ev.source === widgetWindow && ev.origin === widgetOrigin;
}
