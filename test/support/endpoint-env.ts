// Test doubles for the endpoint engine's browser facilities (ProbeEnv) and canned HTTP
// answers: SSE bodies split into whatever pieces a test wants.
import type { ProbeEnv } from '../../src/engine/engines/endpoint/explain-failure';

export const PAGE = 'http://127.0.0.1:4173/';
export const BASE = 'http://localhost:8000/v1';

export function probeEnv(fetchImpl: typeof fetch, over: Partial<ProbeEnv> = {}): ProbeEnv {
  return {
    pageUrl: PAGE,
    fetch: fetchImpl,
    watchCoepBlock: () => ({ blocked: async () => false, stop() {} }),
    localNetworkPermission: async () => 'unknown',
    ...over,
  };
}

/** A body that delivers exactly these pieces, one read each (UTF-8 may split inside a character). */
export function byteStream(
  pieces: (string | Uint8Array)[],
  fail?: Error,
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (i < pieces.length) {
        const p = pieces[i++]!;
        ctl.enqueue(typeof p === 'string' ? enc.encode(p) : p);
      } else if (fail) ctl.error(fail);
      else ctl.close();
    },
  });
}

export function chunkEvent(content: string | null, finish: string | null = null): string {
  const delta = content === null ? {} : { content };
  return `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

export function usageEvent(prompt: number, completion: number): string {
  return `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion } })}\n\n`;
}

/** The SSE text of a whole streamed reply: one event per piece, finish, usage, [DONE]. */
export function sseText(
  pieces: string[],
  opts: { finish?: string; usage?: [number, number] } = {},
): string {
  return (
    pieces.map((p) => chunkEvent(p)).join('') +
    chunkEvent(null, opts.finish ?? 'stop') +
    (opts.usage ? usageEvent(...opts.usage) : '') +
    'data: [DONE]\n\n'
  );
}

export function sseResponse(pieces: (string | Uint8Array)[], fail?: Error): Response {
  return new Response(byteStream(pieces, fail), {
    status: 200,
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

export function jsonResponse(status: number, data: unknown): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** Split text into pieces of `size` bytes of its UTF-8 encoding. */
export function splitBytes(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.slice(i, i + size));
  return out;
}
