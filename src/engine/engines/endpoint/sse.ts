// Reads a server-sent-events body (OpenAI streaming: `data: {json}` events, ending with
// `data: [DONE]`). Parsing is eventsource-parser's; this only feeds it decoded text and
// hands each event's data to the caller, in order, however the bytes were split.
import { createParser } from 'eventsource-parser';

export const DONE = '[DONE]';

/** `done`: the server sent [DONE]; `ended`: the body ended without it; `stopped`: the caller stopped. */
export type SseEnd = 'done' | 'ended' | 'stopped';

/** Largest event the parser buffers (a misbehaving server cannot fill the memory). */
const MAX_BUFFER = 4 * 1024 * 1024;

/** The server sent nothing for `ms`: a hung server or a stuck model load. */
export class StreamIdleError extends Error {
  override name = 'StreamIdleError';
  constructor(readonly ms: number) {
    super(`nothing arrived for ${Math.round(ms / 1000)} s`);
  }
}

/** `p`, or a StreamIdleError after `ms` (0: wait forever). */
export function withIdleLimit<T>(p: Promise<T>, ms: number): Promise<T> {
  if (!(ms > 0)) return p;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StreamIdleError(ms)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/**
 * Calls `onData` with every event's data until [DONE], the end of the body, or `onData`
 * returning false. Rejects with the reader's error (an AbortError after an abort), or with a
 * StreamIdleError when no bytes arrive for `idleMs` (the connection is then closed).
 */
export async function readSse(
  body: ReadableStream<Uint8Array>,
  onData: (data: string) => boolean | void,
  idleMs = 0,
): Promise<SseEnd> {
  const queue: string[] = [];
  let parseError: Error | undefined;
  const parser = createParser({
    onEvent: (event) => queue.push(event.data),
    onError: (e) => {
      if (e.type === 'max-buffer-size-exceeded') parseError = e;
    },
    maxBufferSize: MAX_BUFFER,
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  const drain = (): SseEnd | undefined => {
    if (parseError) throw parseError;
    while (queue.length) {
      const data = queue.shift() as string;
      if (data.trim() === DONE) return 'done';
      if (onData(data) === false) return 'stopped';
    }
    return undefined;
  };
  try {
    for (;;) {
      const { value, done } = await withIdleLimit(reader.read(), idleMs);
      if (done) {
        parser.feed(decoder.decode());
        parser.reset({ consume: true });
        return drain() ?? 'ended';
      }
      parser.feed(decoder.decode(value, { stream: true }));
      const end = drain();
      if (end) return end;
    }
  } finally {
    // Releases the connection when we stop early; a no-op once the body has ended.
    void reader.cancel().catch(() => {});
  }
}
