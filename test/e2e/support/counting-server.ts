// A local server that records every request it gets (HTTP and WebSocket upgrades): the egress
// tests point every route Python has to the outside at it, and then require that it saw nothing.
import http from 'node:http';

export interface CountingServer {
  url: string;
  hits: string[];
  close(): Promise<void>;
}

export async function startCountingServer(port: number): Promise<CountingServer> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Content-Type': 'text/plain',
    });
    res.end('counted');
  });
  server.on('upgrade', (req, socket) => {
    hits.push(`upgrade ${req.url ?? ''}`);
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Ports for the specs' own servers, offset from the app's (E2E_PORT) so parallel runs do not collide. */
export const testPort = (offset: number) => Number(process.env.E2E_PORT ?? 4310) + offset;
