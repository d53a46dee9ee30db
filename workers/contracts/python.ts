// The Python worker's boundary. Types only and self-contained: both sides `import type` from here,
// and this module imports nothing.

export type StreamName = 'stdout' | 'stderr';

/** One piece of a run's output, in the order it happened. */
export type RunOutput =
  | { type: 'stream'; name: StreamName; text: string }
  /** A displayed value (trailing expression or display()): repr text. */
  | { type: 'text'; text: string }
  /** Rich HTML (e.g. a DataFrame) plus a plain-text form for the model. Unsanitised: sanitise before rendering. */
  | { type: 'html'; html: string; text: string }
  /** A PNG (matplotlib figure), base64 without the data: prefix. */
  | { type: 'png'; data: string; width?: number; height?: number };

export interface RunError {
  /** Exception class name, e.g. "ZeroDivisionError", "KeyboardInterrupt", "TimeoutError". */
  ename: string;
  evalue: string;
  /** Full traceback text, user code shown as cell frames, runtime frames removed. */
  traceback: string;
}

/** A package entry of pyodide-lock.json (the fields we read). */
export interface LockPackage {
  name: string;
  file_name: string;
  imports?: string[];
}

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
  /** The stored /workspace files, written into Python's file system before any code runs. */
  files?: WorkspaceFileData[];
}

/** A file under /workspace as listed by the Files panel. */
export interface WorkspaceFile {
  /** Path inside /workspace, e.g. "data/sales.csv". */
  path: string;
  size: number;
  /** Last change, ms since the epoch. */
  modified: number;
}

export interface WorkspaceFileData {
  path: string;
  data: Uint8Array;
}

/** What a run changed under /workspace; the owner saves it (the worker has no storage access). */
export interface WorkspaceChanges {
  writes: WorkspaceFileData[];
  deletes: string[];
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
  /** Files under /workspace that the run changed, to be saved by the owner. */
  files: WorkspaceChanges;
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
