// The Python worker's boundary. Types only: both sides `import type` from here.
import type { RunOutput, RunResult } from '../../src/runtime/types';

export interface PythonWorkerInit {
  /** Absolute URL of the folder holding pyodide.mjs, pyodide.asm.wasm, the lock and vendored wheels. */
  indexURL: string;
  /** Int32/Uint8 view over a SharedArrayBuffer for interrupts, when cross-origin isolated. */
  interruptBuffer?: Uint8Array;
}

export type StartupStep = 'runtime' | 'files' | 'packages';

/** Sent on the worker's event channel (separate from comlink calls). */
export type PythonWorkerEvent =
  | { kind: 'progress'; step: StartupStep; message: string }
  | { kind: 'output'; runId: number; output: RunOutput };

export interface PythonWorkerApi {
  init(opts: PythonWorkerInit): Promise<{ version: string; pythonVersion: string }>;
  run(runId: number, code: string): Promise<RunResult>;
}
