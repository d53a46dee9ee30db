// Start a static server over a build folder for tests that need something other than
// the default server: a sub-path, no COOP/COEP headers, or one they can stop.
import { createServer, type RequestListener, type Server } from 'node:http';
import { createStaticServer } from '../../../scripts/serve.mjs';

export interface TestServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function startStaticServer(opts: {
  port: number;
  dir?: string;
  base?: string;
  /** true: all headers; 'only': COOP/COEP without CSP; false: none (a plain static host). */
  isolation?: boolean | 'only';
  /** Extra files served (without headers) next to the build, by path under `base`. */
  extra?: Record<string, string>;
}): Promise<TestServer> {
  const requests: string[] = [];
  const base = opts.base ?? '/';
  const files: Server = createStaticServer(
    { dir: opts.dir ?? 'dist', base, isolation: opts.isolation ?? true },
    (req) => requests.push(req.url ?? ''),
  );
  const serveBuild = files.listeners('request')[0] as RequestListener;
  const server = createServer((req, res) => {
    const rel = new URL(req.url ?? '/', 'http://x').pathname.slice(base.length);
    const body = opts.extra?.[rel];
    if (body === undefined) return serveBuild(req, res);
    requests.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${opts.port}${base}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
