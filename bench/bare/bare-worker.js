import { loadPyodide } from './pyodide/pyodide.mjs';

const ready = loadPyodide({ indexURL: new URL('./pyodide/', self.location.href).href });

self.onmessage = async (e) => {
  const { id, code } = e.data;
  try {
    const py = await ready;
    const result = await py.runPythonAsync(code);
    self.postMessage({ id, result: result === undefined ? null : String(result) });
  } catch (err) {
    self.postMessage({ id, error: String(err) });
  }
};
