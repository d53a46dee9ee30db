/// <reference types="vite/client" />
// The Python runtime inside its worker: hosts Pyodide and the codeact_runtime package
// (workers/python/*.py), which does the Jupyter-like work. Before any user code can run it
// checks whether the browser's policy (CSP) is in force, installs the network guard, removes
// the storage and page routes from the global scope, and waits for the page's private port.
// Calls arrive over comlink on that port; progress and streamed output leave on a separate
// MessagePort so a flood of output never queues behind (or ahead of) call results.
import * as Comlink from 'comlink';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import type {
  PackageProgress,
  PythonWorkerApi,
  PythonWorkerEvent,
  PythonWorkerInit,
  WorkerRunResult,
} from '../contracts/python';
import { type PolicyProbe, probeBrowserPolicy } from './csp-probe';
import { installNetworkGuard } from './network-guard';
import { PackagePath, type ProgressSink } from './package-path';
import { CDN_URL, lazyPackagesFor, loadCellPackages, packageForMissingModule } from './packages';
import {
  createKernel,
  runCellJson,
  writeRuntimePackage,
  type CodeactKernel,
} from './kernel-boot.mjs';
import { acceptRuntimeChannel } from './runtime-channel';
import { lockDownGlobalScope } from './scope-lockdown';
import { collectChanges, loadWorkspace, WORKSPACE, writeWorkspaceFile } from './workspace-sync';

// The real .py modules, bundled as text and written into Pyodide's file system.
const PY_SOURCES = import.meta.glob<string>('./codeact_runtime/*.py', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const state = { allowNetwork: false, indexURL: '', cdn: '' };
let py: PyodideAPI | undefined;
let kernel: CodeactKernel | undefined;
let packages: PackagePath | undefined;
let toPython: (cell: string) => string = (c) => c;
let events: MessagePort | undefined;
let currentRun = 0;
let firstRunMarked = false;

/**
 * Settles when `init` has started the kernel (or failed to). The owner sends the stored files and
 * the tools right after `init`, not after its answer (src/runtime/python-boot.ts): they wait here,
 * and the start saves two round trips through the page's main thread, which is busy at that moment.
 */
let markStarted!: { resolve: () => void; reject: (e: unknown) => void };
const kernelStarted = new Promise<void>((resolve, reject) => (markStarted = { resolve, reject }));
kernelStarted.catch(() => {}); // observed by the calls that wait for it

const post = (e: PythonWorkerEvent) => events?.postMessage(e);
/** Start-up steps on the worker's timeline, for bench/ (`codeact:init`, `codeact:kernel-ready`…). */
const mark = (step: string) => performance.mark(`codeact:${step}`);
const progress = (step: 'runtime' | 'files' | 'packages', message: string) =>
  post({ kind: 'progress', step, message });
const sinkFor =
  (runId: number): ProgressSink =>
  (phase: 'loading' | 'done', items: PackageProgress[]) =>
    post({ kind: 'packages', runId, phase, items });

function allowedUrl(url: URL): boolean {
  if (state.allowNetwork) return true;
  if (state.indexURL !== '' && url.href.startsWith(state.indexURL)) return true;
  // Package wheels from the CDN folder of exactly this version, only while the package path loads them.
  return (packages?.loading ?? false) && state.cdn !== '' && url.href.startsWith(state.cdn);
}

/** The bundled sources by file name (codeact_runtime/kernel.py → kernel.py). */
function runtimeSources(): Record<string, string> {
  const entries = Object.entries(PY_SOURCES).map(([path, text]) => [path.split('/').pop()!, text]);
  return Object.fromEntries(entries) as Record<string, string>;
}

/**
 * The build's bytecode of those sources (scripts/vite/runtime-bytecode.mjs; none in dev), decoded.
 * A chunk of its own, asked for at the worker's first moment: it arrives while Pyodide downloads,
 * and the worker's own script, which must arrive before anything starts, stays small. Where it
 * cannot be had, the kernel compiles the sources as before.
 */
let bytecode: Promise<Record<string, Uint8Array>> | undefined;
function runtimeBytecode(): Promise<Record<string, Uint8Array>> {
  const decode = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  bytecode ??= import('virtual:codeact-runtime-bytecode').then(
    ({ default: files }) =>
      Object.fromEntries(Object.entries(files).map(([f, b]) => [f, decode(b)])),
    () => ({}),
  );
  return bytecode;
}

function need<T>(v: T | undefined): T {
  if (v === undefined) throw new Error('Python is not started (call init first).');
  return v;
}

function emptyResult(): WorkerRunResult {
  return {
    stdout: '',
    stderr: '',
    outputs: [],
    error: null,
    truncated: false,
    files: { writes: [], deletes: [] },
  };
}

function runtimeStillWorks(p: PyodideAPI): boolean {
  try {
    p.runPython('None');
    return true;
  } catch {
    return false;
  }
}

async function runOnce(p: PyodideAPI, k: CodeactKernel, code: string): Promise<WorkerRunResult> {
  const json = await runCellJson(k, code);
  const parsed = JSON.parse(json) as Omit<WorkerRunResult, 'files'> & {
    files: { changed: string[]; deleted: string[] };
  };
  const { files, ...result } = parsed;
  return { ...result, files: collectChanges(p, files.changed, files.deleted) };
}

async function runCell(p: PyodideAPI, k: CodeactKernel, code: string): Promise<WorkerRunResult> {
  const path = need(packages);
  const load = (names: string[]) => path.load(names, sinkFor(currentRun));
  const error = await loadCellPackages(p, load, code, toPython);
  if (error) return { ...emptyResult(), error };
  const lazy = lazyPackagesFor(p, code);
  if (lazy.length) await load(lazy); // best effort: the cell may not need them
  const first = await runOnce(p, k, code);
  // A library imported a lock package inside a function (the scan cannot see that): load it and
  // run the cell once more, saying so (its output up to the error is shown again).
  const missing = packageForMissingModule(p, first.error);
  if (!missing || (await load([missing])).length > 0) return first;
  const module = /No module named '([^']+)'/.exec(first.error?.evalue ?? '')?.[1] ?? missing;
  const text =
    `[The cell needed the package '${missing}' (module '${module}', imported inside a library), ` +
    `which was loaded; the cell was run again.]\n`;
  const again = await runOnce(p, k, code);
  const note = { type: 'stream', name: 'stderr', text } as const;
  // The first try's file changes are saved too (the kernel's snapshot moved on after it).
  const written = new Set(again.files.writes.map((w) => w.path));
  const files = {
    writes: [...first.files.writes.filter((w) => !written.has(w.path)), ...again.files.writes],
    deletes: [...new Set([...first.files.deletes, ...again.files.deletes])].filter(
      (d) => !written.has(d),
    ),
  };
  return { ...again, files, stderr: text + again.stderr, outputs: [note, ...again.outputs] };
}

function startKernel(p: PyodideAPI, opts: PythonWorkerInit): CodeactKernel {
  const k = createKernel(p, (json) => post({ kind: 'output', runId: currentRun, json }));
  const shellLines = p.pyimport('codeact_runtime.shell_lines');
  toPython = (cell) => String(shellLines.python_source(cell));
  k.set_allow_network(state.allowNetwork);
  if (opts.namespace) k.use_namespace(opts.namespace);
  return k;
}

/**
 * Fetch and compile Pyodide from the worker's first moment, not from `init`: the page's first
 * messages reach a worker only once the page's main thread is free (Chromium hands them over
 * there), which is after the app's own code has run, some 200 ms on a 2-core machine. Pyodide's
 * folder is found next to this script's (the build's layout: assets/ and pyodide/ under one base);
 * `init` uses this load when its indexURL is the same. Only where a script policy is in force
 * (evaluating a string was refused, known at once; the rest of the probe takes some milliseconds
 * more and decides what `init` reports): a worker script that came without the CSP is about to be
 * replaced (first visit, browser lock) and would only take bandwidth from the page. The guard
 * lets through Pyodide's own folder only; nothing runs in Python before `init`.
 */
function prefetchPyodide(g: typeof globalThis, policy: PolicyProbe): void {
  if (import.meta.env.DEV || !policy.evalRefused || prefetched) return;
  let indexURL: string;
  try {
    const here = new URL(g.location.href);
    if (here.protocol !== 'http:' && here.protocol !== 'https:') return; // a blob: worker
    indexURL = new URL('../pyodide/', here).href;
  } catch {
    return;
  }
  if (state.indexURL !== '') return; // init came first
  state.indexURL = indexURL;
  const loading = startLoad(indexURL);
  loading.catch(() => {}); // reported by init, which awaits it
  prefetched = { indexURL, loading };
}

/** The load that prefetchPyodide started, kept for `init`. */
let prefetched: { indexURL: string; loading: Promise<PyodideAPI> } | undefined;

function startLoad(indexURL: string): Promise<PyodideAPI> {
  return loadPyodide({ indexURL, env: { MPLBACKEND: 'Agg', HOME: WORKSPACE } });
}

function loadFor(indexURL: string): Promise<PyodideAPI> {
  const early = prefetched;
  prefetched = undefined;
  if (early?.indexURL === indexURL) return early.loading;
  return startLoad(indexURL);
}

/** `init`'s work once the policy is known: Pyodide, the kernel, the stored files if sent with it. */
async function startRuntime(
  opts: PythonWorkerInit,
): Promise<{ version: string; pythonVersion: string }> {
  const p = await loadFor(opts.indexURL);
  mark('pyodide-loaded');
  state.cdn = CDN_URL(p.version);
  const path = new PackagePath(p);
  path.takeOverPublicApi(() => sinkFor(currentRun));
  p.registerJsModule('codeact_host', {
    load_packages: (names: unknown) => path.loadFromPython(names, sinkFor(currentRun)),
  });
  packages = path;
  // Python-level output goes through codeact_runtime; this only catches C-level writes.
  p.setStdout({ batched: (s) => console.log(s) });
  p.setStderr({ batched: (s) => console.warn(s) });
  p.setStdin({ stdin: () => undefined });
  if (opts.interruptBuffer) p.setInterruptBuffer(opts.interruptBuffer);
  writeRuntimePackage(p, runtimeSources(), await runtimeBytecode());
  if (opts.files) {
    progress('files', 'Loading workspace files');
    const fileCount = loadWorkspace(p, opts.files);
    progress('files', `${fileCount} workspace file(s) loaded`);
  }
  kernel = startKernel(p, opts);
  py = p;
  progress('packages', 'Packages load on first import');
  const pythonVersion = String(p.runPython('import sys; sys.version.split()[0]'));
  mark('kernel-ready');
  return { version: p.version, pythonVersion };
}

function api(policy: Promise<boolean>, networkOpen: boolean): PythonWorkerApi {
  return {
    async init(opts: PythonWorkerInit) {
      events = opts.events;
      state.indexURL = opts.indexURL;
      state.allowNetwork = !!opts.allowNetwork;
      progress('runtime', 'Starting Python (Pyodide)');
      mark('init');
      // Asked before any load: a worker the owner is about to replace runs no user code, and
      // spends no CPU on a Pyodide load it would throw away (on a first visit that is while the
      // page and the service worker's install need it). The probe settles in a few milliseconds,
      // and a worker whose script policy is in force has been loading since its first moment
      // (prefetchPyodide).
      if (opts.requirePolicy && !(await policy)) return { policyMissing: true } as const;
      try {
        const info = await startRuntime(opts);
        markStarted.resolve();
        return { ...info, sandbox: { browserPolicy: await policy, networkOpen } };
      } catch (e) {
        markStarted.reject(e);
        throw e;
      }
    },

    async run(runId, code) {
      const p = need(py);
      const k = need(kernel);
      currentRun = runId;
      if (!firstRunMarked) mark('first-run');
      firstRunMarked = true;
      try {
        return await runCell(p, k, code);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (runtimeStillWorks(p)) {
          // A Python exception that escaped the runtime's own code (e.g. a late KeyboardInterrupt).
          const ename = (e as { type?: string }).type ?? 'Error';
          return { ...emptyResult(), error: { ename, evalue: message, traceback: message } };
        }
        const evalue = `The Python runtime crashed: ${message}`;
        const error = { ename: 'RuntimeCrash', evalue, traceback: evalue };
        return { ...emptyResult(), error, fatal: message };
      } finally {
        post({ kind: 'run-end', runId });
      }
    },

    async useNamespace(id) {
      return JSON.parse(need(kernel).use_namespace(id) as string) as {
        switched: boolean;
        message: string;
      };
    },

    setAllowNetwork(on) {
      state.allowNetwork = on;
      kernel?.set_allow_network(on);
    },

    async defineTools(sources) {
      await kernelStarted;
      const k = need(kernel);
      for (const s of sources) k.define(s);
    },

    putFile(path, data) {
      writeWorkspaceFile(need(py), path, data);
      need(kernel).mark_files();
    },

    async putFiles(files) {
      await kernelStarted;
      const count = loadWorkspace(need(py), files);
      need(kernel).mark_files();
      progress('files', `${count} workspace file(s) loaded`);
      return count;
    },

    removeFile(path) {
      const p = need(py);
      try {
        p.FS.unlink(`${WORKSPACE}/${path}`);
      } catch {
        // already gone
      }
      need(kernel).mark_files();
    },

    preload(names) {
      return need(packages).load(names, sinkFor(0));
    },
  };
}

/** Runs at the worker script's top level, before anything else (see the two entry files). */
export function startPythonWorker(mode: { networkOpen: boolean }): void {
  const g = globalThis;
  void runtimeBytecode();
  const probe = probeBrowserPolicy(g, g.fetch.bind(g));
  const channel = acceptRuntimeChannel(g);
  // Storage and page routes go first: the guard locks what remains (its copies are not configurable).
  lockDownGlobalScope(g);
  installNetworkGuard(g, allowedUrl, (url, res) => (packages ? packages.observe(url, res) : res));
  void channel.then((port) => Comlink.expose(api(probe.inForce, mode.networkOpen), port));
  prefetchPyodide(g, probe);
}
