// Owns the Python worker's whole life: lazy start with progress (cancellable through a signal),
// runs with time limits, interrupts, death detection and restart on the next use, namespaces per
// conversation, tools, packages and the persisted /workspace files (python-files.ts). The network
// lock is the worker script's CSP, so the "allow network" setting picks one of two worker entries.
import { isAppError } from '../errors/app-error';
import type { PackageLoad } from './package-events';
import type { BrowserLockGate } from './browser-lock';
import { importableNow, PRELOAD_PACKAGES, preloadablePackages } from './package-preload';
import { PythonEventRouter, type StartupProgress } from './python-events';
import { cancelledError, disposedError, startFailedError, workerLostError } from './python-errors';
import { indexedDbWorkspace, PythonFiles, WorkspaceFilesApi } from './python-files';
import { browserWorker, type PythonClientOptions, type StartInfo } from './python-options';
import { failedRunResult, finishedRunResult, lostRunResult, type StopReason } from './run-result';
import { RunStopper, STOP_TIMINGS, type StopTimings } from './run-stopper';
import { RunTimer } from './run-timer';
import type { CodeRunner, PythonTool, RunOptions, RunResult, RuntimeStatus } from './types';
import { Listeners } from './listeners';
import { pyodideIndexURL } from './urls';
import { SharedStart } from './shared-start';
import { startLocked, stopStart, type Start } from './locked-start';
import { greetWorker, type GreetedWorker } from './worker-greeting';
import { WorkerSession } from './worker-session';

export type { StartupProgress } from './python-events';
export type { PythonClientOptions, StartInfo } from './python-options';

export class PythonClient extends WorkspaceFilesApi implements CodeRunner {
  #indexURL: string | undefined;
  #allowNetwork: boolean;
  #defaultTimeoutMs: number;
  #greet: (networkOpen: boolean) => GreetedWorker;
  #isolated: boolean;
  #stopTimings: StopTimings;
  #browserLock: BrowserLockGate | undefined;
  #discardedWhileWaitingForLock = new WeakSet<WorkerSession>();
  protected readonly workspace: PythonFiles;
  #events = new PythonEventRouter();
  #start: Start | undefined;
  #spare: Start | undefined; // an evaluation's next interpreter, started ahead
  #disposed = false;
  #status: RuntimeStatus = 'idle';
  #statusListeners = new Listeners<RuntimeStatus>();
  #namespace = 'default';
  #tools: PythonTool[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #stopCurrent: ((why: StopReason) => void) | undefined;
  /** Why variables were lost since the last run (reported with the next result). */
  #lostNotice: string | undefined;
  /** The running worker's script opens the network; code has run in it (variables to lose). */
  #sessionNetworkOpen = false;
  #ranInSession = false;

  constructor(opts: PythonClientOptions = {}) {
    super();
    this.#indexURL = opts.indexURL;
    this.#allowNetwork = opts.allowNetwork ?? false;
    this.#defaultTimeoutMs = opts.defaultTimeoutMs ?? 60_000;
    const create = opts.createWorker ?? browserWorker;
    this.#greet = (open) => opts.adoptEarly?.(open, this.#index) ?? greetWorker(create(open));
    this.#isolated =
      opts.isolated ?? (typeof crossOriginIsolated === 'boolean' && crossOriginIsolated);
    this.#stopTimings = opts.stopTimings ?? STOP_TIMINGS;
    this.#browserLock = opts.browserLock;
    this.workspace = new PythonFiles(opts.files ?? indexedDbWorkspace, () => ({
      session: this.#start?.session,
      starting: this.#start?.shared.ready,
    }));
  }

  get status(): RuntimeStatus {
    return this.#status;
  }

  onStatus(cb: (s: RuntimeStatus) => void): () => void {
    return this.#statusListeners.add(cb);
  }

  onProgress(cb: (p: StartupProgress) => void): () => void {
    return this.#events.progress.add(cb);
  }

  /** Package loads (per package: name, bytes so far), for a run or in the background. */
  onPackages(cb: (load: PackageLoad) => void): () => void {
    return this.#events.packages.add(cb);
  }

  #setStatus(s: RuntimeStatus): void {
    this.#statusListeners.emit((this.#status = s));
  }

  get #index(): string {
    return (this.#indexURL ??= pyodideIndexURL());
  }

  /**
   * Start Python (once; later calls share the start). Aborting `signal` gives up waiting with a
   * 'cancelled' PythonError; when no caller is left waiting, the starting worker is terminated.
   */
  start(opts: { signal?: AbortSignal } = {}): Promise<StartInfo> {
    if (this.#disposed) return Promise.reject(disposedError());
    if (opts.signal?.aborted) return Promise.reject(cancelledError('Starting Python'));
    this.#start ??= this.#spawn();
    return this.#start.shared.join(opts.signal, () => cancelledError('Starting Python'));
  }

  /** `spare`: started ahead for the next evaluation task (empty /workspace; see freshInterpreter). */
  #spawn(spare = false): Start {
    const networkOpen = this.#allowNetwork;
    this.#sessionNetworkOpen = networkOpen;
    this.#ranInSession = false;
    const session = this.#browserLock?.noPolicyYet() ? undefined : this.#newSession(networkOpen);
    const start = { session, abort: new AbortController() } as Start;
    start.shared = new SharedStart(
      (shared) => this.#boot(start, shared, spare),
      // Every caller gave up: stop the worker (the next use starts afresh).
      () => {
        if (this.#start === start) this.#start = undefined;
        start.abort.abort();
        start.session?.terminate('Starting Python was cancelled.');
        if (!this.#start) this.#setStatus('idle');
      },
    );
    return start;
  }

  #newSession(networkOpen: boolean): WorkerSession {
    const session = new WorkerSession(
      this.#greet(networkOpen),
      (e) => this.#events.handle(e),
      this.#isolated,
    );
    // A worker that dies on its own is replaced on the next use (not one replaced or discarded).
    session.died.catch((e: Error) => {
      if (this.#start?.session !== session || this.#discardedWhileWaitingForLock.has(session))
        return;
      this.#start = undefined;
      this.#lostNotice ??= `${e.message} Python was restarted: all variables were lost.`;
      this.#setStatus('dead');
    });
    return session;
  }

  async #boot(start: Start, shared: SharedStart<StartInfo>, spare: boolean): Promise<StartInfo> {
    if (!spare) this.#setStatus('starting');
    const networkOpen = this.#sessionNetworkOpen;
    try {
      const info = await startLocked({
        gate: this.#browserLock,
        signal: start.abort.signal,
        settings: (requirePolicy) => ({
          indexURL: this.#index,
          allowNetwork: this.#allowNetwork,
          namespace: this.#namespace,
          toolSources: this.#tools.map((t) => t.source),
          readFiles: () => (spare ? Promise.resolve([]) : this.workspace.readAll()),
          requirePolicy,
        }),
        session: () => start.session,
        discardSession: (reason) => {
          if (!start.session) return;
          this.#discardedWhileWaitingForLock.add(start.session);
          start.session.terminate(reason);
        },
        newSession: () => (start.session = this.#newSession(networkOpen)),
        progress: (message) => this.#events.progress.emit({ step: 'runtime', message }),
      });
      if (!spare) this.#setStatus('ready');
      return info;
    } catch (e) {
      const current = this.#start === start;
      if (current) this.#start = undefined;
      start.session?.terminate('Python failed to start.');
      if (shared.abandoned) {
        if (!this.#start && this.#status !== 'idle') this.#setStatus('idle');
        throw cancelledError('Starting Python');
      }
      if (current) this.#setStatus('dead');
      throw isAppError(e) ? e : startFailedError(e);
    }
  }

  /** Throw the current worker away (pending calls reject) and start a fresh one. */
  #replace(reason: string): void {
    const old = this.#start;
    this.#start = undefined;
    if (old) stopStart(old, reason);
    this.#setStatus('restarted');
    this.start().catch(() => {}); // warm up for the next run; failures surface there
  }

  async restart(): Promise<void> {
    this.#stopCurrent?.('interrupt');
    this.#replace('Python was restarted on request.');
    this.#lostNotice = 'Python was restarted on request: all variables were lost.';
    await this.start();
  }

  /** A clean interpreter for an evaluation task (no cwd, patched module or variable of an earlier
   * one; no "variables were lost" notice). The next one starts now, overlapping this task. */
  async freshInterpreter(): Promise<void> {
    if (!(this.#start && !this.#ranInSession)) {
      this.#stopCurrent?.('interrupt');
      const old = this.#start?.session;
      // The one started ahead (empty /workspace: the runner writes the task's files next).
      const spare = this.#spare;
      this.#spare = undefined;
      const usable = spare?.session?.alive && this.#sessionNetworkOpen === this.#allowNetwork;
      this.#start = usable ? spare : undefined;
      if (!usable) spare?.session?.terminate('The spare interpreter was not needed.');
      old?.terminate('Python was replaced by a fresh interpreter.');
      this.#ranInSession = false;
    }
    try {
      await this.start();
    } catch {
      this.#start = undefined; // the spare failed to start: a new one, once
      await this.start();
    }
    this.#spare ??= this.#spawn(true);
    this.#sessionNetworkOpen = this.#allowNetwork;
  }

  /** Terminate the worker (pending calls reject with 'worker-lost'); later calls get 'disposed'. */
  dispose(): void {
    this.#disposed = true;
    for (const start of [this.#spare, this.#start])
      if (start) stopStart(start, 'The Python client was disposed.');
    this.#spare = undefined;
    this.#start = undefined;
    this.#setStatus('idle');
  }

  /** The running worker after a start, or a 'worker-lost' error if it died in between. */
  async #ready(): Promise<WorkerSession> {
    await this.start();
    const session = this.#start?.session;
    if (!session?.alive) throw workerLostError('Python stopped before the call could be made.');
    return session;
  }

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
    const cancelled = () => ({
      ...failedRunResult('KeyboardInterrupt', 'The run was cancelled before it started.'),
      interrupted: true,
    });
    if (opts.signal?.aborted) return done(cancelled());
    let session: WorkerSession;
    try {
      await this.start({ signal: opts.signal });
      session = await this.#ready();
      if (this.#sessionNetworkOpen !== this.#allowNetwork)
        session = await this.#applyNetworkSetting();
    } catch (e) {
      if (isAppError(e, 'cancelled')) return done(cancelled());
      return done(
        failedRunResult('RuntimeStartError', `Python could not start: ${(e as Error).message}`),
      );
    }
    this.#ranInSession = true;
    const stream = this.#events.openRun(opts.onOutput);
    let stopReason: StopReason | undefined;
    const stopper = new RunStopper(session, (reason) => this.#replace(reason), this.#stopTimings);
    const stop = (why: StopReason) => {
      stopReason ??= why;
      stopper.stop(why === 'interrupt' ? 'interrupt' : 'time limit');
    };
    this.#stopCurrent = stop;
    // Expiring while paused for packages means no byte arrived for the stall limit.
    const timer: RunTimer = new RunTimer(
      timeoutMs,
      () => stop(timer.paused ? 'stalled' : 'timeout'),
      opts.stallMs,
    );
    const limitOf = () => (stopReason === 'stalled' ? timer.stallMs : timeoutMs);
    stream.timer = timer;
    const onAbort = () => stop('interrupt');
    opts.signal?.addEventListener('abort', onAbort);
    session.clearInterrupt();
    this.#setStatus('busy');
    try {
      const r = await session.call(session.api.run(stream.runId, code));
      await session.call(stream.ended);
      // A big result took a task to arrive: let the page paint before the caller processes it.
      await new Promise((res) => setTimeout(res, 0));
      if (r.fatal) {
        const reason = `The Python runtime crashed (${r.fatal}) and was restarted: all variables were lost.`;
        this.#replace(reason);
        const crashed = done({
          ...finishedRunResult(r, stopReason, limitOf()),
          restarted: true,
          restartReason: reason,
        });
        this.#lostNotice = reason; // the next run reports it too: it runs in the fresh runtime
        return crashed;
      }
      const note = await this.workspace.saveRunChanges(r.files);
      if (note) {
        r.stderr += note;
        r.outputs.push({ type: 'stream', name: 'stderr', text: note });
      }
      return done(finishedRunResult(r, stopReason, limitOf()));
    } catch (e) {
      if (!isAppError(e, 'worker-lost')) throw e;
      return done(lostRunResult(stream.streamed, stopReason, limitOf(), e.message));
    } finally {
      timer.clear();
      stopper.dispose();
      opts.signal?.removeEventListener('abort', onAbort);
      stream.close();
      this.#stopCurrent = undefined;
      session.clearInterrupt();
      if (this.#start?.session === session && session.alive) this.#setStatus('ready');
    }
  }

  async useNamespace(conversationId: string): Promise<{ switched: boolean; message: string }> {
    if (conversationId === this.#namespace && this.#start) {
      return {
        switched: false,
        message: `Already using the variables of conversation ${conversationId}.`,
      };
    }
    this.#namespace = conversationId;
    if (!this.#start) {
      return {
        switched: true,
        message: `Conversation ${conversationId} will start with fresh variables.`,
      };
    }
    const s = await this.#ready();
    const r = await s.call(s.api.useNamespace(conversationId));
    if (r.switched && this.#tools.length)
      await s.call(s.api.defineTools(this.#tools.map((t) => t.source)));
    return r;
  }

  setAllowNetwork(on: boolean): void {
    this.#allowNetwork = on;
    this.#start?.session?.api.setAllowNetwork(on).catch(() => {});
    // The network lock is the worker script's CSP: a different setting needs the other worker.
    if (this.#start && this.#sessionNetworkOpen !== on && this.#status !== 'busy')
      void this.#applyNetworkSetting().catch(() => {});
  }

  async #applyNetworkSetting(): Promise<WorkerSession> {
    if (this.#ranInSession)
      this.#lostNotice ??=
        'Python was restarted to apply the network setting: all variables were lost.';
    this.#replace('Python is restarting with the new network setting.');
    return this.#ready();
  }

  /** Load `names` (default: numpy, pandas) in the background if their wheels are on this machine. */
  async preloadPackages(names: string[] = PRELOAD_PACKAGES): Promise<string[]> {
    const local = await preloadablePackages(this.#index, names);
    if (local.length === 0) return [];
    const s = await this.#ready();
    const failed = await s.call(s.api.preload(local));
    return local.filter((n) => !failed.includes(n));
  }

  async defineTools(tools: PythonTool[]): Promise<void> {
    this.#tools = tools;
    const s = await this.#ready();
    await s.call(s.api.defineTools(tools.map((t) => t.source)));
  }

  /** Importable packages, read from the lock without starting Python. */
  availablePackages(): Promise<string[]> {
    return importableNow(this.#index);
  }
}
