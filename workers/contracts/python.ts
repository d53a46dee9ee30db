// The Python worker's boundary. Types only: both sides `import type` from here.
import type { RunError, RunOutput } from '../../src/runtime/types';

export interface PythonWorkerInit {
  /** Absolute URL of the folder holding pyodide.mjs, pyodide.asm.wasm, the lock and vendored wheels. */
  indexURL: string;
  /** Uint8Array view over a SharedArrayBuffer for interrupts, when cross-origin isolated. */
  interruptBuffer?: Uint8Array;
  /** Port for the event channel (progress, streamed output); transferred. */
  events?: MessagePort;
  allowNetwork?: boolean;
  /** Conversation whose namespace is active at start. */
  namespace?: string;
}

export type StartupStep = 'runtime' | 'files' | 'packages';

/** Sent on the worker's event channel (separate from comlink calls), in order. */
export type PythonWorkerEvent =
  | { kind: 'progress'; step: StartupStep; message: string }
  /** `json` is a JSON array of RunOutput, batched by the Python side. */
  | { kind: 'output'; runId: number; json: string }
  /** Sent after the last output of a run, so the client knows the stream is complete. */
  | { kind: 'run-end'; runId: number };

/** What the worker returns for a run; the client adds timing and restart flags. */
export interface WorkerRunResult {
  stdout: string;
  stderr: string;
  outputs: RunOutput[];
  error: RunError | null;
  truncated: boolean;
  /** Files under /workspace that the run changed and that were saved. */
  filesChanged: boolean;
  /** The runtime is unusable after this run (memory fault, os._exit): it must be replaced. */
  fatal?: string;
}

export interface PythonWorkerApi {
  init(opts: PythonWorkerInit): Promise<{ version: string; pythonVersion: string }>;
  run(runId: number, code: string): Promise<WorkerRunResult>;
  useNamespace(id: string): Promise<{ switched: boolean; message: string }>;
  setAllowNetwork(on: boolean): void;
  defineTools(sources: string[]): Promise<void>;
  /** The main thread changed the persisted workspace; mirror it into the file system. */
  putFile(path: string, data: Uint8Array): void;
  removeFile(path: string): void;
}
