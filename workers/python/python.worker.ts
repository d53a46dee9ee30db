/// <reference types="vite/client" />
// Python worker: hosts Pyodide and the codeact_runtime package (workers/python/*.py),
// which does the Jupyter-like work. Calls arrive over comlink; progress and streamed
// output leave on a separate MessagePort so a flood of output never queues behind
// (or ahead of) call results.
import * as Comlink from 'comlink';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import type {
  PythonWorkerApi,
  PythonWorkerEvent,
  PythonWorkerInit,
  WorkerRunResult,
} from '../contracts/python';
import { installNetworkGuard } from './network-guard';
import { CDN_URL, loadPackages, packagesToLoad, unavailableError } from './packages';
import {
  createKernel,
  runCellJson,
  writeRuntimePackage,
  type CodeactKernel,
} from './kernel-boot.mjs';
import { collectChanges, loadWorkspace, WORKSPACE, writeWorkspaceFile } from './workspace-sync';

// The real .py modules, bundled as text and written into Pyodide's file system.
const PY_SOURCES = import.meta.glob<string>('./codeact_runtime/*.py', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const state = { allowNetwork: false, loadingPackages: 0, indexURL: '', cdn: '' };
let py: PyodideAPI | undefined;
let kernel: CodeactKernel | undefined;
let events: MessagePort | undefined;
let currentRun = 0;

const post = (e: PythonWorkerEvent) => events?.postMessage(e);
const progress = (step: 'runtime' | 'files' | 'packages', message: string) =>
  post({ kind: 'progress', step, message });

function allowedUrl(url: URL): boolean {
  if (state.allowNetwork || url.href.startsWith(state.indexURL)) return true;
  // Package wheels from the CDN for exactly this version, only while we load them.
  return state.loadingPackages > 0 && state.cdn !== '' && url.href.startsWith(state.cdn);
}

/** The bundled sources by file name (codeact_runtime/kernel.py → kernel.py). */
function runtimeSources(): Record<string, string> {
  const entries = Object.entries(PY_SOURCES).map(([path, text]) => [path.split('/').pop()!, text]);
  return Object.fromEntries(entries) as Record<string, string>;
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

async function runCell(p: PyodideAPI, k: CodeactKernel, code: string): Promise<WorkerRunResult> {
  const missing = packagesToLoad(p, code);
  if (missing.length > 0) {
    progress('packages', `Loading ${missing.join(', ')}`);
    state.loadingPackages++;
    let failed: string[];
    try {
      failed = await loadPackages(p, missing, (m) => progress('packages', m));
    } finally {
      state.loadingPackages--;
    }
    if (failed.length > 0) return { ...emptyResult(), error: unavailableError(failed, p.version) };
  }
  const json = await runCellJson(k, code);
  const parsed = JSON.parse(json) as Omit<WorkerRunResult, 'files'> & {
    files: { changed: string[]; deleted: string[] };
  };
  const { files, ...result } = parsed;
  return { ...result, files: collectChanges(p, files.changed, files.deleted) };
}

const api: PythonWorkerApi = {
  async init(opts: PythonWorkerInit) {
    events = opts.events;
    state.indexURL = opts.indexURL;
    state.allowNetwork = !!opts.allowNetwork;
    installNetworkGuard(globalThis, allowedUrl);
    progress('runtime', 'Starting Python (Pyodide)');
    const p = await loadPyodide({
      indexURL: opts.indexURL,
      env: { MPLBACKEND: 'Agg', HOME: WORKSPACE },
    });
    state.cdn = CDN_URL(p.version);
    // Python-level output goes through codeact_runtime; this only catches C-level writes.
    p.setStdout({ batched: (s) => console.log(s) });
    p.setStderr({ batched: (s) => console.warn(s) });
    p.setStdin({ stdin: () => undefined });
    if (opts.interruptBuffer) p.setInterruptBuffer(opts.interruptBuffer);
    writeRuntimePackage(p, runtimeSources());
    progress('files', 'Loading workspace files');
    const fileCount = loadWorkspace(p, opts.files ?? []);
    progress('files', `${fileCount} workspace file(s) loaded`);
    kernel = createKernel(p, (json) => post({ kind: 'output', runId: currentRun, json }));
    kernel.set_allow_network(state.allowNetwork);
    if (opts.namespace) kernel.use_namespace(opts.namespace);
    py = p;
    progress('packages', 'Packages load on first import');
    const pythonVersion = String(p.runPython('import sys; sys.version.split()[0]'));
    return { version: p.version, pythonVersion };
  },

  async run(runId, code) {
    const p = need(py);
    const k = need(kernel);
    currentRun = runId;
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
    const k = need(kernel);
    for (const s of sources) k.define(s);
  },

  putFile(path, data) {
    writeWorkspaceFile(need(py), path, data);
    need(kernel).mark_files();
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
};

Comlink.expose(api);
