// Test-only: run code with Node's Pyodide in a globals dict and shape the outcome like the
// runtime's RunResult (stdout and the error only: no streaming, interrupts or rich display).
import type { PyodideAPI } from 'pyodide';
import type { RunResult } from '../../src/runtime/types';

export async function runInPyodide(
  py: PyodideAPI,
  code: string,
  globals: ReturnType<PyodideAPI['toPy']> | undefined,
): Promise<RunResult> {
  let stdout = '';
  py.setStdout({ batched: (s: string) => (stdout += `${s}\n`) });
  let error: RunResult['error'] = null;
  try {
    await py.runPythonAsync(code, { globals });
  } catch (e) {
    const traceback = e instanceof Error ? e.message : String(e);
    const last = traceback.trim().split('\n').at(-1) ?? '';
    const [ename = 'Error', evalue = ''] = last.split(/: (.*)/s);
    error = { ename, evalue, traceback };
  }
  const outputs = stdout
    ? [{ type: 'stream' as const, name: 'stdout' as const, text: stdout }]
    : [];
  return {
    stdout,
    stderr: '',
    outputs,
    error,
    durationMs: 0,
    timedOut: false,
    interrupted: false,
    restarted: false,
    truncated: false,
  };
}
