import type { IncomingMessage, Server } from 'node:http';
export interface ServeOptions {
  port: number;
  dir: string;
  base: string;
  /** true: all security headers; 'only': COOP/COEP/CORP without any CSP; false: none. */
  isolation: boolean | 'only';
  host: string;
  quiet?: boolean;
}
export declare function parseArgs(argv: string[]): ServeOptions;
export declare function createStaticServer(
  opts: Pick<ServeOptions, 'dir' | 'base' | 'isolation'>,
  onRequest?: (req: IncomingMessage) => void,
): Server;
