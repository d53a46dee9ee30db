// Downloads a GGUF's files (a split GGUF's shards in parallel) into the GgufStore, resuming each
// from the bytes already stored, with one MB / speed / ETA progress over all of them. Stop is the
// AbortSignal: finished shards and partial bytes stay, and the next download resumes.
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
}

const MB = 1e6;

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
  const signal = opts.signal;
  const stored = await store.inspect(
    modelId,
    files.map((f) => f.name),
  );
  const totals = await Promise.all(
    files.map((f, i) => (stored[i]!.complete ? stored[i]!.bytes : sizeOf(f, doFetch, signal))),
  );
  const total = totals.reduce((a, b) => a + b, 0);
  const had = stored.reduce((a, s) => a + s.bytes, 0);
  let done = had;
  const started = performance.now();
  const report = () => {
    const secs = (performance.now() - started) / 1000;
    const speed = secs > 0.5 ? (done - had) / MB / secs : undefined;
    const eta = speed ? (total - done) / MB / speed : undefined;
    opts.onProgress?.({
      phase: 'download',
      percent: total ? Math.min(100, (done / total) * 100) : 0,
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
      if (offset !== from) done -= from;
      await store.append(
        modelId,
        f.name,
        offset,
        res.body as ReadableStream<Uint8Array<ArrayBuffer>>,
        (n) => {
          done += n;
          report();
        },
        signal,
      );
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
    await store.complete(modelId, f.name);
  };
  const workers = Array.from(
    { length: Math.max(1, Math.min(opts.parallel ?? 3, queue.length)) },
    async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await one(next);
    },
  );
  try {
    await Promise.all(workers);
  } catch (e) {
    if (signal?.aborted)
      throw new AppError('cancelled', 'Download stopped; the bytes so far are kept.');
    throw e;
  }
  report();
}
