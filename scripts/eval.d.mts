import type { EvalRun, EvalTotals } from '../src/eval/types';
export interface EvalArgs {
  engine: string;
  url?: string;
  model?: string;
  apiKey?: string;
  group?: string;
  sample?: number;
  seed: number;
  stdlibOnly: boolean;
  transcripts?: string;
  modelFile?: string;
  maxTokens?: number;
  context?: number;
  isolation?: boolean;
  out?: string;
  build: boolean;
  port?: number;
}
export declare function parseEvalArgs(argv: string[]): EvalArgs;
export declare function formatTable(run: EvalRun): string;
export declare function endingsLine(totals: EvalTotals): string;
export declare function defaultResultPath(run: EvalRun): string;
export declare function runHeadless(
  o: EvalArgs,
  log?: (line: string) => void,
): Promise<{ run: EvalRun; file: string }>;
