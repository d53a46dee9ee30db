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
  depends?: string[];
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
  /**
   * The stored /workspace files, written into Python's file system before any code runs. The owner
   * may leave them out and send them with `putFiles` before the start is reported done, so that
   * reading them from storage does not delay loading Pyodide.
   */
  files?: WorkspaceFileData[];
  /**
   * The page can still get the browser lock (a service worker that adds the worker CSP is on its
   * way): if this worker's CSP is not in force, answer `{ policyMissing: true }` at once instead of
   * starting Python, so the owner starts a new worker once the service worker controls the page.
   */
  requirePolicy?: boolean;
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

/** One package of a load in progress: bytes received so far (what the status line and cell show). */
export interface PackageProgress {
  name: string;
  bytes: number;
  done: boolean;
  /** Average download speed of this package so far (bytes received / time since its first byte was asked for). */
  bytesPerSecond?: number;
}

/** How Python's network lock is enforced in this worker (shown in the status line). */
export interface SandboxInfo {
  /** The worker runs under the app's Content-Security-Policy (checked from inside the worker). */
  browserPolicy: boolean;
  /** This worker's script is the one whose policy opens the network (the "allow network" setting). */
  networkOpen: boolean;
  /** Why the browser lock cannot be had on this page (no service worker can run), when it cannot. */
  lockUnavailable?: string;
}

export interface PythonWorkerInfo {
  version: string;
  pythonVersion: string;
  sandbox: SandboxInfo;
}

/** Sent on the worker's event channel (separate from comlink calls), in order. */
export type PythonWorkerEvent =
  | { kind: 'progress'; step: StartupStep; message: string }
  /** `json` is a JSON array of RunOutput, batched by the Python side. */
  | { kind: 'output'; runId: number; json: string }
  /** Sent after the last output of a run, so the client knows the stream is complete. */
  | { kind: 'run-end'; runId: number }
  /** Packages loading for a run (`runId`), or in the background (`runId` 0); 'done' ends the load. */
  | { kind: 'packages'; runId: number; phase: 'loading' | 'done'; items: PackageProgress[] };

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
  /** Starts Python; `{ policyMissing: true }` (nothing started) when `requirePolicy` was not met. */
  init(opts: PythonWorkerInit): Promise<PythonWorkerInfo | { policyMissing: true }>;
  run(runId: number, code: string): Promise<WorkerRunResult>;
  useNamespace(id: string): Promise<{ switched: boolean; message: string }>;
  setAllowNetwork(on: boolean): void;
  /** Sent with `init`, it waits for the kernel's start (as `putFiles` does), and after it, runs at once. */
  defineTools(sources: string[]): Promise<void>;
  /** The main thread changed the persisted workspace; mirror it into the file system. */
  putFile(path: string, data: Uint8Array): void;
  removeFile(path: string): void;
  /**
   * The stored files at start (see PythonWorkerInit.files); returns how many were written. May be
   * sent before `init` has answered: it waits for the kernel's start (and fails if the start does).
   */
  putFiles(files: WorkspaceFileData[]): Promise<number>;
  /** Load lock packages in the background (same narrow path as a cell's imports); returns those that failed. */
  preload(names: string[]): Promise<string[]>;
}

/** The first message the page posts to the worker: the private port comlink talks over. */
export interface RuntimeChannelHello {
  kind: 'codeact-runtime-channel';
  port: MessagePort;
}
