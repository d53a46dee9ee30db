// A loopback TEST server for model downloads: it serves named byte buffers with HTTP Range (206
// and Content-Range, as Hugging Face and static hosts do), records every request with its Range
// header, counts the responses in flight (to see parallel shard downloads), and can misbehave on
// request: trickle the bytes, hold a response after some bytes (so the test can press Stop
// mid-download), ignore Range, send fewer or more bytes than it announced, or lose a file.
import http from 'node:http';
import https from 'node:https';

export interface RangeRequest {
  method: string;
  name: string;
  range: string | undefined;
  status: number;
}

export interface Behaviour {
  /** Bytes per write and the pause between writes (a slow link). */
  trickle?: { bytes: number; everyMs: number };
  /** After this many bytes of a body, write nothing more until `release()` (or the client goes). */
  holdAfter?: number;
  /** Answer 200 with the whole file even when asked for a range. */
  ignoreRange?: boolean;
  /** Answer a range request with 206 but the whole file (Content-Range from byte 0). */
  rangeFromZero?: boolean;
  /** GET bodies end this many bytes early (no Content-Length, so the client sees a clean end). */
  truncateBy?: number;
  /** GET bodies carry this many bytes more than the file (no Content-Length). */
  oversizeBy?: number;
  /** GETs of this file answer 404 (its HEAD still answers), once another response is held. */
  missing?: string;
}

export interface RangeTestServer {
  url: string;
  requests: RangeRequest[];
  /** The most GET responses that were being written at the same time. */
  maxInFlight: number;
  /** Bodies currently held by `holdAfter`. */
  held(): number;
  behave(b: Behaviour): void;
  release(): void;
  close(): Promise<void>;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Range',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `tls`: serve HTTPS with this key and certificate (a test standing in for a real https host maps
 * that host's name to this server and lets the browser accept the self-signed certificate).
 */
export async function startRangeTestServer(
  port: number,
  files: Map<string, Uint8Array>,
  tls?: { key: string; cert: string },
): Promise<RangeTestServer> {
  const requests: RangeRequest[] = [];
  let behaviour: Behaviour = {};
  let inFlight = 0;
  let held = 0;
  let releaseAll: () => void = () => {};
  let released = new Promise<void>((r) => (releaseAll = r));
  const state = { maxInFlight: 0 };

  const handler: http.RequestListener = async (req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.split('/').pop()!);
    const method = req.method ?? 'GET';
    const range = req.headers.range;
    const record = (status: number) => requests.push({ method, name, range, status });
    if (method === 'OPTIONS') {
      record(204);
      return void res.writeHead(204, CORS).end();
    }
    const file = files.get(name);
    if (!file) {
      record(404);
      return void res.writeHead(404, CORS).end();
    }
    const b = behaviour;
    const m = range && !b.ignoreRange ? /^bytes=(\d+)-$/.exec(range) : null;
    const start = m && !b.rangeFromZero ? Number(m[1]) : 0;
    if (start > file.length) {
      record(416);
      return void res.writeHead(416, { ...CORS, 'Content-Range': `bytes */${file.length}` }).end();
    }
    if (method === 'GET' && b.missing === name) {
      while (held === 0) await sleep(20);
      record(404);
      return void res.writeHead(404, CORS).end();
    }
    const status = m ? 206 : 200;
    record(status);
    const headers: Record<string, string> = { ...CORS, 'Accept-Ranges': 'bytes' };
    if (m) headers['Content-Range'] = `bytes ${start}-${file.length - 1}/${file.length}`;
    const exact = method === 'HEAD' || !(b.truncateBy || b.oversizeBy);
    if (exact) headers['Content-Length'] = String(file.length - start);
    res.writeHead(status, headers);
    if (method === 'HEAD') return void res.end();

    let body = file.subarray(start);
    if (b.truncateBy) body = body.subarray(0, Math.max(0, body.length - b.truncateBy));
    if (b.oversizeBy) body = Buffer.concat([body, Buffer.alloc(b.oversizeBy, 7)]);
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    let gone = false;
    const closed = new Promise((r) => res.on('close', r)).then(() => (gone = true));
    const step = b.trickle?.bytes ?? body.length;
    let at = 0;
    const writeUpTo = async (upto: number) => {
      while (at < upto && !gone) {
        const end = Math.min(upto, at + step);
        res.write(body.subarray(at, end));
        at = end;
        if (b.trickle) await sleep(b.trickle.everyMs);
      }
    };
    try {
      await writeUpTo(Math.min(b.holdAfter ?? body.length, body.length));
      if (at < body.length && !gone) {
        held++;
        await Promise.race([released, closed]);
        held--;
      }
      await writeUpTo(body.length);
      if (!gone) res.end();
    } finally {
      inFlight--;
    }
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/`,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    held: () => held,
    behave(b) {
      behaviour = b;
      state.maxInFlight = 0;
      released = new Promise<void>((r) => (releaseAll = r));
    },
    release: () => releaseAll(),
    close: () =>
      new Promise<void>((resolve) => {
        releaseAll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
