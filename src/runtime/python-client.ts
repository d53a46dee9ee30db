// Owns the Python worker's whole life: lazy start with progress, runs with time
// limits, interrupts, restarts after crashes, namespaces per conversation, tools,
// packages and the persisted /workspace files.
import * as Comlink from 'comlink';
import type {
  PythonWorkerEvent,
  SandboxInfo,
  StartupStep,
  WorkspaceChanges,
} from '../../workers/contracts/python';
import { errorMessage } from '../errors/error-text';
import { describeUndo, recordUndo, type UndoStep } from './file-undo';
import { importablePackages, locallyAvailable, type Lockfile } from './lock';
import type { PackageLoad } from './package-events';
import { RunTimer } from './run-timer';
import { failedRunResult, finishedRunResult, lostRunResult, type StopReason } from './run-result';
import { RunStopper } from './run-stopper';
import type {
  CodeRunner,
  PythonTool,
  RunOptions,
  RunOutput,
  RunResult,
  RuntimeStatus,
} from './types';
import { pyodideIndexURL } from './urls';
import { WorkerSession, WorkerStoppedError } from './worker-session';
import { PYODIDE_CDN, PYODIDE_VERSION } from '../../scripts/headers.mjs';
import { parseOutputBatch } from './worker-events';
import * as store from './workspace-store';

/** Loaded in the background once Python is idle, when their wheels are already on this machine. */
export const PRELOAD_PACKAGES = ['numpy', 'pandas'];
/** The service worker's cache of wheels fetched from the Pyodide CDN (src/pwa/sw.ts). */
const CDN_CACHE = `pyodide-cdn-${PYODIDE_VERSION}`;

export interface PythonClientOptions {
  indexURL?: string;
  allowNetwork?: boolean;
  defaultTimeoutMs?: number;
}

export interface StartInfo {
  version: string;
  pythonVersion: string;
  /** How Python's network lock is enforced (browser policy, or the JavaScript guard only). */
  sandbox: SandboxInfo;
}

export interface StartupProgress {
  step: StartupStep;
  message: string;
}

interface ActiveRun {
  onOutput?: (o: RunOutput) => void;
  streamed: RunOutput[];
  ended: () => void;
  timer?: RunTimer;
}

type Listener<T> = (v: T) => void;

// Two entries of the same runtime: the locked one, and the one whose script response carries the
// CSP that opens the network (the "allow network" setting). Switching between them restarts Python.
function createWorker(networkOpen: boolean): Worker {
  return networkOpen
    ? new Worker(new URL('../../workers/python/python-network.worker.ts', import.meta.url), {
        type: 'module',
        name: 'python',
      })
    : new Worker(new URL('../../workers/python/python.worker.ts', import.meta.url), {
        type: 'module',
        name: 'python',
      });
}

export class PythonClient implements CodeRunner {
  #indexURL: string | undefined;
  #allowNetwork: boolean;
  #defaultTimeoutMs: number;
  #session: WorkerSession | undefined;
  #ready: Promise<StartInfo> | undefined;
  #status: RuntimeStatus = 'idle';
  #statusListeners = new Set<Listener<RuntimeStatus>>();
  #progressListeners = new Set<Listener<StartupProgress>>();
  #filesListeners = new Set<Listener<void>>();
  #packageListeners = new Set<Listener<PackageLoad>>();
  /** The running worker's script opens the network; code has run in it (variables to lose). */
  #sessionNetworkOpen = false;
  #ranInSession = false;
  #undo: UndoStep | undefined;
  #namespace = 'default';
  #tools: PythonTool[] = [];
  #runId = 0;
  #runs = new Map<number, ActiveRun>();
  #queue: Promise<unknown> = Promise.resolve();
  #stopCurrent: ((why: StopReason) => void) | undefined;
  /** Why variables were lost since the last run (reported with the next result). */
  #lostNotice: string | undefined;

  constructor(opts: PythonClientOptions = {}) {
    this.#indexURL = opts.indexURL;
    this.#allowNetwork = opts.allowNetwork ?? false;
    this.#defaultTimeoutMs = opts.defaultTimeoutMs ?? 60_000;
  }

  get status(): RuntimeStatus {
    return this.#status;
  }

  onStatus(cb: Listener<RuntimeStatus>): () => void {
    this.#statusListeners.add(cb);
    return () => this.#statusListeners.delete(cb);
  }

  onProgress(cb: Listener<StartupProgress>): () => void {
    this.#progressListeners.add(cb);
    return () => this.#progressListeners.delete(cb);
  }

  onFilesChanged(cb: Listener<void>): () => void {
    this.#filesListeners.add(cb);
    return () => this.#filesListeners.delete(cb);
  }

  /** Package loads (per package: name, bytes so far), for a run or in the background. */
  onPackages(cb: Listener<PackageLoad>): () => void {
    this.#packageListeners.add(cb);
    return () => this.#packageListeners.delete(cb);
  }

  #setStatus(s: RuntimeStatus): void {
    this.#status = s;
    for (const cb of this.#statusListeners) cb(s);
  }

  get #index(): string {
    return (this.#indexURL ??= pyodideIndexURL());
  }

  // -- life cycle -------------------------------------------------------------------

  start(): Promise<StartInfo> {
    this.#ready ??= this.#spawn();
    return this.#ready;
  }

  async #spawn(): Promise<StartInfo> {
    this.#setStatus('starting');
    const isolated = typeof crossOriginIsolated === 'boolean' && crossOriginIsolated;
    const networkOpen = this.#allowNetwork;
    const session = new WorkerSession(createWorker(networkOpen), (e) => this.#onEvent(e), isolated);
    this.#session = session;
    this.#sessionNetworkOpen = networkOpen;
    this.#ranInSession = false;
    // A worker that dies on its own (crash, failed script) is replaced on the next run.
    session.died.catch((e: Error) => {
      if (this.#session !== session) return; // replaced on purpose; the run reports it
      this.#session = undefined;
      this.#ready = undefined;
      this.#lostNotice ??= `${e.message} Python was restarted: all variables were lost.`;
      this.#setStatus('dead');
    });
    const port = session.takeWorkerPort();
    try {
      const files = await store.readAll();
      const init = {
        indexURL: this.#index,
        files,
        interruptBuffer: session.interruptBuffer,
        events: port,
        allowNetwork: this.#allowNetwork,
        namespace: this.#namespace,
      };
      const transfer = [port];
      const info = await session.call(session.api.init(Comlink.transfer(init, transfer)));
      if (this.#tools.length)
        await session.call(session.api.defineTools(this.#tools.map((t) => t.source)));
      this.#setStatus('ready');
      return info;
    } catch (e) {
      if (this.#session === session) {
        this.#session = undefined;
        this.#ready = undefined;
        this.#setStatus('dead');
      }
      session.terminate('Python failed to start.');
      throw e instanceof Error ? e : new Error(String(e));
    }
  }

  /** Throw the current worker away (pending calls reject) and start a fresh one. */
  #replace(reason: string): void {
    const old = this.#session;
    this.#session = undefined;
    old?.terminate(reason);
    this.#ready = undefined;
    this.#setStatus('restarted');
    this.start().catch(() => {}); // warm up for the next run; failures surface there
  }

  async restart(): Promise<void> {
    this.#stopCurrent?.('interrupt');
    this.#replace('Python was restarted on request.');
    this.#lostNotice = 'Python was restarted on request: all variables were lost.';
    await this.start();
  }

  dispose(): void {
    this.#session?.terminate('The Python client was disposed.');
    this.#session = undefined;
    this.#ready = undefined;
    this.#setStatus('idle');
  }

  #onEvent(e: PythonWorkerEvent): void {
    if (e.kind === 'progress') {
      for (const cb of this.#progressListeners) cb({ step: e.step, message: e.message });
      return;
    }
    const run = this.#runs.get(e.runId);
    if (e.kind === 'packages') {
      // The time limit does not count package downloads (see run-timer.ts).
      if (e.phase === 'loading') run?.timer?.pause();
      else run?.timer?.resume();
      const load = { runId: e.runId, phase: e.phase, items: e.items };
      for (const cb of this.#packageListeners) cb(load);
      return;
    }
    if (!run) return;
    if (e.kind === 'run-end') return run.ended();
    for (const o of parseOutputBatch(e.json)) {
      run.streamed.push(o);
      run.onOutput?.(o);
    }
  }

  // -- running ----------------------------------------------------------------------

  run(code: string, opts: RunOptions = {}): Promise<RunResult> {
    const p = this.#queue.then(() => this.#run(code, opts));
    this.#queue = p.catch(() => {});
    return p;
  }

  async #run(code: string, opts: RunOptions): Promise<RunResult> {
    const started = performance.now();
    const timeoutMs = opts.timeoutMs ?? this.#defaultTimeoutMs;
    const done = (r: Omit<RunResult, 'durationMs'>): RunResult => {
      const lost = this.#lostNotice;
      this.#lostNotice = undefined;
      const restarted = r.restarted || lost !== undefined;
      const restartReason = [lost, r.restartReason].filter(Boolean).join(' ') || undefined;
      return { ...r, restarted, restartReason, durationMs: performance.now() - started };
    };
    if (opts.signal?.aborted)
      return done(failedRunResult('KeyboardInterrupt', 'The run was cancelled before it started.'));
    try {
      await this.start();
    } catch (e) {
      return done(
        failedRunResult('RuntimeStartError', `Python could not start: ${(e as Error).message}`),
      );
    }
    if (this.#sessionNetworkOpen !== this.#allowNetwork) await this.#applyNetworkSetting();
    const session = this.#session as WorkerSession;
    this.#ranInSession = true;
    const runId = ++this.#runId;
    let ended!: () => void;
    const streamEnded = new Promise<void>((r) => (ended = r));
    const active: ActiveRun = { onOutput: opts.onOutput, streamed: [], ended };
    this.#runs.set(runId, active);
    let stopReason: StopReason | undefined;
    const stopper = new RunStopper(session, (reason) => this.#replace(reason));
    const stop = (why: StopReason) => {
      stopReason ??= why;
      stopper.stop(why === 'timeout' ? 'time limit' : 'interrupt');
    };
    this.#stopCurrent = stop;
    const timer = new RunTimer(timeoutMs, () => stop('timeout'));
    active.timer = timer;
    const onAbort = () => stop('interrupt');
    opts.signal?.addEventListener('abort', onAbort);
    session.clearInterrupt();
    this.#setStatus('busy');
    try {
      const r = await session.call(session.api.run(runId, code));
      await session.call(streamEnded);
      // A big result took a task to arrive: let the page paint before the caller processes it.
      await new Promise((res) => setTimeout(res, 0));
      if (r.fatal) {
        const reason = `The Python runtime crashed (${r.fatal}) and was restarted: all variables were lost.`;
        this.#replace(reason);
        const crashed = done({
          ...finishedRunResult(r, stopReason, timeoutMs),
          restarted: true,
          restartReason: reason,
        });
        this.#lostNotice = reason; // the next run reports it too: it runs in the fresh runtime
        return crashed;
      }
      const note = await this.#saveChanges(r.files);
      if (note) {
        r.stderr += note;
        r.outputs.push({ type: 'stream', name: 'stderr', text: note });
      }
      return done(finishedRunResult(r, stopReason, timeoutMs));
    } catch (e) {
      if (!(e instanceof WorkerStoppedError)) throw e;
      return done(lostRunResult(active.streamed, stopReason, timeoutMs, e.message));
    } finally {
      timer.clear();
      stopper.dispose();
      opts.signal?.removeEventListener('abort', onAbort);
      this.#runs.delete(runId);
      this.#stopCurrent = undefined;
      session.clearInterrupt();
      if (this.#session === session && session.alive) this.#setStatus('ready');
    }
  }

  /** Save what a run changed under /workspace (one transaction); a note for stderr on failure. */
  async #saveChanges(files: WorkspaceChanges): Promise<string> {
    if (files.writes.length === 0 && files.deletes.length === 0) return '';
    try {
      const undo = await recordUndo(files, (path) => store.readFile(path).catch(() => undefined));
      await store.commit(files.writes, files.deletes);
      this.#undo = undo;
    } catch (e) {
      return `\n[workspace: changes were not saved for the next session: ${errorMessage(e)}]\n`;
    }
    for (const cb of this.#filesListeners) cb();
    return '';
  }

  /** What "Undo last run's file changes" would restore (e.g. "sales.csv", "3 files"), if anything. */
  get lastRunFileChanges(): string | undefined {
    return this.#undo && describeUndo(this.#undo);
  }

  /** Put the files the last run overwrote or deleted back, and remove the ones it created. */
  async undoLastRun(): Promise<void> {
    const undo = this.#undo;
    if (!undo) return;
    await store.commit(undo.restore, undo.remove);
    this.#undo = undefined;
    for (const f of undo.restore) await this.#mirror((api) => api.putFile(f.path, f.data));
    for (const p of undo.remove) await this.#mirror((api) => api.removeFile(p));
    for (const cb of this.#filesListeners) cb();
  }

  // -- namespaces, tools, network, packages -------------------------------------------

  async useNamespace(conversationId: string): Promise<{ switched: boolean; message: string }> {
    if (conversationId === this.#namespace && this.#session) {
      return {
        switched: false,
        message: `Already using the variables of conversation ${conversationId}.`,
      };
    }
    this.#namespace = conversationId;
    if (!this.#session) {
      return {
        switched: true,
        message: `Conversation ${conversationId} will start with fresh variables.`,
      };
    }
    await this.start();
    const s = this.#session as WorkerSession;
    const r = await s.call(s.api.useNamespace(conversationId));
    if (r.switched && this.#tools.length)
      await s.call(s.api.defineTools(this.#tools.map((t) => t.source)));
    return r;
  }

  setAllowNetwork(on: boolean): void {
    this.#allowNetwork = on;
    this.#session?.api.setAllowNetwork(on).catch(() => {});
    // The network lock is the worker script's CSP: a different setting needs the other worker.
    if (this.#session && this.#sessionNetworkOpen !== on && this.#status !== 'busy')
      void this.#applyNetworkSetting().catch(() => {});
  }

  async #applyNetworkSetting(): Promise<void> {
    if (this.#ranInSession)
      this.#lostNotice ??=
        'Python was restarted to apply the network setting: all variables were lost.';
    this.#replace('Python is restarting with the new network setting.');
    await this.start();
  }

  /** Load `names` (default: numpy, pandas) in the background if their wheels are on this machine. */
  async preloadPackages(names: string[] = PRELOAD_PACKAGES): Promise<string[]> {
    const res = await fetch(`${this.#index}pyodide-lock.json`);
    if (!res.ok) return [];
    const lock = (await res.json()) as Lockfile;
    const cached = async (url: string) =>
      typeof caches !== 'undefined' &&
      (await caches.match(url, { cacheName: CDN_CACHE })) !== undefined;
    const local = await locallyAvailable(lock, names, PYODIDE_CDN, cached);
    if (local.length === 0) return [];
    await this.start();
    const s = this.#session as WorkerSession;
    const failed = await s.call(s.api.preload(local));
    return local.filter((n) => !failed.includes(n));
  }

  async defineTools(tools: PythonTool[]): Promise<void> {
    this.#tools = tools;
    await this.start();
    const s = this.#session as WorkerSession;
    await s.call(s.api.defineTools(tools.map((t) => t.source)));
  }

  /** Importable packages, read from the lock without starting Python. */
  async availablePackages(): Promise<string[]> {
    const res = await fetch(`${this.#index}pyodide-lock.json`);
    if (!res.ok) throw new Error(`Could not read the package list (HTTP ${res.status}).`);
    const online = typeof navigator === 'undefined' || navigator.onLine;
    return importablePackages((await res.json()) as Lockfile, online);
  }

  // -- workspace files --------------------------------------------------------------

  listFiles(): Promise<store.WorkspaceFile[]> {
    return store.listFiles();
  }

  readFile(path: string): Promise<Uint8Array> {
    return store.readFile(path);
  }

  /** Apply a main-thread file change to the running worker's file system too. */
  async #mirror(op: (api: WorkerSession['api']) => Promise<void>): Promise<void> {
    const s = this.#session;
    if (!s?.alive) return; // a later start loads the file from IndexedDB
    await this.#ready?.catch(() => {}); // a start in progress may have read the store already
    if (s.alive) await s.call(op(s.api));
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    this.#undo = undefined; // a change by hand: the last run's undo would overwrite it
    const clean = store.normalizePath(path);
    const bytes = store.toBytes(data);
    await store.writeFile(clean, bytes);
    await this.#mirror((api) => api.putFile(clean, bytes));
    for (const cb of this.#filesListeners) cb();
  }

  async deleteFile(path: string): Promise<void> {
    this.#undo = undefined;
    const clean = store.normalizePath(path);
    await store.deleteFile(clean);
    await this.#mirror((api) => api.removeFile(clean));
    for (const cb of this.#filesListeners) cb();
  }
}
