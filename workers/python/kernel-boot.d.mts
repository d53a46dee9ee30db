import type { PyodideAPI } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';

/** The Kernel of codeact_runtime/kernel.py, as its Pyodide proxy (the methods JS calls). */
export interface CodeactKernel extends PyProxy {
  /** JSON of the cell's result, or a proxy of a promise of it when the cell awaits. */
  run_cell(code: string): string | PyProxy;
  /** JSON `{switched, message}`. */
  use_namespace(id: string): string;
  set_allow_network(on: boolean): void;
  define(source: string): void;
  mark_files(): void;
}

export declare const RUNTIME_DIR: string;
export declare const WORKSPACE: string;
export declare function writeRuntimePackage(
  py: PyodideAPI,
  sources: Record<string, string>,
  bytecode?: Record<string, Uint8Array>,
): void;
export declare function createKernel(py: PyodideAPI, emit: (json: string) => void): CodeactKernel;
export declare function runCellJson(kernel: CodeactKernel, code: string): Promise<string>;
