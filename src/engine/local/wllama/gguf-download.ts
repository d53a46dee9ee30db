// Downloads a GGUF's files (a split GGUF's shards in parallel) into the GgufStore, resuming each
// from the bytes already stored, with one MB / speed / ETA progress over all of them. Stop is the
// AbortSignal: finished shards and partial bytes stay, and the next download resumes. Nothing is
// counted as stored unless it has exactly the size the server announced, and the whole model the
// size the catalog says (so another file at the address is refused before a byte is kept).
import { AppError } from '../../../errors/app-error';
import type { LoadProgress } from '../runtime';
import type { GgufStore } from './gguf-store';

export interface DownloadFile {
  name: string;
  url: string;
}

export interface GgufDownloadOptions {
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
  /** Shards fetched at once. */
  parallel?: number;
  fetch?: typeof fetch;
  /** The model's size as published (the catalog's `source.bytes`): the files must add up to it. */
  expectedBytes?: number;
}

const MB = 1e6;
const GGUF_MAGIC = new TextEncoder().encode('GGUF');

/** A host's split adds a small header per shard; anything further off is another file. */
const sizeMatches = (total: number, expected: number) =>
  Math.abs(total - expected) <= Math.max(MB, expected * 0.01);

const oversize = (name: string, announced: number) =>
  new AppError(
    'download-failed',
    `${name}: the server sent more than the ${announced} bytes it announced, so the file was discarded.`,
    { action: 'Try again later, or import the file from disk.' },
  );

/** The body, failing as soon as it carries more than `limit` bytes (nothing past it is written). */
function capped(
  body: ReadableStream<Uint8Array<ArrayBuffer>>,
  limit: number,
  onOver: () => Error,
): ReadableStream<Uint8Array<ArrayBuffer>> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
      transform(chunk, ctl) {
        seen += chunk.byteLength;
        if (seen > limit) throw onOver();
        ctl.enqueue(chunk);
      },
    }),
  );
}

/** The first byte of a 206's Content-Range, when the server lets the page read it (CORS). */
function rangeStart(res: Response): number | undefined {
  const m = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '');
  return m ? Number(m[1]) : undefined;
}

async function sizeOf(
  f: DownloadFile,
  doFetch: typeof fetch,
  signal?: AbortSignal,
): Promise<number> {
  const res = await doFetch(f.url, { method: 'HEAD', ...(signal ? { signal } : {}) });
  const n = Number(res.headers.get('content-length'));
  if (!res.ok || !Number.isFinite(n) || n <= 0)
    throw new AppError(
      'download-failed',
      `${f.name}: the server did not say how big it is (HTTP ${res.status}).`,
      {
        action: 'Check the model’s address, or import the file from disk.',
      },
    );
  return n;
}

export async function downloadGguf(
  store: GgufStore,
  modelId: string,
  files: readonly DownloadFile[],
  opts: GgufDownloadOptions = {},
): Promise<void> {
  const doFetch = opts.fetch ?? fetch.bind(globalThis);
  // One failed shard stops the others, and the call returns only when none is writing any more
  // (a retry must not find an old transfer still appending to the same part).
  const stopAll = new AbortController();
  opts.signal?.addEventListener('abort', () => stopAll.abort(opts.signal?.reason), { once: true });
  if (opts.signal?.aborted) stopAll.abort(opts.signal.reason);
  const signal = stopAll.signal;
  const stored = await store.inspect(
    modelId,
    files.map((f) => f.name),
  );
  const totals = await Promise.all(
    files.map((f, i) => (stored[i]!.complete ? stored[i]!.bytes : sizeOf(f, doFetch, signal))),
  );
  const total = totals.reduce((a, b) => a + b, 0);
  if (opts.expectedBytes && !sizeMatches(total, opts.expectedBytes))
    throw new AppError(
      'download-failed',
      `The server offers ${(total / MB).toFixed(1)} MB, but this model is ${(opts.expectedBytes / MB).toFixed(0)} MB: the address does not give the expected file, so nothing was downloaded.`,
      { action: 'Check the model’s address, or import the file from disk.' },
    );
  // A part longer than its file (the file changed on the server) cannot be resumed: start over.
  for (const [i, s] of stored.entries())
    if (!s.complete && s.bytes > totals[i]!) {
      await store.discardPart(modelId, s.name);
      stored[i] = { ...s, bytes: 0 };
    }
  const had = stored.reduce((a, s) => a + s.bytes, 0);
  let done = had;
  const started = performance.now();
  const report = () => {
    const secs = (performance.now() - started) / 1000;
    const speed = secs > 0.5 ? (done - had) / MB / secs : undefined;
    const eta = speed ? (total - done) / MB / speed : undefined;
    opts.onProgress?.({
      phase: 'download',
      percent: total ? Math.min(100, Math.floor((done / total) * 100)) : 0,
      mbDone: done / MB,
      mbTotal: total / MB,
      ...(speed !== undefined ? { speedMBps: speed } : {}),
      ...(eta !== undefined ? { etaSeconds: eta } : {}),
      text: `Downloading ${(done / MB).toFixed(0)} / ${(total / MB).toFixed(0)} MB`,
    });
  };
  report();
  const queue = files.map((f, i) => ({ f, i })).filter(({ i }) => !stored[i]!.complete);
  const one = async ({ f, i }: { f: DownloadFile; i: number }) => {
    const from = stored[i]!.bytes;
    if (from < totals[i]!) {
      const res = await doFetch(f.url, {
        headers: from ? { Range: `bytes=${from}-` } : {},
        ...(signal ? { signal } : {}),
      });
      if (!res.ok || !res.body)
        throw new AppError(
          'download-failed',
          `${f.name}: HTTP ${res.status} ${res.statusText}`.trim(),
          {
            action: 'Try again; finished parts are kept.',
          },
        );
      // A server that ignores Range sends the whole file: start over rather than append it.
      const offset = from && res.status === 206 ? from : 0;
      if (res.status === 206 && (rangeStart(res) ?? from) !== from)
        throw new AppError(
          'download-failed',
          `${f.name}: asked for the bytes from ${from}, the server sent them from ${rangeStart(res)}.`,
          { action: 'Try again; if it keeps failing, delete the model and download it again.' },
        );
      if (offset !== from) done -= from;
      let over: AppError | undefined;
      const body = capped(
        res.body as ReadableStream<Uint8Array<ArrayBuffer>>,
        totals[i]! - offset,
        () => (over = oversize(f.name, totals[i]!)),
      );
      try {
        await store.append(
          modelId,
          f.name,
          offset,
          body,
          (n) => {
            done += n;
            report();
          },
          signal,
        );
      } catch (e) {
        // Bytes from a server that sends more than it said are not trusted for a resume either.
        if (!over) throw e;
        await store.discardPart(modelId, f.name);
        throw over;
      }
    }
    const [after] = await store.inspect(modelId, [f.name]);
    if (after!.bytes !== totals[i])
      throw new AppError(
        'download-failed',
        `${f.name}: got ${after!.bytes} of ${totals[i]} bytes.`,
        {
          action: 'Try again; the download resumes.',
        },
      );
    // The right size is not enough: an error page or another format never counts as stored.
    if (!(await store.startsWith(modelId, f.name, GGUF_MAGIC))) {
      await store.discardPart(modelId, f.name);
      throw new AppError(
        'download-failed',
        `${f.name}: the server sent something that is not a GGUF file (it does not start with “GGUF”), so it was discarded.`,
        { action: 'Check the model’s address, or import the file from disk.' },
      );
    }
    await store.complete(modelId, f.name);
  };
  let failure: { error: unknown } | undefined;
  const workers = Array.from(
    { length: Math.max(1, Math.min(opts.parallel ?? 3, queue.length)) },
    async () => {
      try {
        for (let next = queue.shift(); next && !failure; next = queue.shift()) await one(next);
      } catch (error) {
        failure ??= { error };
        stopAll.abort();
      }
    },
  );
  await Promise.all(workers);
  if (failure) {
    if (opts.signal?.aborted)
      throw new AppError('cancelled', 'Download stopped; the bytes so far are kept.');
    throw failure.error;
  }
  report();
}
