export interface RealModel {
  alias: string;
  name: string;
  file: string;
  bytes: number;
  sha256: string;
  wheels: string[];
}
/** The context window the server is started with (and the evaluation told). */
export declare const N_CTX: number;
export declare const REAL_MODELS: Record<'qwen0.5b' | 'qwen1.5b', RealModel>;
export interface RealArgs {
  model: 'qwen0.5b' | 'qwen1.5b';
  threads: number;
  port: number;
  appDir: string;
  evalArgs: string[];
}
export declare function parseRealArgs(argv: string[]): RealArgs;
export declare function ensureModel(model: RealModel, log?: (line: string) => void): string;
export declare function ensureServerPython(modelFile: string, log?: (line: string) => void): string;
export declare function runReal(o: RealArgs, log?: (line: string) => void): Promise<void>;
