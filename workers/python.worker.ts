// Python worker: hosts Pyodide. Kept thin; the Python side lives in workers/python/*.py.
import * as Comlink from 'comlink';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import type { PythonWorkerApi, PythonWorkerInit } from './contracts/python';

let py: PyodideAPI | undefined;

const api: PythonWorkerApi = {
  async init(opts: PythonWorkerInit) {
    py = await loadPyodide({ indexURL: opts.indexURL });
    py.setStdout({ batched: () => {} });
    py.setStderr({ batched: () => {} });
    if (opts.interruptBuffer) py.setInterruptBuffer(opts.interruptBuffer);
    const pythonVersion = String(py.runPython('import sys; sys.version.split()[0]'));
    return { version: py.version, pythonVersion };
  },
  async run() {
    throw new Error('not implemented yet');
  },
};

Comlink.expose(api);
