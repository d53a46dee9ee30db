import type { Plugin } from 'vite';
export declare function appChunkFiles(
  bundle: Record<string, unknown>,
  entry: { fileName: string; imports?: string[]; dynamicImports?: string[] },
): { js: string[]; css: string[] };
export declare function appPreloadPlugin(): Plugin;
