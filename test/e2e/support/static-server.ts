// Start a static server over a build folder for tests that need something other than
// the default server: a sub-path, no COOP/COEP headers, or one they can stop.
import type { Server } from 'node:http';
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
  isolation?: boolean;
}): Promise<TestServer> {
  const requests: string[] = [];
  const base = opts.base ?? '/';
  const server: Server = createStaticServer(
    { dir: opts.dir ?? 'dist', base, isolation: opts.isolation ?? true },
    (req) => requests.push(req.url ?? ''),
  );
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
