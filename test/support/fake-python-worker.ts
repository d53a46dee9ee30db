// FAKE Python worker for the owner's tests: no Pyodide runs. It speaks the real contract
// (PythonWorkerApi over comlink on the private port the page posts first, events on the
// transferred port, the shared interrupt buffer), and its cells are scripted by their code text:
//   'loop'          busy until SIGINT arrives in the interrupt buffer, then KeyboardInterrupt
//   'sleep'         never returns and ignores SIGINT (like time.sleep deep in C)
//   'print:<text>'  streams <text> on stdout
//   'write:<path>'  reports <path> as changed under /workspace
//   'fatal'         reports a runtime that is unusable afterwards
//   anything else   succeeds with no output
import * as Comlink from 'comlink';
import type {
  PythonWorkerApi,
  PythonWorkerEvent,
  PythonWorkerInit,
  RuntimeChannelHello,
  WorkerRunResult,
} from '../../workers/contracts/python';
import type { WorkspaceFileStore } from '../../src/runtime/python-files';
import type { WorkspaceFile } from '../../workers/contracts/python';

export interface FakeWorkerScript {
  /** init waits for this (a slow start). */
  startGate?: Promise<void>;
  /** init rejects with this message (Pyodide failed to load). */
  failStart?: string;
  /** defineTools waits for this (a call left pending). */
  toolsGate?: Promise<void>;
  /** Whether the worker CSP is in force in the next worker made (default false). */
  browserPolicy?: () => boolean;
}

function result(partial: Partial<WorkerRunResult> = {}): WorkerRunResult {
  return {
    stdout: '',
    stderr: '',
    outputs: [],
    error: null,
    truncated: false,
    files: { writes: [], deletes: [] },
    ...partial,
  };
}

const never = new Promise<never>(() => {});

export class FakePythonWorker extends EventTarget {
  terminated = false;
  init: PythonWorkerInit | undefined;
  /** The stored files the owner handed over at start (putFiles). */
  files: string[] | undefined;
  /** Names of the API calls received, in order. */
  readonly calls: string[] = [];
  #script: FakeWorkerScript;
  #calls: MessagePort | undefined;
  /** Fixed when the worker is made, like a real worker's script response headers. */
  #policy: boolean;
  /** Like the real worker: putFiles and defineTools sent during init wait for its start. */
  #started: { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void };

  constructor(script: FakeWorkerScript) {
    super();
    this.#script = script;
    this.#policy = script.browserPolicy?.() ?? false;
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    promise.catch(() => {});
    this.#started = { promise, resolve, reject };
  }

  #api(script: FakeWorkerScript): PythonWorkerApi {
    const post = (e: PythonWorkerEvent) => this.init?.events?.postMessage(e);
    const interrupted = () => this.init?.interruptBuffer?.[0] === 2;
    return {
      init: async (opts) => {
        this.calls.push('init');
        this.init = opts;
        const browserPolicy = this.#policy;
        if (opts.requirePolicy && !browserPolicy) return { policyMissing: true as const };
        post({ kind: 'progress', step: 'runtime', message: 'Starting Python (FAKE)' });
        await script.startGate;
        if (script.failStart) {
          this.#started.reject(new Error(script.failStart));
          throw new Error(script.failStart);
        }
        this.#started.resolve();
        const sandbox = { browserPolicy, networkOpen: !!opts.allowNetwork };
        return { version: 'fake', pythonVersion: '3.0-fake', sandbox };
      },
      run: async (runId, code) => {
        this.calls.push(`run ${code}`);
        try {
          if (code === 'sleep') await never;
          if (code === 'loop') {
            while (!interrupted()) await new Promise((r) => setTimeout(r, 2));
            const error = {
              ename: 'KeyboardInterrupt',
              evalue: '',
              traceback: 'KeyboardInterrupt',
            };
            return result({ error });
          }
          if (code === 'fatal') return result({ fatal: 'memory access out of bounds' });
          if (code.startsWith('print:')) {
            const text = code.slice('print:'.length);
            const out = { type: 'stream', name: 'stdout', text } as const;
            post({ kind: 'output', runId, json: JSON.stringify([out]) });
            return result({ stdout: text, outputs: [out] });
          }
          if (code.startsWith('write:')) {
            const path = code.slice('write:'.length);
            const data = new TextEncoder().encode('written by a run');
            return result({ files: { writes: [{ path, data }], deletes: [] } });
          }
          return result();
        } finally {
          post({ kind: 'run-end', runId });
        }
      },
      useNamespace: async (id) => {
        this.calls.push(`useNamespace ${id}`);
        return { switched: true, message: `now ${id}` };
      },
      setAllowNetwork: (on) => void this.calls.push(`setAllowNetwork ${on}`),
      defineTools: async (sources) => {
        this.calls.push(`defineTools ${sources.length}`);
        await this.#started.promise;
        await script.toolsGate;
      },
      putFile: (path) => void this.calls.push(`putFile ${path}`),
      removeFile: (path) => void this.calls.push(`removeFile ${path}`),
      putFiles: async (files) => {
        this.calls.push('putFiles');
        await this.#started.promise;
        this.files = files.map((f) => f.path);
        post({ kind: 'progress', step: 'files', message: `${files.length} file(s)` });
        return files.length;
      },
      preload: async (names) => {
        this.calls.push(`preload ${names.join(',')}`);
        return [];
      },
    };
  }

  // -- the Worker surface the owner uses ----------------------------------------------

  /** Like the real runtime (runtime-channel.ts): the first hello's port carries every call. */
  postMessage(message: unknown): void {
    if (this.terminated) return;
    const hello = message as Partial<RuntimeChannelHello> | null;
    if (!this.#calls && hello?.kind === 'codeact-runtime-channel' && hello.port) {
      this.#calls = hello.port;
      Comlink.expose(this.#api(this.#script), this.#calls);
    }
  }

  terminate(): void {
    this.terminated = true;
    this.#calls?.close();
  }

  /** What a browser does when a worker's script throws: an `error` event on the Worker. */
  crash(message: string): void {
    const e = new Event('error', { cancelable: true });
    Object.defineProperty(e, 'message', { value: message });
    this.dispatchEvent(e);
  }
}

/** A worker factory that keeps every worker it made. */
export class FakeWorkers {
  readonly made: FakePythonWorker[] = [];
  /** For each worker made: whether the owner asked for the network-open entry. */
  readonly networkOpen: boolean[] = [];
  constructor(public script: FakeWorkerScript = {}) {}
  create = (networkOpen = false): FakePythonWorker => {
    const w = new FakePythonWorker(this.script);
    this.made.push(w);
    this.networkOpen.push(networkOpen);
    return w;
  };
  get latest(): FakePythonWorker {
    const w = this.made.at(-1);
    if (!w) throw new Error('No worker was made.');
    return w;
  }
}

/** /workspace kept in memory (FAKE storage: the real one is IndexedDB). */
export class MemoryWorkspace implements WorkspaceFileStore {
  readonly files = new Map<string, Uint8Array>();
  async listFiles(): Promise<WorkspaceFile[]> {
    return [...this.files].map(([path, d]) => ({ path, size: d.byteLength, modified: 0 }));
  }
  async readFile(path: string): Promise<Uint8Array> {
    const f = this.files.get(path);
    if (!f) throw new Error(`No file "${path}".`);
    return f;
  }
  async readAll() {
    return [...this.files].map(([path, data]) => ({ path, data }));
  }
  async commit(writes: { path: string; data: Uint8Array }[], deletes: string[]): Promise<void> {
    for (const w of writes) this.files.set(w.path, w.data);
    for (const d of deletes) this.files.delete(d);
  }
}
