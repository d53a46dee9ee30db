import type { Plugin } from 'vite';

export declare function runtimeSources(dir?: string): Record<string, string>;
export declare function compileRuntimeBytecode(
  sources?: Record<string, string>,
): Promise<Record<string, Uint8Array>>;
export declare function runtimeBytecodePlugin(): Plugin;
