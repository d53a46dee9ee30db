// Test-only stand-in for the evaluation's PythonClient: REAL Python (Pyodide from node_modules,
// in Node), one dict per namespace, /workspace in its file system.
import type { PyodideAPI } from 'pyodide';
import type { OwnedEvalPython } from '../../src/eval/browser-run';
import type { PythonTool, RunOptions, RunResult } from '../../src/runtime/types';
import { runInPyodide } from './pyodide-run';

export class NodeEvalPython implements OwnedEvalPython {
  readonly namespaces: string[] = [];
  /** The calls in order: the runner must ask for a fresh interpreter before each task's namespace. */
  readonly steps: string[] = [];
  /** Test-only: records the call; the real interpreter replacement is PythonClient's (e2e). */
  freshInterpreter() {
    this.steps.push('fresh');
    return Promise.resolve();
  }
  #ns: ReturnType<PyodideAPI['toPy']> | undefined;
  constructor(private readonly py: PyodideAPI) {
    py.FS.mkdirTree('/workspace');
  }
  useNamespace(id: string) {
    this.namespaces.push(id);
    this.steps.push('namespace');
    this.#ns = this.py.toPy({});
    return Promise.resolve();
  }
  listFiles() {
    const names = (this.py.FS.readdir('/workspace') as string[]).filter((n) => !n.startsWith('.'));
    return Promise.resolve(names.map((path) => ({ path, size: 0, modified: 0 })));
  }
  writeFile(path: string, data: string) {
    this.py.FS.writeFile(`/workspace/${path}`, data);
    return Promise.resolve();
  }
  readFile(path: string) {
    return Promise.resolve(this.py.FS.readFile(`/workspace/${path}`) as Uint8Array);
  }
  deleteFile(path: string) {
    this.py.FS.unlink(`/workspace/${path}`);
    return Promise.resolve();
  }
  run(code: string, _opts?: RunOptions): Promise<RunResult> {
    return runInPyodide(this.py, code, this.#ns);
  }
  async defineTools(tools: PythonTool[]) {
    for (const t of tools) await this.py.runPythonAsync(t.source, { globals: this.#ns });
  }
  availablePackages() {
    return Promise.resolve([]);
  }
  /** Started already (OwnedEvalPython); the test owns the Pyodide. */
  start() {
    return Promise.resolve();
  }
  dispose() {}
}
