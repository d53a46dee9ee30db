import type { Plugin } from 'vite';
export declare function describeModelFolder(dir: string): {
  id: string;
  modelLib: string | null;
  bytes: number;
};
export declare function modelsDirPlugin(modelsDir?: string): Plugin;
