// Owns the Python worker's life. (Foundation: start and report the version.)
import * as Comlink from 'comlink';
import type { PythonWorkerApi } from '../../workers/contracts/python';
import { pyodideIndexURL } from './urls';

export class PythonClient {
  #worker: Worker | undefined;
  #api: Comlink.Remote<PythonWorkerApi> | undefined;
  #ready: Promise<{ version: string; pythonVersion: string }> | undefined;

  start(): Promise<{ version: string; pythonVersion: string }> {
    if (!this.#ready) {
      this.#worker = new Worker(new URL('../../workers/python.worker.ts', import.meta.url), {
        type: 'module',
        name: 'python',
      });
      this.#api = Comlink.wrap<PythonWorkerApi>(this.#worker);
      this.#ready = this.#api.init({ indexURL: pyodideIndexURL() });
    }
    return this.#ready;
  }

  dispose(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#api = undefined;
    this.#ready = undefined;
  }
}
