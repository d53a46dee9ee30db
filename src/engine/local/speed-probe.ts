// Measures this connection's download speed on the host that serves a model, so the first run can
// say how long setting it up takes. It reads the first couple of MB of one of the model's files
// (the backend names it: WebLLM's first weight shard, a GGUF file; an HTTP Range request) and times the body from its first byte on, leaving out the request latency
// that would make a small read look slow. Nothing it reads is kept.

export interface SpeedProbeOptions {
  signal?: AbortSignal;
  fetch?: typeof fetch;
  now?: () => number;
  /** How much to read; default 2 MiB. */
  bytes?: number;
}

const MiB = 1024 * 1024;

/** MB/s, or undefined when the host does not answer or the read was too short to time. */
export async function measureDownloadSpeed(
  fileUrl: string,
  opts: SpeedProbeOptions = {},
): Promise<number | undefined> {
  const f = opts.fetch ?? fetch.bind(globalThis);
  const now = opts.now ?? (() => performance.now());
  const want = opts.bytes ?? 2 * MiB;
  try {
    const res = await f(fileUrl, {
      signal: opts.signal,
      headers: { Range: `bytes=0-${want - 1}` },
    });
    if (!res.ok || !res.body) return undefined;
    const reader = res.body.getReader();
    let read = 0;
    let got = 0; // bytes after the first chunk, which only starts the clock
    let started: number | undefined;
    while (read < want) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.byteLength;
      if (started === undefined) started = now();
      else got += value.byteLength;
    }
    await reader.cancel().catch(() => {});
    const seconds = started === undefined ? 0 : (now() - started) / 1000;
    // Under 256 KiB or a few milliseconds the figure says more about buffering than bandwidth.
    if (got < 256 * 1024 || seconds < 0.005) return undefined;
    return got / MiB / seconds;
  } catch {
    return undefined;
  }
}
