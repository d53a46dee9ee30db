// The first-run download-time estimate: the probe times a Range read of the first shard from its
// first byte on, with a scripted clock and a fake fetch (no network).
import { describe, expect, it } from 'vitest';
import { measureDownloadSpeed } from '../../src/engine/local/speed-probe';

const MiB = 1024 * 1024;
const BASE = 'https://hf.example/m/resolve/main/';

/** A response whose body arrives in `chunks` pieces of `size` bytes, the clock moving `msPer` each. */
function scripted(chunks: number, size: number, msPer: number) {
  let t = 0;
  const seen: { url: string; range: string | null }[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    seen.push({ url, range: new Headers(init?.headers).get('Range') });
    let i = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(c) {
          if (i++ >= chunks) return c.close();
          t += msPer;
          c.enqueue(new Uint8Array(size));
        },
      },
      { highWaterMark: 0 }, // a chunk arrives only when read, so the clock follows the reads
    );
    return new Response(body, { status: 206 });
  }) as typeof globalThis.fetch;
  return { fetch, now: () => t, seen };
}

describe('measureDownloadSpeed', () => {
  it('asks for the first 2 MiB of the first shard and times the body after its first chunk', async () => {
    const s = scripted(8, MiB / 4, 50); // 8 × 256 KiB, 50 ms apart: 7 × 256 KiB in 350 ms
    const speed = await measureDownloadSpeed(`${BASE}params_shard_0.bin`, {
      fetch: s.fetch,
      now: s.now,
    });
    expect(s.seen).toEqual([{ url: `${BASE}params_shard_0.bin`, range: 'bytes=0-2097151' }]);
    expect(speed).toBeCloseTo(1.75 / 0.35, 5);
  });

  it('gives no figure for a failed request or a read too short to time', async () => {
    const notFound = (async () => new Response('no', { status: 404 })) as typeof fetch;
    expect(
      await measureDownloadSpeed(`${BASE}params_shard_0.bin`, { fetch: notFound }),
    ).toBeUndefined();
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(
      await measureDownloadSpeed(`${BASE}params_shard_0.bin`, { fetch: offline }),
    ).toBeUndefined();
    const tiny = scripted(2, 1024, 10);
    expect(
      await measureDownloadSpeed(`${BASE}params_shard_0.bin`, { fetch: tiny.fetch, now: tiny.now }),
    ).toBeUndefined();
  });
});
